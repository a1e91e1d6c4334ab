import type { Locale } from './i18n'

// Building an Intl formatter costs far more than using one (a page formats dozens of figures):
// each kind is made once per language (and time zone) and kept.
const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>()
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = formats.get(key) as T | undefined
  if (!format) {
    format = make()
    formats.set(key, format)
  }
  return format
}

export function formatCents(locale: Locale, cents: number) {
  return cached(`cents ${locale}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' })).format(cents / 100)
}

export function formatMinutesAsHours(locale: Locale, minutes: number) {
  return cached(`hours ${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })).format(minutes / 60)
}

export function formatDate(locale: Locale, date: Date | string, timeZone = 'Europe/Berlin') {
  return cached(`date ${locale} ${timeZone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone })).format(new Date(date))
}

export function formatDateTime(locale: Locale, date: Date | string, timeZone = 'Europe/Berlin') {
  return cached(`datetime ${locale} ${timeZone}`, () =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
  ).format(new Date(date))
}

export function formatCount(locale: Locale, n: number) {
  return cached(`count ${locale}`, () => new Intl.NumberFormat(locale)).format(n)
}

export function formatPercent(locale: Locale, share: number) {
  return cached(`percent ${locale}`, () => new Intl.NumberFormat(locale, { style: 'percent' })).format(share)
}

/** A month (`YYYY-MM-01`) as a short label, e.g. "Nov. 25" (the charts' axes and tables). */
export function formatMonthShort(locale: Locale, month: string) {
  return cached(`month ${locale}`, () => new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' })).format(
    new Date(`${month}T12:00:00Z`),
  )
}

/** A share with one decimal (0,2 %): for parts of a budget, where whole per cent would show small parts as 0 %. */
export function formatShare(locale: Locale, share: number) {
  return cached(`share ${locale}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })).format(share)
}

/**
 * Figures as a form's default values, with the reader's decimal mark ("1,5" and "12,50" in de, fr
 * and nl; "1.5" and "12.50" in en), as the fields' hints show them; the forms read both marks.
 */
const decimalMark = (locale: Locale, text: string) => (locale === 'en' ? text : text.replace('.', ','))
/** Minutes as a form's default hours ("1,5"). */
export const hoursValue = (locale: Locale, minutes: number | null | undefined) => (minutes ? decimalMark(locale, String(Math.round((minutes / 60) * 100) / 100)) : '')
/** Cents as a form's default euros ("12,50"). */
export const eurosValue = (locale: Locale, cents: number | null | undefined) => (cents ? decimalMark(locale, (cents / 100).toFixed(2)) : '')
