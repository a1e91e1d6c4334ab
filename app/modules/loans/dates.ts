/**
 * Calendar dates as `YYYY-MM-DD` strings (what a `date` column holds): no time of day and no
 * time zone, so nothing shifts when a server runs in another zone.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const match = ISO_DATE.exec(value)
  if (!match) return false
  const [, y, m, d] = match.map(Number) as [number, number, number, number]
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
}

export function daysInMonth(year: number, month: number) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function pad(n: number, width = 2) {
  return String(n).padStart(width, '0')
}

export function toIsoDate(year: number, month: number, day: number) {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`
}

export function parseIsoDate(value: string) {
  if (!isIsoDate(value)) throw new RangeError(`not a calendar date: ${value}`)
  const [y, m, d] = value.split('-').map(Number) as [number, number, number]
  return { year: y, month: m, day: d }
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
  return toIsoDate(y, m, Math.min(day, daysInMonth(y, m)))
}

/** The calendar date of an instant in a time zone (the centre's, for "is it overdue today?"). */
export function localDate(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}
