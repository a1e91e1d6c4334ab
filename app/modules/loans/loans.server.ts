import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { DbOrTx } from '#db/connect'
import {
  centres,
  centreStaff,
  fundContributions,
  initiativeMembers,
  initiatives,
  ledgerEntries,
  listings,
  loanEvents,
  loanGuarantees,
  loanInstalments,
  loanRepayments,
  loans,
  users,
} from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { type Account, postTransfer } from '~/modules/ledger/ledger.server'
import { notify } from '~/modules/notifications/notify.server'
import { isUuid } from '~/utils/misc'
import { localDate } from './dates'
import { LOAN_LIMITS, planInstalments } from './instalments'
import { instalmentStates } from './overdue'
import {
  availableTransitions,
  canDecideRepayment,
  canLogRepayment,
  canTransition,
  capacityOfStep,
  LOAN_EVENT_CAPACITY,
  LOAN_TRANSITIONS,
  type LoanProposal,
  type LoanRole,
  mayPledgeAfter,
  narrowLoanRoles,
  type LoanState,
  type LoanTransition,
} from './state-machine'
import type { Actor, FieldErrors } from '~/modules/shared/results'

/**
 * Small loans between initiatives of a centre, or from its solidarity fund. Every function
 * works out who the actor is to the loan itself (borrower, lender, manager), so a loan of
 * another centre or of strangers is `notFound`. Money moves only through the ledger module,
 * inside the same transaction as the state change, and with the loan row locked FOR UPDATE.
 */

export type Loan = typeof loans.$inferSelect
export type { Actor, FieldErrors } from '~/modules/shared/results'
export type Failure =
  | { ok: false; error: 'notFound' }
  | { ok: false; error: 'invalid'; fieldErrors: FieldErrors }
  | { ok: false; error: 'notAllowed'; state: LoanState }

const invalid = (fieldErrors: FieldErrors): Failure => ({ ok: false, error: 'invalid', fieldErrors })
const NOT_FOUND: Failure = { ok: false, error: 'notFound' }

// ————— who the actor is —————

async function activeInitiativeIds(db: DbOrTx, actor: Actor, centreId: string) {
  const rows = await db
    .select({ id: initiatives.id })
    .from(initiativeMembers)
    .innerJoin(initiatives, eq(initiatives.id, initiativeMembers.initiativeId))
    .where(and(eq(initiativeMembers.userId, actor.id), eq(initiatives.centreId, centreId), eq(initiatives.status, 'active')))
  return rows.map((r) => r.id)
}

async function isManager(db: DbOrTx, actor: Actor, centreId: string) {
  if (actor.isAdmin) return true
  const [row] = await db
    .select({ userId: centreStaff.userId })
    .from(centreStaff)
    .where(and(eq(centreStaff.centreId, centreId), eq(centreStaff.userId, actor.id)))
  return Boolean(row)
}

export interface Standing {
  /** the actor's roles, narrowed to the side they already acted for (ADR 058) */
  roles: Set<LoanRole>
  /** the roles held before narrowing, and the capacities acted in (to say why a step is not offered) */
  held: Set<LoanRole>
  actedAs: string[]
  /** the actor's active initiatives that were asked to stand guarantor (pledged or not yet) */
  guarantorIds: string[]
  /** those of them that may pledge now */
  canPledgeFor: string[]
  /** asked, but the actor acted for the borrower or the lender, so does not pledge (ADR 058, addendum) */
  pledgeBarred: boolean
  /** how the loan began: a request (the lender decides) or an offer (the borrower accepts) */
  proposal: LoanProposal
  canView: boolean
}

async function standingOf(db: DbOrTx, actor: Actor, loan: Loan): Promise<Standing> {
  const [mine, manager, guarantees] = await Promise.all([
    activeInitiativeIds(db, actor, loan.centreId),
    isManager(db, actor, loan.centreId),
    db
      .select({ id: loanGuarantees.guarantorInitiativeId, state: loanGuarantees.state })
      .from(loanGuarantees)
      .where(eq(loanGuarantees.loanId, loan.id)),
  ])
  const held = new Set<LoanRole>()
  if (mine.includes(loan.borrowerInitiativeId)) held.add('borrower')
  if (loan.lenderInitiativeId ? mine.includes(loan.lenderInitiativeId) : manager) held.add('lender')
  if (manager) held.add('manager')
  const asked = guarantees.filter((g) => mine.includes(g.id))
  // What the person did on this loan binds them whatever they hold now: someone who acted for the
  // borrower and then left it (or whose initiative was suspended) still never acts for the lender.
  const actedAs = held.size > 0 || asked.length > 0 ? await capacitiesOf(db, actor, loan) : []
  const roles = narrowLoanRoles(held, actedAs)
  // A manager who belongs to the borrower does not write its debt off, whatever they did on the
  // loan (as with ledger corrections of their own initiative): another manager does.
  if (held.has('borrower')) roles.delete('manager')
  const open = ['requested', 'approved', 'disbursed'].includes(loan.state)
  const pledgeable = open ? asked.filter((g) => g.state === 'asked').map((g) => g.id) : []
  const pledgeBarred = pledgeable.length > 0 && !mayPledgeAfter(actedAs)
  const proposal = await proposalOf(db, loan)
  return {
    roles,
    held,
    actedAs,
    guarantorIds: asked.map((g) => g.id),
    canPledgeFor: pledgeBarred ? [] : pledgeable,
    pledgeBarred,
    proposal,
    canView: held.size > 0 || asked.length > 0,
  }
}

/**
 * Whether a loan began as the borrower's request or as a lender's offer: the side the `requested`
 * event was written for (for events before ADR 058, the listing it answered says it).
 */
async function proposalOf(db: DbOrTx, loan: Loan): Promise<LoanProposal> {
  const [event] = await db
    .select({ actedAs: loanEvents.actedAs })
    .from(loanEvents)
    .where(and(eq(loanEvents.loanId, loan.id), eq(loanEvents.kind, 'requested')))
    .orderBy(asc(loanEvents.id))
    .limit(1)
  const side = event?.actedAs ?? (await requesterSide(db, loan))
  return side === 'lender' ? 'offer' : 'request'
}

/**
 * The capacities the actor acted in on a loan: each event's `acted_as`, or for events before
 * ADR 058 what its kind says (a request: the lender's side when the loan answered the borrower's
 * need, else the borrower's).
 */
async function capacitiesOf(db: DbOrTx, actor: Actor, loan: Loan): Promise<string[]> {
  const events = await db
    .select({ kind: loanEvents.kind, actedAs: loanEvents.actedAs })
    .from(loanEvents)
    .where(and(eq(loanEvents.loanId, loan.id), eq(loanEvents.actorId, actor.id)))
  const capacities = new Set<string>()
  for (const e of events) {
    const capacity = e.actedAs ?? LOAN_EVENT_CAPACITY[e.kind] ?? (e.kind === 'requested' ? await requesterSide(db, loan) : null)
    if (capacity) capacities.add(capacity)
  }
  return [...capacities]
}

