import type { Centre } from '~/modules/centres/centres.server'
import { parsePeriod, presetPeriod, type Period, type PeriodResult, type RollingPreset } from './period'
import { localDateOf } from '~/utils/time'
import type { ReportCentre } from './reporting.server'

/** The period a console page was asked for (`?period=…` or `?from=&to=`), read in the centre's time zone. */
export function periodFromSearch(
  search: URLSearchParams,
  centre: Pick<Centre, 'timeZone'>,
  options: { fallback?: RollingPreset; now?: Date } = {},
): PeriodResult {
  return parsePeriod(search, localDateOf(options.now ?? new Date(), centre.timeZone), options.fallback)
}

export interface ShownPeriod {
  period: Period
  /** field errors of the query (translation keys), null when it was fine */
  errors: Record<string, string[]> | null
}

/**
 * The period a console page shows: the one asked for, or — when the query is bad — the page's
 * default, with the errors to show next to the fields (the page answers 400 and stays usable).
 */
export function shownPeriod(
  search: URLSearchParams,
  centre: Pick<Centre, 'timeZone'>,
  options: { fallback?: RollingPreset; now?: Date } = {},
): ShownPeriod {
  const today = localDateOf(options.now ?? new Date(), centre.timeZone)
  const asked = parsePeriod(search, today, options.fallback)
  if (asked.ok) return { period: asked.period, errors: null }
  return { period: presetPeriod(options.fallback ?? 'last12', today), errors: asked.errors }
}

/**
 * The dashboard opens on the last 30 days, today included (issue #19). "This month" opened
 * nearly empty on the first days of every month, and its trend then compared a few days with a
 * whole month; 30 days are always a month's worth, compared with the 30 days before, and the rule
 * does not depend on the data (a default that jumped to "the last month with activity" would show
 * a different month than the manager expects without saying so).
 */
export const DASHBOARD_PERIOD: RollingPreset = 'last30'

export function dashboardPeriod(search: URLSearchParams, centre: Pick<Centre, 'timeZone'>, now?: Date): ShownPeriod {
  return shownPeriod(search, centre, { fallback: DASHBOARD_PERIOD, now })
}

export function reportCentre(centre: Pick<Centre, 'id' | 'timeZone' | 'hourValueCents'>): ReportCentre {
  return { id: centre.id, timeZone: centre.timeZone, hourValueCents: centre.hourValueCents }
}
