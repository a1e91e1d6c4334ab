import { and, asc, eq, notExists } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { DbOrTx } from '#db/connect'
import { centreStaff, initiativeMembers, initiatives, listings, loanEvents, loanGuarantees, loans } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import type { Account } from '~/modules/ledger/ledger.server'
import { isUuid } from '~/utils/misc'
import { LOAN_EVENT_CAPACITY, type LoanProposal, type LoanRole, mayPledgeAfter, narrowLoanRoles, type LoanState } from './state-machine'
import type { Actor, FieldErrors } from '~/modules/shared/results'
import { withRetry } from '#db/errors'
import { myInitiativeIds } from '~/modules/initiatives/memberships.server'

/**
 * Who the actor is to a loan (borrower, lender, manager, guarantor), the locked-loan
 * transaction every step runs in, and the loan event log. Shared by the other loan files.
 */

export type Loan = typeof loans.$inferSelect
export type { Actor, FieldErrors } from '~/modules/shared/results'
export type Failure =
  | { ok: false; error: 'notFound' }
  | { ok: false; error: 'invalid'; fieldErrors: FieldErrors }
  | { ok: false; error: 'notAllowed'; state: LoanState }

export const invalid = (fieldErrors: FieldErrors): Failure => ({ ok: false, error: 'invalid', fieldErrors })
export const NOT_FOUND: Failure = { ok: false, error: 'notFound' }

// ————— who the actor is —————

export async function isManager(db: DbOrTx, actor: Actor, centreId: string) {
  if (actor.isAdmin) return true
  const [row] = await db
    .select({ userId: centreStaff.userId })
    .from(centreStaff)
    .where(and(eq(centreStaff.centreId, centreId), eq(centreStaff.userId, actor.id)))
  return Boolean(row)
}

/**
 * Whether anyone could approve a request to the centre's fund from this initiative: a manager of
 * the centre who does not belong to it. Managers of the borrower never approve a fund loan to it
 * (`standingOf`), and only the centre's managers are told of fund requests, so without such a
 * manager the request would wait forever. (A platform admin may approve too, but is not told; they
 * do not count.)
 */
export async function fundHasDecider(db: DbOrTx, centreId: string, borrowerInitiativeId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: centreStaff.userId })
    .from(centreStaff)
    .where(
      and(
        eq(centreStaff.centreId, centreId),
        notExists(
          db
            .select({ one: initiativeMembers.userId })
            .from(initiativeMembers)
            .where(and(eq(initiativeMembers.initiativeId, borrowerInitiativeId), eq(initiativeMembers.userId, centreStaff.userId))),
        ),
      ),
    )
    .limit(1)
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

export async function standingOf(db: DbOrTx, actor: Actor, loan: Loan): Promise<Standing> {
  const [mine, everyOfMine, manager, guarantees] = await Promise.all([
    myInitiativeIds(db, actor.id, loan.centreId),
    myInitiativeIds(db, actor.id, loan.centreId, { activeOnly: false }),
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
  // A manager who belongs to the borrower — whatever the initiative's status: suspending it first
  // must not open the way — does not write its debt off, nor approve or pay out a loan from the
  // centre's fund to it, whatever they did on the loan (as with ledger corrections of their own
  // initiative): another manager does.
  if (everyOfMine.includes(loan.borrowerInitiativeId)) {
    roles.delete('manager')
    if (!loan.lenderInitiativeId) roles.delete('lender')
  }
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

export async function appendEvent(
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

export function lenderAccount(loan: Pick<Loan, 'lenderInitiativeId' | 'centreId'>): Account {
  return loan.lenderInitiativeId ? { type: 'initiative', id: loan.lenderInitiativeId } : { type: 'fund', id: loan.centreId }
}

export type StepResult = { ok: true; loan: Loan } | Failure
/** A deciding step also says whether the loan was a request or an offer (the words of the answer differ). */
export type DecisionResult = { ok: true; loan: Loan; proposal: LoanProposal } | Failure

/** Runs one act on a locked loan in one transaction, with bounded retries of serialization failures. */
export async function onLockedLoan<T>(
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

export async function setState(tx: DbOrTx, loan: Loan, changes: Partial<typeof loans.$inferInsert>) {
  const [updated] = await tx
    .update(loans)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(loans.id, loan.id))
    .returning()
  return updated!
}

export const lender = alias(initiatives, 'lender')
export const borrower = alias(initiatives, 'borrower')
