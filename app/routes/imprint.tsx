import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { isRouteErrorResponse, useLoaderData, useRouteError } from '@remix-run/react'
import { ErrorPage } from '~/components/error-page'
import { LegalPageView } from '~/modules/privacy/legal-page'
import { loadLegalPage } from '~/modules/privacy/legal-page.server'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

/** `/imprint`: the imprint the platform admin wrote (Markdown, per language; ADR 068). */
export async function loader({ request }: LoaderFunctionArgs) {
  return loadLegalPage(request, 'imprint')
}

export default function ImprintPage() {
  const data = useLoaderData<typeof loader>()
  return <LegalPageView data={data} />
}

export function ErrorBoundary() {
  const error = useRouteError()
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />
}
