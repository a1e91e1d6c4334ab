import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { LoanStateBadge, OverdueBadge } from '~/components/loans/loan-bits'
import { buttonClass } from '~/components/ui/button'
import { EmptyState, PageHeading } from '~/components/ui/card'
import { requireCentre, requireUser } from '~/utils/auth.server'
import { listLoans } from '~/modules/loans/loans.server'
import { db } from '~/utils/db.server'
import { formatCents } from '~/utils/format'
import { getT, resolveLocale } from '~/utils/i18n.server'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · Viertel` : 'Viertel' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  const { loans, isManager } = await listLoans(db, user, centre.id)
  const t = getT(await resolveLocale(request, user.locale))
  return { centre: { slug: centre.slug, name: centre.name }, loans, isManager, title: t('loans.list.title') }
}

export default function LoansPage() {
  const t = useT()
  const locale = useLocale()
  const { centre, loans, isManager } = useLoaderData<typeof loader>()
  const base = `/c/${centre.slug}/loans`
  return (
    <div>
      <PageHeading sub={t('loans.list.intro')}>{t('loans.list.title')}</PageHeading>
      <p className="mb-6 flex flex-wrap gap-3">
        <Link to={`${base}/new`} className={buttonClass()}>
          {t('loans.list.new')}
        </Link>
        {isManager ? (
          <Link to={`${base}/fund`} className={buttonClass('secondary')}>
            {t('loans.fund.title')}
          </Link>
        ) : null}
      </p>
      {loans.length === 0 ? (
        <EmptyState>{t('loans.list.empty')}</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm">
            <caption className="sr-only">{t('loans.list.caption')}</caption>
            <thead>
              <tr className="border-b border-stone-300">
                <th scope="col" className="py-2 pr-3">{t('loans.fields.purpose')}</th>
                <th scope="col" className="py-2 pr-3">{t('loans.list.side')}</th>
                <th scope="col" className="py-2 pr-3">{t('loans.fields.lender')}</th>
                <th scope="col" className="py-2 pr-3">{t('loans.fields.borrower')}</th>
                <th scope="col" className="py-2 pr-3 text-right">{t('loans.fields.amount')}</th>
                <th scope="col" className="py-2 pr-3 text-right">{t('loans.list.outstanding')}</th>
                <th scope="col" className="py-2">{t('loans.fields.state')}</th>
              </tr>
            </thead>
            <tbody>
              {loans.map((loan) => (
                <tr key={loan.id} className="border-b border-stone-200 align-top">
                  <th scope="row" className="py-2 pr-3 font-normal">
                    <Link to={`${base}/${loan.id}`}>{loan.purpose}</Link>
                  </th>
                  <td className="py-2 pr-3">{t(`loans.side.${loan.side}`)}</td>
                  <td className="py-2 pr-3">{loan.lenderName ?? t('loans.fund.name')}</td>
                  <td className="py-2 pr-3">{loan.borrowerName}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatCents(locale, loan.principalCents)}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">
                    {loan.state === 'disbursed' ? formatCents(locale, loan.outstandingCents) : '—'}
                    {loan.overdueCents > 0 ? (
                      <span className="block text-red-800">{t('loans.list.overdueAmount', { amount: formatCents(locale, loan.overdueCents) })}</span>
                    ) : null}
                  </td>
                  <td className="space-x-1 py-2">
                    <LoanStateBadge state={loan.state} />{' '}
                    {loan.overdueCents > 0 ? <OverdueBadge /> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
