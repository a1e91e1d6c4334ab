import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { and, count, eq } from 'drizzle-orm'
import { initiatives } from '#db/schema'
import { Card, PageHeading } from '~/components/ui/card'
import { requireCentre, requireManager } from '~/modules/auth/guards.server'
import { db } from '~/utils/db.server'
import { useT } from '~/utils/use-t'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  await requireManager(request, centre)
  const [row] = await db
    .select({ n: count() })
    .from(initiatives)
    .where(and(eq(initiatives.centreId, centre.id), eq(initiatives.status, 'applied')))
  return { centre: { slug: centre.slug, name: centre.name }, openApplications: row?.n ?? 0 }
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
