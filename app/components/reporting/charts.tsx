import { type ReactNode, useId } from 'react'
import { changePercent, niceMax } from '~/modules/reporting/anonymise'
import { formatCents, formatMinutesAsHours, formatMonthShort } from '~/utils/format'
import { useLocale, useT } from '~/utils/use-t'
import { ARROW, flowPath, layoutNetwork, strokeWidthFor } from './network-layout'

/**
 * The console's pictures, drawn on the server as SVG (no chart library, no JavaScript): each
 * with role="img", a title and a description, and the same numbers as a table next to it.
 */

export interface SeriesPoint {
  month: string
  exchanges: number
  minutes: number
}

export interface NetNode {
  id: string | null
  label: string
  given: number
  received: number
}

export interface NetFlow {
  providerId: string | null
  receiverId: string | null
  minutes: number
  cents: number
  count: number
}

const monthLabel = formatMonthShort

/** Bars per month for one measure (exchanges or hours). */
export function MonthlyChart({ series, measure }: { series: SeriesPoint[]; measure: 'exchanges' | 'hours' }) {
  const t = useT()
  const locale = useLocale()
  const id = useId()
  const values = series.map((p) => (measure === 'exchanges' ? p.exchanges : p.minutes / 60))
  const max = niceMax(Math.max(0, ...values))
  const width = 640
  const height = 220
  const left = 44
  const bottom = 36
  const plotWidth = width - left - 8
  const plotHeight = height - bottom - 12
  const slot = plotWidth / Math.max(series.length, 1)
  const barWidth = Math.max(4, Math.min(40, slot * 0.7))
  const format = (v: number) => (measure === 'exchanges' ? String(v) : formatMinutesAsHours(locale, Math.round(v * 60)))
  const title = t(`reporting.charts.${measure}.title`)
  const total = measure === 'exchanges' ? series.reduce((s, p) => s + p.exchanges, 0) : series.reduce((s, p) => s + p.minutes, 0)
  const desc = t(`reporting.charts.${measure}.desc`, {
    months: series.length,
    total: measure === 'exchanges' ? String(total) : formatMinutesAsHours(locale, total),
  })
  const labelEvery = Math.ceil(series.length / 12)
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="h-auto w-full max-w-3xl">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{desc}</desc>
        {[0, 0.5, 1].map((f) => {
          const y = 12 + plotHeight * (1 - f)
          return (
            <g key={f}>
              <line x1={left} x2={width - 8} y1={y} y2={y} stroke="#d6d3d1" strokeWidth="1" />
              <text x={left - 6} y={y + 4} textAnchor="end" fontSize="12" fill="#44403c">
                {format(max * f)}
              </text>
            </g>
          )
        })}
        {series.map((point, i) => {
          const value = values[i]!
          const h = (value / max) * plotHeight
          const x = left + slot * i + (slot - barWidth) / 2
          return (
            <g key={point.month}>
              <rect x={x} y={12 + plotHeight - h} width={barWidth} height={h} fill="#24553a">
                <title>{`${monthLabel(locale, point.month)}: ${format(value)}`}</title>
              </rect>
              {i % labelEvery === 0 ? (
                <text x={x + barWidth / 2} y={height - bottom + 18} textAnchor="middle" fontSize="11" fill="#44403c">
                  {monthLabel(locale, point.month)}
                </text>
              ) : null}
            </g>
          )
        })}
      </svg>
      <figcaption className="text-sm text-stone-700">{desc}</figcaption>
    </figure>
  )
}

