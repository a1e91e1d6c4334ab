import { sql } from 'drizzle-orm'
import { bigint, boolean, check, date, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { centres, initiatives } from './centres'
import { createdAt, id, tstz } from './columns'
import { exchangeState } from './exchanges'
import { ledgerTransactions } from './ledger'
import { listings, listingStatus } from './listings'
import { users } from './users'

/**
 * The manager console's own rows (issue 7). The figures themselves are never stored: they are
 * read from the domains' tables by app/modules/reporting (docs/decisions/050-report-figures-source.md).
 */

/** The short text a manager writes for the funder report of one period (one per centre and period). */
export const reportTexts = pgTable(
  'report_texts',
  {
    id: id(),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'cascade' }),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    body: text('body').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('report_texts_period_key').on(t.centreId, t.periodFrom, t.periodTo),
    check('report_texts_body_length', sql`char_length(${t.body}) <= 4000`),
    check('report_texts_period_order', sql`${t.periodFrom} < ${t.periodTo}`),
  ],
)

/**
 * A manager's suspension of an initiative; `reinstated_at` closes it. At most one open
 * suspension per initiative (partial unique index), so two managers cannot suspend twice.
 */
export const initiativeSuspensions = pgTable(
  'initiative_suspensions',
  {
    id: id(),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'cascade' }),
    initiativeId: uuid('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    suspendedBy: uuid('suspended_by').references(() => users.id, { onDelete: 'set null' }),
    suspendedAt: createdAt(),
    reinstatedBy: uuid('reinstated_by').references(() => users.id, { onDelete: 'set null' }),
    reinstatedAt: tstz('reinstated_at'),
    reinstateReason: text('reinstate_reason'),
  },
  (t) => [
    uniqueIndex('initiative_suspensions_open_key').on(t.initiativeId).where(sql`${t.reinstatedAt} is null`),
    index('initiative_suspensions_centre_idx').on(t.centreId, t.suspendedAt),
    check('initiative_suspensions_reason_length', sql`char_length(${t.reason}) between 3 and 1000`),
    check(
      'initiative_suspensions_reinstated_reason',
      sql`(${t.reinstatedAt} is null) = (${t.reinstateReason} is null)`,
    ),
  ],
)

/** What each listing was before the suspension hid it, so reinstatement restores exactly that. */
export const suspendedListings = pgTable(
  'suspended_listings',
  {
    suspensionId: uuid('suspension_id')
      .notNull()
      .references(() => initiativeSuspensions.id, { onDelete: 'cascade' }),
    listingId: uuid('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'cascade' }),
    previousStatus: listingStatus('previous_status').notNull(),
    previousModerationReason: text('previous_moderation_reason'),
  },
  (t) => [primaryKey({ columns: [t.suspensionId, t.listingId] })],
)

/**
 * The counted help of the ledger, one row per `exchange` transaction, kept by triggers on the
 * ledger tables (db/sql/reporting.ts) so that the console reads a period with one index range
 * scan instead of joining a million entries (docs/decisions/054-reporting-help-facts.md).
 * Derived data only: the ledger stays the record; nothing in the app writes here.
 */
export const reportingHelp = pgTable(
  'reporting_help',
  {
    transactionId: uuid('transaction_id')
      .primaryKey()
      .references(() => ledgerTransactions.id, { onDelete: 'restrict' }),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'cascade' }),
    at: tstz('at').notNull(),
    providerId: uuid('provider_id').notNull(),
    receiverId: uuid('receiver_id').notNull(),
    minutes: bigint('minutes', { mode: 'number' }).notNull().default(0),
    cents: bigint('cents', { mode: 'number' }).notNull().default(0),
    /** a correction reversed this transaction: it no longer counts */
    reversed: boolean('reversed').notNull().default(false),
  },
  // Its covering index (centre, time) INCLUDE (…) is in db/sql/reporting.ts: drizzle-kit has no INCLUDE.
)

/**
 * reporting_help summed per local month (in the centre's time zone) and initiative: what each gave
 * and received. Kept by a trigger on reporting_help and rebuilt for a centre when its time zone
 * changes; whole-month periods read this instead of every help row (ADR 054).
 */
export const reportingHelpMonthly = pgTable(
  'reporting_help_monthly',
  {
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'cascade' }),
    month: date('month', { mode: 'string' }).notNull(),
    initiativeId: uuid('initiative_id').notNull(),
    givenN: bigint('given_n', { mode: 'number' }).notNull().default(0),
    givenMinutes: bigint('given_minutes', { mode: 'number' }).notNull().default(0),
    givenCents: bigint('given_cents', { mode: 'number' }).notNull().default(0),
    receivedN: bigint('received_n', { mode: 'number' }).notNull().default(0),
    receivedMinutes: bigint('received_minutes', { mode: 'number' }).notNull().default(0),
    receivedCents: bigint('received_cents', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.centreId, t.month, t.initiativeId] })],
)

/**
 * reporting_help summed per local day (in the centre's time zone) for the whole centre: the
 * dashboard's totals and monthly series of any period, edge days included, read from at most a
 * row a day instead of every initiative's month or every help row (ADR 090). Kept by the same
 * trigger as the monthly sums and rebuilt with them.
 */
export const reportingHelpDaily = pgTable(
  'reporting_help_daily',
  {
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    n: bigint('n', { mode: 'number' }).notNull().default(0),
    minutes: bigint('minutes', { mode: 'number' }).notNull().default(0),
    cents: bigint('cents', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.centreId, t.day] })],
)

/**
 * Exchanges counted per local month (in the centre's time zone) of the time they belong to
 * (confirmed, else created) and state. Kept by a trigger on exchanges (db/sql/reporting.ts) and
 * rebuilt with the help sums when the centre's time zone changes; whole months of a period read
 * these counts instead of every exchange (docs/decisions/055-dashboard-budget.md).
 */
export const reportingExchangeMonthly = pgTable(
  'reporting_exchange_monthly',
  {
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'cascade' }),
    month: date('month', { mode: 'string' }).notNull(),
    state: exchangeState('state').notNull(),
    n: bigint('n', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.centreId, t.month, t.state] })],
)
