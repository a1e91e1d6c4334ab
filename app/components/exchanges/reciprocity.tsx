import { Link } from '@remix-run/react'
import { Card } from '~/components/ui/card'
import type { Figures as LedgerFigures, Partner, Reciprocity } from '~/modules/ledger/ledger.server'
import { formatCents, formatMinutesAsHours } from '~/utils/format'
import { useLocale, useT } from '~/utils/use-t'

export interface ReciprocityData {
  allTime: Reciprocity
  lastYear: Reciprocity
  partners: Partner[]
}

/**
 * An initiative's reciprocity: hours and in-kind value given, received and the balance, over all
 * time and the last 12 months, and with whom. Data from `reciprocity()` in the ledger module.
 */
export function ReciprocitySection({ data, centreSlug }: { data: ReciprocityData; centreSlug: string }) {
  const t = useT()
  const locale = useLocale()
  const hours = (minutes: number) => t('exchanges.figures.hours', { hours: formatMinutesAsHours(locale, minutes) })
  const signed = (value: string, n: number) => (n > 0 ? `+${value}` : n < 0 ? `−${value}` : value)
  const cell = (figures: LedgerFigures, balance = false) =>
    balance
      ? [signed(hours(Math.abs(figures.minutes)), figures.minutes), signed(formatCents(locale, Math.abs(figures.cents)), figures.cents)]
      : [hours(figures.minutes), formatCents(locale, figures.cents)]
  const rows = [
    ['given', cell(data.allTime.given), cell(data.lastYear.given)],
    ['received', cell(data.allTime.received), cell(data.lastYear.received)],
    ['balance', cell(data.allTime.balance, true), cell(data.lastYear.balance, true)],
  ] as const
  return (
    <Card>
      <h2 id="reciprocity" className="text-lg font-semibold">
        {t('exchanges.reciprocity.title')}
      </h2>
      <div className="mt-3 overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t('exchanges.reciprocity.caption')}</caption>
          <thead>
            <tr className="border-b border-stone-200">
              <td />
              <th scope="col" colSpan={2} className="px-2 py-1">
                {t('exchanges.reciprocity.allTime')}
              </th>
              <th scope="col" colSpan={2} className="px-2 py-1">
                {t('exchanges.reciprocity.lastYear')}
              </th>
            </tr>
            <tr className="border-b border-stone-200 text-stone-700">
              <td />
              <th scope="col" className="px-2 py-1 font-medium">{t('exchanges.reciprocity.hours')}</th>
              <th scope="col" className="px-2 py-1 font-medium">{t('exchanges.reciprocity.value')}</th>
              <th scope="col" className="px-2 py-1 font-medium">{t('exchanges.reciprocity.hours')}</th>
              <th scope="col" className="px-2 py-1 font-medium">{t('exchanges.reciprocity.value')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([key, all, year]) => (
              <tr key={key} className="border-b border-stone-100">
                <th scope="row" className="px-2 py-1 font-medium">
                  {t(`exchanges.reciprocity.${key}`)}
                </th>
                {[...all, ...year].map((value, i) => (
                  <td key={i} className="px-2 py-1 tabular-nums">
                    {value}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="mt-4 font-semibold">{t('exchanges.reciprocity.partners')}</h3>
      {data.partners.length ? (
        <table className="mt-2 w-full text-left text-sm">
          <thead>
            <tr className="border-b border-stone-200">
              <th scope="col" className="px-2 py-1">{t('exchanges.reciprocity.partner')}</th>
              <th scope="col" className="px-2 py-1">{t('exchanges.reciprocity.given')}</th>
              <th scope="col" className="px-2 py-1">{t('exchanges.reciprocity.received')}</th>
            </tr>
          </thead>
          <tbody>
            {data.partners.map((p) => (
              <tr key={p.initiativeId} className="border-b border-stone-100">
                <th scope="row" className="px-2 py-1 font-normal">
                  <Link to={`/c/${centreSlug}/initiatives/${p.slug}`}>{p.name}</Link>
                </th>
                <td className="px-2 py-1 tabular-nums">
                  {hours(p.given.minutes)} · {formatCents(locale, p.given.cents)}
                </td>
                <td className="px-2 py-1 tabular-nums">
                  {hours(p.received.minutes)} · {formatCents(locale, p.received.cents)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="mt-2 text-sm text-stone-700">{t('exchanges.reciprocity.noPartners')}</p>
      )}
    </Card>
  )
}
