import { aliasedTable, and, desc, eq, gte, inArray, ne, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { DbOrTx } from '#db/connect'
import { isUniqueViolation, withRetry } from '#db/errors'
import {
  type AccountType,
  centres,
  exchanges,
  initiatives,
  LEDGER_UNITS,
  ledgerEntries,
  ledgerTransactions,
  type LedgerUnit,
  users,
} from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { isMemberOfAny } from '~/modules/initiatives/memberships.server'
import { fail, ok, type Result } from '~/modules/shared/results'
import { inKindCents } from './value'

/**
 * The reciprocity ledger. THE ONLY PLACE THAT INSERTS LEDGER ROWS (docs/decisions/020-reciprocity-ledger.md).
 * Every write goes through `postTransfer`, which validates and inserts one balanced transaction;
 * the database checks the balance again at commit and refuses any UPDATE or DELETE.
 * Call the writers inside the caller's database transaction (`tx`), so the ledger row and the
 * change that caused it commit or roll back together.
 */

/** `exchange` and `correction` are written here; loans add `loan_disbursement`, `loan_repayment`, … */
export type LedgerKind = 'exchange' | 'correction' | (string & {})

export interface Account {
  type: AccountType
  /** the initiative's id, or for `fund` the centre's id */
  id: string
}

export interface TransferEntry {
  account: Account
  unit: LedgerUnit
  /** signed, integer: + credits the account (it gave), − debits it (it received) */
  amount: number
}

export interface TransferInput {
  kind: LedgerKind
  centreId: string
  entries: TransferEntry[]
  createdBy: string | null
  reason?: string | null
  exchangeId?: string | null
  reversesId?: string | null
  /** when it happened (defaults to now); backdated history in the seed uses it */
  occurredAt?: Date
}

export type LedgerErrorCode =
  | 'tooFewEntries'
  | 'badAmount'
  | 'badUnit'
  | 'notBalanced'
  | 'unknownAccount'
  | 'badKind'
  | 'nothingToPost'
  | 'alreadyReversed'
  | 'transactionNotFound'
  | 'sameAccount'
  | 'ownInitiative'
  | 'isReversal'
  | 'loanOrFund'

export class LedgerError extends Error {
  constructor(
    readonly code: LedgerErrorCode,
    message?: string,
  ) {
    super(message ?? `ledger: ${code}`)
    this.name = 'LedgerError'
  }
}

const MAX_AMOUNT = 1_000_000_000_000

/** Pure validation of a transfer (also run again by the database at commit). */
export function validateTransfer(input: Pick<TransferInput, 'kind' | 'entries'>) {
  if (!/^[a-z][a-z_]{1,39}$/.test(input.kind)) throw new LedgerError('badKind')
  if (input.entries.length < 2) throw new LedgerError('tooFewEntries')
  const sums = new Map<LedgerUnit, number>()
  for (const entry of input.entries) {
    if (!LEDGER_UNITS.includes(entry.unit)) throw new LedgerError('badUnit')
    if (!Number.isSafeInteger(entry.amount) || entry.amount === 0 || Math.abs(entry.amount) > MAX_AMOUNT) {
      throw new LedgerError('badAmount')
    }
    sums.set(entry.unit, (sums.get(entry.unit) ?? 0) + entry.amount)
  }
  for (const [unit, sum] of sums) if (sum !== 0) throw new LedgerError('notBalanced', `ledger: ${unit} sums to ${sum}`)
}

/**
 * Writes one balanced transaction: validates kind, amounts, balance per unit and that every
 * account belongs to the centre, then inserts the transaction and its entries. The generic
 * writer that exchange confirmations, corrections and (later) loans use.
 */
export async function postTransfer(tx: DbOrTx, input: TransferInput) {
  validateTransfer(input)
  const initiativeIds = [...new Set(input.entries.filter((e) => e.account.type === 'initiative').map((e) => e.account.id))]
  if (initiativeIds.length) {
    const known = await tx
      .select({ id: initiatives.id })
      .from(initiatives)
      .where(and(eq(initiatives.centreId, input.centreId), inArray(initiatives.id, initiativeIds)))
    if (known.length !== initiativeIds.length) throw new LedgerError('unknownAccount')
  }
  if (input.entries.some((e) => e.account.type === 'fund' && e.account.id !== input.centreId)) {
    throw new LedgerError('unknownAccount')
  }
  const occurredAt = input.occurredAt ?? new Date()
  // Its own transaction (a savepoint inside the caller's): the entries commit together or not at all.
  return tx.transaction(async (tx) => {
    const [transaction] = await tx
      .insert(ledgerTransactions)
      .values({
        centreId: input.centreId,
        kind: input.kind,
        exchangeId: input.exchangeId ?? null,
        reversesId: input.reversesId ?? null,
        reason: input.reason ?? null,
        createdBy: input.createdBy,
        occurredAt,
      })
      .returning()
    // One by one, in a fixed order (a failure between two inserts is provoked in the tests by a trigger, and shown harmless).
    for (const entry of input.entries) {
      await tx.insert(ledgerEntries).values({
        transactionId: transaction!.id,
        centreId: input.centreId,
        accountType: entry.account.type,
        accountId: entry.account.id,
        unit: entry.unit,
        amount: entry.amount,
        at: occurredAt,
      })
    }
    return transaction!
  })
}

export type ExchangeForLedger = Pick<
  typeof exchanges.$inferSelect,
  'id' | 'centreId' | 'providerInitiativeId' | 'receiverInitiativeId' | 'actualMinutes' | 'actualValueCents'
>

/**
 * The confirmed exchange's transaction: provider +, receiver −, in minutes (when hours were
 * given) and in cents (the named value, else hours × the centre's hour value; see value.ts).
 */
export async function postExchange(
  tx: DbOrTx,
  exchange: ExchangeForLedger,
  options: { createdBy: string | null; occurredAt?: Date },
) {
  const [centre] = await tx
    .select({ hourValueCents: centres.hourValueCents })
    .from(centres)
    .where(eq(centres.id, exchange.centreId))
  const minutes = exchange.actualMinutes ?? 0
  const cents = inKindCents(minutes, exchange.actualValueCents, centre!.hourValueCents)
  const provider: Account = { type: 'initiative', id: exchange.providerInitiativeId }
  const receiver: Account = { type: 'initiative', id: exchange.receiverInitiativeId }
  const entries: TransferEntry[] = []
  if (minutes > 0) {
    entries.push({ account: provider, unit: 'minutes', amount: minutes }, { account: receiver, unit: 'minutes', amount: -minutes })
  }
  if (cents > 0) {
    entries.push({ account: provider, unit: 'cents', amount: cents }, { account: receiver, unit: 'cents', amount: -cents })
  }
  if (!entries.length) throw new LedgerError('nothingToPost')
  return postTransfer(tx, {
    kind: 'exchange',
    centreId: exchange.centreId,
    exchangeId: exchange.id,
    entries,
    createdBy: options.createdBy,
    occurredAt: options.occurredAt,
  })
}

export interface CorrectionInput {
  centreId: string
  reason: string
  /** undo this transaction: its entries with the opposite sign */
  reverses?: string
  /** or move minutes/cents: `to` is credited (+), `from` debited (−) */
  adjustment?: { fromInitiativeId: string; toInitiativeId: string; minutes?: number; cents?: number }
}

/**
 * The manager's correction as a use-case: its own transaction (postCorrection and its audit entry
 * commit together), a refused correction answered as a Result (ADR 070) instead of a thrown
 * LedgerError, which stays the ledger's internal signal inside the transaction.
 */
export async function correctLedger(db: DbOrTx, managerId: string, input: CorrectionInput): Promise<Result<{ transactionId: string }, LedgerErrorCode>> {
  try {
    // run again after a deadlock or a serialization failure, as an exchange's step is (ADR 021)
    const transaction = await withRetry(() => db.transaction((tx) => postCorrection(tx, managerId, input)))
    return ok({ transactionId: transaction.id })
  } catch (error) {
    if (error instanceof LedgerError) return fail(error.code)
    throw error
  }
}

/**
 * What a manager may reverse: help (an exchange) and their own adjustments. A reversal is not
 * reversed again (the help would count in the ledger and not in the reports, which mark the exchange
 * reversed): an adjustment corrects it. Loan and fund transactions follow the loan and the fund —
 * reversing a contribution the fund has lent out, or a payout the borrower still repays, left the
 * fund below zero and the loan's state and the ledger disagreeing.
 */
export function isReversible(transaction: { kind: string; reversesId: string | null }): boolean {
  return transaction.reversesId === null && (transaction.kind === 'exchange' || transaction.kind === 'correction')
}

/**
 * A manager's correction: a new transaction (never an edit). Reversing names the original,
 * which stays visible; a transaction can be reversed once (unique index). Audited.
 */
export async function postCorrection(tx: DbOrTx, managerId: string, input: CorrectionInput) {
  let entries: TransferEntry[]
  if (input.reverses) {
    const [original] = await tx
      .select()
      .from(ledgerTransactions)
      .where(and(eq(ledgerTransactions.id, input.reverses), eq(ledgerTransactions.centreId, input.centreId)))
    if (!original) throw new LedgerError('transactionNotFound')
    if (!isReversible(original)) throw new LedgerError(original.reversesId ? 'isReversal' : 'loanOrFund')
    const [already] = await tx
      .select({ id: ledgerTransactions.id })
      .from(ledgerTransactions)
      .where(eq(ledgerTransactions.reversesId, original.id))
    if (already) throw new LedgerError('alreadyReversed')
    const originalEntries = await tx
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.transactionId, original.id))
      .orderBy(ledgerEntries.id)
    entries = originalEntries.map((e) => ({
      account: { type: e.accountType, id: e.accountId },
      unit: e.unit,
      amount: -e.amount,
    }))
  } else if (input.adjustment) {
    const { fromInitiativeId, toInitiativeId, minutes = 0, cents = 0 } = input.adjustment
    if (fromInitiativeId === toInitiativeId) throw new LedgerError('sameAccount')
    const from: Account = { type: 'initiative', id: fromInitiativeId }
    const to: Account = { type: 'initiative', id: toInitiativeId }
    entries = []
    if (minutes) entries.push({ account: to, unit: 'minutes', amount: minutes }, { account: from, unit: 'minutes', amount: -minutes })
    if (cents) entries.push({ account: to, unit: 'cents', amount: cents }, { account: from, unit: 'cents', amount: -cents })
    if (!entries.length) throw new LedgerError('nothingToPost')
  } else {
    throw new LedgerError('nothingToPost')
  }
  // One person, one side (ADR 058): a manager does not move hours or money to or from an initiative
  // they belong to — another manager of the centre corrects that.
  const touched = [...new Set(entries.filter((e) => e.account.type === 'initiative').map((e) => e.account.id))]
  if (touched.length) {
    if (await isMemberOfAny(tx, managerId, touched)) throw new LedgerError('ownInitiative')
  }
  let transaction
  try {
    transaction = await postTransfer(tx, {
      kind: 'correction',
      centreId: input.centreId,
      entries,
      createdBy: managerId,
      reason: input.reason,
      reversesId: input.reverses ?? null,
    })
  } catch (error) {
    // Two managers reversing the same transaction at once: the unique index decides.
    if (isUniqueViolation(error, 'ledger_transactions_reversed_once')) throw new LedgerError('alreadyReversed')
    throw error
  }
  await recordAudit(tx, {
    centreId: input.centreId,
    actorId: managerId,
    action: input.reverses ? 'ledger.reversed' : 'ledger.adjusted',
    subjectType: 'ledger_transaction',
    subjectId: transaction.id,
    details: { reason: input.reason, reverses: input.reverses ?? null, entries },
  })
  return transaction
}

