import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { DbOrTx } from '#db/connect'
import { centres, initiatives, listings, loanEvents, loanGuarantees, loanInstalments, loanRepayments, loans, users } from '#db/schema'
import { isUuid } from '~/utils/misc'
import { localDateOf as localDate } from '~/utils/time'
import { instalmentStates } from './overdue'
import { availableTransitions, canDecideRepayment, canLogRepayment, type LoanState, type LoanTransition } from './state-machine'
import type { Actor } from '~/modules/shared/results'
import { borrower, isManager, lender, standingOf } from './access.server'
import { outstandingCents } from './repayments.server'
import { fundBalanceCents } from './fund.server'
import { myInitiativeIds } from '~/modules/initiatives/memberships.server'

/**
 * Reading loans: the list of the actor's loans and one loan with its plan, payments, guarantees and history.
 */

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
    myInitiativeIds(db, actor.id, centreId),
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
      .orderBy(asc(loanRepayments.paidOn), asc(loanRepayments.createdAt), asc(loanRepayments.id)),
    db
      .select({ id: loanGuarantees.id, initiativeId: loanGuarantees.guarantorInitiativeId, initiativeName: guarantor.name, state: loanGuarantees.state, amountCents: loanGuarantees.amountCents, note: loanGuarantees.note, createdAt: loanGuarantees.createdAt })
      .from(loanGuarantees)
      .innerJoin(guarantor, eq(guarantor.id, loanGuarantees.guarantorInitiativeId))
      .where(eq(loanGuarantees.loanId, loan.id))
      .orderBy(asc(loanGuarantees.createdAt), asc(loanGuarantees.id)),
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
  const transitions = availableTransitions(loan.state, roles, standing.proposal) as LoanTransition[]
  // a fund loan: what the fund holds, beside approving and paying out (it pays out only what it holds)
  const fundCents =
    !loan.lenderInitiativeId && (transitions.includes('approve') || transitions.includes('disburse')) ? await fundBalanceCents(db, centreId) : null
  return {
    loan: { ...summary!, outstandingCents: loan.state === 'disbursed' ? outstandingCents(loan) : 0 },
    /** the centre fund's balance, to the manager who approves or pays out a loan from it */
    fundCents,
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
      transitions,
      logRepayment: canLogRepayment(loan.state, roles),
      decideRepayments: canDecideRepayment(loan.state, roles),
      pledgeFor: pledgeable,
      askGuaranteeFrom: askable,
    },
  }
}
