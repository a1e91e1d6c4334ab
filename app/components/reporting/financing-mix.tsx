import { type ReactNode, useId } from 'react'
import { formatCents, formatShare } from '~/utils/format'
import { useLocale, useT } from '~/utils/use-t'
import { TableScroll } from './charts'

/** One element of a year's financing mix (financing.server.ts PublicMix / FinancingMix). */
export interface MixItem {
  element: string
  /** null: the centre shows shares only */
  cents: number | null
  share: number
}

/**
 * Distinct colours for the mix's elements, each with at least 3:1 contrast to white (the bar sits
 * on a white card), mutual help always in the house green.
 */
const COLOURS: Record<string, string> = {
  ownRevenue: '#1d4e89',
  rents: '#7b3f00',
  municipalGrants: '#6a1b9a',
  stateGrants: '#ad1457',
  euProgrammes: '#00695c',
  foundations: '#8d6e00',
  membershipFees: '#37474f',
  donations: '#b71c1c',
  other: '#5d4037',
  unpaidWork: '#4e342e',
  mutualHelp: '#24553a',
}

/** The shares as one bar of coloured parts (server-rendered SVG); the caller names it. */
export function MixBar({
  items,
  height,
  labelledBy,
  label,
  className = 'h-auto w-full',
  children,
}: {
  items: readonly { element: string; share: number }[]
  height: number
  labelledBy?: string
  label?: string
  className?: string
  children?: ReactNode
}) {
  const width = 600
  // where each element's part of the bar starts: the shares before it
  const starts = items.map((_, i) => items.slice(0, i).reduce((sum, it) => sum + it.share * width, 0))
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={labelledBy}
      aria-label={label}
      className={className}
      preserveAspectRatio="none"
    >
      {children}
      {items.map((item, i) => (
        <rect
          key={item.element}
          x={starts[i]}
          y={0}
          width={Math.max(item.share * width, 0)}
          height={height}
          fill={COLOURS[item.element] ?? '#57534e'}
          stroke="#fff"
          strokeWidth="1"
        />
      ))}
    </svg>
  )
}

/**
 * A year's financing mix: one bar of shares drawn on the server (role="img" with a summary), and
 * the same figures as a table — element, amount (when public), share — with the mutual help's
 * share said in words.
 */
export function FinancingMixChart({
  year,
  items,
  totalCents,
  mutualHelpShare,
  title,
}: {
  year: number
  items: MixItem[]
  totalCents: number | null
  mutualHelpShare: number | null
  title: string
}) {
  const t = useT()
  const locale = useLocale()
  const id = useId()
  if (!items.length) return <p className="text-sm text-stone-700">{t('financing.chart.empty')}</p>
  const label = (element: string) => t(`financing.sources.${element}`)
  const summary = t('financing.chart.summary', {
    year: String(year),
    parts: items.map((i) => `${label(i.element)} ${formatShare(locale, i.share)}`).join(', '),
  })
  return (
    <figure className="space-y-3">
      <MixBar items={items} height={36} labelledBy={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{summary}</desc>
      </MixBar>
      {mutualHelpShare !== null && mutualHelpShare > 0 ? (
        <p className="font-medium">{t('financing.chart.helpShare', { share: formatShare(locale, mutualHelpShare) })}</p>
      ) : null}
      <TableScroll label={t('financing.chart.tableLabel', { year: String(year) })}>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr className="border-b border-stone-300">
              <th scope="col" className="py-1 pr-3">
                {t('financing.chart.element')}
              </th>
              {totalCents !== null ? (
                <th scope="col" className="py-1 pr-3 text-right">
                  {t('financing.chart.amount')}
                </th>
              ) : null}
              <th scope="col" className="py-1 text-right">
                {t('financing.chart.share')}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.element} className="border-b border-stone-100">
                <th scope="row" className="py-1 pr-3 font-normal">
                  <span aria-hidden="true" className="mr-2 inline-block size-3 rounded-sm align-middle" style={{ backgroundColor: COLOURS[item.element] }} />
                  {label(item.element)}
                </th>
                {totalCents !== null ? <td className="py-1 pr-3 text-right tabular-nums">{formatCents(locale, item.cents ?? 0)}</td> : null}
                <td className="py-1 text-right tabular-nums">{formatShare(locale, item.share)}</td>
              </tr>
            ))}
          </tbody>
          {totalCents !== null ? (
            <tfoot>
              <tr>
                <th scope="row" className="py-1 pr-3">
                  {t('financing.chart.total')}
                </th>
                <td className="py-1 pr-3 text-right font-semibold tabular-nums">{formatCents(locale, totalCents)}</td>
                <td className="py-1 text-right tabular-nums">{formatShare(locale, 1)}</td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      </TableScroll>
    </figure>
  )
}

/** Published years side by side: the budget (when public) and the share of mutual help. */
export function FinancingTrend({ trend }: { trend: { year: number; totalCents: number | null; mutualHelpShare: number | null }[] }) {
  const t = useT()
  const locale = useLocale()
  return (
    <TableScroll label={t('financing.chart.trend')}>
      <table className="w-full text-left text-sm">
        <caption className="mb-1 text-left font-semibold">{t('financing.chart.trend')}</caption>
        <thead>
          <tr className="border-b border-stone-300">
            <th scope="col" className="py-1 pr-3">
              {t('financing.chart.trendYear')}
            </th>
            <th scope="col" className="py-1 pr-3 text-right">
              {t('financing.chart.trendTotal')}
            </th>
            <th scope="col" className="py-1 text-right">
              {t('financing.chart.trendHelp')}
            </th>
          </tr>
        </thead>
        <tbody>
          {trend.map((row) => (
            <tr key={row.year} className="border-b border-stone-100">
              <th scope="row" className="py-1 pr-3 font-normal">
                {row.year}
              </th>
              <td className="py-1 pr-3 text-right tabular-nums">{row.totalCents !== null ? formatCents(locale, row.totalCents) : t('financing.chart.notShown')}</td>
              <td className="py-1 text-right tabular-nums">{row.mutualHelpShare !== null ? formatShare(locale, row.mutualHelpShare) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}
