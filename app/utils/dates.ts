/**
 * Dates people type are refused outside these years: PostgreSQL stores years from 4713 BC, but
 * rejects year 0000 (there is no year 0), and nothing in a house's life is planned for the year
 * 9999. Every date field's schema adds `plausibleDate` (message `validation.dateRange`).
 */
export const PLAUSIBLE_YEARS = { min: 1900, max: 2199 } as const

/** True for a string that starts with a four-digit year inside PLAUSIBLE_YEARS (the format is checked elsewhere). */
export function plausibleDate(value: string): boolean {
  const year = Number(value.slice(0, 4))
  return /^\d{4}/.test(value) && year >= PLAUSIBLE_YEARS.min && year <= PLAUSIBLE_YEARS.max
}

export const DATE_RANGE_ERROR = `validation.dateRange?minYear=${PLAUSIBLE_YEARS.min}&maxYear=${PLAUSIBLE_YEARS.max}`
