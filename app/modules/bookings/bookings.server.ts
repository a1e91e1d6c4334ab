import { randomBytes } from 'node:crypto'
import { and, asc, eq, gt, inArray, isNull, lt, or } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { DbOrTx } from '#db/connect'
import { pgCode } from '#db/errors'
import { bookings, centres, icalFeeds, initiatives, listings } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { hasOtherMember, myInitiativeIds } from '~/modules/initiatives/memberships.server'
import { hashToken } from '~/modules/auth/session.server'
import { proposeExchange, transition } from '~/modules/exchanges/exchanges.server'
import { isUuid } from '~/utils/misc'
import { MAX_BOOKING_DAYS } from './schemas'
import { addDays, localDateOf, mondayOf, zonedToInstant } from '~/utils/time'
import type { Actor, FieldErrors } from '~/modules/shared/results'
import { listingOfCentre } from '~/modules/listings/subject.server'

/**
 * Bookings of rooms and tools. Accepted bookings of one listing never overlap: the database's
 * exclusion constraint decides (db/sql/bookings.ts), and its refusal (23P01) becomes the typed
 * answer `alreadyBooked`. Each booking is tied to an exchange (proposed with the request,
 * accepted, declined or withdrawn/cancelled with it; docs/decisions/042-booking-and-exchange.md).
 */

export type Booking = typeof bookings.$inferSelect
export type { Actor, FieldErrors } from '~/modules/shared/results'
export type Failure =
  | { ok: false; error: 'notFound' }
  | { ok: false; error: 'invalid'; fieldErrors: FieldErrors }
  | { ok: false; error: 'notAllowed' }
  | { ok: false; error: 'alreadyBooked' }

const NOT_FOUND = { ok: false, error: 'notFound' } as const
const NOT_ALLOWED = { ok: false, error: 'notAllowed' } as const

/** Thrown inside a transaction to roll it back with a typed answer. */
class Abort extends Error {
  constructor(readonly result: Failure) {
    super(result.error)
  }
}

/** The actor's active initiatives of this centre (the one membership reader). */
const activeInitiativeIds = (db: DbOrTx, actor: Actor, centreId: string) => myInitiativeIds(db, actor.id, centreId)

/** A listing that can be booked: an active room or tool offer of an active initiative of this centre, marked bookable. */
export async function getBookableListing(db: DbOrTx, centreId: string, listingId: string) {
  const row = await listingOfCentre(db, centreId, listingId)
  if (!row || !row.bookable || row.kind !== 'offer' || !['room', 'tool'].includes(row.category)) return null
  if (row.status !== 'active' || row.initiativeStatus !== 'active') return null
  return row
}

async function overlapsAccepted(db: DbOrTx, listingId: string, start: Date, end: Date) {
  const [row] = await db
    .select({ id: bookings.id })
    .from(bookings)
    .where(and(eq(bookings.listingId, listingId), eq(bookings.state, 'accepted'), lt(bookings.startsAt, end), gt(bookings.endsAt, start)))
    .limit(1)
  return Boolean(row)
}

export interface RequestInput {
  listingId: string
  /** the actor's initiative, which books */
  initiativeId: string
  /** local wall-clock times in the centre's zone, as a datetime-local input gives them */
  start: string
  end: string
  purpose: string
}