async function requesterSide(db: DbOrTx, loan: Loan): Promise<LoanRole> {
  if (!loan.listingId || !loan.lenderInitiativeId) return 'borrower'
  const [listing] = await db.select({ initiativeId: listings.initiativeId }).from(listings).where(eq(listings.id, loan.listingId))
  return listing?.initiativeId === loan.borrowerInitiativeId ? 'lender' : 'borrower'
}

async function lockLoan(tx: DbOrTx, centreId: string, loanId: string) {
  if (!isUuid(loanId)) return null
  const [loan] = await tx
    .select()
    .from(loans)
    .where(and(eq(loans.id, loanId), eq(loans.centreId, centreId)))
    .for('update')
  return loan ?? null
}

async function appendEvent(
  tx: DbOrTx,
  loan: Loan,
  actorId: string,
  kind: string,
  change: {
    from?: LoanState | null
    to?: LoanState | null
    details?: Record<string, string | number | null>
    /** the capacity acted in, when the kind does not say it (a request; the deciding steps of an offer) */
    actedAs?: LoanRole
  } = {},
) {
  const actedAs = change.actedAs ?? LOAN_EVENT_CAPACITY[kind] ?? null
  await tx.insert(loanEvents).values({
    loanId: loan.id,
    centreId: loan.centreId,
    actorId,
    actedAs,
    kind,
    fromState: change.from ?? null,
    toState: change.to ?? null,
    details: change.details ?? {},
  })
  await recordAudit(tx, {
    centreId: loan.centreId,
    actorId,
    action: `loan.${kind}`,
    subjectType: 'loan',
    subjectId: loan.id,
    details: { from: change.from ?? null, to: change.to ?? null, ...change.details },
  })
}

function lenderAccount(loan: Pick<Loan, 'lenderInitiativeId' | 'centreId'>): Account {
  return loan.lenderInitiativeId ? { type: 'initiative', id: loan.lenderInitiativeId } : { type: 'fund', id: loan.centreId }
}

const RETRYABLE = new Set(['40001', '40P01'])
function pgCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code
  }
  return undefined
}

/** Serialization failures and deadlocks are retried a bounded number of times. */
async function withRetry<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      const code = pgCode(error)
      if (!code || !RETRYABLE.has(code) || attempt >= attempts) throw error
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt))
    }
  }
}

// ————— telling the other side —————

type LoanSide = 'borrower' | 'lender'

/** No notifications (backdated demo history). */
export interface NoticeOptions {
  silent?: boolean
}

/** The people of one side of a loan: the members of its initiative, or for the lender of a fund loan the centre's managers. */
async function sideUserIds(tx: DbOrTx, loan: Loan, side: LoanSide) {
  const initiativeId = side === 'borrower' ? loan.borrowerInitiativeId : loan.lenderInitiativeId
  const rows = initiativeId
    ? await tx.select({ userId: initiativeMembers.userId }).from(initiativeMembers).where(eq(initiativeMembers.initiativeId, initiativeId))
    : await tx.select({ userId: centreStaff.userId }).from(centreStaff).where(eq(centreStaff.centreId, loan.centreId))
  return rows.map((row) => row.userId)
}

/** The names a loan notice uses, its title (the purpose, cut short) and the path of the loan page. */
async function loanNames(tx: DbOrTx, loan: Loan) {
  const lenderName = alias(initiatives, 'lender_name')
  const borrowerName = alias(initiatives, 'borrower_name')
  const [names] = await tx
    .select({ slug: centres.slug, centre: centres.name, borrower: borrowerName.name, lender: lenderName.name })
    .from(loans)
    .innerJoin(centres, eq(centres.id, loans.centreId))
    .innerJoin(borrowerName, eq(borrowerName.id, loans.borrowerInitiativeId))
    .leftJoin(lenderName, eq(lenderName.id, loans.lenderInitiativeId))
    .where(eq(loans.id, loan.id))
  return names ? { ...names, title: loan.purpose.slice(0, 80), url: `/c/${names.slug}/loans/${loan.id}` } : null
}

/**
 * Tells one side of a loan of an act of the other, in the act's transaction: the members of the
 * side's initiative or, for the lender of a fund loan, the centre's managers — never the actor,
 * nor those in `skip` (already told of the same act from the other side).
 * `initiative` in the text is the other side (for the fund, the centre). Returns who was told.
 */
async function announceLoan(
  tx: DbOrTx,
  loan: Loan,
  actorId: string,
  to: LoanSide,
  kind: 'loan.requested' | 'loan.decided' | 'loan.repayment',
  variant: string,
  note: string | null = null,
  skip: readonly string[] = [],
) {
  const names = await loanNames(tx, loan)
  if (!names) return []
  const base = {
    centreId: loan.centreId,
    kind,
    exceptUserId: actorId,
    payload: {
      variant,
      title: names.title,
      initiative: to === 'borrower' ? (names.lender ?? names.centre) : names.borrower,
      note,
      url: names.url,
    },
  }
  const userIds = (await sideUserIds(tx, loan, to)).filter((id) => !skip.includes(id))
  return notify(tx, { ...base, userIds })
}

/**
 * Guarantee news (ADR 046), never to the actor. `asked` goes to the asked initiative's members
 * (it waits for their answer; `initiative` is the borrower). `pledged` goes to the borrower's
 * members and the lender's side (the promise stands behind the lender's money; for the fund, the
 * managers, who would call it in), each person once; `initiative` is the guarantor.
 */
async function announceGuarantee(
  tx: DbOrTx,
  loan: Loan,
  actorId: string,
  guarantorInitiativeId: string,
  variant: 'asked' | 'pledged',
  note: string | null = null,
) {
  const names = await loanNames(tx, loan)
  if (!names) return []
  const base = { centreId: loan.centreId, kind: 'loan.guarantee' as const, exceptUserId: actorId }
  if (variant === 'asked') {
    const payload = { variant, title: names.title, initiative: names.borrower, note, url: names.url }
    return notify(tx, { ...base, initiativeId: guarantorInitiativeId, payload })
  }
  const [guarantor] = await tx.select({ name: initiatives.name }).from(initiatives).where(eq(initiatives.id, guarantorInitiativeId))
  const userIds = [...(await sideUserIds(tx, loan, 'borrower')), ...(await sideUserIds(tx, loan, 'lender'))]
  const payload = { variant, title: names.title, initiative: guarantor?.name ?? '', note, url: names.url }
  return notify(tx, { ...base, userIds, payload })
}

