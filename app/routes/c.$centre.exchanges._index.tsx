import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Figures, StateBadge } from '~/components/exchanges/exchange-bits'
import { buttonClass } from '~/components/ui/button'
import { Card, EmptyState, PageHeading } from '~/components/ui/card'
import { centreViewer, requireCentre, requireUser } from '~/utils/auth.server'
import { groupExchanges, listMyExchanges } from '~/modules/exchanges/exchanges.server'
import { db } from '~/utils/db.server'
import { formatDate } from '~/utils/format'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  const mine = (await centreViewer(user, centre)).initiatives // read once with the centre layout
  const rows = await listMyExchanges(db, user, centre.id, mine)
  return {
    centre: { slug: centre.slug, name: centre.name, timeZone: centre.timeZone },
    groups: groupExchanges(rows),
    canLog: mine.some((m) => m.status === 'active'),
  }
}

export default function ExchangesPage() {
  const t = useT()
  const locale = useLocale()
  const { centre, groups, canLog } = useLoaderData<typeof loader>()
  return (
    <div>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeading sub={t('exchanges.list.intro')}>{t('exchanges.list.title')}</PageHeading>
        {canLog ? (
          <Link to={`/c/${centre.slug}/exchanges/new`} className={buttonClass()}>
            {t('exchanges.list.logHelp')}
          </Link>
        ) : null}
      </div>
      {groups.length ? (
        <div className="space-y-6">
          {groups.map((group) => (
            <Card key={group.key}>
              <h2 className="text-lg font-semibold">
                {t(`exchanges.list.groups.${group.key}`)} <span className="text-stone-600">({group.items.length})</span>
              </h2>
              <ul className="mt-3 divide-y divide-stone-200">
                {group.items.map((ex) => (
                  <li key={ex.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
                    <div>
                      <Link to={`/c/${centre.slug}/exchanges/${ex.id}`} className="font-medium">
                        {ex.title}
                      </Link>
                      <p className="text-sm text-stone-700">
                        {t('exchanges.list.between', { provider: ex.providerName, receiver: ex.receiverName })}
                        {ex.date ? ` · ${formatDate(locale, ex.date, centre.timeZone)}` : ''}
                      </p>

                    </div>
                    <div className="flex items-center gap-3 text-sm">
                      <Figures
                        minutes={ex.actualMinutes ?? ex.proposedMinutes}
                        cents={ex.actualMinutes != null || ex.actualValueCents != null ? ex.actualValueCents : ex.proposedValueCents}
                      />
                      <StateBadge state={ex.state} awaitingApproval={ex.approvalRequestedAt != null} />
                    </div>
                  </li>
                ))}
              </ul>
            </Card>
          ))}
        </div>
      ) : (
        <EmptyState>{t('exchanges.list.empty')}</EmptyState>
      )}
    </div>
  )
}
