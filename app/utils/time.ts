/**
 * Calendar dates and time zones, in one place (issue #18): calendar dates are `YYYY-MM-DD`
 * strings (what a `date` column holds: no time of day, no zone, nothing shifts when a server runs
 * elsewhere); instants are `Date`s; a centre's wall clock is read through Intl, which knows every
 * zone's offsets. Pure, shared by server and browser.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export function pad(n: number, width = 2) {
  return String(n).padStart(width, '0')
}

export function isoDate(year: number, month: number, day: number) {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`
}

export function daysInMonth(year: number, month: number) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** A real calendar date `YYYY-MM-DD` (any year). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const match = ISO_DATE.exec(value)
  if (!match) return false
  const [, y, m, d] = match.map(Number) as [number, number, number, number]
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
}

/** A real calendar date `YYYY-MM-DD` between the years 2000 and 2999 (reporting periods, audit filters). */
export function isCalendarDate(value: unknown): value is string {
  if (!isIsoDate(value)) return false
  const year = Number(value.slice(0, 4))
  return year >= 2000 && year <= 2999
}

export function parseIsoDate(value: string) {
  if (!isIsoDate(value)) throw new RangeError(`not a calendar date: ${value}`)
  const [y, m, d] = value.split('-').map(Number) as [number, number, number]
  return { year: y, month: m, day: d }
}

/** Calendar arithmetic on `YYYY-MM-DD` strings (UTC noon avoids any DST edge). */
export function addDays(date: string, days: number) {
  const { year, month, day } = parseIsoDate(date)
  const t = new Date(Date.UTC(year, month - 1, day + days, 12))
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())
}

/**
 * The same day `months` months later, clamped to the month's last day: Jan 31 + 1 → Feb 28/29,
 * Jan 31 + 2 → Mar 31. Always counted from the original date, so a short month never shortens
 * the months after it.
 */
export function addMonths(date: string, months: number) {
  const { year, month, day } = parseIsoDate(date)
  const index = year * 12 + (month - 1) + months
  const y = Math.floor(index / 12)
  const m = (index % 12) + 1
  return isoDate(y, m, Math.min(day, daysInMonth(y, m)))
}

export function daysBetween(from: string, to: string) {
  const a = parseIsoDate(from)
  const b = parseIsoDate(to)
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000)
}

/** Monday of the week that contains the date (ISO weeks). */
export function mondayOf(date: string) {
  const { year, month, day } = parseIsoDate(date)
  const weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7
  return addDays(date, -weekday)
}

// ————— time zones —————

// Building an Intl.DateTimeFormat costs far more than using one: one per zone, kept.
const wallClocks = new Map<string, Intl.DateTimeFormat>()
function wallClock(timeZone: string) {
  let format = wallClocks.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    wallClocks.set(timeZone, format)
  }
  return format
}

/** Is this a valid IANA time zone name the runtime knows? */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || !value || value.length > 64) return false
  try {
    wallClock(value)
    return true
  } catch {
    return false
  }
}

export interface LocalParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

/** The zone's wall clock at an instant. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const parts = wallClock(timeZone).formatToParts(instant)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') }
}

/** The calendar date of an instant in a time zone. */
export function localDateOf(instant: Date, timeZone: string) {
  const p = localParts(instant, timeZone)
  return isoDate(p.year, p.month, p.day)
}

/** Offset of the zone from UTC at an instant, in minutes (Berlin in summer: +120). */
export function offsetMinutes(instant: Date, timeZone: string) {
  const p = localParts(instant, timeZone)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000)
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

/**
 * The instant of a local wall-clock time ("2026-03-29T02:30") in a zone. A time skipped by the
 * spring change is moved forward by the gap; an ambiguous autumn time takes the earlier instant.
 */
export function zonedToInstant(local: string, timeZone: string): Date | null {
  const m = LOCAL.exec(local)
  if (!m) return null
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number]
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null
  const wall = Date.UTC(y, mo - 1, d, h, mi, s)
  // The offsets a day before and a day after cover both sides of any change near this time.
  const before = wall - offsetMinutes(new Date(wall - 86_400_000), timeZone) * 60_000
  const after = wall - offsetMinutes(new Date(wall + 86_400_000), timeZone) * 60_000
  const mapsBack = (c: number) => {
    const p = localParts(new Date(c), timeZone)
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) === wall
  }
  const valid = [before, after].filter(mapsBack).sort((a, b) => a - b)
  // none valid: the time was skipped by the spring change; read it with the offset before the gap
  return new Date(valid[0] ?? before)
}

/** The instant of local midnight at the start of `date` in the zone (the earlier one if ambiguous). */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const start = zonedToInstant(`${date}T00:00`, timeZone)
  if (!start) throw new RangeError(`not a calendar date: ${date}`)
  return start
}

/** "2026-07-15T10:00" in the zone: the value of a datetime-local input. */
export function toLocalInput(instant: Date, timeZone: string) {
  const p = localParts(instant, timeZone)
  return `${isoDate(p.year, p.month, p.day)}T${pad(p.hour)}:${pad(p.minute)}`
}

/**
 * "start – end" of a span of time: the end with its date only when it falls on another day where
 * the centre is. (Intl's formatRange would do this, but Node and the browser space its dash
 * differently, so the page would not hydrate.)
 */
export function formatSpan(start: Date, end: Date, timeZone: string, withDate: Intl.DateTimeFormat, timeOnly: Intl.DateTimeFormat) {
  const sameDay = localDateOf(start, timeZone) === localDateOf(end, timeZone)
  return `${withDate.format(start)} – ${(sameDay ? timeOnly : withDate).format(end)}`
}
