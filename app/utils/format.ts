import type { Locale } from './i18n'

export function formatCents(locale: Locale, cents: number) {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(cents / 100)
}

export function formatMinutesAsHours(locale: Locale, minutes: number) {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(minutes / 60)
}

export function formatDate(locale: Locale, date: Date | string, timeZone = 'Europe/Berlin') {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(new Date(date))
}

export function formatDateTime(locale: Locale, date: Date | string, timeZone = 'Europe/Berlin') {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(date))
}