/**
 * The loan has ended (ADR 047): the members of every initiative that *pledged* a guarantee hear
 * that it is released (`released`, the loan is repaid) or that the loan was written off
 * (`written_off`, with the reason: the pledge may now be called in). Initiatives only asked
 * promised nothing and are not told. Never the actor, nor those in `skip` (told of the same act
 * as borrower or lender); someone in two guarantor initiatives is told once. `initiative` is the
 * borrower.
 */
async function announceGuaranteeEnd(
  tx: DbOrTx,
  loan: Loan,
  actorId: string,
  variant: 'released' | 'written_off',
  note: string | null,
  skip: readonly string[],
) {
  const rows = await tx
    .select({ userId: initiativeMembers.userId })
    .from(loanGuarantees)
    .innerJoin(initiativeMembers, eq(initiativeMembers.initiativeId, loanGuarantees.guarantorInitiativeId))
    .where(and(eq(loanGuarantees.loanId, loan.id), eq(loanGuarantees.state, 'pledged')))
  const userIds = rows.map((row) => row.userId).filter((id) => !skip.includes(id))
  if (!userIds.length) return []
  const names = await loanNames(tx, loan)
  if (!names) return []
  const payload = { variant, title: names.title, initiative: names.borrower, note, url: names.url }
  return notify(tx, { centreId: loan.centreId, kind: 'loan.guarantee', exceptUserId: actorId, userIds, payload })
}

// ————— requesting —————

export interface RequestInput {
  source: 'listing' | 'fund'
  listingId?: string
  /** the actor's initiative: the borrower (offer, fund) or the lender (answering a need) */
  initiativeId: string
  amount: number
  termMonths: number
  startDate: string
  purpose: string
}

/** The loan listing a request can answer: an active loan offer or need of another initiative of this centre. */
export async function getLoanListing(db: DbOrTx, centreId: string, listingId: string) {
  if (!isUuid(listingId)) return null
  const [row] = await db
    .select({
      id: listings.id,
      title: listings.title,
      kind: listings.kind,
      category: listings.category,
      status: listings.status,
      details: listings.details,
      initiativeId: listings.initiativeId,
      initiativeName: initiatives.name,
      initiativeStatus: initiatives.status,
    })
    .from(listings)
    .innerJoin(initiatives, eq(initiatives.id, listings.initiativeId))
    .where(and(eq(listings.id, listingId), eq(listings.centreId, centreId)))
  if (!row || row.category !== 'loan' || row.status !== 'active' || row.initiativeStatus !== 'active') return null
  return row
}

export async function requestLoan(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  input: RequestInput,
  options: NoticeOptions = {},
): Promise<{ ok: true; loan: Loan } | Failure> {
  const [centre] = await db.select({ loanLimitCents: centres.loanLimitCents }).from(centres).where(eq(centres.id, centreId))
  if (!centre) return NOT_FOUND
  const mine = await activeInitiativeIds(db, actor, centreId)
  if (!mine.includes(input.initiativeId)) return NOT_FOUND
  const limit = Math.min(centre.loanLimitCents, LOAN_LIMITS.maxPrincipalCents)
  if (input.amount > limit) return invalid({ amount: [`loans.errors.overLimit?max=${limit / 100}`] })

  let lenderInitiativeId: string | null = null
  let borrowerInitiativeId = input.initiativeId
  let interestBasisPoints = 0
  let listingId: string | null = null
  if (input.source === 'listing') {
    const listing = input.listingId ? await getLoanListing(db, centreId, input.listingId) : null
    if (!listing) return NOT_FOUND
    if (listing.initiativeId === input.initiativeId) return invalid({ initiativeId: ['loans.errors.ownListing'] })
    listingId = listing.id
    if (listing.kind === 'offer') {
      lenderInitiativeId = listing.initiativeId
      if (listing.details.category === 'loan') interestBasisPoints = listing.details.interestRateBasisPoints
    } else {
      lenderInitiativeId = input.initiativeId
      borrowerInitiativeId = listing.initiativeId
    }
  }
  interestBasisPoints = Math.min(Math.max(0, Math.trunc(interestBasisPoints)), LOAN_LIMITS.maxInterestBasisPoints)

  return db.transaction(async (tx) => {
    const [loan] = await tx
      .insert(loans)
      .values({
        centreId,
        lenderKind: lenderInitiativeId ? 'initiative' : 'fund',
        lenderInitiativeId,
        borrowerInitiativeId,
        listingId,
        purpose: input.purpose,
        principalCents: input.amount,
        interestBasisPoints,
        termMonths: input.termMonths,
        startDate: input.startDate,
        state: 'requested',
        requestedBy: actor.id,
      })
      .returning()
    await appendEvent(tx, loan!, actor.id, 'requested', {
      to: 'requested',
      actedAs: lenderInitiativeId === input.initiativeId ? 'lender' : 'borrower',
      details: { amountCents: input.amount, termMonths: input.termMonths, startDate: input.startDate },
    })
    // The side that did not ask decides: the lender (or the fund's managers), or — when a lender
    // answered a need — the borrower, who may still withdraw.
    if (!options.silent) {
      const actorLends = lenderInitiativeId === input.initiativeId
      const variant = actorLends ? 'offer' : lenderInitiativeId ? 'request' : 'fund'
      await announceLoan(tx, loan!, actor.id, actorLends ? 'borrower' : 'lender', 'loan.requested', variant)
    }
    return { ok: true as const, loan: loan! }
  })
}

// ————— the lender's decisions —————

export interface ApproveInput {
  amount: number
  termMonths: number
  interestBasisPoints: number
  startDate: string
}

type StepResult = { ok: true; loan: Loan } | Failure
/** A deciding step also says whether the loan was a request or an offer (the words of the answer differ). */
type DecisionResult = { ok: true; loan: Loan; proposal: LoanProposal } | Failure

/** Runs one act on a locked loan in one transaction, with bounded retries of serialization failures. */
async function onLockedLoan<T>(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  loanId: string,
  act: (tx: DbOrTx, loan: Loan, standing: Standing) => Promise<T | Failure>,
): Promise<T | Failure> {
  if (!isUuid(loanId)) return NOT_FOUND
  return withRetry(() =>
    db.transaction(async (tx) => {
      const loan = await lockLoan(tx, centreId, loanId)
      if (!loan) return NOT_FOUND
      const standing = await standingOf(tx, actor, loan)
      if (!standing.canView) return NOT_FOUND
      return act(tx, loan, standing)
    }),
  )
}

async function setState(tx: DbOrTx, loan: Loan, changes: Partial<typeof loans.$inferInsert>) {
  const [updated] = await tx
    .update(loans)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(loans.id, loan.id))
    .returning()
  return updated!
}

/**
 * Approval fixes the plan. On a request the lender approves and may change amount, term, rate
 * and start; on an offer the borrower accepts the terms as offered (`input` is not used: the
 * borrower consents to what the lender proposed, nothing else).
 */
