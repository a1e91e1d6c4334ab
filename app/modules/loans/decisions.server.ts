import { eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { centres, loanInstalments } from '#db/schema'
import { postTransfer } from '~/modules/ledger/ledger.server'
import { LOAN_LIMITS, planInstalments } from './instalments'
import { canTransition, capacityOfStep } from './state-machine'
import type { Actor, FieldErrors } from '~/modules/shared/results'
import { type DecisionResult, type StepResult, appendEvent, invalid, lenderAccount, onLockedLoan, setState } from './access.server'
import { fundBalanceCents } from './fund.server'
import { type LoanSide, type NoticeOptions, announceLoan } from './notices.server'

/**
 * The deciding steps: approving (or accepting an offer), declining or withdrawing, and the
 * lender handing the money over.
 */

// ————— the lender's decisions —————

export interface ApproveInput {
  amount: number
  termMonths: number
  interestBasisPoints: number
  startDate: string
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
    // The centre's limit as it is now: lowered since the approval, it stops the payout (the lender declines)
    const [centre] = await tx.select({ loanLimitCents: centres.loanLimitCents }).from(centres).where(eq(centres.id, centreId))
    const limit = Math.min(centre!.loanLimitCents, LOAN_LIMITS.maxPrincipalCents)
    if (loan.principalCents > limit) return invalid({ form: [`loans.errors.overLimit?max=${limit / 100}`] })
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
