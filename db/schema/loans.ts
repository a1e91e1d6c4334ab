import { sql } from 'drizzle-orm'
import { bigserial, check, date, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { centres, initiatives } from './centres'
import { createdAt, id, tstz } from './columns'
import { listings } from './listings'
import { users } from './users'

/**
 * Small loans between initiatives, or from a centre's solidarity fund. The allowed steps live in
 * app/modules/loans/state-machine.ts; `overdue` is derived, not stored
 * (docs/decisions/041-loan-overdue-derived.md).
 */
export const loanState = pgEnum('loan_state', ['requested', 'approved', 'declined', 'disbursed', 'repaid', 'written_off'])
export const loanLender = pgEnum('loan_lender', ['initiative', 'fund'])
export const repaymentState = pgEnum('loan_repayment_state', ['logged', 'confirmed', 'rejected'])
export const guaranteeState = pgEnum('loan_guarantee_state', ['asked', 'pledged'])
/** In what capacity a person acted on a loan (ADR 058: one person, one side per loan). */
export const loanActorRole = pgEnum('loan_actor_role', ['borrower', 'lender', 'manager', 'guarantor'])

/** Upper bounds in the database; app/modules/loans/instalments.ts has the same numbers. */
const MAX_CENTS = 10_000_000
const cents = (column: unknown, max = MAX_CENTS) => sql`${column} > 0 and ${column} <= ${sql.raw(String(max))}`

export const loans = pgTable(
  'loans',
  {
    id: id(),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'restrict' }),
    lenderKind: loanLender('lender_kind').notNull(),
    /** null when the centre's solidarity fund lends */
    lenderInitiativeId: uuid('lender_initiative_id').references(() => initiatives.id, { onDelete: 'restrict' }),
    borrowerInitiativeId: uuid('borrower_initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'restrict' }),
    /** the loan offer or loan need it answers, if any */
    listingId: uuid('listing_id').references(() => listings.id, { onDelete: 'set null' }),
    purpose: text('purpose').notNull(),
    principalCents: integer('principal_cents').notNull(),
    interestBasisPoints: integer('interest_basis_points').notNull().default(0),
    termMonths: integer('term_months').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    /** principal + interest, fixed with the plan at approval */
    totalCents: integer('total_cents'),
    /** confirmed repayments so far (kept with the loan row, which is locked FOR UPDATE on every change) */
    repaidCents: integer('repaid_cents').notNull().default(0),
    state: loanState('state').notNull().default('requested'),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: tstz('decided_at'),
    declineReason: text('decline_reason'),
    disbursedBy: uuid('disbursed_by').references(() => users.id, { onDelete: 'set null' }),
    disbursedAt: tstz('disbursed_at'),
    /** the ledger transaction of the disbursement: set once, so it is written once */
    disbursementTransactionId: uuid('disbursement_transaction_id'),
    repaidAt: tstz('repaid_at'),
    writtenOffBy: uuid('written_off_by').references(() => users.id, { onDelete: 'set null' }),
    writtenOffAt: tstz('written_off_at'),
    writeOffReason: text('write_off_reason'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('loans_centre_state_idx').on(t.centreId, t.state),
    index('loans_lender_idx').on(t.lenderInitiativeId),
    index('loans_borrower_idx').on(t.borrowerInitiativeId),
    uniqueIndex('loans_disbursement_once').on(t.disbursementTransactionId),
    check('loans_lender_consistent', sql`(${t.lenderKind} = 'fund') = (${t.lenderInitiativeId} is null)`),
    check('loans_two_sides', sql`${t.lenderInitiativeId} is null or ${t.lenderInitiativeId} <> ${t.borrowerInitiativeId}`),
    check('loans_principal_range', cents(t.principalCents)),
    check('loans_interest_range', sql`${t.interestBasisPoints} between 0 and 2000`),
    check('loans_term_range', sql`${t.termMonths} between 1 and 60`),
    check('loans_total_range', sql`${t.totalCents} is null or (${t.totalCents} >= ${t.principalCents} and ${t.totalCents} <= 20000000)`),
    check('loans_repaid_range', sql`${t.repaidCents} >= 0 and ${t.repaidCents} <= coalesce(${t.totalCents}, 0)`),
    check('loans_purpose_length', sql`char_length(${t.purpose}) between 1 and 2000`),
    check('loans_planned_when_approved', sql`${t.state} in ('requested', 'declined') or ${t.totalCents} is not null`),
    check('loans_disbursed_has_transaction', sql`${t.state} not in ('disbursed', 'repaid', 'written_off') or ${t.disbursementTransactionId} is not null`),
    check('loans_repaid_in_full', sql`${t.state} <> 'repaid' or ${t.repaidCents} = ${t.totalCents}`),
    check('loans_written_off_reason', sql`${t.state} <> 'written_off' or char_length(${t.writeOffReason}) > 0`),
  ],
)

/** The plan fixed at approval: one row per monthly instalment. */
export const loanInstalments = pgTable(
  'loan_instalments',
  {
    id: id(),
    loanId: uuid('loan_id')
      .notNull()
      .references(() => loans.id, { onDelete: 'cascade' }),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'restrict' }),
    number: integer('number').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    amountCents: integer('amount_cents').notNull(),
  },
  (t) => [
    uniqueIndex('loan_instalments_loan_number_key').on(t.loanId, t.number),
    index('loan_instalments_due_idx').on(t.centreId, t.dueDate),
    check('loan_instalments_number_range', sql`${t.number} between 1 and 60`),
    check('loan_instalments_amount_range', cents(t.amountCents)),
  ],
)

