/**
 * Reporting periods (docs/decisions/051-report-periods-and-time-zones.md): a period is a range of
 * calendar days [from, to) in the centre's time zone — inclusive start, exclusive end — turned
 * into instants at local midnight. Pure: shared by the dashboard, the exports and the report.
 * The calendar and time-zone arithmetic lives in `~/utils/time`.
 */
import { addDays, addMonths, daysBetween, isCalendarDate, isoDate, parseIsoDate, startOfLocalDay } from '~/utils/time'

export const PERIOD_PRESETS = ['last30', 'month', 'last12', 'year', 'custom'] as const
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]
/** The presets that need nothing but today. */
export type RollingPreset = Exclude<PeriodPreset, 'custom' | 'year'>

/** Days in the `last30` period, today included. */
export const LAST_DAYS = 30

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
    const a = parseIsoDate(period.from)
    const b = parseIsoDate(period.to)
    const months = (b.year - a.year) * 12 + (b.month - a.month)
    return { from: addMonths(period.from, -months), to: period.from }
  }
  return { from: addDays(period.from, -daysBetween(period.from, period.to)), to: period.from }
}

/** The first days of the months the period touches: the buckets of the monthly series. */
export function monthsOf(period: Pick<Period, 'from' | 'to'>): string[] {
  const { year: y, month: m } = parseIsoDate(period.from)
  const months: string[] = []
  for (let month = isoDate(y, m, 1); month < period.to; month = addMonths(month, 1)) months.push(month)
  return months
}

export function presetPeriod(preset: RollingPreset, today: string): Period {
  // the 30 days up to today, today included: never shorter than a month, whatever day it is
  if (preset === 'last30') return { preset, from: addDays(today, 1 - LAST_DAYS), to: addDays(today, 1) }
  const { year: y, month: m } = parseIsoDate(today)
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

function isRollingPreset(value: string): value is RollingPreset {
  return value === 'last30' || value === 'month' || value === 'last12'
}

/**
 * Reads a period from a query string: `?period=last30|month|last12`, `?period=year&year=2025`, or
 * `?from=2025-01-01&to=2025-07-01` (with or without `period=custom`). Nothing given → the
 * fallback (last 12 months unless the page says otherwise). Bad input gives field errors
 * (translation keys), never an exception.
 */
export function parsePeriod(query: Query, today: string, fallback: RollingPreset = 'last12'): PeriodResult {
  const preset = read(query, 'period')
  const from = read(query, 'from')
  const to = read(query, 'to')
  if (isRollingPreset(preset)) return { ok: true, period: presetPeriod(preset, today) }
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

/**
 * The last day a page names for a period: its own last day, or today while it runs (the last 12
 * months, this month): nothing can be recorded for a day to come, and a reader should not see a
 * date still to come as the end of what they read. A period wholly to come keeps its dates.
 */
export function shownLastDay(period: Pick<Period, 'from' | 'to'>, today: string) {
  const last = addDays(period.to, -1)
  return period.from <= today && last > today ? today : last
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