export async function approveLoan(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  loanId: string,
  terms: ApproveInput | null,
  options: NoticeOptions = {},
): Promise<DecisionResult> {
  return onLockedLoan(db, actor, centreId, loanId, async (tx, loan, standing) => {
    if (!canTransition(loan.state, 'approve', standing.roles, standing.proposal)) return { ok: false, error: 'notAllowed', state: loan.state }
    const offered = standing.proposal === 'offer'
    const input: ApproveInput | null = offered
      ? { amount: loan.principalCents, termMonths: loan.termMonths, interestBasisPoints: loan.interestBasisPoints, startDate: loan.startDate }
      : terms
    // Accepting as such (no terms given) is the borrower's answer to an offer, not a lender's approval.
    if (!input) return { ok: false, error: 'notAllowed', state: loan.state }
    const [centre] = await tx.select({ loanLimitCents: centres.loanLimitCents }).from(centres).where(eq(centres.id, centreId))
    const limit = Math.min(centre!.loanLimitCents, LOAN_LIMITS.maxPrincipalCents)
    if (input.amount > limit) return invalid({ amount: [`loans.errors.overLimit?max=${limit / 100}`] })
    // The lender may lend less or cheaper than asked, not more or dearer: that would be a debt the
    // borrower never agreed to (ADR 058, addendum).
    const errors: FieldErrors = {}
    if (input.amount > loan.principalCents) errors.amount = [`loans.errors.overAsked?max=${loan.principalCents / 100}`]
    if (input.interestBasisPoints > loan.interestBasisPoints) {
      errors.interestPercent = [`loans.errors.rateOverAsked?max=${loan.interestBasisPoints / 100}`]
    }
    if (Object.keys(errors).length) return invalid(errors)
    const plan = planInstalments({
      principalCents: input.amount,
      termMonths: input.termMonths,
      interestBasisPoints: input.interestBasisPoints,
      startDate: input.startDate,
    })
    const updated = await setState(tx, loan, {
      state: 'approved',
      principalCents: input.amount,
      termMonths: input.termMonths,
      interestBasisPoints: input.interestBasisPoints,
      startDate: input.startDate,
      totalCents: plan.totalCents,
      decidedBy: actor.id,
      decidedAt: new Date(),
    })
    await tx.insert(loanInstalments).values(
      plan.instalments.map((i) => ({ loanId: loan.id, centreId, number: i.number, dueDate: i.dueDate, amountCents: i.amountCents })),
    )
    await appendEvent(tx, updated, actor.id, 'approved', {
      from: loan.state,
      to: 'approved',
      actedAs: capacityOfStep('approve', standing.proposal),
      details: {
        amountCents: input.amount,
        termMonths: input.termMonths,
        interestBasisPoints: input.interestBasisPoints,
        totalCents: plan.totalCents,
      },
    })
    if (!options.silent) {
      // An accepted offer is news for the lender, who may now pay out; an approved request for the borrower.
      await announceLoan(tx, updated, actor.id, offered ? 'lender' : 'borrower', 'loan.decided', offered ? 'accepted' : 'approved')
    }
    return { ok: true as const, loan: updated, proposal: standing.proposal }
  })
}

/**
 * The deciding side declines, or the proposing side withdraws: on a request the lender declines
 * and the borrower withdraws; on an offer the borrower declines and the lender withdraws.
 */
export async function declineLoan(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  loanId: string,
  input: { as: 'decline' | 'withdraw'; reason?: string | null },
  options: NoticeOptions = {},
): Promise<DecisionResult> {
  return onLockedLoan(db, actor, centreId, loanId, async (tx, loan, standing) => {
    if (!canTransition(loan.state, input.as, standing.roles, standing.proposal)) return { ok: false, error: 'notAllowed', state: loan.state }
    const offered = standing.proposal === 'offer'
    const actedAs = capacityOfStep(input.as, standing.proposal)
    const reason = input.reason?.trim() || null
    const updated = await setState(tx, loan, { state: 'declined', declineReason: reason, decidedBy: actor.id, decidedAt: new Date() })
    await appendEvent(tx, updated, actor.id, input.as === 'decline' ? 'declined' : 'withdrawn', {
      from: loan.state,
      to: 'declined',
      actedAs,
      details: { reason },
    })
    if (!options.silent) {
      const to: LoanSide = actedAs === 'borrower' ? 'lender' : 'borrower'
      const variant = `${offered ? 'offer_' : ''}${input.as === 'decline' ? 'declined' : 'withdrawn'}`
      await announceLoan(tx, updated, actor.id, to, 'loan.decided', variant, reason)
    }
    return { ok: true as const, loan: updated, proposal: standing.proposal }
  })
}

/** The fund's money at hand: what it received (contributions, repayments) minus what it lent. */
export async function fundBalanceCents(db: DbOrTx, centreId: string) {
  const [row] = await db
    .select({ balance: sql<string>`coalesce(sum(${ledgerEntries.amount}), 0)` })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.accountType, 'fund'), eq(ledgerEntries.accountId, centreId), eq(ledgerEntries.unit, 'cents')))
  // A fund's entries are − when it receives and + when it gives (the ledger's sign: + = gave).
  return -Number(row?.balance ?? 0)
}

/** The lender hands over the money: written to the ledger once (the row lock and the state check make sure). */
export async function disburseLoan(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  loanId: string,
  options: { at?: Date } & NoticeOptions = {},
): Promise<StepResult> {
  return onLockedLoan(db, actor, centreId, loanId, async (tx, loan, standing) => {
    if (!canTransition(loan.state, 'disburse', standing.roles)) return { ok: false, error: 'notAllowed', state: loan.state }
    if (!loan.lenderInitiativeId) {
      // Fund loans of one centre are serialised on the centre row, so two cannot spend the same money.
      await tx.select({ id: centres.id }).from(centres).where(eq(centres.id, centreId)).for('update')
      if ((await fundBalanceCents(tx, centreId)) < loan.principalCents) {
        return invalid({ form: ['loans.errors.fundTooLow'] })
      }
    }
    const at = options.at ?? new Date()
    const posted = await postTransfer(tx, {
      kind: 'loan_disbursement',
      centreId,
      createdBy: actor.id,
      occurredAt: at,
      entries: [
        { account: lenderAccount(loan), unit: 'cents', amount: loan.principalCents },
        { account: { type: 'initiative', id: loan.borrowerInitiativeId }, unit: 'cents', amount: -loan.principalCents },
      ],
    })
    const updated = await setState(tx, loan, { state: 'disbursed', disbursedBy: actor.id, disbursedAt: at, disbursementTransactionId: posted.id })
    await appendEvent(tx, updated, actor.id, 'disbursed', { from: loan.state, to: 'disbursed', details: { amountCents: loan.principalCents } })
    if (!options.silent) await announceLoan(tx, updated, actor.id, 'borrower', 'loan.decided', 'disbursed')
    return { ok: true as const, loan: updated }
  })
}

