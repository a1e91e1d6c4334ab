import { sql } from 'drizzle-orm'
import { bigserial, check, date, index, integer, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { centres, initiatives } from './centres'
import { createdAt, id, tstz } from './columns'
import { listings } from './listings'
import { users } from './users'

/** The states of an exchange; the allowed steps between them live in app/modules/exchanges/state-machine.ts. */
export const exchangeState = pgEnum('exchange_state', [
  'proposed',
  'accepted',
  'declined',
  'withdrawn',
  'completed',
  'confirmed',
  'disputed',
  'cancelled',
])
export const exchangeSide = pgEnum('exchange_side', ['provider', 'receiver'])
/** In what capacity a person took a step: for one side, or as a manager of the centre (ADR 058). */
export const exchangeActorRole = pgEnum('exchange_actor_role', ['provider', 'receiver', 'manager'])

/** Upper bounds of one exchange: 1000 hours, 100 000 €. */
export const MAX_EXCHANGE_MINUTES = 60_000
export const MAX_EXCHANGE_CENTS = 10_000_000

const minutesOk = (column: unknown) => sql`${column} is null or (${column} > 0 and ${column} <= ${sql.raw(String(MAX_EXCHANGE_MINUTES))})`
const centsOk = (column: unknown) => sql`${column} is null or (${column} > 0 and ${column} <= ${sql.raw(String(MAX_EXCHANGE_CENTS))})`

export const exchanges = pgTable(
  'exchanges',
  {
    id: id(),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'restrict' }),
    listingId: uuid('listing_id').references(() => listings.id, { onDelete: 'set null' }),
    providerInitiativeId: uuid('provider_initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'restrict' }),
    receiverInitiativeId: uuid('receiver_initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'restrict' }),
    /** Which side proposed it: the other side accepts or declines. */
    proposerSide: exchangeSide('proposer_side').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    proposedMinutes: integer('proposed_minutes'),
    proposedValueCents: integer('proposed_value_cents'),
    actualMinutes: integer('actual_minutes'),
    actualValueCents: integer('actual_value_cents'),
    /** The day the help is planned for (proposal) or was given (completion). */
    date: date('date', { mode: 'string' }),
    state: exchangeState('state').notNull(),
    declineReason: text('decline_reason'),
    cancelReason: text('cancel_reason'),
    disputeReason: text('dispute_reason'),
    resolutionReason: text('resolution_reason'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    completedAt: tstz('completed_at'),
    confirmedAt: tstz('confirmed_at'),
    /** The receiver confirmed figures above the centre's cap: the exchange waits for a manager's approval (ADR 058). */
    approvalRequestedAt: tstz('approval_requested_at'),
  },
  (t) => [
    index('exchanges_centre_state_idx').on(t.centreId, t.state, t.updatedAt),
    index('exchanges_provider_idx').on(t.providerInitiativeId, t.state),
    index('exchanges_receiver_idx').on(t.receiverInitiativeId, t.state),
    index('exchanges_listing_idx').on(t.listingId),
    check('exchanges_two_sides', sql`${t.providerInitiativeId} <> ${t.receiverInitiativeId}`),
    check('exchanges_proposed_minutes', minutesOk(t.proposedMinutes)),
    check('exchanges_proposed_cents', centsOk(t.proposedValueCents)),
    check('exchanges_actual_minutes', minutesOk(t.actualMinutes)),
    check('exchanges_actual_cents', centsOk(t.actualValueCents)),
    check('exchanges_something_proposed', sql`${t.proposedMinutes} is not null or ${t.proposedValueCents} is not null`),
    check(
      'exchanges_done_has_figures',
      sql`${t.state} not in ('completed', 'confirmed', 'disputed') or ${t.actualMinutes} is not null or ${t.actualValueCents} is not null`,
    ),
    check('exchanges_approval_while_completed', sql`${t.approvalRequestedAt} is null or ${t.state} in ('completed', 'confirmed', 'cancelled')`),
  ],
)

/** The history of an exchange: one row per state change, appended in the transaction of the change. */
export const exchangeEvents = pgTable(
  'exchange_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    exchangeId: uuid('exchange_id')
      .notNull()
      .references(() => exchanges.id, { onDelete: 'cascade' }),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'restrict' }),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    /** the side the actor took the step for, or `manager`; null on events written before ADR 058 */
    actedAs: exchangeActorRole('acted_as'),
    /** null for the event that created the exchange */
    fromState: exchangeState('from_state'),
    toState: exchangeState('to_state').notNull(),
    note: text('note'),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('exchange_events_exchange_idx').on(t.exchangeId, t.id)],
)

export const exchangeMessages = pgTable(
  'exchange_messages',
  {
    id: id(),
    exchangeId: uuid('exchange_id')
      .notNull()
      .references(() => exchanges.id, { onDelete: 'cascade' }),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'restrict' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    authorInitiativeId: uuid('author_initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'restrict' }),
    body: text('body').notNull(),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [
    index('exchange_messages_exchange_idx').on(t.exchangeId, t.at),
    check('exchange_messages_body_length', sql`length(${t.body}) between 1 and 4000`),
  ],
)
