import { and, eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { initiatives, loanGuarantees } from '#db/schema'
import { isUuid } from '~/utils/misc'
import type { Actor } from '~/modules/shared/results'
import { NOT_FOUND, type StepResult, appendEvent, invalid, onLockedLoan } from './access.server'
import { type NoticeOptions, announceGuarantee } from './notices.server'
import { myInitiativeIds } from '~/modules/initiatives/memberships.server'

/**
 * Guarantees: the borrower asks another initiative, whose member pledges an amount.
 */

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
  const mine = await myInitiativeIds(db, actor.id, centreId)
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
