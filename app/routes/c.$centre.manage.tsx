import type { LoaderFunctionArgs } from '@remix-run/node'
import { NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { requireCentre, requireManager } from '~/utils/auth.server'
import { useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

/** The manager console: every child route calls requireManager itself too (loaders run in parallel). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  await requireManager(request, centre)
  return { centre: { slug: centre.slug, name: centre.name } }
}

const SECTIONS = ['dashboard', 'applications', 'listings', 'reports', 'initiatives', 'import', 'exchanges', 'ledger', 'audit', 'report', 'financing', 'vocabulary', 'erasure', 'settings'] as const
const PATHS: Record<(typeof SECTIONS)[number], string> = {
  dashboard: '',
  applications: '/applications',
  listings: '/listings',
  reports: '/reports',
  initiatives: '/initiatives',
  import: '/import',
  exchanges: '/exchanges',
  ledger: '/ledger',
  audit: '/audit',
  report: '/report',
  financing: '/financing',
  vocabulary: '/vocabulary',
  erasure: '/erasure',
  settings: '/settings',
}

export default function ManageLayout() {
  const t = useT()
  const { centre } = useLoaderData<typeof loader>()
  const base = `/c/${centre.slug}/manage`
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[14rem_minmax(0,1fr)]">
      <nav aria-label={t('manage.nav.label')} className="no-print">
        <ul className="space-y-1">
          {SECTIONS.map((section) => (
            <li key={section}>
              <NavLink
                to={`${base}${PATHS[section]}`}
                end={section === 'dashboard'}
                className={({ isActive }) =>
                  `block rounded-md px-3 py-2 text-sm no-underline ${isActive ? 'bg-brand-700 text-white' : 'text-brand-800 hover:bg-brand-50'}`
                }
              >
                {t(`manage.nav.${section}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div>
        <Outlet />
      </div>
    </div>
  )
}
