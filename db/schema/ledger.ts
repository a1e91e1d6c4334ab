import { sql } from 'drizzle-orm'
import { bigint, bigserial, check, foreignKey, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { centres } from './centres'
import { id, tstz } from './columns'
import { exchanges } from './exchanges'
import { users } from './users'

/**
 * The reciprocity ledger: append-only, double-entry, in integer units. See
 * docs/decisions/020-reciprocity-ledger.md. Only app/modules/ledger/ledger.server.ts inserts here;
 * the database refuses UPDATE and DELETE and checks at commit that every transaction sums to
 * zero per unit (db/sql/ledger.ts).
 */
export const ledgerTransactions = pgTable(
  'ledger_transactions',
  {
    id: id(),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'restrict' }),
    /** `exchange`, `correction`; loans add their own kinds (text, so a new kind needs no migration). */
    kind: text('kind').notNull(),
    exchangeId: uuid('exchange_id').references(() => exchanges.id, { onDelete: 'restrict' }),
    /** A correction that undoes another transaction names it; a transaction is reversed at most once. */
    reversesId: uuid('reverses_id'),
    reason: text('reason'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'restrict' }),
    /** When the help happened (backdated history, reports); `created_at` is when it was written. */
    occurredAt: tstz('occurred_at').notNull().defaultNow(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: 'ledger_transactions_reverses_fk', columns: [t.reversesId], foreignColumns: [t.id] }),
    uniqueIndex('ledger_transactions_one_per_exchange').on(t.exchangeId).where(sql`${t.kind} = 'exchange'`),
    uniqueIndex('ledger_transactions_reversed_once').on(t.reversesId).where(sql`${t.reversesId} is not null`),
    index('ledger_transactions_centre_time_idx').on(t.centreId, t.occurredAt),
    check('ledger_transactions_kind_format', sql`${t.kind} ~ '^[a-z][a-z_]{1,39}$'`),
    check('ledger_transactions_exchange_kind', sql`(${t.kind} = 'exchange') = (${t.exchangeId} is not null)`),
    check('ledger_transactions_correction_reason', sql`${t.kind} <> 'correction' or length(${t.reason}) > 0`),
  ],
)

export const LEDGER_UNITS = ['minutes', 'cents'] as const
export type LedgerUnit = (typeof LEDGER_UNITS)[number]
/** An account is an initiative, or (for loans) a centre's solidarity fund, whose account id is the centre's id. */
export const ACCOUNT_TYPES = ['initiative', 'fund'] as const
export type AccountType = (typeof ACCOUNT_TYPES)[number]

export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    transactionId: uuid('transaction_id')
      .notNull()
      .references(() => ledgerTransactions.id, { onDelete: 'restrict' }),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'restrict' }),
    accountType: text('account_type', { enum: ACCOUNT_TYPES }).notNull(),
    accountId: uuid('account_id').notNull(),
    unit: text('unit', { enum: LEDGER_UNITS }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    /** The transaction's occurred_at, copied so balances over a period need no join. */
    at: tstz('at').notNull(),
  },
  (t) => [
    index('ledger_entries_account_idx').on(t.accountType, t.accountId, t.unit, t.at),
    index('ledger_entries_transaction_idx').on(t.transactionId),
    index('ledger_entries_centre_idx').on(t.centreId, t.unit),
    check('ledger_entries_account_type', sql`${t.accountType} in ('initiative', 'fund')`),
    check('ledger_entries_unit', sql`${t.unit} in ('minutes', 'cents')`),
    check('ledger_entries_amount', sql`${t.amount} <> 0 and abs(${t.amount}) <= 1000000000000`),
  ],
)