// ————— repayments —————

export function outstandingCents(loan: Pick<Loan, 'totalCents' | 'repaidCents'>) {
  return Math.max(0, (loan.totalCents ?? 0) - loan.repaidCents)
}

export async function logRepayment(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  loanId: string,
  input: { amount: number; paidOn: string; note?: string | null },
  options: NoticeOptions = {},
): Promise<{ ok: true; repaymentId: string } | Failure> {
  return onLockedLoan(db, actor, centreId, loanId, async (tx, loan, standing) => {
    if (!canLogRepayment(loan.state, standing.roles)) return { ok: false, error: 'notAllowed', state: loan.state }
    const outstanding = outstandingCents(loan)
    if (input.amount > outstanding) return invalid({ amount: [`loans.errors.overOutstanding?max=${outstanding / 100}`] })
    const [repayment] = await tx
      .insert(loanRepayments)
      .values({ loanId: loan.id, centreId, amountCents: input.amount, paidOn: input.paidOn, note: input.note?.trim() ?? '', loggedBy: actor.id })
      .returning({ id: loanRepayments.id })
    await appendEvent(tx, loan, actor.id, 'repayment_logged', { details: { amountCents: input.amount, paidOn: input.paidOn } })
    // The borrower's word moves no money: the lender's side has to confirm, so it hears at once.
    if (!options.silent) await announceLoan(tx, loan, actor.id, 'lender', 'loan.repayment', 'logged', input.note?.trim() || null)
    return { ok: true as const, repaymentId: repayment!.id }
  })
}

export type DecideResult = { ok: true; loan: Loan; repaid: boolean } | Failure | { ok: false; error: 'exceedsOutstanding'; outstanding: number }

/**
 * The lender confirms a logged repayment: with the loan row locked, a repayment larger than
 * what is still outstanding is refused, so concurrent confirmations can never take in more than
 * the loan's total. The ledger gets the repayment once; the loan is `repaid` when nothing is left.
 */
export async function confirmRepayment(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  loanId: string,
  repaymentId: string,
  options: { at?: Date } & NoticeOptions = {},
): Promise<DecideResult> {
  if (!isUuid(repaymentId)) return NOT_FOUND
  return onLockedLoan<DecideResult>(db, actor, centreId, loanId, async (tx, loan, standing) => {
    if (!canDecideRepayment(loan.state, standing.roles)) return { ok: false, error: 'notAllowed', state: loan.state }
    const [repayment] = await tx
      .select()
      .from(loanRepayments)
      .where(and(eq(loanRepayments.id, repaymentId), eq(loanRepayments.loanId, loan.id)))
      .for('update')
    if (!repayment) return NOT_FOUND
    if (repayment.state !== 'logged') return { ok: false, error: 'notAllowed', state: loan.state }
    const outstanding = outstandingCents(loan)
    if (repayment.amountCents > outstanding) return { ok: false, error: 'exceedsOutstanding', outstanding }
    const at = options.at ?? new Date()
    const posted = await postTransfer(tx, {
      kind: 'loan_repayment',
      centreId,
      createdBy: actor.id,
      occurredAt: at,
      entries: [
        { account: { type: 'initiative', id: loan.borrowerInitiativeId }, unit: 'cents', amount: repayment.amountCents },
        { account: lenderAccount(loan), unit: 'cents', amount: -repayment.amountCents },
      ],
    })
    await tx
      .update(loanRepayments)
      .set({ state: 'confirmed', decidedBy: actor.id, decidedAt: at, ledgerTransactionId: posted.id })
      .where(eq(loanRepayments.id, repayment.id))
    const repaidCents = loan.repaidCents + repayment.amountCents
    const done = repaidCents === loan.totalCents
    const updated = await setState(tx, loan, { repaidCents, ...(done ? { state: 'repaid' as const, repaidAt: at } : {}) })
    await appendEvent(tx, updated, actor.id, 'repayment_confirmed', { details: { amountCents: repayment.amountCents } })
    if (done) {
      await appendEvent(tx, updated, actor.id, 'repaid', { from: loan.state, to: LOAN_TRANSITIONS.complete.to })
    }
    if (!options.silent) {
      const told = await announceLoan(tx, updated, actor.id, 'borrower', 'loan.repayment', done ? 'repaid' : 'confirmed')
      // Repaid in full: the pledges behind the loan are released (ADR 047).
      if (done) await announceGuaranteeEnd(tx, updated, actor.id, 'released', null, told)
    }
    return { ok: true as const, loan: updated, repaid: done }
  })
}

export async function rejectRepayment(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  loanId: string,
  repaymentId: string,
  reason?: string | null,
  options: NoticeOptions = {},
): Promise<StepResult> {
  if (!isUuid(repaymentId)) return NOT_FOUND
  return onLockedLoan(db, actor, centreId, loanId, async (tx, loan, standing) => {
    if (!canDecideRepayment(loan.state, standing.roles)) return { ok: false, error: 'notAllowed', state: loan.state }
    const [updated] = await tx
      .update(loanRepayments)
      .set({ state: 'rejected', decidedBy: actor.id, decidedAt: new Date(), rejectReason: reason?.trim() || null })
      .where(and(eq(loanRepayments.id, repaymentId), eq(loanRepayments.loanId, loan.id), eq(loanRepayments.state, 'logged')))
      .returning({ amountCents: loanRepayments.amountCents })
    if (!updated) return NOT_FOUND
    await appendEvent(tx, loan, actor.id, 'repayment_rejected', { details: { amountCents: updated.amountCents, reason: reason?.trim() || null } })
    if (!options.silent) await announceLoan(tx, loan, actor.id, 'borrower', 'loan.repayment', 'rejected', reason?.trim() || null)
    return { ok: true as const, loan }
  })
}

/** A manager writes off what is left of a disbursed loan, with a reason. Nothing moves in the ledger. */
export async function writeOffLoan(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  loanId: string,
  reason: string,
  options: NoticeOptions = {},
): Promise<StepResult> {
  return onLockedLoan(db, actor, centreId, loanId, async (tx, loan, standing) => {
    if (!canTransition(loan.state, 'write_off', standing.roles)) return { ok: false, error: 'notAllowed', state: loan.state }
    const text = reason.trim()
    if (text.length < 3) return invalid({ reason: ['validation.tooShort?minimum=3'] })
    const updated = await setState(tx, loan, { state: 'written_off', writtenOffBy: actor.id, writtenOffAt: new Date(), writeOffReason: text })
    await appendEvent(tx, updated, actor.id, 'written_off', {
      from: loan.state,
      to: 'written_off',
      details: { reason: text, outstandingCents: outstandingCents(loan) },
    })
    // The borrower is let off the rest, the lender loses it: both sides hear it, each person once.
    if (!options.silent) {
      const told = await announceLoan(tx, updated, actor.id, 'borrower', 'loan.decided', 'written_off', text)
      const lenders = await announceLoan(tx, updated, actor.id, 'lender', 'loan.decided', 'written_off', text, told)
      // What is left was promised by the guarantors: they hear it too (ADR 047).
      await announceGuaranteeEnd(tx, updated, actor.id, 'written_off', text, [...told, ...lenders])
    }
    return { ok: true as const, loan: updated }
  })
}

