import { and, asc, desc, eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { centreFinancingSources, centres, centreFinancingYears, FINANCING_SOURCES, type FinancingSource } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { toRange, yearPeriod } from './period'
import { figures, type ReportCentre } from './reporting.server'
import type { FinancingInput } from './financing-schemas'

/** The elements of a year's mix: the typed sources, unpaid work (hours × rate) and mutual help from the ledger. */
export type MixElement = FinancingSource | 'unpaidWork' | 'mutualHelp'
export const MIX_ELEMENTS: readonly MixElement[] = [...FINANCING_SOURCES, 'unpaidWork', 'mutualHelp']

export interface FinancingYear {
  year: number
  published: boolean
  publicAmounts: boolean
  unpaidHours: number
  unpaidHourRateCents: number
  sources: Partial<Record<FinancingSource, { amountCents: number; note: string }>>
}

export interface FinancingMix {
  year: number
  /** every element with an amount above 0, in MIX_ELEMENTS order; share of the total 0…1 */
  elements: { element: MixElement; cents: number; share: number }[]
  totalCents: number
  /** mutual help in kind: the € value of the year's confirmed, unreversed exchanges (the dashboard's figure) */
  mutualHelpCents: number
  mutualHelpShare: number | null
}

/** A published year as the public sees it: without amounts when the centre shows shares only. */
export interface PublicMix {
  year: number
  amounts: boolean
  elements: { element: MixElement; cents: number | null; share: number }[]
  totalCents: number | null
  mutualHelpShare: number | null
}

/** The years a centre has recorded, newest first. */
export async function financingYears(db: DbOrTx, centreId: string): Promise<{ year: number; published: boolean }[]> {
  return db
    .select({ year: centreFinancingYears.year, published: centreFinancingYears.published })
    .from(centreFinancingYears)
    .where(eq(centreFinancingYears.centreId, centreId))
    .orderBy(desc(centreFinancingYears.year))
}

export async function financingYear(db: DbOrTx, centreId: string, year: number): Promise<FinancingYear | null> {
  const [row] = await db
    .select()
    .from(centreFinancingYears)
    .where(and(eq(centreFinancingYears.centreId, centreId), eq(centreFinancingYears.year, year)))
  if (!row) return null
  const sources = await db
    .select({ kind: centreFinancingSources.kind, amountCents: centreFinancingSources.amountCents, note: centreFinancingSources.note })
    .from(centreFinancingSources)
    .where(and(eq(centreFinancingSources.centreId, centreId), eq(centreFinancingSources.year, year)))
  return {
    year,
    published: row.published,
    publicAmounts: row.publicAmounts,
    unpaidHours: row.unpaidHours,
    unpaidHourRateCents: row.unpaidHourRateCents,
    sources: Object.fromEntries(sources.map((s) => [s.kind, { amountCents: Number(s.amountCents), note: s.note }])),
  }
}

/** Mutual help in kind in a calendar year of the centre: the same figure as the dashboard's "value" for that year. */
export async function mutualHelpCents(db: DbOrTx, centre: ReportCentre, year: number, now = new Date()): Promise<number> {
  return (await figures(db, centre, toRange(yearPeriod(year), centre.timeZone), now)).cents
}

/** The mix of a recorded year (or of amounts not yet saved: `record` null counts mutual help alone). */
export function mixOf(record: FinancingYear | null, year: number, helpCents: number): FinancingMix {
  const cents = (element: MixElement): number => {
    if (element === 'mutualHelp') return helpCents
    if (element === 'unpaidWork') return record ? record.unpaidHours * record.unpaidHourRateCents : 0
    return record?.sources[element]?.amountCents ?? 0
  }
  const amounts = MIX_ELEMENTS.map((element) => ({ element, cents: cents(element) })).filter((e) => e.cents > 0)
  const totalCents = amounts.reduce((sum, e) => sum + e.cents, 0)
  return {
    year,
    elements: amounts.map((e) => ({ ...e, share: totalCents > 0 ? e.cents / totalCents : 0 })),
    totalCents,
    mutualHelpCents: helpCents,
    mutualHelpShare: totalCents > 0 ? helpCents / totalCents : null,
  }
}

export async function financingMix(db: DbOrTx, centre: ReportCentre, year: number, now = new Date()): Promise<FinancingMix> {
  const [record, help] = await Promise.all([financingYear(db, centre.id, year), mutualHelpCents(db, centre, year, now)])
  return mixOf(record, year, help)
}

/**
 * Saves one year (all its sources at once: a source left empty is removed), audited with the
 * amounts before and after. Nothing is written when nothing changed.
 */
export async function saveFinancingYear(
  db: DbOrTx,
  input: { centreId: string; actorId: string; value: FinancingInput },
): Promise<{ ok: true; changed: boolean }> {
  const v = input.value
  const sources = FINANCING_SOURCES.flatMap((kind) => {
    const typed = v.sources?.[kind]
    const note = typed?.note ?? ''
    if (typed?.euros == null && !note) return []
    return [{ kind, amountCents: (typed?.euros ?? 0) * 100, note }]
  })
  const year = {
    published: v.published ?? false,
    publicAmounts: v.show === 'amounts',
    unpaidHours: v.unpaidHours ?? 0,
    unpaidHourRateCents: Math.round((v.unpaidHourRateEuros ?? 0) * 100),
  }
  return db.transaction(async (tx) => {
    // one save of a centre's figures at a time: the audit's "before" is what the previous save left
    await tx.select({ id: centres.id }).from(centres).where(eq(centres.id, input.centreId)).for('update')
    const before = await financingYear(tx, input.centreId, v.year)
    const after = {
      ...year,
      sources: Object.fromEntries(sources.map((s) => [s.kind, { amountCents: s.amountCents, note: s.note }])),
    }
    const was = before ? { ...before, year: undefined } : null
    if (was && JSON.stringify(sortKeys(was)) === JSON.stringify(sortKeys({ ...after, year: undefined }))) return { ok: true, changed: false }
    await tx
      .insert(centreFinancingYears)
      .values({ centreId: input.centreId, year: v.year, ...year, updatedBy: input.actorId })
      .onConflictDoUpdate({
        target: [centreFinancingYears.centreId, centreFinancingYears.year],
        set: { ...year, updatedBy: input.actorId, updatedAt: new Date() },
      })
    await tx
      .delete(centreFinancingSources)
      .where(and(eq(centreFinancingSources.centreId, input.centreId), eq(centreFinancingSources.year, v.year)))
    if (sources.length) await tx.insert(centreFinancingSources).values(sources.map((s) => ({ ...s, centreId: input.centreId, year: v.year })))
    await recordAudit(tx, {
      centreId: input.centreId,
      actorId: input.actorId,
      action: 'centre.financing_saved',
      subjectType: 'centre',
      subjectId: input.centreId,
      details: { year: v.year, before: was, after },
    })
    return { ok: true, changed: true }
  })
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, sortKeys(v)]),
    )
  return value
}

