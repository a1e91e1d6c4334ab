import { and, asc, eq, gt, isNull, lt, or } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { DbOrTx } from '#db/connect'
import { bookings, centres, icalFeeds, initiatives, listings, users } from '#db/schema'
import { hashToken } from '~/modules/auth/session.server'
import { isMemberOf } from '~/modules/initiatives/memberships.server'
import { isLocale } from '~/utils/i18n'
import { getT } from '~/utils/i18n.server'
import { requester } from './bookings.server'
import { renderCalendar } from './ical'

/** The iCalendar text of a live feed token, or null (unknown or revoked tokens look the same). */
export async function renderFeed(db: DbOrTx, token: string, options: { now?: Date } = {}) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null
  const [feed] = await db
    .select({ feed: icalFeeds, timeZone: centres.timeZone, locale: users.locale })
    .from(icalFeeds)
    .innerJoin(centres, eq(centres.id, icalFeeds.centreId))
    .leftJoin(users, eq(users.id, icalFeeds.createdBy))
    .where(and(eq(icalFeeds.tokenHash, hashToken(token)), isNull(icalFeeds.revokedAt)))
  if (!feed) return null
  // Only while the person who made it still belongs to the initiative: the URL is shown to them
  // alone, once, and someone who left (or was erased) must not go on reading its bookings
  const [belongsTo] =
    feed.feed.subjectType === 'listing'
      ? await db.select({ initiativeId: listings.initiativeId }).from(listings).where(eq(listings.id, feed.feed.subjectId))
      : [{ initiativeId: feed.feed.subjectId }]
  if (!belongsTo || !feed.feed.createdBy || !(await isMemberOf(db, feed.feed.createdBy, belongsTo.initiativeId))) return null
  const t = getT(isLocale(feed.locale) ? feed.locale : 'de')
  const now = options.now ?? new Date()
  const owner = alias(initiatives, 'owner')
  const subject = feed.feed.subjectType === 'listing' ? eq(bookings.listingId, feed.feed.subjectId) : or(eq(bookings.ownerInitiativeId, feed.feed.subjectId), eq(bookings.requesterInitiativeId, feed.feed.subjectId))
  const rows = await db
    .select({
      id: bookings.id,
      start: bookings.startsAt,
      end: bookings.endsAt,
      purpose: bookings.purpose,
      decidedAt: bookings.decidedAt,
      createdAt: bookings.createdAt,
      listingTitle: listings.title,
      ownerName: owner.name,
      requesterName: requester.name,
    })
    .from(bookings)
    .innerJoin(listings, eq(listings.id, bookings.listingId))
    .innerJoin(owner, eq(owner.id, bookings.ownerInitiativeId))
    .innerJoin(requester, eq(requester.id, bookings.requesterInitiativeId))
    .where(
      and(
        eq(bookings.centreId, feed.feed.centreId),
        eq(bookings.state, 'accepted'),
        subject,
        gt(bookings.endsAt, new Date(now.getTime() - 90 * 86_400_000)),
        lt(bookings.startsAt, new Date(now.getTime() + 400 * 86_400_000)),
      ),
    )
    .orderBy(asc(bookings.startsAt))
    .limit(1000)
  let name = ''
  if (feed.feed.subjectType === 'listing') {
    const [listing] = await db.select({ title: listings.title }).from(listings).where(eq(listings.id, feed.feed.subjectId))
    name = listing?.title ?? ''
  } else {
    const [initiative] = await db.select({ name: initiatives.name }).from(initiatives).where(eq(initiatives.id, feed.feed.subjectId))
    name = initiative?.name ?? ''
  }
  return renderCalendar({
    name: t('bookings.ical.calendarName', { name }),
    timeZone: feed.timeZone,
    now,
    events: rows.map((r) => ({
      uid: `booking-${r.id}@viertel`,
      start: r.start,
      end: r.end,
      stamp: r.decidedAt ?? r.createdAt,
      summary: t('bookings.ical.summary', { listing: r.listingTitle, initiative: r.requesterName }),
      description: r.purpose,
      location: r.ownerName,
    })),
  })
}