export async function requestBooking(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  input: RequestInput,
  options: { now?: Date; silent?: boolean } = {},
): Promise<{ ok: true; booking: Booking } | Failure> {
  const listing = await getBookableListing(db, centreId, input.listingId)
  if (!listing) return NOT_FOUND
  const mine = await activeInitiativeIds(db, actor, centreId)
  if (!mine.includes(input.initiativeId)) return NOT_FOUND
  if (listing.initiativeId === input.initiativeId) return { ok: false, error: 'invalid', fieldErrors: { initiativeId: ['bookings.errors.ownListing'] } }
  if (!(await hasOtherMember(db, listing.initiativeId, actor.id))) {
    return { ok: false, error: 'invalid', fieldErrors: { '': ['bookings.errors.nobodyToAnswer'] } }
  }
  const [centre] = await db.select({ timeZone: centres.timeZone }).from(centres).where(eq(centres.id, centreId))
  const timeZone = centre!.timeZone
  const start = zonedToInstant(input.start, timeZone)
  const end = zonedToInstant(input.end, timeZone)
  const errors: FieldErrors = {}
  if (!start) errors.start = ['bookings.errors.dateTime']
  if (!end) errors.end = ['bookings.errors.dateTime']
  const now = options.now ?? new Date()
  if (start && end) {
    if (end <= start) errors.end = ['bookings.errors.endBeforeStart']
    else if (end.getTime() - start.getTime() > MAX_BOOKING_DAYS * 86_400_000) errors.end = [`bookings.errors.tooLong?days=${MAX_BOOKING_DAYS}`]
    if (start.getTime() < now.getTime() - 3_600_000) errors.start = ['bookings.errors.inPast']
    if (start.getTime() > now.getTime() + 2 * 365 * 86_400_000) errors.start = ['bookings.errors.tooFar']
    // within the days the listing says it is available (local days of the centre; the end is exclusive)
    if (listing.availableFrom && localDateOf(start, timeZone) < listing.availableFrom) {
      errors.start = [`bookings.errors.notYetAvailable?from=${listing.availableFrom}`]
    }
    if (listing.availableUntil && end > start && localDateOf(new Date(end.getTime() - 1), timeZone) > listing.availableUntil) {
      errors.end = [`bookings.errors.noLongerAvailable?until=${listing.availableUntil}`]
    }
  }
  if (Object.keys(errors).length || !start || !end) return { ok: false, error: 'invalid', fieldErrors: errors }
  if (await overlapsAccepted(db, listing.id, start, end)) return { ok: false, error: 'alreadyBooked' }

  try {
    return await db.transaction(async (tx) => {
      const minutes = Math.max(1, Math.round((end.getTime() - start.getTime()) / 60_000))
      const exchange = await proposeExchange(tx, actor, centreId, {
        listingId: listing.id,
        initiativeId: input.initiativeId,
        minutes,
        date: localDateOf(start, timeZone),
        message: input.purpose,
      }, { silent: options.silent })
      if (!exchange.ok) throw new Abort(exchange.error === 'invalid' ? { ok: false, error: 'invalid', fieldErrors: exchange.fieldErrors } : NOT_FOUND)
      const [booking] = await tx
        .insert(bookings)
        .values({
          centreId,
          listingId: listing.id,
          ownerInitiativeId: listing.initiativeId,
          requesterInitiativeId: input.initiativeId,
          exchangeId: exchange.exchange.id,
          startsAt: start,
          endsAt: end,
          purpose: input.purpose,
          requestedBy: actor.id,
        })
        .returning()
      await recordAudit(tx, {
        centreId,
        actorId: actor.id,
        action: 'booking.requested',
        subjectType: 'booking',
        subjectId: booking!.id,
        details: { listingId: listing.id, start: start.toISOString(), end: end.toISOString() },
      })
      return { ok: true as const, booking: booking! }
    })
  } catch (error) {
    if (error instanceof Abort) return error.result
    throw error
  }
}

async function lockBooking(tx: DbOrTx, centreId: string, bookingId: string) {
  if (!isUuid(bookingId)) return null
  const [row] = await tx
    .select()
    .from(bookings)
    .where(and(eq(bookings.id, bookingId), eq(bookings.centreId, centreId)))
    .for('update')
  return row ?? null
}

/**
 * The owner's members accept or decline a requested booking. Two accepts of overlapping slots
 * (of one or of two owners' members, at the same moment) cannot both commit: the exclusion
 * constraint refuses the second, which answers `alreadyBooked`.
 */
