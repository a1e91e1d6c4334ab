import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { LegalPageView } from '~/modules/privacy/legal-page'
import { loadLegalPage } from '~/modules/privacy/legal-page.server'
import { getUser } from '~/utils/auth.server'
import { resolveLocale } from '~/utils/i18n.server'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

/** `/imprint`: the imprint the platform admin wrote (Markdown, per language; ADR 068). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  return loadLegalPage('imprint', user, await resolveLocale(request, user?.locale))
}

export default function ImprintPage() {
  const data = useLoaderData<typeof loader>()
  return <LegalPageView data={data} />
}
