import { isRouteErrorResponse, useRouteError } from '@remix-run/react'
import { ErrorPage } from './error-page'

/**
 * Every route's error boundary: a thrown 403/404/… shows its own page, anything else the 500 page.
 * Routes re-export it: `export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'`.
 */
export function RouteErrorBoundary() {
  const error = useRouteError()
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />
}