export interface Figures {
  minutes: number
  cents: number
}
export interface Reciprocity {
  given: Figures
  received: Figures
  balance: Figures
}

const zero = (): Reciprocity => ({ given: { minutes: 0, cents: 0 }, received: { minutes: 0, cents: 0 }, balance: { minutes: 0, cents: 0 } })

/** An account's given (Σ credits), received (Σ |debits|) and balance (Σ entries), per unit, from the entries. */
export async function balances(
  db: DbOrTx,
  initiativeId: string,
  options: { since?: Date; accountType?: AccountType; kinds?: LedgerKind[] } = {},
) {
  const rows = await db
    .select({
      unit: ledgerEntries.unit,
      given: sql<string>`coalesce(sum(${ledgerEntries.amount}) filter (where ${ledgerEntries.amount} > 0), 0)`,
      received: sql<string>`coalesce(-sum(${ledgerEntries.amount}) filter (where ${ledgerEntries.amount} < 0), 0)`,
      balance: sql<string>`coalesce(sum(${ledgerEntries.amount}), 0)`,
    })
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.accountType, options.accountType ?? 'initiative'),
        eq(ledgerEntries.accountId, initiativeId),
        options.since ? gte(ledgerEntries.at, options.since) : undefined,
        ofKinds(ledgerEntries.transactionId, options.kinds),
      ),
    )
    .groupBy(ledgerEntries.unit)
  const result = zero()
  for (const row of rows) {
    result.given[row.unit] = Number(row.given)
    result.received[row.unit] = Number(row.received)
    result.balance[row.unit] = Number(row.balance)
  }
  return result
}

