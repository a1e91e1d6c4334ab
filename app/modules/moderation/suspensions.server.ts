import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { initiatives, initiativeSuspensions, listings, suspendedListings, users } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { isMemberOf } from '~/modules/initiatives/memberships.server'

/**
 * Suspending an initiative (docs/decisions/053-suspension.md): its status becomes `suspended`,
 * its visible listings are hidden with the manager's reason, and what each listing was before
 * is kept, so reinstating restores exactly that. New exchanges are refused by the exchanges
 * module, which only lets ACTIVE initiatives propose, log help or take a step.
 */

/** Listings in these states are hidden by a suspension; drafts, closed and already hidden ones stay as they are. */
const HIDDEN_BY_SUSPENSION = ['pending', 'active', 'paused'] as const

export async function listInitiativesForManager(db: DbOrTx, centreId: string) {
  const rows = await db
    .select({
      id: initiatives.id,
      name: initiatives.name,
      slug: initiatives.slug,
      kind: initiatives.kind,
      status: initiatives.status,
      suspensionReason: initiativeSuspensions.reason,
      suspendedAt: initiativeSuspensions.suspendedAt,
      suspendedByName: users.name,
    })
    .from(initiatives)
    .leftJoin(
      initiativeSuspensions,
      and(eq(initiativeSuspensions.initiativeId, initiatives.id), isNull(initiativeSuspensions.reinstatedAt)),
    )
    .leftJoin(users, eq(users.id, initiativeSuspensions.suspendedBy))
    .where(and(eq(initiatives.centreId, centreId), inArray(initiatives.status, ['active', 'suspended'])))
    .orderBy(asc(initiatives.name), asc(initiatives.id))
  return rows
}

export type SuspensionResult =
  | { ok: true; name: string; listings: number }
  | { ok: false; error: 'notFound' | 'notActive' | 'notSuspended' | 'ownInitiative' }

async function lockInitiative(tx: DbOrTx, centreId: string, initiativeId: string) {
  const [row] = await tx
    .select()
    .from(initiatives)
    .where(and(eq(initiatives.id, initiativeId), eq(initiatives.centreId, centreId)))
    .for('update')
  return row ?? null
}

export async function suspendInitiative(
  db: DbOrTx,
  input: { centreId: string; actorId: string; initiativeId: string; reason: string },
): Promise<SuspensionResult> {
  return db.transaction(async (tx) => {
    const initiative = await lockInitiative(tx, input.centreId, input.initiativeId)
    if (!initiative) return { ok: false, error: 'notFound' } as const
    if (initiative.status !== 'active') return { ok: false, error: 'notActive' } as const
    if (await isMemberOf(tx, input.actorId, initiative.id)) return { ok: false, error: 'ownInitiative' } as const
    await tx.update(initiatives).set({ status: 'suspended' }).where(eq(initiatives.id, initiative.id))
    const [suspension] = await tx
      .insert(initiativeSuspensions)
      .values({ centreId: input.centreId, initiativeId: initiative.id, reason: input.reason, suspendedBy: input.actorId })
      .returning()
    const affected = await tx
      .select({ id: listings.id, status: listings.status, moderationReason: listings.moderationReason })
      .from(listings)
      .where(and(eq(listings.initiativeId, initiative.id), inArray(listings.status, [...HIDDEN_BY_SUSPENSION])))
      .orderBy(asc(listings.id))
      .for('update')
    if (affected.length) {
      await tx.insert(suspendedListings).values(
        affected.map((l) => ({
          suspensionId: suspension!.id,
          listingId: l.id,
          centreId: input.centreId,
          previousStatus: l.status,
          previousModerationReason: l.moderationReason,
        })),
      )
      await tx
        .update(listings)
        .set({ status: 'hidden', moderationReason: input.reason, updatedAt: new Date() })
        .where(inArray(listings.id, affected.map((l) => l.id)))
    }
    await recordAudit(tx, {
      centreId: input.centreId,
      actorId: input.actorId,
      action: 'initiative.suspended',
      subjectType: 'initiative',
      subjectId: initiative.id,
      details: { name: initiative.name, reason: input.reason, listingsHidden: affected.length },
    })
    return { ok: true, name: initiative.name, listings: affected.length } as const
  })
}

export async function reinstateInitiative(
  db: DbOrTx,
  input: { centreId: string; actorId: string; initiativeId: string; reason: string },
): Promise<SuspensionResult> {
  return db.transaction(async (tx) => {
    const initiative = await lockInitiative(tx, input.centreId, input.initiativeId)
    if (!initiative) return { ok: false, error: 'notFound' } as const
    if (initiative.status !== 'suspended') return { ok: false, error: 'notSuspended' } as const
    if (await isMemberOf(tx, input.actorId, initiative.id)) return { ok: false, error: 'ownInitiative' } as const
    const [suspension] = await tx
      .select()
      .from(initiativeSuspensions)
      .where(and(eq(initiativeSuspensions.initiativeId, initiative.id), isNull(initiativeSuspensions.reinstatedAt)))
      .orderBy(desc(initiativeSuspensions.suspendedAt))
      .for('update')
    await tx.update(initiatives).set({ status: 'active' }).where(eq(initiatives.id, initiative.id))
    let restored = 0
    if (suspension) {
      await tx
        .update(initiativeSuspensions)
        .set({ reinstatedAt: new Date(), reinstatedBy: input.actorId, reinstateReason: input.reason })
        .where(eq(initiativeSuspensions.id, suspension.id))
      const kept = await tx
        .select({ listingId: suspendedListings.listingId, status: suspendedListings.previousStatus, reason: suspendedListings.previousModerationReason })
        .from(suspendedListings)
        .innerJoin(listings, eq(listings.id, suspendedListings.listingId))
        // Only listings the suspension itself hid: one a manager hid or changed since stays as it is now.
        .where(and(eq(suspendedListings.suspensionId, suspension.id), eq(listings.status, 'hidden'), eq(listings.moderationReason, suspension.reason)))
      for (const listing of kept) {
        await tx
          .update(listings)
          .set({ status: listing.status, moderationReason: listing.reason, updatedAt: new Date() })
          .where(eq(listings.id, listing.listingId))
      }
      restored = kept.length
    }
    await recordAudit(tx, {
      centreId: input.centreId,
      actorId: input.actorId,
      action: 'initiative.reinstated',
      subjectType: 'initiative',
      subjectId: initiative.id,
      details: { name: initiative.name, reason: input.reason, listingsRestored: restored },
    })
    return { ok: true, name: initiative.name, listings: restored } as const
  })
}
