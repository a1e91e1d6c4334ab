import { and, eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { centres, centreStaff, loanEvents, loanInstalments, loans } from '#db/schema'
import { notify } from '~/modules/notifications/notify.server'
import { localDateOf as localDate } from '~/utils/time'
import { instalmentStates } from './overdue'
import { borrower } from './access.server'
import { memberIdsOf } from '~/modules/initiatives/memberships.server'

/**
 * Reminders of instalments due soon and of overdue loans, for the worker to send daily.
 */

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
            ? await memberIdsOf(tx, loan.lenderInitiativeId)
            : (await tx.select({ userId: centreStaff.userId }).from(centreStaff).where(eq(centreStaff.centreId, loan.centreId))).map((row) => row.userId)
          await notify(tx, { ...notice, userIds: lenders.filter((id) => !told.includes(id)) })
        }
      })
      sent++
    }
  }
  return sent
}