export interface Partner {
  initiativeId: string
  name: string
  slug: string
  given: Figures
  received: Figures
}

/**
 * Given/received per partner initiative: my entry against the other initiatives' entries of
 * the same transaction with the opposite sign (exact for the two-party transactions that
 * exchanges and corrections write).
 */
export async function partners(
  db: DbOrTx,
  initiativeId: string,
  options: { since?: Date; kinds?: LedgerKind[] } = {},
): Promise<Partner[]> {
  const mine = aliasedTable(ledgerEntries, 'mine')
  const theirs = aliasedTable(ledgerEntries, 'theirs')
  const rows = await db
    .select({
      partnerId: theirs.accountId,
      name: initiatives.name,
      slug: initiatives.slug,
      unit: mine.unit,
      given: sql<string>`coalesce(sum(${mine.amount}) filter (where ${mine.amount} > 0), 0)`,
      received: sql<string>`coalesce(-sum(${mine.amount}) filter (where ${mine.amount} < 0), 0)`,
    })
    .from(mine)
    .innerJoin(
      theirs,
      and(
        eq(theirs.transactionId, mine.transactionId),
        eq(theirs.unit, mine.unit),
        eq(theirs.accountType, 'initiative'),
        ne(theirs.accountId, mine.accountId),
        sql`sign(${theirs.amount}) = -sign(${mine.amount})`,
      ),
    )
    .innerJoin(initiatives, eq(initiatives.id, theirs.accountId))
    .where(
      and(
        eq(mine.accountType, 'initiative'),
        eq(mine.accountId, initiativeId),
        options.since ? gte(mine.at, options.since) : undefined,
        ofKinds(mine.transactionId, options.kinds),
      ),
    )
    .groupBy(theirs.accountId, initiatives.name, initiatives.slug, mine.unit)
  const byPartner = new Map<string, Partner>()
  for (const row of rows) {
    let partner = byPartner.get(row.partnerId)
    if (!partner) {
      partner = { initiativeId: row.partnerId, name: row.name, slug: row.slug, given: { minutes: 0, cents: 0 }, received: { minutes: 0, cents: 0 } }
      byPartner.set(row.partnerId, partner)
    }
    partner.given[row.unit] = Number(row.given)
    partner.received[row.unit] = Number(row.received)
  }
  return [...byPartner.values()].sort((a, b) => b.given.minutes + b.received.minutes - (a.given.minutes + a.received.minutes) || a.name.localeCompare(b.name))
}

