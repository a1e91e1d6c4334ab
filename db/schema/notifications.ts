import { sql } from 'drizzle-orm'
import { check, index, jsonb, pgEnum, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { centres, initiatives } from './centres'
import { createdAt, id, tstz } from './columns'
import { listings, listingCategory, listingKind } from './listings'
import { users } from './users'

/**
 * The kinds a person can be told about. Kept as text (not an enum) so that a new kind is a code
 * change, not a migration; the list in app/modules/notifications/kinds.ts is the one source.
 */
export const notificationMode = pgEnum('notification_mode', ['immediate', 'daily', 'weekly', 'never'])

/** One thing a person is told about, in the app; `delivery` says how its e-mail goes (decided when created). */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    centreId: uuid('centre_id').references(() => centres.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, string | number | null>>().notNull().default(sql`'{}'::jsonb`),
    /** The e-mail mode in force when the notification was made: immediate mails went out at once. */
    delivery: notificationMode('delivery').notNull().default('immediate'),
    /** Set when a daily/weekly digest took it (or an immediate e-mail was queued). */
    emailedAt: tstz('emailed_at'),
    readAt: tstz('read_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_user_time_idx').on(t.userId, t.createdAt),
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
    index('notifications_digest_idx').on(t.delivery, t.userId).where(sql`${t.emailedAt} is null`),
  ],
)

/** A person's e-mail choice per kind; no row means the default of that kind. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    mode: notificationMode('mode').notNull(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
)

/** When each person's last daily/weekly digest went out: claimed with FOR UPDATE SKIP LOCKED. */
export const notificationDigests = pgTable(
  'notification_digests',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    period: text('period', { enum: ['daily', 'weekly'] }).notNull(),
    lastSentAt: tstz('last_sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.period] })],
)

export const savedSearches = pgTable(
  'saved_searches',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'cascade' }),
    words: text('words').notNull().default(''),
    kind: listingKind('kind'),
    category: listingCategory('category'),
    /**
     * The vocabulary concepts the words name as a whole (ADR 084), read when the search is saved, as
     * the listings page read them: a new listing whose author confirmed one of them fits the search
     * in any language. Brought in line with the vocabulary by every change in the vocabulary
     * console and by `npm run concepts:apply`.
     */
    concepts: text('concepts').array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
  },
  (t) => [
    index('saved_searches_centre_idx').on(t.centreId),
    index('saved_searches_user_idx').on(t.userId, t.createdAt),
    check('saved_searches_words_length', sql`length(${t.words}) <= 200`),
    check('saved_searches_concepts_count', sql`cardinality(${t.concepts}) <= 20`),
  ],
)

/**
 * "Not this one": an initiative hides one pairing of its listing with another. Only that side
 * stops seeing it; the other side still may.
 */
export const matchDismissals = pgTable(
  'match_dismissals',
  {
    initiativeId: uuid('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    listingId: uuid('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    otherListingId: uuid('other_listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'cascade' }),
    dismissedBy: uuid('dismissed_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.listingId, t.otherListingId, t.initiativeId] }),
    index('match_dismissals_initiative_idx').on(t.initiativeId),
  ],
)

/**
 * Unsubscribe links are signed and carry when they were issued; a link issued at or before a
 * person's floor for its kind (or for `*`, every kind) no longer works. Using a link raises the
 * floor of its kind (a link works once); "invalidate my links" raises `*` (ADR 060).
 */
export const unsubscribeLinkFloors = pgTable(
  'unsubscribe_link_floors',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    validAfter: tstz('valid_after').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] }), check('unsubscribe_link_floors_kind_length', sql`length(${t.kind}) <= 64`)],
)
