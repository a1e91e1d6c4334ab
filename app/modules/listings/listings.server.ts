import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { centres, initiatives, listingPhotos, listings } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { activeUnderLock, isMemberOf } from '~/modules/initiatives/memberships.server'
import { conceptColumns, MAX_CONCEPTS } from '~/modules/matching/listing-concepts.server'
import { onListingPublished } from '~/modules/matching/matching.server'
import { currentThesaurus } from '~/modules/matching/vocabulary.server'
import { hitRateLimit } from '~/modules/security/rate-limit.server'
import { MAX_PHOTOS } from './constants'
import { addPhotos, countPhotos, photoIdsOf, removePhotos, type ValidPhoto } from './photos.server'
import { contentOf, diffContent, type ListingContent, type ReviewChange, sameContent, statusAfterChange, statusOnReopen } from './review'
import type { ListingStatus, ListingValues } from './schemas'
import { canRead, canWrite, type ListingViewer, visibleScope } from './visibility.server'

export type Listing = typeof listings.$inferSelect

export { canRead, canWrite, getListingViewer, type ListingViewer, listingViewerOf, VISITOR, visibleScope } from './visibility.server'

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
  const { search: _search, conceptTerms: _conceptTerms, conceptsSeen: _conceptsSeen, ...listing } = row.listing
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

/** What a live listing in a post-moderated centre records as accepted (ADR 059). */
function accepted(content: ListingContent) {
  return { approvedContent: content, approvedAt: new Date() }
}

/** createListing for an initiative that is not (or no longer) an active one of the centre: the route answers 403. */
export class InactiveInitiativeError extends Error {
  constructor() {
    super('createListing: the initiative is not an active one of this centre')
  }
}

/**
 * A new listing of one of the member's initiatives, with its checked photos. Pre-moderated
 * centres hold it as `pending` until a manager approves it; post-moderated ones publish it at once
 * and record its content as the accepted one.
 */
/** The concepts the recogniser finds in a listing's text: the chips its form suggests. */
async function recognisedIn(db: DbOrTx, values: Pick<ListingValues, 'title' | 'description' | 'language'>) {
  return (await currentThesaurus(db)).conceptsOf(`${values.title} ${values.description}`, values.language)
}

export async function createListing(
  db: DbOrTx,
  membership: { initiative: { id: string; centreId: string; status: string } },
  centre: CentreModeration,
  userId: string,
  values: ListingValues,
  photos: ValidPhoto[] = [],
  concepts?: readonly string[],
  /** the concepts the author decided on (the chips shown, ticked or not); by default the chosen and the recognised ones */
  seen?: readonly string[],
) {
  if (membership.initiative.centreId !== centre.id || membership.initiative.status !== 'active') throw new InactiveInitiativeError()
  const status = centre.moderationMode === 'pre' ? 'pending' : 'active'
  // without chips (a caller other than the form): the recogniser's concepts, as the form would suggest, decided by nobody
  const recognised = concepts && seen ? [] : await recognisedIn(db, values)
  const chosen = concepts ?? recognised.slice(0, MAX_CONCEPTS)
  const decided = concepts ? (seen ?? [...concepts, ...recognised]) : []
  return db.transaction(async (tx) => {
    // suspended since the caller looked (a manager's suspension hides only the listings it finds)
    if (!(await activeUnderLock(tx, centre.id, [membership.initiative.id]))) throw new InactiveInitiativeError()
    const [row] = await tx
      .insert(listings)
      .values({
        ...values,
        ...conceptColumns(chosen, decided),
        centreId: centre.id,
        initiativeId: membership.initiative.id,
        createdBy: userId,
        status,
        publishedAt: status === 'active' ? new Date() : null,
      })
      .returning()
    const listing = row!
    await addPhotos(tx, { id: listing.id, centreId: centre.id }, photos)
    if (listing.status === 'active') {
      await tx
        .update(listings)
        .set(accepted(contentOf(listing, await photoIdsOf(tx, listing.id))))
        .where(eq(listings.id, listing.id))
      await onListingPublished(tx, listing.id)
    }
    return { id: listing.id, status: listing.status }
  })
}

export interface PhotoChanges {
  add?: ValidPhoto[]
  /** Ids of this listing's photos to remove (others are ignored). */
  remove?: string[]
}

export type ListingUpdate = {
  id: string
  status: ListingStatus
  /** Did the content (fields or photos) change at all? */
  changed: boolean
  /** Did this change take the listing out of view and into the managers' queue? */
  sentToReview: boolean
  /** Did its concepts change? (Not content a manager reviews: they describe it for matching and search.) */
  conceptsChanged: boolean
}

