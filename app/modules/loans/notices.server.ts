import { and, eq } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { DbOrTx } from '#db/connect'
import { centres, centreStaff, initiativeMembers, initiatives, loanGuarantees, loans } from '#db/schema'
import { notify } from '~/modules/notifications/notify.server'
import type { Loan } from './access.server'
import { memberIdsOf } from '~/modules/initiatives/memberships.server'

/**
 * Telling the other side of a loan: the people of each side and the notices they get.
 */

// ————— telling the other side —————

export type LoanSide = 'borrower' | 'lender'

/** No notifications (backdated demo history). */
export interface NoticeOptions {
  silent?: boolean
}

/** The people of one side of a loan: the members of its initiative, or for the lender of a fund loan the centre's managers. */
async function sideUserIds(tx: DbOrTx, loan: Loan, side: LoanSide) {
  const initiativeId = side === 'borrower' ? loan.borrowerInitiativeId : loan.lenderInitiativeId
  const rows = initiativeId
    ? await memberIdsOf(tx, initiativeId)
    : (await tx.select({ userId: centreStaff.userId }).from(centreStaff).where(eq(centreStaff.centreId, loan.centreId))).map((row) => row.userId)
  return rows
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
export async function announceLoan(
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
export async function announceGuarantee(
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
export async function announceGuaranteeEnd(
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
