import { eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { centres } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import type { CentreSettings } from './settings-schemas'

/** What the settings form shows. */
export function settingsOf(centre: typeof centres.$inferSelect) {
  return {
    moderationMode: centre.moderationMode,
    hourValueEuros: centre.hourValueCents / 100,
    loanLimitEuros: centre.loanLimitCents / 100,
    exchangeCapHours: centre.exchangeCapMinutes / 60,
    exchangeCapEuros: centre.exchangeCapCents / 100,
    timeZone: centre.timeZone,
    languages: centre.languages,
    description: centre.description,
    foundingYear: centre.foundingYear,
    legalForm: centre.legalForm,
    fundingMix: centre.fundingMix,
    embedOrigins: centre.embedOrigins,
    latitude: centre.latitude,
    longitude: centre.longitude,
  }
}

/** A manager saves the centre's settings; the audit log keeps what changed (before → after). */
/** The caps per exchange and the widget's websites may be left out (callers that predate them); they then stay as they are. */
/** No place: the centre has none on the map (the form's field left empty). */
type SettingsInput = Omit<CentreSettings, 'exchangeCapHours' | 'exchangeCapEuros' | 'embedOrigins' | 'place'> &
  Partial<Pick<CentreSettings, 'exchangeCapHours' | 'exchangeCapEuros' | 'embedOrigins' | 'place'>>

export async function updateCentreSettings(db: DbOrTx, input: { centreId: string; actorId: string; settings: SettingsInput }) {
  const s = input.settings
  const values = {
    moderationMode: s.moderationMode,
    hourValueCents: Math.round(s.hourValueEuros * 100),
    loanLimitCents: Math.round(s.loanLimitEuros * 100),
    ...(s.exchangeCapHours != null ? { exchangeCapMinutes: Math.round(s.exchangeCapHours * 60) } : {}),
    ...(s.exchangeCapEuros != null ? { exchangeCapCents: Math.round(s.exchangeCapEuros * 100) } : {}),
    timeZone: s.timeZone,
    languages: [...new Set(s.languages)],
    description: s.description ?? '',
    foundingYear: s.foundingYear ?? null,
    legalForm: s.legalForm || null,
    fundingMix: s.fundingMix || null,
    ...(s.embedOrigins ? { embedOrigins: s.embedOrigins } : {}),
    latitude: s.place?.latitude ?? null,
    longitude: s.place?.longitude ?? null,
  }
  return db.transaction(async (tx) => {
    // A change of time zone recounts the console's roll-ups under the centre's roll-up lock (ADR
    // 054, addendum 2). Taken before the centre's row: an exchange step holds that lock shared
    // and then needs the row (its rows refer to the centre), so the other order could deadlock.
    await tx.execute(sql`select pg_advisory_xact_lock(viertel_reporting_lock_key(${input.centreId}::uuid))`)
    const [before] = await tx.select().from(centres).where(eq(centres.id, input.centreId)).for('update')
    if (!before) return { ok: false as const }
    const changes: Record<string, { from: unknown; to: unknown }> = {}
    for (const [key, value] of Object.entries(values)) {
      const old = before[key as keyof typeof before]
      if (JSON.stringify(old) !== JSON.stringify(value)) changes[key] = { from: old, to: value }
    }
    if (Object.keys(changes).length) {
      await tx.update(centres).set(values).where(eq(centres.id, input.centreId))
      await recordAudit(tx, {
        centreId: input.centreId,
        actorId: input.actorId,
        action: 'centre.settings_updated',
        subjectType: 'centre',
        subjectId: input.centreId,
        details: { changes },
      })
      // The console's monthly sums are kept in local months: recount them in the new zone.
      if (changes.timeZone) await tx.execute(sql`select viertel_reporting_monthly_rebuild(${input.centreId}::uuid)`)
    }
    return { ok: true as const, changed: Object.keys(changes) }
  })
}