/**
 * Edits (fields and photos, in one transaction) by a member of the owning initiative. In a
 * pre-moderated centre any change sends the listing to the queue whatever its state (ADR 059):
 * only a draft stays a draft and a hidden one stays hidden; what a manager approved is what is
 * shown. In a post-moderated centre a live listing stays live and its new content is the accepted one.
 */
/** An edit would leave the listing with more than MAX_PHOTOS photos (nothing of it is written). */
export class TooManyPhotosError extends Error {}

export async function updateListing(
  db: DbOrTx,
  viewer: ListingViewer,
  centre: CentreModeration,
  id: string,
  values: ListingValues,
  photos: PhotoChanges = {},
  /** the concepts the author confirmed; unchanged when not given */
  concepts?: readonly string[],
  /** the concepts the author decided on (the chips shown, ticked or not); by default the confirmed and the recognised ones */
  seen?: readonly string[],
): Promise<ListingUpdate | null> {
  return db.transaction(async (tx) => {
    const current = await lockListing(tx, centre.id, id)
    if (!current || !canWrite(viewer, current, centre.id)) return null
    const before = contentOf(current, await photoIdsOf(tx, id))
    if (photos.remove?.length) await removePhotos(tx, id, photos.remove)
    if (photos.add?.length) {
      // counted here, under the listing's lock: the form's count was read before it, and another
      // edit may have added photos since (or the same photo was named twice for removal)
      if ((await countPhotos(tx, id)) + photos.add.length > MAX_PHOTOS) throw new TooManyPhotosError()
      await addPhotos(tx, { id, centreId: centre.id }, photos.add)
    }
    const [row] = await tx
      .update(listings)
      .set({ ...values, ...(concepts ? conceptColumns(concepts, seen ?? [...concepts, ...(await recognisedIn(tx, values))]) : {}), updatedAt: new Date() })
      .where(eq(listings.id, id))
      .returning()
    // Compared as stored (both sides read back from the database), so jsonb's normal form cannot
    // make an unchanged form look changed.
    const after = contentOf(row!, await photoIdsOf(tx, id))
    const changed = !sameContent(before, after)
    const status = statusAfterChange(centre.moderationMode, current.status, changed)
    const live = centre.moderationMode === 'post' && status === 'active'
    await tx
      .update(listings)
      .set({
        status,
        revision: changed ? current.revision + 1 : current.revision,
        ...(live && (changed || !current.approvedContent) ? accepted(after) : {}),
      })
      .where(eq(listings.id, id))
    const conceptsChanged = !!concepts && (current.concepts ?? []).join(' ') !== [...concepts].sort().join(' ')
    return { id, status, changed, sentToReview: status === 'pending' && current.status !== 'pending', conceptsChanged }
  })
}

const OWNER_TRANSITIONS: Record<'pause' | 'reopen' | 'close', { from: ListingStatus[] }> = {
  pause: { from: ['active'] },
  reopen: { from: ['paused', 'closed'] },
  close: { from: ['draft', 'pending', 'active', 'paused'] },
}

export type StatusChange = { ok: true; status: ListingStatus } | { ok: false; error: 'notFound' | 'invalidTransition' }

/**
 * Pause, reopen or close, by a member of the owning initiative. In a pre-moderated centre a
 * reopened listing goes live only with exactly the content a manager approved; otherwise it
 * goes to the queue.
 */
export async function changeListingStatus(
  db: DbOrTx,
  viewer: ListingViewer,
  centre: CentreModeration,
  id: string,
  intent: 'pause' | 'reopen' | 'close',
): Promise<StatusChange> {
  return db.transaction(async (tx) => {
    const current = await lockListing(tx, centre.id, id)
    if (!current || !canWrite(viewer, current, centre.id)) return { ok: false, error: 'notFound' } as const
    if (!OWNER_TRANSITIONS[intent].from.includes(current.status)) return { ok: false, error: 'invalidTransition' } as const
    let status: ListingStatus = intent === 'pause' ? 'paused' : 'closed'
    let approval = {}
    if (intent === 'reopen') {
      const content = contentOf(current, await photoIdsOf(tx, id))
      status = statusOnReopen(centre.moderationMode, current.approvedContent, content)
      if (status === 'active' && centre.moderationMode === 'post') approval = accepted(content)
    }
    await tx
      .update(listings)
      .set({
        status,
        updatedAt: new Date(),
        publishedAt: status === 'active' ? (current.publishedAt ?? new Date()) : current.publishedAt,
        ...approval,
      })
      .where(eq(listings.id, id))
    return { ok: true, status } as const
  })
}

