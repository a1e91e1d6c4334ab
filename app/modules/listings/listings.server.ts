import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { centres, initiatives, listingPhotos, listings } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { onListingPublished } from '~/modules/matching/matching.server'
import { hitRateLimit } from '~/modules/security/rate-limit.server'
import type { ListingStatus, ListingValues } from './schemas'
import { canRead, canWrite, type ListingViewer, visibleScope } from './visibility.server'

export type Listing = typeof listings.$inferSelect

export { canRead, canWrite, getListingViewer, type ListingViewer, rowsOf, VISITOR, visibleScope } from './visibility.server'

/** A listing with its initiative and photos, or null when it does not exist for this viewer. */
export async function getListingForViewer(db: DbOrTx, viewer: ListingViewer, centreId: string, id: string) {
  const [row] = await db
    .select({
      listing: listings,
      initiative: {
        id: initiatives.id,
        slug: initiatives.slug,
        name: initiatives.name,
        kind: initiatives.kind,
        sector: initiatives.sector,
        description: initiatives.description,
        website: initiatives.website,
        contactEmail: initiatives.contactEmail,
      },
    })
    .from(listings)
    .innerJoin(initiatives, eq(initiatives.id, listings.initiativeId))
    .where(and(eq(listings.id, id), eq(listings.centreId, centreId)))
  if (!row || !canRead(viewer, row.listing, centreId)) return null
  const photos = await db
    .select({ id: listingPhotos.id, position: listingPhotos.position, hasThumbnail: sql<boolean>`${listingPhotos.thumbnail} is not null` })
    .from(listingPhotos)
    .where(eq(listingPhotos.listingId, id))
    .orderBy(asc(listingPhotos.position))
  const { search: _search, ...listing } = row.listing
  return { listing, initiative: row.initiative, photos, canEdit: canWrite(viewer, row.listing, centreId) }
}

/** For writes: the listing of this centre, locked, or null. */
async function lockListing(tx: DbOrTx, centreId: string, id: string) {
  const [row] = await tx
    .select()
    .from(listings)
    .where(and(eq(listings.id, id), eq(listings.centreId, centreId)))
    .for('update')
  return row ?? null
}

export const LISTINGS_PER_HOUR = 20

/** Counts one listing creation of this person; false when the hourly limit is spent. */
export async function checkListingRateLimit(db: DbOrTx, userId: string) {
  return hitRateLimit(db, `listing:create:${userId}`, LISTINGS_PER_HOUR, 3600)
}

type CentreModeration = { id: string; moderationMode: 'pre' | 'post' }

/**
 * A new listing of one of the member's initiatives. Pre-moderated centres hold it as `pending`
 * until a manager approves it; post-moderated ones publish it at once.
 */
export async function createListing(
  db: DbOrTx,
  membership: { initiative: { id: string; centreId: string; status: string } },
  centre: CentreModeration,
  userId: string,
  values: ListingValues,
) {
  if (membership.initiative.centreId !== centre.id || membership.initiative.status !== 'active') {
    throw new Error('createListing: the initiative is not an active one of this centre')
  }
  const status = centre.moderationMode === 'pre' ? 'pending' : 'active'
  const [listing] = await db
    .insert(listings)
    .values({
      ...values,
      centreId: centre.id,
      initiativeId: membership.initiative.id,
      createdBy: userId,
      status,
      publishedAt: status === 'active' ? new Date() : null,
    })
    .returning({ id: listings.id, status: listings.status })
  if (listing!.status === 'active') await onListingPublished(db, listing!.id)
  return listing!
}

/**
 * Edits by a member of the owning initiative. In a pre-moderated centre an edited live listing
 * goes back to the queue (what a manager approved is what is shown).
 */
export async function updateListing(
  db: DbOrTx,
  viewer: ListingViewer,
  centre: CentreModeration,
  id: string,
  values: ListingValues,
) {
  return db.transaction(async (tx) => {
    const current = await lockListing(tx, centre.id, id)
    if (!current || !canWrite(viewer, current, centre.id)) return null
    const backToQueue = centre.moderationMode === 'pre' && current.status === 'active'
    const [updated] = await tx
      .update(listings)
      .set({ ...values, status: backToQueue ? 'pending' : current.status, updatedAt: new Date() })
      .where(eq(listings.id, id))
      .returning({ id: listings.id, status: listings.status })
    return updated!
  })
}

const OWNER_TRANSITIONS: Record<'pause' | 'reopen' | 'close', { from: ListingStatus[] }> = {
  pause: { from: ['active'] },
  reopen: { from: ['paused', 'closed'] },
  close: { from: ['draft', 'pending', 'active', 'paused'] },
}

export type StatusChange = { ok: true; status: ListingStatus } | { ok: false; reason: 'notFound' | 'invalidTransition' }