// ————— guarantees —————

/** The borrower asks another active initiative of the centre to stand guarantor. */
export async function askGuarantee(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  loanId: string,
  input: { initiativeId: string },
  options: NoticeOptions = {},
): Promise<StepResult> {
  return onLockedLoan(db, actor, centreId, loanId, async (tx, loan, standing) => {
    const open = ['requested', 'approved', 'disbursed'].includes(loan.state)
    if (!standing.roles.has('borrower') || !open) return { ok: false, error: 'notAllowed', state: loan.state }
    const [initiative] = isUuid(input.initiativeId)
      ? await tx
          .select({ id: initiatives.id })
          .from(initiatives)
          .where(and(eq(initiatives.id, input.initiativeId), eq(initiatives.centreId, centreId), eq(initiatives.status, 'active')))
      : []
    if (!initiative || initiative.id === loan.borrowerInitiativeId || initiative.id === loan.lenderInitiativeId) {
      return invalid({ initiativeId: ['validation.choice'] })
    }
    const inserted = await tx
      .insert(loanGuarantees)
      .values({ loanId: loan.id, centreId, guarantorInitiativeId: initiative.id, askedBy: actor.id })
      .onConflictDoNothing()
      .returning({ id: loanGuarantees.id })
    if (!inserted.length) return invalid({ initiativeId: ['loans.errors.alreadyAsked'] })
    await appendEvent(tx, loan, actor.id, 'guarantee_asked', { details: { initiativeId: initiative.id } })
    if (!options.silent) await announceGuarantee(tx, loan, actor.id, initiative.id, 'asked')
    return { ok: true as const, loan }
  })
}

/** A member of an initiative that was asked pledges an amount (at most the principal). */
export async function pledgeGuarantee(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  loanId: string,
  input: { initiativeId: string; amount: number; note?: string | null },
  options: NoticeOptions = {},
): Promise<StepResult> {
  if (!isUuid(loanId)) return NOT_FOUND
  const mine = await activeInitiativeIds(db, actor, centreId)
  if (!mine.includes(input.initiativeId)) return NOT_FOUND
  return onLockedLoan(db, actor, centreId, loanId, async (tx, loan, standing) => {
    if (!standing.canPledgeFor.includes(input.initiativeId)) {
      if (standing.pledgeBarred) return invalid({ initiativeId: ['loans.errors.pledgeOneSide'] })
      if (standing.guarantorIds.includes(input.initiativeId)) return invalid({ initiativeId: ['loans.errors.alreadyPledged'] })
      return { ok: false, error: 'notAllowed', state: loan.state }
    }
    if (input.amount > loan.principalCents) return invalid({ amount: [`loans.errors.pledgeOverPrincipal?max=${loan.principalCents / 100}`] })
    await tx
      .update(loanGuarantees)
      .set({ state: 'pledged', amountCents: input.amount, note: input.note?.trim() ?? '', pledgedBy: actor.id, pledgedAt: new Date() })
      .where(and(eq(loanGuarantees.loanId, loan.id), eq(loanGuarantees.guarantorInitiativeId, input.initiativeId), eq(loanGuarantees.state, 'asked')))
    await appendEvent(tx, loan, actor.id, 'guarantee_pledged', { details: { initiativeId: input.initiativeId, amountCents: input.amount } })
    if (!options.silent) await announceGuarantee(tx, loan, actor.id, input.initiativeId, 'pledged', input.note?.trim() || null)
    return { ok: true as const, loan }
  })
}

// ————— reading —————

const lender = alias(initiatives, 'lender')
const borrower = alias(initiatives, 'borrower')

const summaryColumns = {
  id: loans.id,
  state: loans.state,
  lenderKind: loans.lenderKind,
  lenderInitiativeId: loans.lenderInitiativeId,
  lenderName: lender.name,
  borrowerInitiativeId: loans.borrowerInitiativeId,
  borrowerName: borrower.name,
  purpose: loans.purpose,
  principalCents: loans.principalCents,
  interestBasisPoints: loans.interestBasisPoints,
  termMonths: loans.termMonths,
  startDate: loans.startDate,
  totalCents: loans.totalCents,
  repaidCents: loans.repaidCents,
  createdAt: loans.createdAt,
}

async function overdueByLoan(db: DbOrTx, rows: { id: string; state: LoanState; repaidCents: number }[], today: string) {
  const disbursed = rows.filter((r) => r.state === 'disbursed')
  const result = new Map<string, number>()
  if (!disbursed.length) return result
  const plan = await db
    .select({ loanId: loanInstalments.loanId, number: loanInstalments.number, dueDate: loanInstalments.dueDate, amountCents: loanInstalments.amountCents })
    .from(loanInstalments)
    .where(inArray(loanInstalments.loanId, disbursed.map((r) => r.id)))
  for (const loan of disbursed) {
    const states = instalmentStates(plan.filter((p) => p.loanId === loan.id), loan.repaidCents, today)
    const overdue = states.filter((s) => s.status === 'overdue').reduce((sum, s) => sum + s.amountCents - s.coveredCents, 0)
    if (overdue > 0) result.set(loan.id, overdue)
  }
  return result
}

async function centreTimeZone(db: DbOrTx, centreId: string) {
  const [row] = await db.select({ timeZone: centres.timeZone }).from(centres).where(eq(centres.id, centreId))
  return row?.timeZone ?? 'Europe/Berlin'
}

/**
 * The loans of the actor's initiatives in a centre (lent, borrowed, guaranteed), and for
 * managers the fund's loans, each with what is outstanding and what is overdue.
 */