/**
 * A table wider than a narrow screen scrolls in its own box, not the page (reflow at 320 px, WCAG
 * 1.4.10): width 0 keeps its content from widening the columns around it, min-w-full fills them;
 * focusable, so a keyboard can scroll it.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="w-0 min-w-full overflow-x-auto" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  )
}

/** The series as a table (the charts' text alternative). */
export function SeriesTable({ series, caption }: { series: SeriesPoint[]; caption: string }) {
  const t = useT()
  const locale = useLocale()
  return (
    <TableScroll label={caption}>
      <table className="w-full text-left text-sm">
        <caption className="text-left font-semibold">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reporting.table.month')}</th>
            <th scope="col" className="text-right">
              {t('reporting.table.exchanges')}
            </th>
            <th scope="col" className="text-right">
              {t('reporting.table.hours')}
            </th>
          </tr>
        </thead>
        <tbody>
          {series.map((p) => (
            <tr key={p.month} className="border-t border-stone-200">
              <th scope="row" className="font-normal">
                {monthLabel(locale, p.month)}
              </th>
              <td className="text-right tabular-nums">{p.exchanges}</td>
              <td className="text-right tabular-nums">{formatMinutesAsHours(locale, p.minutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}

/**
 * Who helped whom: initiatives on a circle, arrows from provider to receiver. The line's width
 * carries the hours; every arrowhead has one small size. Geometry in ./network-layout (the names
 * fit inside the picture; with many initiatives they are written along the radius). The picture
 * fills its card; on a narrow screen it keeps a readable size and scrolls in its own box.
 */
export function NetworkPicture({ nodes, flows }: { nodes: NetNode[]; flows: NetFlow[] }) {
  const t = useT()
  const locale = useLocale()
  const id = useId()
  const layout = layoutNetwork(nodes.map((n) => n.label))
  const { viewBox, nodeRadius, fontSize, baselineShift } = layout
  const index = new Map(nodes.map((n, i) => [n.id, i]))
  const maxMinutes = Math.max(1, ...flows.map((f) => f.minutes))
  const drawn = flows.filter((f) => f.providerId !== f.receiverId && index.has(f.providerId) && index.has(f.receiverId))
  // thin lines first, so a thick one is never hidden under them
  const ordered = [...drawn].sort((a, b) => a.minutes - b.minutes)
  const total = flows.reduce((s, f) => s + f.minutes, 0)
  const title = t('reporting.network.title')
  const desc = t('reporting.network.desc', { nodes: nodes.length, flows: drawn.length, hours: formatMinutesAsHours(locale, total) })
  return (
    <figure className="space-y-2">
      <TableScroll label={title}>
        <svg
          viewBox={`${viewBox.x} ${viewBox.y} ${viewBox.width} ${viewBox.height}`}
          role="img"
          aria-labelledby={`${id}-t ${id}-d`}
          className="block h-auto max-h-[50rem] w-full min-w-[34rem]"
        >
          <title id={`${id}-t`}>{title}</title>
          <desc id={`${id}-d`}>{desc}</desc>
          <defs>
            <marker
              id={`${id}-arrow`}
              viewBox="0 0 10 10"
              refX="0"
              refY="5"
              markerUnits="userSpaceOnUse"
              markerWidth={ARROW.length}
              markerHeight={ARROW.width}
              orient="auto"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" fill="#1c432e" />
            </marker>
          </defs>
          {ordered.map((flow) => {
            const a = layout.nodes[index.get(flow.providerId)!]!
            const b = layout.nodes[index.get(flow.receiverId)!]!
            return (
              <path
                key={`${flow.providerId}-${flow.receiverId}`}
                d={flowPath(a, b, nodeRadius)}
                fill="none"
                stroke="#2f6b47"
                strokeOpacity="0.7"
                strokeWidth={strokeWidthFor(flow.minutes, maxMinutes).toFixed(1)}
                markerEnd={`url(#${id}-arrow)`}
              />
            )
          })}
          {nodes.map((node, i) => {
            const p = layout.nodes[i]!
            return (
              <g key={node.id ?? 'others'}>
                <circle cx={p.x} cy={p.y} r={nodeRadius} fill={node.id ? '#dcebe1' : '#e7e5e4'} stroke="#1c432e" strokeWidth="2" />
                <text
                  x={p.lx}
                  y={p.ly + baselineShift}
                  textAnchor={p.anchor}
                  transform={p.rotate ? `rotate(${p.rotate} ${p.lx} ${p.ly})` : undefined}
                  fontSize={fontSize}
                  fill="#1c1917"
                >
                  {p.label}
                </text>
              </g>
            )
          })}
        </svg>
      </TableScroll>
      <figcaption className="text-sm text-stone-700">{desc}</figcaption>
    </figure>
  )
}

/** The flows as a table: provider, receiver, hours, € value, exchanges. */
export function FlowTable({ nodes, flows, caption }: { nodes: NetNode[]; flows: NetFlow[]; caption: string }) {
  const t = useT()
  const locale = useLocale()
  const label = (id: string | null) => nodes.find((n) => n.id === id)?.label ?? ''
  return (
    <TableScroll label={caption}>
      <table className="w-full text-left text-sm">
        <caption className="text-left font-semibold">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reporting.table.provider')}</th>
            <th scope="col">{t('reporting.table.receiver')}</th>
            <th scope="col" className="text-right">
              {t('reporting.table.hours')}
            </th>
            <th scope="col" className="text-right">
              {t('reporting.table.value')}
            </th>
            <th scope="col" className="text-right">
              {t('reporting.table.exchanges')}
            </th>
          </tr>
        </thead>
        <tbody>
          {flows.map((f) => (
            <tr key={`${f.providerId}-${f.receiverId}`} className="border-t border-stone-200">
              <td>{label(f.providerId)}</td>
              <td>{label(f.receiverId)}</td>
              <td className="text-right tabular-nums">{formatMinutesAsHours(locale, f.minutes)}</td>
              <td className="text-right tabular-nums">{formatCents(locale, f.cents)}</td>
              <td className="text-right tabular-nums">{f.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}

/** The given/received matrix: rows give, columns receive, cells in hours. */
export function MatrixTable({ nodes, flows, caption }: { nodes: NetNode[]; flows: NetFlow[]; caption: string }) {
  const t = useT()
  const locale = useLocale()
  const cell = (p: string | null, r: string | null) => flows.find((f) => f.providerId === p && f.receiverId === r)?.minutes ?? 0
  return (
    <table className="w-full text-left text-xs">
      <caption className="text-left text-sm font-semibold">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reporting.matrix.corner')}</th>
          {nodes.map((n) => (
            <th key={n.id ?? 'others'} scope="col" className="text-right">
              {n.label}
            </th>
          ))}
          <th scope="col" className="text-right">
            {t('reporting.matrix.given')}
          </th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((row) => (
          <tr key={row.id ?? 'others'} className="border-t border-stone-200">
            <th scope="row">{row.label}</th>
            {nodes.map((col) => (
              <td key={col.id ?? 'others'} className="text-right tabular-nums">
                {cell(row.id, col.id) ? formatMinutesAsHours(locale, cell(row.id, col.id)) : '–'}
              </td>
            ))}
            <td className="text-right font-semibold tabular-nums">{formatMinutesAsHours(locale, row.given)}</td>
          </tr>
        ))}
        <tr className="border-t-2 border-stone-400">
          <th scope="row">{t('reporting.matrix.received')}</th>
          {nodes.map((n) => (
            <td key={n.id ?? 'others'} className="text-right font-semibold tabular-nums">
              {formatMinutesAsHours(locale, n.received)}
            </td>
          ))}
          <td />
        </tr>
      </tbody>
    </table>
  )
}

/** A number with its value in the previous period and the change. */
export function Trend({ current, previous, format }: { current: number; previous: number; format: (v: number) => string }) {
  const t = useT()
  const change = changePercent(current, previous)
  const direction = current > previous ? 'up' : current < previous ? 'down' : 'same'
  return (
    <p className="text-sm text-stone-700">
      {t(`reporting.trend.${direction}`, { previous: format(previous), change: change === null ? '–' : String(Math.abs(change)) })}
    </p>
  )
}

// The period picker has a file of its own; pages import it from here too.
export { PeriodForm, type PeriodFormValues } from './period-form'
