import { eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { centres, loans } from '#db/schema'
import { LOAN_LIMITS, type Plan, planInstalments } from './instalments'
import type { Actor } from '~/modules/shared/results'
import { type Failure, type Loan, NOT_FOUND, appendEvent, fundHasDecider, invalid } from './access.server'
import { type NoticeOptions, announceLoan } from './notices.server'
import { hasOtherMember, myInitiativeIds } from '~/modules/initiatives/memberships.server'
import { listingOfCentre } from '~/modules/listings/subject.server'

/**
 * Requesting a loan (or offering one) in answer to a loan listing.
 */

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
  const row = await listingOfCentre(db, centreId, listingId)
  if (!row || row.category !== 'loan' || row.status !== 'active' || row.initiativeStatus !== 'active') return null
  return row
}

/** The rate a request answering this listing carries: an offer's own rate; a need's (the actor lends) none. */
export function requestRateOf(listing: { kind: 'offer' | 'need'; details: { category: string; interestRateBasisPoints?: number } } | null) {
  const rate = listing?.kind === 'offer' && listing.details.category === 'loan' ? (listing.details.interestRateBasisPoints ?? 0) : 0
  return Math.min(Math.max(0, Math.trunc(rate)), LOAN_LIMITS.maxInterestBasisPoints)
}

interface RequestTerms {
  lenderInitiativeId: string | null
  borrowerInitiativeId: string
  interestBasisPoints: number
  listingId: string | null
}

/** Who would lend, who borrow and at what rate: the same checks and answer for the request and its preview. */
async function termsOfRequest(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  input: Omit<RequestInput, 'purpose'>,
): Promise<{ ok: true; terms: RequestTerms } | Failure> {
  const [centre] = await db.select({ loanLimitCents: centres.loanLimitCents }).from(centres).where(eq(centres.id, centreId))
  if (!centre) return NOT_FOUND
  const mine = await myInitiativeIds(db, actor.id, centreId)
  if (!mine.includes(input.initiativeId)) return NOT_FOUND
  const limit = Math.min(centre.loanLimitCents, LOAN_LIMITS.maxPrincipalCents)
  if (input.amount > limit) return invalid({ amount: [`loans.errors.overLimit?max=${limit / 100}`] })
  if (input.source === 'fund') {
    if (!(await fundHasDecider(db, centreId, input.initiativeId))) return invalid({ '': ['loans.errors.nobodyToApproveFund'] })
    return { ok: true, terms: { lenderInitiativeId: null, borrowerInitiativeId: input.initiativeId, interestBasisPoints: 0, listingId: null } }
  }
  const listing = input.listingId ? await getLoanListing(db, centreId, input.listingId) : null
  if (!listing) return NOT_FOUND
  if (listing.initiativeId === input.initiativeId) return invalid({ initiativeId: ['loans.errors.ownListing'] })
  if (!(await hasOtherMember(db, listing.initiativeId, actor.id))) return invalid({ '': ['loans.errors.nobodyToAnswer'] })
  const offer = listing.kind === 'offer'
  return {
    ok: true,
    terms: {
      lenderInitiativeId: offer ? listing.initiativeId : input.initiativeId,
      borrowerInitiativeId: offer ? input.initiativeId : listing.initiativeId,
      interestBasisPoints: requestRateOf(listing),
      listingId: listing.id,
    },
  }
}

/**
 * The instalment plan the request would have if approved as asked, without writing anything: the
 * "show plan" of the request form (ADR 074).
 */
export async function previewLoanRequest(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  input: Omit<RequestInput, 'purpose'>,
): Promise<{ ok: true; plan: Plan; interestBasisPoints: number } | Failure> {
  const outcome = await termsOfRequest(db, actor, centreId, input)
  if (!outcome.ok) return outcome
  const { interestBasisPoints } = outcome.terms
  const plan = planInstalments({ principalCents: input.amount, termMonths: input.termMonths, interestBasisPoints, startDate: input.startDate })
  return { ok: true, plan, interestBasisPoints }
}

export async function requestLoan(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  input: RequestInput,
  options: NoticeOptions = {},
): Promise<{ ok: true; loan: Loan } | Failure> {
  const outcome = await termsOfRequest(db, actor, centreId, input)
  if (!outcome.ok) return outcome
  const { lenderInitiativeId, borrowerInitiativeId, interestBasisPoints, listingId } = outcome.terms

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
