import { and, eq, ne, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { auditLog, centres, initiatives, listings } from '#db/schema'

/**
 * The first steps of a new centre, each read off the centre's own data (there is no "done" flag to
 * keep: the checklist is what the data says). What counts as done (docs/decisions/074):
 *
 * * `profile` — the centre has a description (the text of its public page). The hour value always
 *   has one (given at creation, 20 € unless the admin said otherwise), so the step shows it to check.
 * * `moderation` — a manager has saved the settings, whose form always carries the moderation mode
 *   (the audit log's `centre.settings_updated`), or the centre has details only that form writes
 *   (legal form, funding mix, founding year: a centre whose data came in another way, e.g. the demo).
 * * `initiatives` — at least one active initiative (imported, or an application admitted).
 * * `listing` — at least one listing that is more than a draft.
 * * `financing` — legal form and funding mix are filled in (the founding year is optional).
 */
export const FIRST_STEPS = ['profile', 'moderation', 'initiatives', 'listing', 'financing'] as const
export type FirstStep = (typeof FIRST_STEPS)[number]

export interface FirstSteps {
  steps: { step: FirstStep; done: boolean }[]
  allDone: boolean
  /** shown in the steps, so a manager can check the values a new centre starts with */
  hourValueCents: number
  moderationMode: 'pre' | 'post'
}

const filled = (text: string | null) => (text ?? '').trim().length > 0

export async function firstSteps(db: DbOrTx, centreId: string): Promise<FirstSteps | null> {
  const [row] = await db
    .select({
      description: centres.description,
      hourValueCents: centres.hourValueCents,
      moderationMode: centres.moderationMode,
      foundingYear: centres.foundingYear,
      legalForm: centres.legalForm,
      fundingMix: centres.fundingMix,
      settingsSaved: sql<boolean>`exists (${db
        .select({ one: sql`1` })
        .from(auditLog)
        .where(and(eq(auditLog.centreId, centres.id), eq(auditLog.action, 'centre.settings_updated')))})`,
      activeInitiative: sql<boolean>`exists (${db
        .select({ one: sql`1` })
        .from(initiatives)
        .where(and(eq(initiatives.centreId, centres.id), eq(initiatives.status, 'active')))})`,
      listing: sql<boolean>`exists (${db
        .select({ one: sql`1` })
        .from(listings)
        .where(and(eq(listings.centreId, centres.id), ne(listings.status, 'draft')))})`,
    })
    .from(centres)
    .where(eq(centres.id, centreId))
  if (!row) return null
  const settingsOnly = filled(row.legalForm) || filled(row.fundingMix) || row.foundingYear !== null
  const done: Record<FirstStep, boolean> = {
    profile: filled(row.description),
    moderation: row.settingsSaved === true || settingsOnly,
    initiatives: row.activeInitiative === true,
    listing: row.listing === true,
    financing: filled(row.legalForm) && filled(row.fundingMix),
  }
  const steps = FIRST_STEPS.map((step) => ({ step, done: done[step] }))
  return {
    steps,
    allDone: steps.every((s) => s.done),
    hourValueCents: row.hourValueCents,
    moderationMode: row.moderationMode,
  }
}