/** Only entries of transactions of these kinds (all kinds when not given). */
function ofKinds(transactionId: typeof ledgerEntries.transactionId, kinds: LedgerKind[] | undefined) {
  if (!kinds) return undefined
  return inArray(transactionId, sql`(select ${ledgerTransactions.id} from ${ledgerTransactions} where ${inArray(ledgerTransactions.kind, kinds)})`)
}

/** The kinds that are help between initiatives (loans move money, not help: they are left out of reciprocity). */
export const RECIPROCITY_KINDS: LedgerKind[] = ['exchange', 'correction']

/** An initiative's reciprocity over all time and the last 12 months, with partners: for its page. */
export async function reciprocity(db: DbOrTx, initiativeId: string, now = new Date()) {
  const yearAgo = new Date(now)
  yearAgo.setFullYear(yearAgo.getFullYear() - 1)
  const kinds = RECIPROCITY_KINDS
  const [allTime, lastYear, allPartners, yearPartners] = await Promise.all([
    balances(db, initiativeId, { kinds }),
    balances(db, initiativeId, { since: yearAgo, kinds }),
    partners(db, initiativeId, { kinds }),
    partners(db, initiativeId, { since: yearAgo, kinds }),
  ])
  return { allTime, lastYear, partners: allPartners, partnersLastYear: yearPartners }
}

