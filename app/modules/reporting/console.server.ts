import type { Centre } from '~/modules/centres/centres.server'
import { localDateOf, parsePeriod, type PeriodResult } from './period'
import type { ReportCentre } from './reporting.server'

/** The period a console page was asked for (`?period=…` or `?from=&to=`), read in the centre's time zone. */
export function periodFromRequest(
  request: Request,
  centre: Pick<Centre, 'timeZone'>,
  options: { fallback?: 'month' | 'last12'; now?: Date } = {},
): PeriodResult {
  return parsePeriod(new URL(request.url).searchParams, localDateOf(options.now ?? new Date(), centre.timeZone), options.fallback)
}

export function reportCentre(centre: Pick<Centre, 'id' | 'timeZone' | 'hourValueCents'>): ReportCentre {
  return { id: centre.id, timeZone: centre.timeZone, hourValueCents: centre.hourValueCents }
}
