/**
 * Reporting periods (docs/decisions/051-report-periods-and-time-zones.md): a period is a range of
 * calendar days [from, to) in the centre's time zone — inclusive start, exclusive end — turned
 * into instants at local midnight. Pure: shared by the dashboard, the exports and the report.
 */

export const PERIOD_PRESETS = ['month', 'last12', 'year', 'custom'] as const
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]

/** A custom period may span at most this many days (the monthly series stays readable). */
export const MAX_PERIOD_DAYS = 366 * 5

export interface Period {
  preset: PeriodPreset
  /** first day, `YYYY-MM-DD`, included */
  from: string
  /** first day after the period, `YYYY-MM-DD`, excluded */
  to: string
  /** the year of a `year` period */
  year?: number
}

export interface Range {
  from: Date
  to: Date
}

export type PeriodResult = { ok: true; period: Period } | { ok: false; errors: Record<string, string[]> }

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function pad(n: number, width = 2) {
  return String(n).padStart(width, '0')
}

export function isoDate(year: number, month: number, day: number) {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`
}

/** A real calendar date `YYYY-MM-DD` between the years 2000 and 2999. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const match = ISO_DATE.exec(value)
  if (!match) return false
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (y < 2000 || y > 2999 || m < 1 || m > 12 || d < 1) return false
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate()
}

function parts(date: string) {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return { y, m, d }
}

/** Calendar arithmetic on `YYYY-MM-DD` strings (UTC noon avoids any DST edge). */
export function addDays(date: string, days: number) {
  const { y, m, d } = parts(date)
  const t = new Date(Date.UTC(y, m - 1, d + days, 12))
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())
}

export function addMonths(firstOfMonth: string, months: number) {
  const { y, m } = parts(firstOfMonth)
  const index = y * 12 + (m - 1) + months
  return isoDate(Math.floor(index / 12), (index % 12) + 1, 1)
}

export function daysBetween(from: string, to: string) {
  const a = parts(from)
  const b = parts(to)
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000)
}

/** Is this a valid IANA time zone name the runtime knows? */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || !value || value.length > 64) return false
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false
  }
}

// Building an Intl.DateTimeFormat costs far more than using one: one per zone and use, kept.
const dayFormats = new Map<string, Intl.DateTimeFormat>()
const wallFormats = new Map<string, Intl.DateTimeFormat>()
function formatOf(formats: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat) {
  let format = formats.get(timeZone)
  if (!format) {
    format = make()
    formats.set(timeZone, format)
  }
  return format
}

/** The calendar date of an instant in a time zone. */
export function localDateOf(at: Date, timeZone: string) {
  const p = formatOf(dayFormats, timeZone, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })).formatToParts(at)
  const get = (type: string) => p.find((x) => x.type === type)!.value
  return `${get('year')}-${get('month')}-${get('day')}`
}

/** How far the zone's wall clock is ahead of UTC at this instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string) {
  const p = formatOf(wallFormats, timeZone, () =>
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }),
  ).formatToParts(new Date(instant))
  const get = (type: string) => Number(p.find((x) => x.type === type)!.value)
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return wall - Math.floor(instant / 1000) * 1000
}

/** The instant of local midnight at the start of `date` in the zone. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const { y, m, d } = parts(date)
  const wall = Date.UTC(y, m - 1, d)
  let instant = wall - offsetAt(wall, timeZone)
  // Across a DST change the offset at the guess may differ from the offset at the answer.
  const second = wall - offsetAt(instant, timeZone)
  if (second !== instant) instant = second
  return new Date(instant)
}

export function toRange(period: Pick<Period, 'from' | 'to'>, timeZone: string): Range {
  return { from: startOfLocalDay(period.from, timeZone), to: startOfLocalDay(period.to, timeZone) }
}

function isFirstOfMonth(date: string) {
  return date.endsWith('-01')
}

/**
 * The period before, of equal length: as many whole calendar months when the period is whole
 * months (October for November), else as many days.
 */
export function previousPeriod(period: Pick<Period, 'from' | 'to'>): { from: string; to: string } {
  if (isFirstOfMonth(period.from) && isFirstOfMonth(period.to)) {
    const a = parts(period.from)
    const b = parts(period.to)
    const months = (b.y - a.y) * 12 + (b.m - a.m)
    return { from: addMonths(period.from, -months), to: period.from }
  }
  return { from: addDays(period.from, -daysBetween(period.from, period.to)), to: period.from }
}

/** The first days of the months the period touches: the buckets of the monthly series. */
export function monthsOf(period: Pick<Period, 'from' | 'to'>): string[] {
  const { y, m } = parts(period.from)
  const months: string[] = []
  for (let month = isoDate(y, m, 1); month < period.to; month = addMonths(month, 1)) months.push(month)
  return months
}

export function presetPeriod(preset: Exclude<PeriodPreset, 'custom' | 'year'>, today: string): Period {
  const { y, m } = parts(today)
  const thisMonth = isoDate(y, m, 1)
  if (preset === 'month') return { preset, from: thisMonth, to: addMonths(thisMonth, 1) }
  return { preset, from: addMonths(thisMonth, -11), to: addMonths(thisMonth, 1) }
}

export function yearPeriod(year: number): Period {
  return { preset: 'year', year, from: isoDate(year, 1, 1), to: isoDate(year + 1, 1, 1) }
}

type Query = URLSearchParams | Record<string, string | null | undefined>

function read(query: Query, name: string) {
  const value = query instanceof URLSearchParams ? query.get(name) : query[name]
  return typeof value === 'string' ? value.trim() : ''
}

/**
 * Reads a period from a query string: `?period=month|last12`, `?period=year&year=2025`, or
 * `?from=2025-01-01&to=2025-07-01` (with or without `period=custom`). Nothing given → last 12
 * months. Bad input gives field errors (translation keys), never an exception.
 */
export function parsePeriod(query: Query, today: string, fallback: 'month' | 'last12' = 'last12'): PeriodResult {
  const preset = read(query, 'period')
  const from = read(query, 'from')
  const to = read(query, 'to')
  if (preset === 'month' || preset === 'last12') return { ok: true, period: presetPeriod(preset, today) }
  if (preset === 'year') {
    const yearText = read(query, 'year') || today.slice(0, 4)
    const year = Number(yearText)
    if (!/^\d{4}$/.test(yearText) || year < 2000 || year > 2999) return { ok: false, errors: { year: ['reporting.errors.year'] } }
    return { ok: true, period: yearPeriod(year) }
  }
  if (preset && preset !== 'custom') return { ok: false, errors: { period: ['validation.choice'] } }
  if (!from && !to) {
    if (preset === 'custom') return { ok: false, errors: { from: ['validation.required'], to: ['validation.required'] } }
    return { ok: true, period: presetPeriod(fallback, today) }
  }
  const errors: Record<string, string[]> = {}
  if (!isCalendarDate(from)) errors.from = [from ? 'validation.date' : 'validation.required']
  if (!isCalendarDate(to)) errors.to = [to ? 'validation.date' : 'validation.required']
  if (Object.keys(errors).length) return { ok: false, errors }
  if (to <= from) return { ok: false, errors: { to: ['reporting.errors.order'] } }
  if (daysBetween(from, to) > MAX_PERIOD_DAYS) return { ok: false, errors: { to: ['reporting.errors.tooLong'] } }
  return { ok: true, period: { preset: 'custom', from, to } }
}

/** The query string that names a period (for links to exports and the report). */
export function periodQuery(period: Pick<Period, 'from' | 'to'>) {
  return new URLSearchParams({ from: period.from, to: period.to }).toString()
}

/** A period cut for the monthly tables: its whole local months, and the days before and after them. */
export interface Pieces {
  /** the whole months, first day of the first to first day after the last; null when there is none */
  months: { from: string; to: string } | null
  /** the partial months at either end, each labelled with the month it lies in */
  edges: { from: string; to: string; month: string }[]
}

/**
 * Cuts a period into whole months and at most two partial ones (the days before the first whole
 * month, the days after the last); a period within one or two months may be edges only.
 */
export function piecesOf(period: Pick<Period, 'from' | 'to'>): Pieces {
  const { from, to } = period
  const monthOf = (date: string) => `${date.slice(0, 8)}01`
  const firstWhole = isFirstOfMonth(from) ? from : addMonths(monthOf(from), 1)
  const lastWhole = monthOf(to)
  const edges: Pieces['edges'] = []
  const headEnd = firstWhole < to ? firstWhole : to
  if (from < headEnd) edges.push({ from, to: headEnd, month: monthOf(from) })
  const tailStart = lastWhole > firstWhole ? lastWhole : firstWhole
  if (tailStart < to) edges.push({ from: tailStart, to, month: tailStart })
  return { months: firstWhole < lastWhole ? { from: firstWhole, to: lastWhole } : null, edges }
}
