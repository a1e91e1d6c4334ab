import type { DbOrTx } from '#db/connect'
import type { Locale } from '~/utils/i18n'
import { formatCents, formatCount, formatMinutesAsHours, formatShare } from '~/utils/format'
import { type NetworkRow, networkTable } from './network-page.server'

/** The live figures a guide text may name as `{{name}}` (issue #17 §3). */
export const GUIDE_FIGURES = ['centres', 'countries', 'initiatives', 'exchanges', 'hours', 'value', 'mutualHelpShare', 'financingCentres'] as const
export type GuideFigure = (typeof GUIDE_FIGURES)[number]

/**
 * The network's figures for the guide, from the same daily count as /network (one source of
 * truth): sums over all centres of their last 12 months, and the mean share of mutual help in the
 * latest published financing year of the centres that published one ("–" while none has).
 */
export function guideFigures(rows: readonly NetworkRow[], locale: Locale): Record<GuideFigure, string> {
  const sum = (pick: (r: NetworkRow) => number) => rows.reduce((n, r) => n + pick(r), 0)
  const published = rows.filter((r) => r.financing)
  const shares = published.flatMap((r) => (r.financing?.mutualHelpShare != null ? [r.financing.mutualHelpShare] : []))
  return {
    centres: formatCount(locale, rows.length),
    countries: formatCount(locale, new Set(rows.map((r) => r.country)).size),
    initiatives: formatCount(locale, sum((r) => r.activeInitiatives)),
    exchanges: formatCount(locale, sum((r) => r.exchanges)),
    hours: formatMinutesAsHours(locale, sum((r) => r.minutes)),
    value: formatCents(locale, sum((r) => r.cents)),
    mutualHelpShare: shares.length ? formatShare(locale, shares.reduce((a, b) => a + b, 0) / shares.length) : '–',
    financingCentres: formatCount(locale, published.length),
  }
}

/** Puts the figures into a text: `{{centres}}` → "3"; an unknown `{{name}}` stays as written. */
export function fillFigures(text: string, figures: Record<GuideFigure, string>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => ((GUIDE_FIGURES as readonly string[]).includes(name) ? figures[name as GuideFigure] : whole))
}

/** The figures of today's network count. */
export async function networkGuideFigures(db: DbOrTx, locale: Locale) {
  return guideFigures((await networkTable(db)).rows, locale)
}