/** A centre's exchange economy: what moved (Σ credits per unit), how many exchanges, and Σ of all entries (always 0). */
export async function centreTotals(db: DbOrTx, centreId: string, options: { since?: Date } = {}) {
  const since = options.since ? gte(ledgerEntries.at, options.since) : undefined
  const rows = await db
    .select({
      unit: ledgerEntries.unit,
      moved: sql<string>`coalesce(sum(${ledgerEntries.amount}) filter (where ${ledgerEntries.amount} > 0), 0)`,
      sum: sql<string>`coalesce(sum(${ledgerEntries.amount}), 0)`,
    })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.centreId, centreId), since))
    .groupBy(ledgerEntries.unit)
  const [counted] = await db
    .select({
      exchanges: sql<number>`count(*) filter (where ${ledgerTransactions.kind} = 'exchange')::int`,
      corrections: sql<number>`count(*) filter (where ${ledgerTransactions.kind} = 'correction')::int`,
    })
    .from(ledgerTransactions)
    .where(and(eq(ledgerTransactions.centreId, centreId), options.since ? gte(ledgerTransactions.occurredAt, options.since) : undefined))
  const moved: Figures = { minutes: 0, cents: 0 }
  const sum: Figures = { minutes: 0, cents: 0 }
  for (const row of rows) {
    moved[row.unit] = Number(row.moved)
    sum[row.unit] = Number(row.sum)
  }
  return { moved, sum, exchanges: counted?.exchanges ?? 0, corrections: counted?.corrections ?? 0 }
}

/**
 * The centre's transactions with their entries, newest first (by when they happened, as the page
 * shows them), a page at a time for the manager's ledger page. Paging is by key: `before` is the
 * id of the last transaction of the previous page, so a page never shifts when new transactions
 * arrive, and reading page 500 costs what reading page 1 does. `older` is the key of the next page,
 * or null on the last one. An unknown or foreign `before` gives an empty page.
 */
export async function listTransactions(db: DbOrTx, centreId: string, options: { limit?: number; before?: string } = {}) {
  const limit = options.limit ?? 50
  const reversal = alias(ledgerTransactions, 'reversal')
  const cursor = options.before
    ? sql`(select c.occurred_at from ledger_transactions c where c.id = ${options.before} and c.centre_id = ${centreId})`
    : undefined
  const transactions = await db
    .select({
      id: ledgerTransactions.id,
      kind: ledgerTransactions.kind,
      exchangeId: ledgerTransactions.exchangeId,
      exchangeTitle: exchanges.title,
      reversesId: ledgerTransactions.reversesId,
      reversedById: reversal.id,
      reason: ledgerTransactions.reason,
      createdByName: users.name,
      occurredAt: ledgerTransactions.occurredAt,
      createdAt: ledgerTransactions.createdAt,
    })
    .from(ledgerTransactions)
    .leftJoin(exchanges, eq(exchanges.id, ledgerTransactions.exchangeId))
    .leftJoin(users, eq(users.id, ledgerTransactions.createdBy))
    .leftJoin(reversal, eq(reversal.reversesId, ledgerTransactions.id))
    .where(
      and(
        eq(ledgerTransactions.centreId, centreId),
        cursor
          ? sql`${ledgerTransactions.occurredAt} <= ${cursor} and (${ledgerTransactions.occurredAt}, ${ledgerTransactions.id}) < (${cursor}, ${options.before}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(ledgerTransactions.occurredAt), desc(ledgerTransactions.id))
    .limit(limit + 1)
  const older = transactions.length > limit ? transactions[limit - 1]!.id : null
  transactions.splice(limit)
  if (!transactions.length) return { items: [], older }
  const entries = await db
    .select({
      transactionId: ledgerEntries.transactionId,
      accountType: ledgerEntries.accountType,
      accountId: ledgerEntries.accountId,
      accountName: initiatives.name,
      unit: ledgerEntries.unit,
      amount: ledgerEntries.amount,
    })
    .from(ledgerEntries)
    .leftJoin(initiatives, and(eq(ledgerEntries.accountType, 'initiative'), eq(initiatives.id, ledgerEntries.accountId)))
    .where(inArray(ledgerEntries.transactionId, transactions.map((t) => t.id)))
    .orderBy(ledgerEntries.id)
  return { items: transactions.map((t) => ({ ...t, entries: entries.filter((e) => e.transactionId === t.id) })), older }
}
