import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { buttonClass } from '~/components/ui/button'
import { EmptyState } from '~/components/ui/card'
import { landingCentres } from '~/modules/centres/centres.server'
import type { loader as rootLoader } from '~/root'
import { db } from '~/utils/db.server'
import { useT } from '~/utils/use-t'

export async function loader(_: LoaderFunctionArgs) {
  return landingCentres(db)
}

export default function Landing() {
  const t = useT()
  const { centres, total } = useLoaderData<typeof loader>()
  const user = useRouteLoaderData<typeof rootLoader>('root')?.user
  return (
    <div className="space-y-12">
      <section className="rounded-xl bg-brand-800 px-6 py-12 text-white">
        <h1 className="max-w-3xl text-3xl font-bold sm:text-4xl">{t('landing.title')}</h1>
        <p className="mt-4 max-w-3xl text-lg text-brand-50">{t('landing.lead')}</p>
        {user ? null : (
          <div className="mt-6 flex flex-wrap gap-3">
            <Link to="/signup" className={buttonClass('secondary')}>
              {t('landing.signup')}
            </Link>
            <Link to="/login" className="rounded-md px-4 py-2 font-semibold text-white underline">
              {t('landing.login')}
            </Link>
          </div>
        )}
      </section>
      <section aria-labelledby="how">
        <h2 id="how" className="text-xl font-bold">
          {t('landing.how.title')}
        </h2>
        <ol className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {(['post', 'match', 'exchange', 'ledger'] as const).map((step, index) => (
            <li key={step} className="rounded-lg border border-stone-200 bg-white p-4">
              <p className="text-sm font-semibold text-brand-700">{index + 1}</p>
              <h3 className="font-semibold">{t(`landing.how.${step}.title`)}</h3>
              <p className="mt-1 text-sm text-stone-700">{t(`landing.how.${step}.text`)}</p>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="centres">
        <h2 id="centres" className="text-xl font-bold">
          {t('landing.centres')}
        </h2>
        <p className="mt-1 text-sm"><Link to="/network">{t('network.landingLink')}</Link></p>
        {centres.length ? (
          <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {centres.map((centre) => (
              <li key={centre.id} className="rounded-lg border border-stone-200 bg-white p-5">
                <h3 className="text-lg font-semibold">
                  <Link to={`/c/${centre.slug}`}>{centre.name}</Link>
                </h3>
                <p className="text-sm text-stone-600">
                  {centre.city}, {centre.country}
                </p>
                <p className="mt-2 line-clamp-3 text-sm text-stone-700">{centre.description}</p>
                <p className="mt-2 text-sm">{t('landing.initiativeCount', { count: centre.activeInitiatives })}</p>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState>{t('landing.noCentres')}</EmptyState>
        )}
        {total > centres.length ? (
          <p className="mt-4 text-sm">
            <span className="text-stone-600">{t('landing.centresShown', { shown: centres.length, total })}</span>{' '}
            <Link to="/network" className="font-semibold">
              {t('landing.moreCentres', { total })}
            </Link>
          </p>
        ) : null}
      </section>
    </div>
  )
}