/** Logged by the borrower, confirmed (or rejected) by the lender; confirmed ones are in the ledger once. */
export const loanRepayments = pgTable(
  'loan_repayments',
  {
    id: id(),
    loanId: uuid('loan_id')
      .notNull()
      .references(() => loans.id, { onDelete: 'restrict' }),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'restrict' }),
    amountCents: integer('amount_cents').notNull(),
    paidOn: date('paid_on', { mode: 'string' }).notNull(),
    note: text('note').notNull().default(''),
    state: repaymentState('state').notNull().default('logged'),
    loggedBy: uuid('logged_by').references(() => users.id, { onDelete: 'set null' }),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: tstz('decided_at'),
    rejectReason: text('reject_reason'),
    ledgerTransactionId: uuid('ledger_transaction_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('loan_repayments_loan_idx').on(t.loanId, t.createdAt),
    uniqueIndex('loan_repayments_ledger_once').on(t.ledgerTransactionId),
    check('loan_repayments_amount_range', cents(t.amountCents)),
    check('loan_repayments_note_length', sql`char_length(${t.note}) <= 1000`),
    check('loan_repayments_decided', sql`(${t.state} = 'logged') = (${t.decidedAt} is null)`),
    check('loan_repayments_confirmed_in_ledger', sql`(${t.state} = 'confirmed') = (${t.ledgerTransactionId} is not null)`),
  ],
)

/**
 * The borrower asks another initiative of the centre to stand guarantor; that initiative's
 * members then see the loan and may pledge an amount they would cover if the loan fails.
 */
export const loanGuarantees = pgTable(
  'loan_guarantees',
  {
    id: id(),
    loanId: uuid('loan_id')
      .notNull()
      .references(() => loans.id, { onDelete: 'cascade' }),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'restrict' }),
    guarantorInitiativeId: uuid('guarantor_initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'restrict' }),
    state: guaranteeState('state').notNull().default('asked'),
    /** set when pledged */
    amountCents: integer('amount_cents'),
    note: text('note').notNull().default(''),
    askedBy: uuid('asked_by').references(() => users.id, { onDelete: 'set null' }),
    pledgedBy: uuid('pledged_by').references(() => users.id, { onDelete: 'set null' }),
    pledgedAt: tstz('pledged_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('loan_guarantees_once_key').on(t.loanId, t.guarantorInitiativeId),
    index('loan_guarantees_guarantor_idx').on(t.guarantorInitiativeId),
    check('loan_guarantees_amount_range', sql`${t.amountCents} is null or (${cents(t.amountCents)})`),
    check('loan_guarantees_pledged_amount', sql`(${t.state} = 'pledged') = (${t.amountCents} is not null)`),
    check('loan_guarantees_note_length', sql`char_length(${t.note}) <= 1000`),
  ],
)

/** The history of a loan: one row per act, appended in the transaction of the act. */
export const loanEvents = pgTable(
  'loan_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    loanId: uuid('loan_id')
      .notNull()
      .references(() => loans.id, { onDelete: 'cascade' }),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'restrict' }),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    /** `requested`, `approved`, `repayment_logged`, `guarantee_pledged`, … */
    kind: text('kind').notNull(),
    /** the side the actor acted for; null on events written before ADR 058 */
    actedAs: loanActorRole('acted_as'),
    fromState: loanState('from_state'),
    toState: loanState('to_state'),
    details: jsonb('details').$type<Record<string, string | number | null>>().notNull().default(sql`'{}'::jsonb`),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('loan_events_loan_idx').on(t.loanId, t.id)],
)

/** Money paid into a centre's solidarity fund, recorded by a manager and written to the ledger once. */
export const fundContributions = pgTable(
  'fund_contributions',
  {
    id: id(),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'restrict' }),
    /** the contributing initiative of the centre */
    initiativeId: uuid('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'restrict' }),
    amountCents: integer('amount_cents').notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    note: text('note').notNull().default(''),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    ledgerTransactionId: uuid('ledger_transaction_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('fund_contributions_centre_idx').on(t.centreId, t.receivedOn),
    uniqueIndex('fund_contributions_ledger_once').on(t.ledgerTransactionId),
    check('fund_contributions_amount_range', cents(t.amountCents, 100_000_000)),
    check('fund_contributions_note_length', sql`char_length(${t.note}) <= 1000`),
  ],
)
