import type { Tx } from '../connect'
import { centreFinancingSources, centreFinancingYears, type FinancingSource } from '../schema'
import type { FoundationSeed } from './foundation'

/**
 * A published financing year for two demo centres (issue #17 §1), so the profiles, /network and
 * /guide show a mix: last calendar year, invented amounts in whole euros of the study's kinds.
 * Lagerhaus shows shares only, Verden amounts too; AUCOOP has none (a journey records one).
 */
const DEMO_MIX: Record<string, { amounts: Partial<Record<FinancingSource, number>>; unpaidHours: number; rate: number; publicAmounts: boolean }> = {
  lagerhaus: {
    amounts: { ownRevenue: 18_000, rents: 9_600, municipalGrants: 12_000, euProgrammes: 3_000, foundations: 1_500, membershipFees: 600, donations: 400 },
    unpaidHours: 400,
    rate: 15,
    publicAmounts: false,
  },
  'oekozentrum-verden': {
    amounts: { rents: 12_000, ownRevenue: 4_000, stateGrants: 3_000, membershipFees: 1_800, foundations: 1_200, donations: 250 },
    unpaidHours: 250,
    rate: 12,
    publicAmounts: true,
  },
}

export async function seedFinancing(tx: Tx, foundation: FoundationSeed, now: Date) {
  const year = now.getUTCFullYear() - 1
  for (const [slug, mix] of Object.entries(DEMO_MIX)) {
    const centre = foundation.centres[slug]
    if (!centre) continue
    await tx.insert(centreFinancingYears).values({
      centreId: centre.id,
      year,
      published: true,
      publicAmounts: mix.publicAmounts,
      unpaidHours: mix.unpaidHours,
      unpaidHourRateCents: mix.rate * 100,
    })
    await tx
      .insert(centreFinancingSources)
      .values(Object.entries(mix.amounts).map(([kind, euros]) => ({ centreId: centre.id, year, kind, amountCents: euros * 100, note: '' })))
  }
}
