import { sql } from 'drizzle-orm'
import { check, index, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { centres, initiatives } from './centres'
import { createdAt, id, tstz } from './columns'
import { exchanges } from './exchanges'
import { listings } from './listings'
import { users } from './users'

export const bookingState = pgEnum('booking_state', ['requested', 'accepted', 'declined', 'cancelled'])

/**
 * A slot of a bookable room or tool offer. Accepted bookings of one listing never overlap: an
 * exclusion constraint over tstzrange(starts_at, ends_at) says so (db/sql/bookings.ts).
 */
export const bookings = pgTable(
  'bookings',
  {
    id: id(),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'restrict' }),
    listingId: uuid('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    /** the initiative that offers the resource (copied from the listing when requested) */
    ownerInitiativeId: uuid('owner_initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'restrict' }),
    requesterInitiativeId: uuid('requester_initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'restrict' }),
    /** the exchange the booking is logged as (docs/decisions/042-booking-and-exchange.md) */
    exchangeId: uuid('exchange_id').references(() => exchanges.id, { onDelete: 'set null' }),
    startsAt: tstz('starts_at').notNull(),
    endsAt: tstz('ends_at').notNull(),
    purpose: text('purpose').notNull(),
    state: bookingState('state').notNull().default('requested'),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: tstz('decided_at'),
    declineReason: text('decline_reason'),
    cancelledBy: uuid('cancelled_by').references(() => users.id, { onDelete: 'set null' }),
    cancelledAt: tstz('cancelled_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('bookings_listing_time_idx').on(t.listingId, t.startsAt),
    index('bookings_requester_idx').on(t.requesterInitiativeId, t.startsAt),
    index('bookings_owner_idx').on(t.ownerInitiativeId, t.startsAt),
    check('bookings_ordered', sql`${t.endsAt} > ${t.startsAt}`),
    check('bookings_at_most_31_days', sql`${t.endsAt} - ${t.startsAt} <= interval '31 days'`),
    check('bookings_purpose_length', sql`char_length(${t.purpose}) between 1 and 500`),
    check('bookings_two_sides', sql`${t.ownerInitiativeId} <> ${t.requesterInitiativeId}`),
  ],
)

export const icalSubject = pgEnum('ical_subject', ['listing', 'initiative'])

/** A secret calendar-feed URL; only the SHA-256 of its token is stored. Revoked feeds stay for the record. */
export const icalFeeds = pgTable(
  'ical_feeds',
  {
    id: id(),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'cascade' }),
    subjectType: icalSubject('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    revokedAt: tstz('revoked_at'),
  },
  (t) => [
    uniqueIndex('ical_feeds_token_key').on(t.tokenHash),
    uniqueIndex('ical_feeds_one_live_key').on(t.subjectType, t.subjectId).where(sql`${t.revokedAt} is null`),
  ],
)