export type ModerationResult = { ok: true } | { ok: false; error: 'notFound' | 'invalidTransition' | 'changed' | 'ownInitiative' }

const MANAGER_TRANSITIONS = {
  approve: { from: ['pending'] as ListingStatus[], to: 'active' as const, action: 'listing.approved' },
  hide: { from: ['pending', 'active', 'paused'] as ListingStatus[], to: 'hidden' as const, action: 'listing.hidden' },
  restore: { from: ['hidden'] as ListingStatus[], to: 'active' as const, action: 'listing.restored' },
}

/**
 * A manager's act on a listing of their centre, written to the audit log in the same transaction.
 * Approving or restoring records the content as approved; with `revision` (the version the
 * manager looked at) it is refused as `changed` when the owner changed the listing since.
 */
export async function moderateListing(
  db: DbOrTx,
  actorId: string,
  centreId: string,
  id: string,
  act: ({ intent: 'approve' } | { intent: 'restore' } | { intent: 'hide'; reason: string }) & { revision?: number },
): Promise<ModerationResult> {
  const rule = MANAGER_TRANSITIONS[act.intent]
  return db.transaction(async (tx) => {
    const current = await lockListing(tx, centreId, id)
    if (!current) return { ok: false, error: 'notFound' } as const
    if (!rule.from.includes(current.status)) return { ok: false, error: 'invalidTransition' } as const
    // one person, one side (ADR 058): a manager does not let their own initiative's listing go live
    if (rule.to === 'active' && (await isMemberOf(tx, actorId, current.initiativeId))) return { ok: false, error: 'ownInitiative' } as const
    if (act.revision !== undefined && act.revision !== current.revision && act.intent !== 'hide') {
      return { ok: false, error: 'changed' } as const
    }
    const reason = act.intent === 'hide' ? act.reason : null
    const goesLive = rule.to === 'active'
    const content = goesLive ? contentOf(current, await photoIdsOf(tx, id)) : null
    const changedFields =
      content && current.approvedContent ? diffContent(current.approvedContent, content).map((c) => c.field) : null
    await tx
      .update(listings)
      .set({
        status: rule.to,
        moderationReason: reason,
        updatedAt: new Date(),
        publishedAt: goesLive ? (current.publishedAt ?? new Date()) : current.publishedAt,
        ...(content ? { approvedContent: content, approvedAt: new Date() } : {}),
      })
      .where(eq(listings.id, id))
    await recordAudit(tx, {
      centreId,
      actorId,
      action: rule.action,
      subjectType: 'listing',
      subjectId: id,
      details: {
        title: current.title,
        from: current.status,
        to: rule.to,
        ...(reason ? { reason } : {}),
        ...(goesLive ? { revision: current.revision, changed: changedFields ?? 'new' } : {}),
      },
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

export type QueueReview = { kind: 'new' } | { kind: 'changed'; changes: ReviewChange[] }

/** What a manager reviews: every change since the approved content, or "never approved". */
async function withReview<T extends { id: string }>(
  db: DbOrTx,
  items: T[],
): Promise<(T & { revision: number | null; review: QueueReview | null })[]> {
  if (!items.length) return []
  const ids = items.map((i) => i.id)
  const [rows, photos] = await Promise.all([
    db.select().from(listings).where(inArray(listings.id, ids)),
    db
      .select({ id: listingPhotos.id, listingId: listingPhotos.listingId })
      .from(listingPhotos)
      .where(inArray(listingPhotos.listingId, ids))
      .orderBy(asc(listingPhotos.listingId), asc(listingPhotos.position)),
  ])
  const byId = new Map(rows.map((r) => [r.id, r]))
  return items.map((item) => {
    const row = byId.get(item.id)!
    const content = contentOf(row, photos.filter((p) => p.listingId === item.id).map((p) => p.id))
    const review: QueueReview = row.approvedContent
      ? { kind: 'changed', changes: diffContent(row.approvedContent, content) }
      : { kind: 'new' }
    return { ...item, revision: row.revision, review }
  })
}

/**
 * The manager's queue: pending listings first (oldest first), then hidden ones, then the newest
 * live ones; pending and hidden ones with what changed since approval (ADR 059).
 */
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
  const [pendingReviewed, hiddenReviewed] = await Promise.all([withReview(db, pending), withReview(db, hidden)])
  return {
    pending: pendingReviewed,
    hidden: hiddenReviewed,
    live: live.map((item) => ({ ...item, revision: null, review: null })),
  }
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
