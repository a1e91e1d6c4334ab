import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Card, PageHeading } from '~/components/ui/card'
import { requireCentre, requireManager } from '~/modules/auth/guards.server'
import { countOpenApplications } from '~/modules/initiatives/initiatives.server'
import { db } from '~/utils/db.server'
import { useT } from '~/utils/use-t'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  await requireManager(request, centre)
  const openApplications = await countOpenApplications(db, centre.id)
  return { centre: { slug: centre.slug, name: centre.name }, openApplications }
}

export default function ManageHome() {
  const t = useT()
  const { centre, openApplications } = useLoaderData<typeof loader>()
  return (
    <div>
      <PageHeading>{t('manage.nav.dashboard')}</PageHeading>
      <Card>
        <Link to={`/c/${centre.slug}/manage/applications`}>{t('manage.nav.applications')}</Link>: {openApplications}
      </Card>
    </div>
  )
}