export async function decideBooking(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  bookingId: string,
  decision: 'accept' | 'decline',
  reason?: string | null,
  options: { silent?: boolean } = {},
): Promise<{ ok: true; booking: Booking } | Failure> {
  if (!isUuid(bookingId)) return NOT_FOUND
  try {
    return await db.transaction(async (tx) => {
      const booking = await lockBooking(tx, centreId, bookingId)
      if (!booking) return NOT_FOUND
      const mine = await activeInitiativeIds(tx, actor, centreId)
      const isOwner = mine.includes(booking.ownerInitiativeId)
      if (!isOwner) return mine.includes(booking.requesterInitiativeId) ? NOT_ALLOWED : NOT_FOUND
      if (booking.state !== 'requested') return NOT_ALLOWED
      // One person, one side (ADR 058): whoever asked for the slot does not grant it for the owner.
      if (booking.requestedBy === actor.id) return NOT_ALLOWED
      const now = new Date()
      const [updated] = await tx
        .update(bookings)
        .set({
          state: decision === 'accept' ? 'accepted' : 'declined',
          decidedBy: actor.id,
          decidedAt: now,
          declineReason: decision === 'decline' ? reason?.trim() || null : null,
        })
        .where(eq(bookings.id, booking.id))
        .returning()
      if (booking.exchangeId) {
        const step = await transition(tx, actor, booking.exchangeId, decision, { reason: reason?.trim() || null }, { centreId, silent: options.silent })
        // The exchange may have been withdrawn or declined on its own page: the booking follows the booking's answer.
        if (!step.ok && step.error !== 'notFromThisState') throw new Abort(NOT_ALLOWED)
      }
      await recordAudit(tx, {
        centreId,
        actorId: actor.id,
        action: decision === 'accept' ? 'booking.accepted' : 'booking.declined',
        subjectType: 'booking',
        subjectId: booking.id,
        details: { listingId: booking.listingId },
      })
      return { ok: true as const, booking: updated! }
    })
  } catch (error) {
    if (error instanceof Abort) return error.result
    if (pgCode(error) === '23P01') return { ok: false, error: 'alreadyBooked' }
    throw error
  }
}

/** The requester cancels a requested or accepted booking, or the owner an accepted one; the slot is free again. */
export async function cancelBooking(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  bookingId: string,
  reason: string,
): Promise<{ ok: true; booking: Booking } | Failure> {
  if (!isUuid(bookingId)) return NOT_FOUND
  try {
    return await db.transaction(async (tx) => {
      const booking = await lockBooking(tx, centreId, bookingId)
      if (!booking) return NOT_FOUND
      const mine = await activeInitiativeIds(tx, actor, centreId)
      const isRequester = mine.includes(booking.requesterInitiativeId)
      const isOwner = mine.includes(booking.ownerInitiativeId)
      if (!isRequester && !isOwner) return NOT_FOUND
      const allowed = booking.state === 'accepted' || (booking.state === 'requested' && isRequester)
      if (!allowed) return NOT_ALLOWED
      const [updated] = await tx
        .update(bookings)
        .set({ state: 'cancelled', cancelledBy: actor.id, cancelledAt: new Date() })
        .where(eq(bookings.id, booking.id))
        .returning()
      if (booking.exchangeId) {
        const action = booking.state === 'requested' ? 'withdraw' : 'cancel'
        const step = await transition(tx, actor, booking.exchangeId, action, { reason }, { centreId })
        if (!step.ok && step.error !== 'notFromThisState') throw new Abort(NOT_ALLOWED)
        // Help already given (completed or confirmed) is not undone by cancelling the slot.
        if (!step.ok && ['completed', 'confirmed', 'disputed'].includes(step.state)) throw new Abort(NOT_ALLOWED)
      }
      await recordAudit(tx, {
        centreId,
        actorId: actor.id,
        action: 'booking.cancelled',
        subjectType: 'booking',
        subjectId: booking.id,
        details: { reason, from: booking.state },
      })
      return { ok: true as const, booking: updated! }
    })
  } catch (error) {
    if (error instanceof Abort) return error.result
    throw error
  }
}

// ————— the week view —————

export const requester = alias(initiatives, 'requester')

export interface Slot {
  id: string
  start: Date
  end: Date
  state: 'requested' | 'accepted'
  /** who booked and why: only for the owner's and the requester's members */
  initiativeName: string | null
  purpose: string | null
  mine: boolean
  canDecide: boolean
  canCancel: boolean
}

/**
 * The booking panel of a listing for one week (Monday to Sunday in the centre's zone):
 * accepted slots for everyone who sees the listing, requests for the owner and the requester.
 */
/** How far the booking calendar's week may be from today, in years (a `?week=` further off shows this week). */
export const BOOKING_WEEKS_YEARS = 10