/** What the public sees of one mix: shares always, amounts only when the centre shows them. */
export function publicMix(mix: FinancingMix, amounts: boolean): PublicMix {
  return {
    year: mix.year,
    amounts,
    elements: mix.elements.map((e) => ({ element: e.element, cents: amounts ? e.cents : null, share: e.share })),
    totalCents: amounts ? mix.totalCents : null,
    mutualHelpShare: mix.mutualHelpShare,
  }
}

/**
 * The public profile's financing: the latest published year's mix, and every published year's
 * total (when shown) and mutual-help share, oldest first, for the trend.
 */
export async function publishedFinancing(
  db: DbOrTx,
  centre: ReportCentre,
  now = new Date(),
): Promise<{ latest: PublicMix; trend: { year: number; totalCents: number | null; mutualHelpShare: number | null }[] } | null> {
  const years = await db
    .select({ year: centreFinancingYears.year, publicAmounts: centreFinancingYears.publicAmounts })
    .from(centreFinancingYears)
    .where(and(eq(centreFinancingYears.centreId, centre.id), eq(centreFinancingYears.published, true)))
    .orderBy(asc(centreFinancingYears.year))
    .limit(30)
  if (!years.length) return null
  const mixes = await Promise.all(years.map((y) => financingMix(db, centre, y.year, now).then((mix) => publicMix(mix, y.publicAmounts))))
  return {
    latest: mixes[mixes.length - 1]!,
    trend: mixes.map((m) => ({ year: m.year, totalCents: m.totalCents, mutualHelpShare: m.mutualHelpShare })),
  }
}

/** Shares of the latest published year, for the network's table (never amounts, whatever the centre shows). */
export async function latestPublishedShares(
  db: DbOrTx,
  centre: ReportCentre,
  now = new Date(),
): Promise<{ year: number; elements: { element: MixElement; share: number }[]; mutualHelpShare: number | null } | null> {
  const [latest] = await db
    .select({ year: centreFinancingYears.year })
    .from(centreFinancingYears)
    .where(and(eq(centreFinancingYears.centreId, centre.id), eq(centreFinancingYears.published, true)))
    .orderBy(desc(centreFinancingYears.year))
    .limit(1)
  if (!latest) return null
  const mix = await financingMix(db, centre, latest.year, now)
  if (!mix.elements.length) return null
  return { year: mix.year, elements: mix.elements.map(({ element, share }) => ({ element, share })), mutualHelpShare: mix.mutualHelpShare }
}
