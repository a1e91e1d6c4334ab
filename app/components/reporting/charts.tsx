import { Form } from '@remix-run/react'
import { useId } from 'react'
import { SubmitButton } from '~/components/ui/button'
import { Field, SelectField } from '~/components/ui/field'
import { changePercent, circleLayout, niceMax } from '~/modules/reporting/anonymise'
import { formatCents, formatMinutesAsHours, formatMonthShort } from '~/utils/format'
import { useLocale, useT } from '~/utils/use-t'

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

/** The series as a table (the charts' text alternative). */
export function SeriesTable({ series, caption }: { series: SeriesPoint[]; caption: string }) {
  const t = useT()
  const locale = useLocale()
  return (
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
  )
}

function shortLabel(label: string) {
  return label.length > 22 ? `${label.slice(0, 21)}…` : label
}

/** Who helped whom: initiatives on a circle, arrows from provider to receiver, width by hours. */
export function NetworkPicture({ nodes, flows }: { nodes: NetNode[]; flows: NetFlow[] }) {
  const t = useT()
  const locale = useLocale()
  const id = useId()
  const size = 560
  const centre = size / 2
  const radius = 170
  const points = circleLayout(nodes.length, centre, centre, radius)
  const index = new Map(nodes.map((n, i) => [n.id, i]))
  const maxMinutes = Math.max(1, ...flows.map((f) => f.minutes))
  const drawn = flows.filter((f) => f.providerId !== f.receiverId)
  const total = flows.reduce((s, f) => s + f.minutes, 0)
  const desc = t('reporting.network.desc', { nodes: nodes.length, flows: drawn.length, hours: formatMinutesAsHours(locale, total) })
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${size} ${size}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="h-auto w-full max-w-xl">
        <title id={`${id}-t`}>{t('reporting.network.title')}</title>
        <desc id={`${id}-d`}>{desc}</desc>
        <defs>
          <marker id={`${id}-arrow`} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#1c432e" />
          </marker>
        </defs>
        {drawn.map((flow) => {
          const a = points[index.get(flow.providerId)!]!
          const b = points[index.get(flow.receiverId)!]!
          // Stop short of the node's circle and bend slightly, so A→B and B→A stay apart.
          const dx = b.x - a.x
          const dy = b.y - a.y
          const length = Math.hypot(dx, dy) || 1
          const ux = dx / length
          const uy = dy / length
          const start = { x: a.x + ux * 14, y: a.y + uy * 14 }
          const end = { x: b.x - ux * 16, y: b.y - uy * 16 }
          const bend = { x: (start.x + end.x) / 2 - uy * 18, y: (start.y + end.y) / 2 + ux * 18 }
          const width = 1 + (flow.minutes / maxMinutes) * 7
          return (
            <path
              key={`${flow.providerId}-${flow.receiverId}`}
              d={`M ${start.x.toFixed(1)} ${start.y.toFixed(1)} Q ${bend.x.toFixed(1)} ${bend.y.toFixed(1)} ${end.x.toFixed(1)} ${end.y.toFixed(1)}`}
              fill="none"
              stroke="#2f6b47"
              strokeOpacity="0.75"
              strokeWidth={width.toFixed(1)}
              markerEnd={`url(#${id}-arrow)`}
            />
          )
        })}
        {nodes.map((node, i) => {
          const p = points[i]!
          const lx = centre + (radius + 22) * Math.cos(p.angle)
          const ly = centre + (radius + 22) * Math.sin(p.angle)
          const anchor = Math.abs(Math.cos(p.angle)) < 0.2 ? 'middle' : Math.cos(p.angle) > 0 ? 'start' : 'end'
          return (
            <g key={node.id ?? 'others'}>
              <circle cx={p.x} cy={p.y} r="11" fill={node.id ? '#dcebe1' : '#e7e5e4'} stroke="#1c432e" strokeWidth="2" />
              <text x={lx.toFixed(1)} y={(ly + 4).toFixed(1)} textAnchor={anchor} fontSize="13" fill="#1c1917">
                {shortLabel(node.label)}
              </text>
            </g>
          )
        })}
      </svg>
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

export interface PeriodFormValues {
  preset: string
  from: string
  to: string
  year: string
}

/** The period picker: a GET form (works without JavaScript; the URL names the period). */
export function PeriodForm({ values, errors, action }: { values: PeriodFormValues; errors?: Record<string, string[]>; action?: string }) {
  const t = useT()
  return (
    <Form method="get" action={action} className="no-print grid items-end gap-3 sm:grid-cols-[repeat(4,minmax(0,1fr))_auto]" aria-label={t('reporting.period.label')}>
      <SelectField label={t('reporting.period.preset')} name="period" defaultValue={values.preset} errors={errors?.period}>
        {(['month', 'last12', 'year', 'custom'] as const).map((p) => (
          <option key={p} value={p}>
            {t(`reporting.period.presets.${p}`)}
          </option>
        ))}
      </SelectField>
      <Field label={t('reporting.period.year')} name="year" inputMode="numeric" defaultValue={values.year} errors={errors?.year} />
      <Field label={t('reporting.period.from')} name="from" type="date" defaultValue={values.from} errors={errors?.from} />
      <Field label={t('reporting.period.to')} name="to" type="date" defaultValue={values.to} errors={errors?.to} hint={t('reporting.period.toHint')} />
      <SubmitButton variant="secondary" pendingLabel={t('reporting.period.showing')}>
        {t('reporting.period.show')}
      </SubmitButton>
    </Form>
  )
}