export async function getBookingPanel(
  db: DbOrTx,
  actor: Actor | null,
  centreId: string,
  listingId: string,
  options: { week?: string | null; now?: Date } = {},
) {
  const listing = await getBookableListing(db, centreId, listingId)
  if (!listing) return null
  const [centre] = await db.select({ timeZone: centres.timeZone }).from(centres).where(eq(centres.id, centreId))
  const timeZone = centre!.timeZone
  const now = options.now ?? new Date()
  const today = localDateOf(now, timeZone)
  // a week of the last or next ten years (9999-12-27's next week is in year 10000, which no date formatter takes)
  const inReach = (date: string) => Math.abs(Number(date.slice(0, 4)) - Number(today.slice(0, 4))) <= BOOKING_WEEKS_YEARS
  const requested = options.week && /^\d{4}-\d{2}-\d{2}$/.test(options.week) && inReach(options.week) ? options.week : today
  const monday = mondayOf(zonedToInstant(`${requested}T12:00`, timeZone) ? requested : today)
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i))
  const from = zonedToInstant(`${monday}T00:00`, timeZone)!
  const to = zonedToInstant(`${addDays(monday, 7)}T00:00`, timeZone)!
  const mine = actor ? await activeInitiativeIds(db, actor, centreId) : []
  const isOwner = mine.includes(listing.initiativeId)
  const rows = await db
    .select({
      id: bookings.id,
      start: bookings.startsAt,
      end: bookings.endsAt,
      state: bookings.state,
      purpose: bookings.purpose,
      requesterId: bookings.requesterInitiativeId,
      requesterName: requester.name,
      requestedBy: bookings.requestedBy,
    })
    .from(bookings)
    .innerJoin(requester, eq(requester.id, bookings.requesterInitiativeId))
    .where(
      and(
        eq(bookings.listingId, listing.id),
        lt(bookings.startsAt, to),
        gt(bookings.endsAt, from),
        inArray(bookings.state, ['accepted', 'requested']),
      ),
    )
    .orderBy(asc(bookings.startsAt))
  const slots: Slot[] = rows
    .filter((r) => r.state === 'accepted' || isOwner || mine.includes(r.requesterId))
    .map((r) => {
      const involved = isOwner || mine.includes(r.requesterId)
      return {
        id: r.id,
        start: r.start,
        end: r.end,
        state: r.state as 'requested' | 'accepted',
        initiativeName: involved ? r.requesterName : null,
        purpose: involved ? r.purpose : null,
        mine: mine.includes(r.requesterId),
        canDecide: isOwner && r.state === 'requested' && r.requestedBy !== actor?.id,
        canCancel: (r.state === 'accepted' && involved) || (r.state === 'requested' && mine.includes(r.requesterId)),
      }
    })
  const myInitiatives = mine.length
    ? await db
        .select({ id: initiatives.id, name: initiatives.name })
        .from(initiatives)
        .where(and(inArray(initiatives.id, mine.filter((id) => id !== listing.initiativeId))))
        .orderBy(asc(initiatives.name))
    : []
  // a member of the owner asking from another of theirs, with nobody else to accept it: refused (ADR 058), so not offered
  const nobodyToAnswer = isOwner && myInitiatives.length > 0 && actor ? !(await hasOtherMember(db, listing.initiativeId, actor.id)) : false
  const [feed] = isOwner
    ? await db
        .select({ id: icalFeeds.id, createdAt: icalFeeds.createdAt })
        .from(icalFeeds)
        .where(and(eq(icalFeeds.subjectType, 'listing'), eq(icalFeeds.subjectId, listing.id), isNull(icalFeeds.revokedAt)))
    : []
  return {
    listing: { id: listing.id, title: listing.title, initiativeName: listing.initiativeName },
    timeZone,
    week: { monday, days, previous: addDays(monday, -7), next: addDays(monday, 7) },
    /** the day the request form suggests: tomorrow, or the shown week's Monday if that is later */
    suggestedDay: [addDays(localDateOf(now, timeZone), 1), monday].sort()[1]!,
    slots,
    isOwner,
    canRequest: myInitiatives.length > 0 && !nobodyToAnswer,
    nobodyToAnswer,
    myInitiatives,
    feed: isOwner ? { live: Boolean(feed), createdAt: feed?.createdAt ?? null } : null,
  }
}

