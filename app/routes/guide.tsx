import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Card, PageHeading } from '~/components/ui/card'
import { LegalText } from '~/modules/privacy/legal-text'
import { parseMarkdown } from '~/modules/privacy/markdown'
import { getLegalPage } from '~/modules/privacy/pages.server'
import { fillFigures, networkGuideFigures } from '~/modules/reporting/guide.server'
import { getUser } from '~/utils/auth.server'
import { db } from '~/utils/db.server'
import { resolveLocale } from '~/utils/i18n.server'
import { useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

/**
 * `/guide` (issue #17 §3): how a project centre comes about and stays alive, from the study, for
 * people who want to start one. Public and printable; the text per language is the platform
 * admin's (/admin/pages), its `{{…}}` are live figures of the network.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  const locale = await resolveLocale(request, user?.locale)
  const [shown, figures] = await Promise.all([getLegalPage(db, 'guide', locale), networkGuideFigures(db, locale)])
  return {
    blocks: parseMarkdown(fillFigures(shown.body, figures)),
    lang: shown.locale,
    translated: shown.locale === locale,
    isAdmin: Boolean(user?.isAdmin),
  }
}

export default function GuidePage() {
  const t = useT()
  const { blocks, lang, translated, isAdmin } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageHeading sub={t('network.guide.lead')}>{t('network.guide.title')}</PageHeading>
      <div className="no-print flex flex-wrap items-center gap-4 text-sm">
        <span className="text-stone-700">{t('network.guide.printHint')}</span>
        <Link to="/network">{t('network.guide.toNetwork')}</Link>
        {isAdmin ? <Link to="/admin/pages?page=guide">{t('privacy.pages.edit')}</Link> : null}
      </div>
      {!translated ? <p className="text-sm text-stone-700">{t('privacy.pages.onlyGerman')}</p> : null}
      <Card>
        <LegalText blocks={blocks} lang={lang} />
      </Card>
      <p className="text-sm text-stone-700">{t('network.guide.figuresNote')}</p>
    </div>
  )
}
