import type { LoaderFunctionArgs } from '@remix-run/node'
import { NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { centreViewer, getUser, requireCentre } from '~/utils/auth.server'
import { countWaitingForMe } from '~/modules/exchanges/exchanges.server'
import { db } from '~/utils/db.server'
import { useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await getUser(request)
  const seen = user ? await centreViewer(user, centre) : null
  const mine = seen?.initiatives ?? []
  const isManager = Boolean(user?.isAdmin || seen?.staffHere)
  const waitingExchanges = user && mine.length ? await countWaitingForMe(db, user, centre.id, mine) : 0
  return {
    waitingExchanges,
    centre: { id: centre.id, slug: centre.slug, name: centre.name, city: centre.city },
    myInitiatives: mine,
    isMember: mine.some((m) => m.status === 'active'),
    isManager,
    loggedIn: Boolean(user),
  }
}

export default function CentreLayout() {
  const t = useT()
  const { centre, isMember, isManager, waitingExchanges } = useLoaderData<typeof loader>()
  const base = `/c/${centre.slug}`
  const items = [
    { to: base, label: t('centres.nav.home'), end: true, show: true },
    { to: `${base}/listings`, label: t('listings.nav'), end: false, show: true },
    {
      to: `${base}/exchanges`,
      label: waitingExchanges ? t('exchanges.navWaiting', { count: waitingExchanges }) : t('exchanges.nav'),
      end: false,
      show: isMember,
    },
    { to: `${base}/matches`, label: t('matching.title'), end: false, show: isMember },
    { to: `${base}/loans`, label: t('loans.nav'), end: false, show: isMember || isManager },
    { to: `${base}/join`, label: t('centres.nav.join'), end: false, show: !isMember },
    { to: `${base}/manage`, label: t('centres.nav.manage'), end: false, show: isManager },
  ]
  return (
    <div>
      <nav aria-label={t('centres.nav.label', { name: centre.name })} className="no-print mb-6 border-b border-stone-200">
        <p className="text-sm text-stone-600">{centre.city}</p>
        <p className="text-lg font-bold">{centre.name}</p>
        <ul className="mt-2 flex flex-wrap gap-1">
          {items
            .filter((item) => item.show)
            .map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  end={item.end}
                  className={({ isActive }) =>
                    `inline-block rounded-t-md px-3 py-2 text-sm font-medium no-underline ${isActive ? 'bg-brand-700 text-white' : 'text-brand-800 hover:bg-brand-50'}`
                  }
                >
                  {item.label}
                </NavLink>
              </li>
            ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  )
}