/** The bookings of the actor's initiatives (made and received), upcoming first, with each initiative's feed state. */
export async function listMyBookings(db: DbOrTx, actor: Actor, centreId: string, options: { now?: Date } = {}) {
  const mine = await activeInitiativeIds(db, actor, centreId)
  if (!mine.length) return { bookings: [], initiatives: [] }
  const now = options.now ?? new Date()
  const owner = alias(initiatives, 'owner')
  const rows = await db
    .select({
      id: bookings.id,
      listingId: bookings.listingId,
      listingTitle: listings.title,
      start: bookings.startsAt,
      end: bookings.endsAt,
      state: bookings.state,
      purpose: bookings.purpose,
      exchangeId: bookings.exchangeId,
      ownerId: bookings.ownerInitiativeId,
      ownerName: owner.name,
      requesterId: bookings.requesterInitiativeId,
      requesterName: requester.name,
      requestedBy: bookings.requestedBy,
    })
    .from(bookings)
    .innerJoin(listings, eq(listings.id, bookings.listingId))
    .innerJoin(owner, eq(owner.id, bookings.ownerInitiativeId))
    .innerJoin(requester, eq(requester.id, bookings.requesterInitiativeId))
    .where(
      and(
        eq(bookings.centreId, centreId),
        or(inArray(bookings.ownerInitiativeId, mine), inArray(bookings.requesterInitiativeId, mine)),
        gt(bookings.endsAt, new Date(now.getTime() - 30 * 86_400_000)),
      ),
    )
    .orderBy(asc(bookings.startsAt))
    .limit(200)
  const [myInitiatives, feeds] = await Promise.all([
    db.select({ id: initiatives.id, name: initiatives.name }).from(initiatives).where(inArray(initiatives.id, mine)).orderBy(asc(initiatives.name)),
    db
      .select({ subjectId: icalFeeds.subjectId })
      .from(icalFeeds)
      .where(and(eq(icalFeeds.subjectType, 'initiative'), inArray(icalFeeds.subjectId, mine), isNull(icalFeeds.revokedAt))),
  ])
  const live = new Set(feeds.map((f) => f.subjectId))
  return {
    bookings: rows.map(({ requestedBy, ...r }) => ({
      ...r,
      side: mine.includes(r.ownerId) ? ('owner' as const) : ('requester' as const),
      canDecide: mine.includes(r.ownerId) && r.state === 'requested' && requestedBy !== actor.id,
      canCancel: r.state === 'accepted' || (r.state === 'requested' && mine.includes(r.requesterId)),
    })),
    initiatives: myInitiatives.map((i) => ({ ...i, feedLive: live.has(i.id) })),
  }
}

// ————— iCal feeds —————

export type FeedSubject = { type: 'listing' | 'initiative'; id: string }

async function mayManageFeed(db: DbOrTx, actor: Actor, centreId: string, subject: FeedSubject) {
  if (!isUuid(subject.id)) return false
  const mine = await activeInitiativeIds(db, actor, centreId)
  if (subject.type === 'initiative') return mine.includes(subject.id)
  const listing = await getBookableListing(db, centreId, subject.id)
  return Boolean(listing && mine.includes(listing.initiativeId))
}

/**
 * A new secret feed URL for a listing or an initiative; any earlier one stops working. Only the
 * SHA-256 of the token is stored: the token is shown once, to be copied into a calendar app.
 */
export async function createFeed(db: DbOrTx, actor: Actor, centreId: string, subject: FeedSubject): Promise<{ ok: true; token: string } | Failure> {
  if (!(await mayManageFeed(db, actor, centreId, subject))) return NOT_FOUND
  const token = randomBytes(24).toString('base64url')
  await db.transaction(async (tx) => {
    await tx
      .update(icalFeeds)
      .set({ revokedAt: new Date() })
      .where(and(eq(icalFeeds.subjectType, subject.type), eq(icalFeeds.subjectId, subject.id), isNull(icalFeeds.revokedAt)))
    await tx.insert(icalFeeds).values({ centreId, subjectType: subject.type, subjectId: subject.id, tokenHash: hashToken(token), createdBy: actor.id })
  })
  return { ok: true, token }
}

export async function revokeFeed(db: DbOrTx, actor: Actor, centreId: string, subject: FeedSubject): Promise<{ ok: true } | Failure> {
  if (!(await mayManageFeed(db, actor, centreId, subject))) return NOT_FOUND
  await db
    .update(icalFeeds)
    .set({ revokedAt: new Date() })
    .where(and(eq(icalFeeds.subjectType, subject.type), eq(icalFeeds.subjectId, subject.id), isNull(icalFeeds.revokedAt)))
  return { ok: true }
}
