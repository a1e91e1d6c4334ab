import { and, eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { loanRepayments } from '#db/schema'
import { centreToday } from '~/modules/centres/today.server'
import { postTransfer } from '~/modules/ledger/ledger.server'
import { isUuid } from '~/utils/misc'
import { canDecideRepayment, canLogRepayment, canTransition, LOAN_TRANSITIONS } from './state-machine'
import type { Actor } from '~/modules/shared/results'
import { type Failure, type Loan, NOT_FOUND, type StepResult, appendEvent, invalid, lenderAccount, onLockedLoan, setState } from './access.server'
import { type NoticeOptions, announceGuaranteeEnd, announceLoan } from './notices.server'

/**
 * Repayments: the borrower logs one, the lender confirms or rejects it; a manager writes off the rest.
 */

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
  options: { at?: Date } & NoticeOptions = {},
): Promise<{ ok: true; repaymentId: string } | Failure> {
  return onLockedLoan(db, actor, centreId, loanId, async (tx, loan, standing) => {
    if (!canLogRepayment(loan.state, standing.roles)) return { ok: false, error: 'notAllowed', state: loan.state }
    const outstanding = outstandingCents(loan)
    if (input.amount > outstanding) return invalid({ amount: [`loans.errors.overOutstanding?max=${outstanding / 100}`] })
    // a payment made: not on a day still to come where the centre is
    if (input.paidOn > (await centreToday(tx, centreId, options.at))) return invalid({ paidOn: ['validation.dateNotFuture'] })
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
