import type { Plan } from '~/modules/loans/instalments'
import { formatCents, formatDate } from '~/utils/format'
import { useLocale, useT } from '~/utils/use-t'

/**
 * The instalment plan a loan request would produce, shown before it is sent (ADR 074): each
 * instalment's due date and amount, and the total, in the reader's number format.
 */
export function LoanPlanPreview({ plan, interestBasisPoints }: { plan: Plan | null; interestBasisPoints: number }) {
  const t = useT()
  const locale = useLocale()
  const euros = (cents: number) => formatCents(locale, cents)
  return (
    <section aria-labelledby="plan-preview-heading" className="rounded-md border border-stone-200 bg-stone-50 p-4">
      <h2 id="plan-preview-heading" className="font-semibold">
        {t('loans.new.plan.title')}
      </h2>
      <p className="text-sm text-stone-700">{t('loans.new.plan.help')}</p>
      {/* Said once per change, briefly; the table itself is not read out on every keystroke. */}
      <p aria-live="polite" className="mt-2 text-sm font-semibold">
        {plan
          ? t('loans.new.plan.summary', { count: plan.instalments.length, total: euros(plan.totalCents) })
          : t('loans.new.plan.waiting')}
      </p>
      {plan ? (
        <>
          {plan.interestCents > 0 ? (
            <p className="text-sm text-stone-700">
              {t('loans.new.plan.interest', { amount: euros(plan.interestCents), rate: (interestBasisPoints / 100).toLocaleString(locale) })}
            </p>
          ) : null}
          <table className="mt-2 w-full border-collapse text-left text-sm">
              <caption className="sr-only">{t('loans.new.plan.title')}</caption>
              <thead>
                <tr className="border-b border-stone-300">
                  <th scope="col" className="py-1 pr-3">{t('loans.plan.number')}</th>
                  <th scope="col" className="py-1 pr-3">{t('loans.plan.dueDate')}</th>
                  <th scope="col" className="py-1 text-right">{t('loans.plan.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {plan.instalments.map((i) => (
                  <tr key={i.number} className="border-b border-stone-200">
                    <th scope="row" className="py-1 pr-3 font-normal">{i.number}</th>
                    <td className="py-1 pr-3">{formatDate(locale, `${i.dueDate}T12:00:00Z`, 'UTC')}</td>
                    <td className="py-1 text-right tabular-nums">{euros(i.amountCents)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2} className="py-1 pr-3">{t('loans.new.plan.total')}</th>
                  <td className="py-1 text-right font-semibold tabular-nums">{euros(plan.totalCents)}</td>
                </tr>
              </tfoot>
          </table>
        </>
      ) : null}
    </section>
  )
}