/** Pause, reopen or close, by a member of the owning initiative. */
export async function changeListingStatus(
  db: DbOrTx,
  viewer: ListingViewer,
  centre: CentreModeration,
  id: string,
  intent: 'pause' | 'reopen' | 'close',
): Promise<StatusChange> {
  return db.transaction(async (tx) => {
    const current = await lockListing(tx, centre.id, id)
    if (!current || !canWrite(viewer, current, centre.id)) return { ok: false, reason: 'notFound' } as const
    if (!OWNER_TRANSITIONS[intent].from.includes(current.status)) return { ok: false, reason: 'invalidTransition' } as const
    let status: ListingStatus = intent === 'pause' ? 'paused' : intent === 'close' ? 'closed' : 'active'
    // Reopening what a manager never approved goes to the queue, not live.
    if (intent === 'reopen' && centre.moderationMode === 'pre' && !current.publishedAt) status = 'pending'
    await tx
      .update(listings)
      .set({ status, updatedAt: new Date(), publishedAt: status === 'active' ? (current.publishedAt ?? new Date()) : current.publishedAt })
      .where(eq(listings.id, id))
    return { ok: true, status } as const
  })
}

export type ModerationResult = { ok: true } | { ok: false; reason: 'notFound' | 'invalidTransition' }

const MANAGER_TRANSITIONS = {
  approve: { from: ['pending'] as ListingStatus[], to: 'active' as const, action: 'listing.approved' },
  hide: { from: ['pending', 'active', 'paused'] as ListingStatus[], to: 'hidden' as const, action: 'listing.hidden' },
  restore: { from: ['hidden'] as ListingStatus[], to: 'active' as const, action: 'listing.restored' },
}

/** A manager's act on a listing of their centre, written to the audit log in the same transaction. */
export async function moderateListing(
  db: DbOrTx,
  actorId: string,
  centreId: string,
  id: string,
  act: { intent: 'approve' } | { intent: 'restore' } | { intent: 'hide'; reason: string },
): Promise<ModerationResult> {
  const rule = MANAGER_TRANSITIONS[act.intent]
  return db.transaction(async (tx) => {
    const current = await lockListing(tx, centreId, id)
    if (!current) return { ok: false, reason: 'notFound' } as const
    if (!rule.from.includes(current.status)) return { ok: false, reason: 'invalidTransition' } as const
    const reason = act.intent === 'hide' ? act.reason : null
    await tx
      .update(listings)
      .set({
        status: rule.to,
        moderationReason: reason,
        updatedAt: new Date(),
        publishedAt: rule.to === 'active' ? (current.publishedAt ?? new Date()) : current.publishedAt,
      })
      .where(eq(listings.id, id))
    await recordAudit(tx, {
      centreId,
      actorId,
      action: rule.action,
      subjectType: 'listing',
      subjectId: id,
      details: { title: current.title, from: current.status, to: rule.to, ...(reason ? { reason } : {}) },
    })
    if (act.intent === 'approve') await onListingPublished(tx, id)
    return { ok: true } as const
  })
}

const cardColumns = {
  id: listings.id,
  kind: listings.kind,
  category: listings.category,
  title: listings.title,
  status: listings.status,
  visibility: listings.visibility,
  compensation: listings.compensation,
  createdAt: listings.createdAt,
  moderationReason: listings.moderationReason,
  initiativeName: initiatives.name,
  initiativeSlug: initiatives.slug,
}

/** The manager's queue: pending listings first (oldest first), then hidden ones, then the newest live ones. */
export async function listModerationQueue(db: DbOrTx, centreId: string, limit = 50) {
  const base = () =>
    db.select(cardColumns).from(listings).innerJoin(initiatives, eq(initiatives.id, listings.initiativeId))
  const [pending, hidden, live] = await Promise.all([
    base()
      .where(and(eq(listings.centreId, centreId), eq(listings.status, 'pending')))
      .orderBy(asc(listings.createdAt), asc(listings.id))
      .limit(limit),
    base()
      .where(and(eq(listings.centreId, centreId), eq(listings.status, 'hidden')))
      .orderBy(desc(listings.updatedAt), desc(listings.id))
      .limit(limit),
    base()
      .where(and(eq(listings.centreId, centreId), eq(listings.status, 'active')))
      .orderBy(desc(listings.createdAt), desc(listings.id))
      .limit(limit),
  ])
  return { pending, hidden, live }
}

/** Active offers and needs of one initiative that this viewer may see (for its profile page). */
export async function listInitiativeListings(db: DbOrTx, viewer: ListingViewer, centreId: string, initiativeId: string) {
  return db
    .select({ ...cardColumns, centreSlug: centres.slug })
    .from(listings)
    .innerJoin(initiatives, eq(initiatives.id, listings.initiativeId))
    .innerJoin(centres, eq(centres.id, listings.centreId))
    .where(and(eq(listings.initiativeId, initiativeId), eq(listings.centreId, centreId), visibleScope(viewer, centreId)))
    .orderBy(asc(listings.kind), desc(listings.createdAt), desc(listings.id))
    .limit(100)
}

/** The member's own initiatives' listings in every state (so a paused or hidden one is findable). */
export async function listMyListings(db: DbOrTx, viewer: ListingViewer, centreId: string, limit = 50) {
  if (!viewer.initiativeIds.length) return []
  return db
    .select(cardColumns)
    .from(listings)
    .innerJoin(initiatives, eq(initiatives.id, listings.initiativeId))
    .where(and(eq(listings.centreId, centreId), inArray(listings.initiativeId, viewer.initiativeIds)))
    .orderBy(desc(listings.updatedAt), desc(listings.id))
    .limit(limit)
}