export async function listLoans(db: DbOrTx, actor: Actor, centreId: string, options: { now?: Date } = {}) {
  const [mine, manager, timeZone] = await Promise.all([
    activeInitiativeIds(db, actor, centreId),
    isManager(db, actor, centreId),
    centreTimeZone(db, centreId),
  ])
  const guaranteed = mine.length
    ? db.select({ id: loanGuarantees.loanId }).from(loanGuarantees).where(inArray(loanGuarantees.guarantorInitiativeId, mine))
    : null
  const scope = or(
    mine.length ? inArray(loans.borrowerInitiativeId, mine) : undefined,
    mine.length ? inArray(loans.lenderInitiativeId, mine) : undefined,
    guaranteed ? inArray(loans.id, guaranteed) : undefined,
    manager ? eq(loans.lenderKind, 'fund') : undefined,
  )
  const rows = await db
    .select(summaryColumns)
    .from(loans)
    .leftJoin(lender, eq(lender.id, loans.lenderInitiativeId))
    .innerJoin(borrower, eq(borrower.id, loans.borrowerInitiativeId))
    .where(and(eq(loans.centreId, centreId), scope ?? sql`false`))
    .orderBy(desc(loans.createdAt))
    .limit(200)
  const overdue = await overdueByLoan(db, rows, localDate(options.now ?? new Date(), timeZone))
  return {
    isManager: manager,
    loans: rows.map((row) => ({
      ...row,
      outstandingCents: row.state === 'disbursed' ? outstandingCents(row) : 0,
      overdueCents: overdue.get(row.id) ?? 0,
      side: mine.includes(row.borrowerInitiativeId)
        ? ('borrowed' as const)
        : row.lenderInitiativeId && mine.includes(row.lenderInitiativeId)
          ? ('lent' as const)
          : row.lenderKind === 'fund' && manager
            ? ('fund' as const)
            : ('guaranteed' as const),
    })),
  }
}

/** One loan with its plan, payments, guarantees and history, or null when the actor may not see it. */
export async function getLoanForViewer(db: DbOrTx, actor: Actor, centreId: string, loanId: string, options: { now?: Date } = {}) {
  if (!isUuid(loanId)) return null
  const [loan] = await db
    .select()
    .from(loans)
    .where(and(eq(loans.id, loanId), eq(loans.centreId, centreId)))
  if (!loan) return null
  const standing = await standingOf(db, actor, loan)
  if (!standing.canView) return null
  const guarantor = alias(initiatives, 'guarantor')
  const logger = alias(users, 'logger')
  const [[summary], plan, repayments, guarantees, events, timeZone, pledgeable] = await Promise.all([
    db
      .select({ ...summaryColumns, listingId: loans.listingId, listingTitle: listings.title, writeOffReason: loans.writeOffReason, declineReason: loans.declineReason })
      .from(loans)
      .leftJoin(lender, eq(lender.id, loans.lenderInitiativeId))
      .innerJoin(borrower, eq(borrower.id, loans.borrowerInitiativeId))
      .leftJoin(listings, eq(listings.id, loans.listingId))
      .where(eq(loans.id, loan.id)),
    db
      .select({ number: loanInstalments.number, dueDate: loanInstalments.dueDate, amountCents: loanInstalments.amountCents })
      .from(loanInstalments)
      .where(eq(loanInstalments.loanId, loan.id))
      .orderBy(asc(loanInstalments.number)),
    db
      .select({
        id: loanRepayments.id,
        amountCents: loanRepayments.amountCents,
        paidOn: loanRepayments.paidOn,
        note: loanRepayments.note,
        state: loanRepayments.state,
        loggedByName: logger.name,
        decidedAt: loanRepayments.decidedAt,
        rejectReason: loanRepayments.rejectReason,
        createdAt: loanRepayments.createdAt,
      })
      .from(loanRepayments)
      .leftJoin(logger, eq(logger.id, loanRepayments.loggedBy))
      .where(eq(loanRepayments.loanId, loan.id))
      .orderBy(asc(loanRepayments.createdAt), asc(loanRepayments.id)),
    db
      .select({ id: loanGuarantees.id, initiativeId: loanGuarantees.guarantorInitiativeId, initiativeName: guarantor.name, state: loanGuarantees.state, amountCents: loanGuarantees.amountCents, note: loanGuarantees.note, createdAt: loanGuarantees.createdAt })
      .from(loanGuarantees)
      .innerJoin(guarantor, eq(guarantor.id, loanGuarantees.guarantorInitiativeId))
      .where(eq(loanGuarantees.loanId, loan.id))
      .orderBy(asc(loanGuarantees.createdAt)),
    db
      .select({ id: loanEvents.id, kind: loanEvents.kind, toState: loanEvents.toState, details: loanEvents.details, at: loanEvents.at, actorName: users.name })
      .from(loanEvents)
      .leftJoin(users, eq(users.id, loanEvents.actorId))
      .where(eq(loanEvents.loanId, loan.id))
      .orderBy(asc(loanEvents.id)),
    centreTimeZone(db, centreId),
    standing.canPledgeFor.length
      ? db.select({ id: initiatives.id, name: initiatives.name }).from(initiatives).where(inArray(initiatives.id, standing.canPledgeFor)).orderBy(asc(initiatives.name))
      : Promise.resolve([]),
  ])
  const today = localDate(options.now ?? new Date(), timeZone)
  const instalments = instalmentStates(plan, loan.repaidCents, today)
  const roles = standing.roles
  const open = ['requested', 'approved', 'disbursed'].includes(loan.state)
  const askable =
    roles.has('borrower') && open
      ? (
          await db
            .select({ id: initiatives.id, name: initiatives.name })
            .from(initiatives)
            .where(and(eq(initiatives.centreId, centreId), eq(initiatives.status, 'active')))
            .orderBy(asc(initiatives.name))
        ).filter(
          (i) =>
            i.id !== loan.borrowerInitiativeId &&
            i.id !== loan.lenderInitiativeId &&
            !guarantees.some((g) => g.initiativeId === i.id),
        )
      : []
  return {
    loan: { ...summary!, outstandingCents: loan.state === 'disbursed' ? outstandingCents(loan) : 0 },
    instalments,
    overdueCents: loan.state === 'disbursed' ? instalments.filter((i) => i.status === 'overdue').reduce((s, i) => s + i.amountCents - i.coveredCents, 0) : 0,
    repayments,
    guarantees,
    events,
    timeZone,
    roles: [...roles],
    /** the side this viewer acted for, when that keeps them from roles they hold (ADR 058) */
    oneSide:
      standing.actedAs.length > 0 && standing.held.size > roles.size
        ? standing.actedAs.includes('borrower')
          ? ('borrower' as const)
          : standing.actedAs.includes('lender') || standing.actedAs.includes('manager')
            ? ('lender' as const)
            : ('guarantor' as const)
        : null,
    /** asked to stand guarantor, but acted for a side of this loan */
    pledgeBarred: standing.pledgeBarred,
    proposal: standing.proposal,
    can: {
      transitions: availableTransitions(loan.state, roles, standing.proposal) as LoanTransition[],
      logRepayment: canLogRepayment(loan.state, roles),
      decideRepayments: canDecideRepayment(loan.state, roles),
      pledgeFor: pledgeable,
      askGuaranteeFrom: askable,
    },
  }
}

// ————— the solidarity fund —————

