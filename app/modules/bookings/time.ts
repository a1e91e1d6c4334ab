/**
 * Wall-clock time in a named time zone, without a library: Intl knows every zone's offsets.
 * A booking is stored as instants (timestamptz); forms and the week view speak the centre's
 * local time.
 */
import { addMonths } from '~/modules/loans/dates'

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(timeZone: string) {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

export function isTimeZone(value: string) {
  try {
    formatter(value)
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

export function localParts(instant: Date, timeZone: string): LocalParts {
  const parts = formatter(timeZone).formatToParts(instant)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') }
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
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate() || h > 23 || mi > 59 || s > 59) return null
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

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** "2026-07-15T10:00" in the zone: the value of a datetime-local input. */
export function toLocalInput(instant: Date, timeZone: string) {
  const p = localParts(instant, timeZone)
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`
}

export function localDateOf(instant: Date, timeZone: string) {
  const p = localParts(instant, timeZone)
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`
}

export function addDays(date: string, days: number) {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const t = new Date(Date.UTC(y, m - 1, d + days))
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`
}

/** Monday of the week that contains the date (ISO weeks). */
export function mondayOf(date: string) {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7
  return addDays(date, -weekday)
}

export { addMonths }
