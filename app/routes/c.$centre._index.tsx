import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { buttonClass } from '~/components/ui/button'
import { Card, EmptyState } from '~/components/ui/card'
import { requireCentre } from '~/utils/auth.server'
import { FinancingMixChart, FinancingTrend } from '~/components/reporting/financing-mix'
import { publishedFinancing } from '~/modules/reporting/financing.server'
import { initiativeCards } from '~/modules/initiatives/initiatives.server'
import { db } from '~/utils/db.server'
import { useT } from '~/utils/use-t'
import type { loader as centreLoader } from './c.$centre'

export async function loader({ params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const [initiatives, financing] = await Promise.all([initiativeCards(db, centre.id), publishedFinancing(db, centre)])
  return {
    financing,
    centre: {
      slug: centre.slug,
      name: centre.name,
      city: centre.city,
      country: centre.country,
      description: centre.description,
      foundingYear: centre.foundingYear,
      legalForm: centre.legalForm,
      fundingMix: centre.fundingMix,
      languages: centre.languages,
    },
    initiatives,
  }
}

export default function CentreHome() {
  const t = useT()
  const { centre, initiatives, financing } = useLoaderData<typeof loader>()
  const layout = useRouteLoaderData<typeof centreLoader>('routes/c.$centre')
  const mine = layout?.myInitiatives ?? []
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        <Card>
          <h1 className="text-2xl font-bold">{centre.name}</h1>
          <p className="text-stone-600">
            {centre.city}, {centre.country}
          </p>
          <p className="mt-4 whitespace-pre-line">{centre.description}</p>
        </Card>
        <section aria-labelledby="initiatives-heading">
          <h2 id="initiatives-heading" className="mb-3 text-xl font-bold">
            {t('centres.home.initiatives', { count: initiatives.length })}
          </h2>
          {initiatives.length ? (
            <ul className="grid gap-3 sm:grid-cols-2">
              {initiatives.map((initiative) => (
                <li key={initiative.id} className="rounded-lg border border-stone-200 bg-white p-4">
                  <h3 className="font-semibold">
                    <Link to={`/c/${centre.slug}/initiatives/${initiative.slug}`}>{initiative.name}</Link>
                  </h3>
                  <p className="text-sm text-stone-600">
                    {t(`initiatives.kinds.${initiative.kind}`)}
                    {initiative.sector ? ` · ${initiative.sector}` : ''}
                  </p>
                  <p className="mt-1 line-clamp-2 text-sm">{initiative.description}</p>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState>{t('centres.home.noInitiatives')}</EmptyState>
          )}
        </section>
        {financing ? (
          <section aria-labelledby="financing-heading">
            <Card className="space-y-4">
              <h2 id="financing-heading" className="text-xl font-bold">
                {t('financing.chart.title', { year: String(financing.latest.year) })}
              </h2>
              <FinancingMixChart
                year={financing.latest.year}
                items={financing.latest.elements}
                totalCents={financing.latest.totalCents}
                mutualHelpShare={financing.latest.mutualHelpShare}
                title={t('financing.chart.title', { year: String(financing.latest.year) })}
              />
              {financing.trend.length > 1 ? <FinancingTrend trend={financing.trend} /> : null}
            </Card>
          </section>
        ) : null}
      </div>
      <aside className="space-y-6">
        {mine.length ? (
          <Card>
            <h2 className="text-lg font-semibold">{t('centres.home.mine')}</h2>
            <ul className="mt-2 space-y-2">
              {mine.map((initiative) => (
                <li key={initiative.id}>
                  <Link to={`/c/${centre.slug}/initiatives/${initiative.slug}`}>{initiative.name}</Link>{' '}
                  <span className="text-sm text-stone-700">({t(`initiatives.status.${initiative.status}`)})</span>
                  {initiative.decisionMessage && initiative.status === 'rejected' ? (
                    <p className="text-sm text-stone-700">{initiative.decisionMessage}</p>
                  ) : null}
                </li>
              ))}
            </ul>
          </Card>
        ) : (
          <Card>
            <h2 className="text-lg font-semibold">{t('centres.home.joinTitle')}</h2>
            <p className="mt-1 text-sm">{t('centres.home.joinText')}</p>
            <Link to={`/c/${centre.slug}/join`} className={`${buttonClass()} mt-3`}>
              {t('centres.home.joinButton')}
            </Link>
          </Card>
        )}
        <Card>
          <h2 className="text-lg font-semibold">{t('centres.profile.title')}</h2>
          <dl className="mt-2 space-y-2 text-sm">
            {centre.foundingYear ? (
              <div>
                <dt className="font-medium">{t('centres.profile.foundingYear')}</dt>
                <dd>{centre.foundingYear}</dd>
              </div>
            ) : null}
            {centre.legalForm ? (
              <div>
                <dt className="font-medium">{t('centres.profile.legalForm')}</dt>
                <dd>{centre.legalForm}</dd>
              </div>
            ) : null}
            {centre.fundingMix ? (
              <div>
                <dt className="font-medium">{t('centres.profile.fundingMix')}</dt>
                <dd className="whitespace-pre-line">{centre.fundingMix}</dd>
              </div>
            ) : null}
            <div>
              <dt className="font-medium">{t('centres.profile.languages')}</dt>
              <dd>{centre.languages.map((l) => t(`common.language.names.${l}`)).join(', ')}</dd>
            </div>
          </dl>
        </Card>
      </aside>
    </div>
  )
}