/** A manager records money paid into the fund by an initiative of the centre; written to the ledger once. */
export async function recordContribution(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  input: { initiativeId: string; amount: number; receivedOn: string; note?: string | null },
): Promise<{ ok: true; id: string } | Failure> {
  if (!(await isManager(db, actor, centreId))) return NOT_FOUND
  if (!isUuid(input.initiativeId)) return invalid({ initiativeId: ['validation.invalid'] })
  const [initiative] = await db
    .select({ id: initiatives.id })
    .from(initiatives)
    .where(and(eq(initiatives.id, input.initiativeId), eq(initiatives.centreId, centreId)))
  if (!initiative) return invalid({ initiativeId: ['validation.choice'] })
  // One person, one side (ADR 058, addendum): a manager does not book money their own initiative
  // paid into the fund (it counts as that initiative's giving); another manager does.
  const [own] = await db
    .select({ userId: initiativeMembers.userId })
    .from(initiativeMembers)
    .where(and(eq(initiativeMembers.initiativeId, initiative.id), eq(initiativeMembers.userId, actor.id)))
  if (own) return invalid({ initiativeId: ['loans.errors.ownContribution'] })
  return db.transaction(async (tx) => {
    const posted = await postTransfer(tx, {
      kind: 'fund_contribution',
      centreId,
      createdBy: actor.id,
      entries: [
        { account: { type: 'initiative', id: input.initiativeId }, unit: 'cents', amount: input.amount },
        { account: { type: 'fund', id: centreId }, unit: 'cents', amount: -input.amount },
      ],
    })
    const [row] = await tx
      .insert(fundContributions)
      .values({
        centreId,
        initiativeId: input.initiativeId,
        amountCents: input.amount,
        receivedOn: input.receivedOn,
        note: input.note?.trim() ?? '',
        recordedBy: actor.id,
        ledgerTransactionId: posted.id,
      })
      .returning({ id: fundContributions.id })
    await recordAudit(tx, {
      centreId,
      actorId: actor.id,
      action: 'fund.contribution_recorded',
      subjectType: 'fund_contribution',
      subjectId: row!.id,
      details: { initiativeId: input.initiativeId, amountCents: input.amount },
    })
    return { ok: true as const, id: row!.id }
  })
}

/** For the fund page: balance, contributions, and what the fund has out on loan. */
export async function getFund(db: DbOrTx, actor: Actor, centreId: string) {
  if (!(await isManager(db, actor, centreId))) return null
  const [balance, contributions, initiativeOptions, [lent]] = await Promise.all([
    fundBalanceCents(db, centreId),
    db
      .select({
        id: fundContributions.id,
        initiativeName: initiatives.name,
        amountCents: fundContributions.amountCents,
        receivedOn: fundContributions.receivedOn,
        note: fundContributions.note,
      })
      .from(fundContributions)
      .innerJoin(initiatives, eq(initiatives.id, fundContributions.initiativeId))
      .where(eq(fundContributions.centreId, centreId))
      .orderBy(desc(fundContributions.receivedOn), desc(fundContributions.createdAt))
      .limit(100),
    db
      .select({ id: initiatives.id, name: initiatives.name })
      .from(initiatives)
      .where(and(eq(initiatives.centreId, centreId), eq(initiatives.status, 'active')))
      .orderBy(asc(initiatives.name)),
    db
      .select({ outstanding: sql<string>`coalesce(sum(${loans.totalCents} - ${loans.repaidCents}), 0)` })
      .from(loans)
      .where(and(eq(loans.centreId, centreId), eq(loans.lenderKind, 'fund'), eq(loans.state, 'disbursed'))),
  ])
  return { balanceCents: balance, outstandingCents: Number(lent?.outstanding ?? 0), contributions, initiatives: initiativeOptions }
}

// ————— reminders —————

/**
 * Tells borrowers about instalments due within `daysAhead` days and about overdue loans (the
 * lender hears of an overdue instalment too); each instalment is announced once per kind (a loan
 * event remembers it). For a worker to call daily.
 */
export async function sendLoanReminders(db: DbOrTx, options: { now?: Date; daysAhead?: number } = {}) {
  const now = options.now ?? new Date()
  const rows = await db
    .select({ loan: loans, timeZone: centres.timeZone, slug: centres.slug, borrowerName: borrower.name })
    .from(loans)
    .innerJoin(centres, eq(centres.id, loans.centreId))
    .innerJoin(borrower, eq(borrower.id, loans.borrowerInitiativeId))
    .where(eq(loans.state, 'disbursed'))
  let sent = 0
  for (const { loan, timeZone, slug, borrowerName } of rows) {
    const today = localDate(now, timeZone)
    const soon = localDate(new Date(now.getTime() + (options.daysAhead ?? 3) * 86_400_000), timeZone)
    const plan = await db
      .select({ number: loanInstalments.number, dueDate: loanInstalments.dueDate, amountCents: loanInstalments.amountCents })
      .from(loanInstalments)
      .where(eq(loanInstalments.loanId, loan.id))
    const states = instalmentStates(plan, loan.repaidCents, today)
    const done = await db
      .select({ details: loanEvents.details })
      .from(loanEvents)
      .where(and(eq(loanEvents.loanId, loan.id), eq(loanEvents.kind, 'reminded')))
    const already = new Set(done.map((d) => `${d.details.reminder}:${d.details.number}`))
    for (const instalment of states) {
      const reminder =
        instalment.status === 'overdue' ? 'overdue' : instalment.status !== 'paid' && instalment.dueDate <= soon ? 'due' : null
      if (!reminder || already.has(`${reminder}:${instalment.number}`)) continue
      await db.transaction(async (tx) => {
        await tx.insert(loanEvents).values({
          loanId: loan.id,
          centreId: loan.centreId,
          actorId: null,
          kind: 'reminded',
          details: { reminder, number: instalment.number, dueDate: instalment.dueDate },
        })
        const notice = {
          centreId: loan.centreId,
          kind: reminder === 'overdue' ? ('loan.overdue' as const) : ('loan.instalment_due' as const),
          payload: {
            title: loan.purpose.slice(0, 80),
            initiative: borrowerName,
            dueDate: instalment.dueDate,
            amountCents: instalment.amountCents - instalment.coveredCents,
            url: `/c/${slug}/loans/${loan.id}`,
          },
        }
        const told = await notify(tx, { ...notice, initiativeId: loan.borrowerInitiativeId })
        // An overdue instalment concerns the lender too (for the fund: the centre's managers).
        if (reminder === 'overdue') {
          const lenders = loan.lenderInitiativeId
            ? (await tx.select({ userId: initiativeMembers.userId }).from(initiativeMembers).where(eq(initiativeMembers.initiativeId, loan.lenderInitiativeId)))
            : await tx.select({ userId: centreStaff.userId }).from(centreStaff).where(eq(centreStaff.centreId, loan.centreId))
          await notify(tx, { ...notice, userIds: lenders.map((row) => row.userId).filter((id) => !told.includes(id)) })
        }
      })
      sent++
    }
  }
  return sent
}
