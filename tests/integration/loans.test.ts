import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '#db/connect'
import { addMember, makeCentre, makeManager, makeMember, makeUser } from '#db/factories'
import { auditLog, centreStaff, emailOutbox, ledgerEntries, ledgerTransactions, listings, loanEvents, loanRepayments, loans, notifications } from '#db/schema'
import {
  approveLoan,
  askGuarantee,
  confirmRepayment,
  declineLoan,
  disburseLoan,
  fundBalanceCents,
  getLoanForViewer,
  listLoans,
  logRepayment,
  pledgeGuarantee,
  recordContribution,
  rejectRepayment,
  requestLoan,
  sendLoanReminders,
  writeOffLoan,
} from '~/modules/loans/loans.server'
import { setPreference } from '~/modules/notifications/notifications.server'
import { ApproveSchema, LogRepaymentSchema, PledgeSchema, RequestLoanSchema } from '~/modules/loans/schemas'
import { parseForm } from '~/utils/forms.server'
import { createTestDatabase, onPostgres, type TestDatabase } from '../setup/db'
import { addDays, localDateOf } from '~/utils/time'

let database: TestDatabase
let db: TestDatabase['db']
beforeAll(async () => {
  database = await createTestDatabase()
  db = database.db
})
afterAll(() => database.close())

async function world() {
  const centre = await makeCentre(db, { loanLimitCents: 500_000 })
  const manager = await makeManager(db, centre.id)
  const lender = await makeMember(db, centre.id)
  const borrower = await makeMember(db, centre.id)
  const guarantor = await makeMember(db, centre.id)
  const stranger = await makeMember(db, centre.id)
  const other = await makeCentre(db)
  const foreign = await makeMember(db, other.id)
  const [offer] = await db
    .insert(listings)
    .values({
      centreId: centre.id,
      initiativeId: lender.initiative.id,
      kind: 'offer',
      category: 'loan',
      title: 'Überbrückungskredit',
      details: { category: 'loan', amountCents: 300_000, termMonths: 12, interestRateBasisPoints: 0 },
      status: 'active',
    })
    .returning()
  return { centre, manager, lender, borrower, guarantor, stranger, other, foreign, offer: offer! }
}

const actor = (user: { id: string }) => ({ id: user.id })

async function approvedLoan(w: Awaited<ReturnType<typeof world>>, amount = 30_000, termMonths = 3) {
  const requested = await requestLoan(db, actor(w.borrower.user), w.centre.id, {
    source: 'listing',
    listingId: w.offer.id,
    initiativeId: w.borrower.initiative.id,
    amount,
    termMonths,
    startDate: '2026-01-31',
    purpose: 'Neue Werkbank',
  })
  if (!requested.ok) throw new Error(JSON.stringify(requested))
  const approved = await approveLoan(db, actor(w.lender.user), w.centre.id, requested.loan.id, {
    amount,
    termMonths,
    interestBasisPoints: 0,
    startDate: '2026-01-31',
  })
  if (!approved.ok) throw new Error(JSON.stringify(approved))
  return approved.loan
}

async function ledgerOf(kind: string, centreId: string) {
  const transactions = await db
    .select()
    .from(ledgerTransactions)
    .where(and(eq(ledgerTransactions.kind, kind), eq(ledgerTransactions.centreId, centreId)))
  const entries = transactions.length
    ? await db.select().from(ledgerEntries).where(eq(ledgerEntries.centreId, centreId))
    : []
  return { transactions, entries: entries.filter((e) => transactions.some((t) => t.id === e.transactionId)) }
}

describe('a loan from request to repaid', () => {
  it('goes request → approve → disburse → repay → repaid, writing the ledger exactly once per act', async () => {
    const w = await world()
    const requested = await requestLoan(db, actor(w.borrower.user), w.centre.id, {
      source: 'listing',
      listingId: w.offer.id,
      initiativeId: w.borrower.initiative.id,
      amount: 40_000,
      termMonths: 4,
      startDate: '2026-01-31',
      purpose: 'Lastenrad',
    })
    expect(requested.ok).toBe(true)
    if (!requested.ok) return
    const loanId = requested.loan.id
    expect(requested.loan.lenderInitiativeId).toBe(w.lender.initiative.id)
    // the borrower cannot approve their own request; the lender adjusts amount and term
    expect(await approveLoan(db, actor(w.borrower.user), w.centre.id, loanId, { amount: 30_000, termMonths: 3, interestBasisPoints: 0, startDate: '2026-01-31' })).toMatchObject({ ok: false, error: 'notAllowed' })
    const approved = await approveLoan(db, actor(w.lender.user), w.centre.id, loanId, { amount: 30_000, termMonths: 3, interestBasisPoints: 0, startDate: '2026-01-31' })
    expect(approved).toMatchObject({ ok: true, loan: { state: 'approved', principalCents: 30_000, totalCents: 30_000 } })
    const view = await getLoanForViewer(db, actor(w.borrower.user), w.centre.id, loanId, { now: new Date('2026-02-01T12:00:00Z') })
    expect(view!.instalments.map((i) => [i.dueDate, i.amountCents])).toEqual([
      ['2026-02-28', 10_000],
      ['2026-03-31', 10_000],
      ['2026-04-30', 10_000],
    ])

    expect(await disburseLoan(db, actor(w.borrower.user), w.centre.id, loanId)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await disburseLoan(db, actor(w.lender.user), w.centre.id, loanId)).toMatchObject({ ok: true, loan: { state: 'disbursed' } })
    expect(await disburseLoan(db, actor(w.lender.user), w.centre.id, loanId)).toMatchObject({ ok: false, error: 'notAllowed', state: 'disbursed' })
    const disbursed = await ledgerOf('loan_disbursement', w.centre.id)
    expect(disbursed.transactions).toHaveLength(1)
    expect(disbursed.entries.map((e) => [e.accountId, e.unit, e.amount]).sort()).toEqual(
      [
        [w.lender.initiative.id, 'cents', 30_000],
        [w.borrower.initiative.id, 'cents', -30_000],
      ].sort(),
    )

    const first = await logRepayment(db, actor(w.borrower.user), w.centre.id, loanId, { amount: 10_000, paidOn: '2026-02-27' })
    const second = await logRepayment(db, actor(w.borrower.user), w.centre.id, loanId, { amount: 20_000, paidOn: '2026-03-30' })
    expect(first.ok && second.ok).toBe(true)
    if (!first.ok || !second.ok) return
    // a repayment larger than what is outstanding is refused when logged
    expect(await logRepayment(db, actor(w.borrower.user), w.centre.id, loanId, { amount: 30_001, paidOn: '2026-03-30' })).toMatchObject({ ok: false, error: 'invalid' })
    // and one dated after today where the centre is (a payment made has happened)
    const tomorrow = addDays(localDateOf(new Date(), w.centre.timeZone), 1)
    expect(await logRepayment(db, actor(w.borrower.user), w.centre.id, loanId, { amount: 100, paidOn: tomorrow })).toMatchObject({
      ok: false,
      error: 'invalid',
      fieldErrors: { paidOn: ['validation.dateNotFuture'] },
    })
    // only the lender confirms; the lender does not log
    expect(await confirmRepayment(db, actor(w.borrower.user), w.centre.id, loanId, first.repaymentId)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await confirmRepayment(db, actor(w.manager), w.centre.id, loanId, first.repaymentId)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await logRepayment(db, actor(w.lender.user), w.centre.id, loanId, { amount: 100, paidOn: '2026-03-30' })).toMatchObject({ ok: false, error: 'notAllowed' })

    expect(await confirmRepayment(db, actor(w.lender.user), w.centre.id, loanId, first.repaymentId)).toMatchObject({ ok: true, repaid: false })
    expect(await confirmRepayment(db, actor(w.lender.user), w.centre.id, loanId, first.repaymentId)).toMatchObject({ ok: false, error: 'notAllowed' })
    const done = await confirmRepayment(db, actor(w.lender.user), w.centre.id, loanId, second.repaymentId)
    expect(done).toMatchObject({ ok: true, repaid: true, loan: { state: 'repaid', repaidCents: 30_000 } })

    const repaid = await ledgerOf('loan_repayment', w.centre.id)
    expect(repaid.transactions).toHaveLength(2)
    const byBorrower = repaid.entries.filter((e) => e.accountId === w.borrower.initiative.id).reduce((s, e) => s + e.amount, 0)
    expect(byBorrower).toBe(30_000)
    // each confirmed repayment names its one ledger transaction
    const rows = await db.select().from(loanRepayments).where(eq(loanRepayments.loanId, loanId))
    expect(new Set(rows.map((r) => r.ledgerTransactionId)).size).toBe(2)

    const events = await db.select({ kind: loanEvents.kind }).from(loanEvents).where(eq(loanEvents.loanId, loanId))
    expect(events.map((e) => e.kind)).toEqual([
      'requested',
      'approved',
      'disbursed',
      'repayment_logged',
      'repayment_logged',
      'repayment_confirmed',
      'repayment_confirmed',
      'repaid',
    ])
    const audits = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, loanId))
    expect(audits.map((a) => a.action)).toContain('loan.disbursed')
    expect(audits.map((a) => a.action)).toContain('loan.repaid')
    // nothing more can be logged on a repaid loan
    expect(await logRepayment(db, actor(w.borrower.user), w.centre.id, loanId, { amount: 100, paidOn: '2026-04-01' })).toMatchObject({ ok: false, error: 'notAllowed' })
  })

  it('lets the lender decline and the borrower withdraw, and a rejected repayment moves no money', async () => {
    const w = await world()
    const a = await requestLoan(db, actor(w.borrower.user), w.centre.id, { source: 'listing', listingId: w.offer.id, initiativeId: w.borrower.initiative.id, amount: 10_000, termMonths: 2, startDate: '2026-03-01', purpose: 'Material' })
    if (!a.ok) throw new Error('request')
    expect(await declineLoan(db, actor(w.lender.user), w.centre.id, a.loan.id, { as: 'withdraw' })).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await declineLoan(db, actor(w.borrower.user), w.centre.id, a.loan.id, { as: 'withdraw' })).toMatchObject({ ok: true, loan: { state: 'declined' } })
    const loan = await approvedLoan(w, 10_000, 2)
    await disburseLoan(db, actor(w.lender.user), w.centre.id, loan.id)
    const logged = await logRepayment(db, actor(w.borrower.user), w.centre.id, loan.id, { amount: 5_000, paidOn: '2026-03-01' })
    if (!logged.ok) throw new Error('log')
    expect(await rejectRepayment(db, actor(w.lender.user), w.centre.id, loan.id, logged.repaymentId, 'nicht angekommen')).toMatchObject({ ok: true })
    expect(await confirmRepayment(db, actor(w.lender.user), w.centre.id, loan.id, logged.repaymentId)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect((await ledgerOf('loan_repayment', w.centre.id)).transactions).toHaveLength(0)
  })

  it('lets a manager (only) write a disbursed loan off, with a reason', async () => {
    const w = await world()
    const loan = await approvedLoan(w)
    expect(await writeOffLoan(db, actor(w.manager), w.centre.id, loan.id, 'Initiative aufgelöst')).toMatchObject({ ok: false, error: 'notAllowed', state: 'approved' })
    await disburseLoan(db, actor(w.lender.user), w.centre.id, loan.id)
    expect(await writeOffLoan(db, actor(w.lender.user), w.centre.id, loan.id, 'Initiative aufgelöst')).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await writeOffLoan(db, actor(w.manager), w.centre.id, loan.id, 'x')).toMatchObject({ ok: false, error: 'invalid' })
    expect(await writeOffLoan(db, actor(w.manager), w.centre.id, loan.id, 'Initiative aufgelöst')).toMatchObject({ ok: true, loan: { state: 'written_off' } })
  })
})

describe('guarantees', () => {
  it('lets an initiative the borrower asked pledge once, never the borrower, lender or an unasked one', async () => {
    const w = await world()
    const loan = await approvedLoan(w)
    // not asked: the loan is not even visible
    expect(await pledgeGuarantee(db, actor(w.guarantor.user), w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id, amount: 10_000 })).toMatchObject({ ok: false, error: 'notFound' })
    expect(await askGuarantee(db, actor(w.lender.user), w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id })).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await askGuarantee(db, actor(w.borrower.user), w.centre.id, loan.id, { initiativeId: w.lender.initiative.id })).toMatchObject({ ok: false, error: 'invalid' })
    expect(await askGuarantee(db, actor(w.borrower.user), w.centre.id, loan.id, { initiativeId: w.foreign.initiative.id })).toMatchObject({ ok: false, error: 'invalid' })
    expect(await askGuarantee(db, actor(w.borrower.user), w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id })).toMatchObject({ ok: true })
    expect(await askGuarantee(db, actor(w.borrower.user), w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id })).toMatchObject({ ok: false, error: 'invalid' })
    expect(await pledgeGuarantee(db, actor(w.borrower.user), w.centre.id, loan.id, { initiativeId: w.borrower.initiative.id, amount: 5_000 })).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await pledgeGuarantee(db, actor(w.guarantor.user), w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id, amount: 40_000 })).toMatchObject({ ok: false, error: 'invalid' })
    expect(await pledgeGuarantee(db, actor(w.guarantor.user), w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id, amount: 10_000 })).toMatchObject({ ok: true })
    expect(await pledgeGuarantee(db, actor(w.guarantor.user), w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id, amount: 10_000 })).toMatchObject({ ok: false, error: 'invalid' })
    // someone pledging for an initiative that is not theirs
    expect(await pledgeGuarantee(db, actor(w.stranger.user), w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id, amount: 1_000 })).toMatchObject({ ok: false, error: 'notFound' })
    const view = await getLoanForViewer(db, actor(w.guarantor.user), w.centre.id, loan.id)
    expect(view!.guarantees).toHaveLength(1)
    expect(view!.guarantees[0]).toMatchObject({ state: 'pledged', amountCents: 10_000 })
  })
})

describe('the solidarity fund', () => {
  it('lends what contributions brought in, and no more', async () => {
    const w = await world()
    expect(await recordContribution(db, actor(w.lender.user), w.centre.id, { initiativeId: w.lender.initiative.id, amount: 50_000, receivedOn: '2026-01-05' })).toMatchObject({ ok: false, error: 'notFound' })
    expect(await recordContribution(db, actor(w.manager), w.centre.id, { initiativeId: w.foreign.initiative.id, amount: 50_000, receivedOn: '2026-01-05' })).toMatchObject({ ok: false, error: 'invalid' })
    expect(await recordContribution(db, actor(w.manager), w.centre.id, { initiativeId: w.lender.initiative.id, amount: 50_000, receivedOn: '2026-01-05' })).toMatchObject({ ok: true })
    expect(await fundBalanceCents(db, w.centre.id)).toBe(50_000)

    const big = await requestLoan(db, actor(w.borrower.user), w.centre.id, { source: 'fund', initiativeId: w.borrower.initiative.id, amount: 60_000, termMonths: 6, startDate: '2026-02-01', purpose: 'Miete überbrücken' })
    const small = await requestLoan(db, actor(w.borrower.user), w.centre.id, { source: 'fund', initiativeId: w.borrower.initiative.id, amount: 20_000, termMonths: 2, startDate: '2026-02-01', purpose: 'Material' })
    if (!big.ok || !small.ok) throw new Error('request')
    expect(big.loan.lenderKind).toBe('fund')
    // the manager who would approve sees what the fund holds; the borrower does not
    expect(await getLoanForViewer(db, actor(w.manager), w.centre.id, big.loan.id)).toMatchObject({ fundCents: 50_000 })
    expect(await getLoanForViewer(db, actor(w.borrower.user), w.centre.id, big.loan.id)).toMatchObject({ fundCents: null })
    // the fund's lender is the centre's managers
    expect(await approveLoan(db, actor(w.lender.user), w.centre.id, big.loan.id, { amount: 60_000, termMonths: 6, interestBasisPoints: 0, startDate: '2026-02-01' })).toMatchObject({ ok: false, error: 'notFound' })
    await approveLoan(db, actor(w.manager), w.centre.id, big.loan.id, { amount: 60_000, termMonths: 6, interestBasisPoints: 0, startDate: '2026-02-01' })
    await approveLoan(db, actor(w.manager), w.centre.id, small.loan.id, { amount: 20_000, termMonths: 2, interestBasisPoints: 0, startDate: '2026-02-01' })
    expect(await disburseLoan(db, actor(w.manager), w.centre.id, big.loan.id)).toMatchObject({ ok: false, error: 'invalid', fieldErrors: { form: ['loans.errors.fundTooLow'] } })
    expect(await disburseLoan(db, actor(w.manager), w.centre.id, small.loan.id)).toMatchObject({ ok: true })
    expect(await fundBalanceCents(db, w.centre.id)).toBe(30_000)
    // beside paying out the big one: what the fund holds now; a loan paid out shows it no more
    expect(await getLoanForViewer(db, actor(w.manager), w.centre.id, big.loan.id)).toMatchObject({ fundCents: 30_000 })
    expect(await getLoanForViewer(db, actor(w.manager), w.centre.id, small.loan.id)).toMatchObject({ fundCents: null })
    const listed = await listLoans(db, actor(w.manager), w.centre.id)
    expect(listed.loans.map((l) => l.side)).toEqual(['fund', 'fund'])
  })
})

describe('authorization', () => {
  it('hides loans from strangers and other centres (null / notFound)', async () => {
    const w = await world()
    const loan = await approvedLoan(w)
    expect(await getLoanForViewer(db, actor(w.stranger.user), w.centre.id, loan.id)).toBeNull()
    expect(await getLoanForViewer(db, actor(w.foreign.user), w.other.id, loan.id)).toBeNull()
    // even the lender does not see it under another centre's URL
    expect(await getLoanForViewer(db, actor(w.lender.user), w.other.id, loan.id)).toBeNull()
    expect(await getLoanForViewer(db, actor(w.lender.user), w.centre.id, 'not-a-uuid')).toBeNull()
    expect(await disburseLoan(db, actor(w.stranger.user), w.centre.id, loan.id)).toMatchObject({ ok: false, error: 'notFound' })
    expect(await disburseLoan(db, actor(w.foreign.user), w.other.id, loan.id)).toMatchObject({ ok: false, error: 'notFound' })
    expect(await disburseLoan(db, actor(w.lender.user), w.centre.id, 'x')).toMatchObject({ ok: false, error: 'notFound' })
    expect((await listLoans(db, actor(w.stranger.user), w.centre.id)).loans).toEqual([])
    // borrowing for an initiative one does not belong to
    expect(
      await requestLoan(db, actor(w.stranger.user), w.centre.id, { source: 'fund', initiativeId: w.borrower.initiative.id, amount: 1_000, termMonths: 1, startDate: '2026-02-01', purpose: 'Fremd' }),
    ).toMatchObject({ ok: false, error: 'notFound' })
    // a loan listing of another centre
    expect(
      await requestLoan(db, actor(w.foreign.user), w.other.id, { source: 'listing', listingId: w.offer.id, initiativeId: w.foreign.initiative.id, amount: 1_000, termMonths: 1, startDate: '2026-02-01', purpose: 'Fremd' }),
    ).toMatchObject({ ok: false, error: 'notFound' })
    const user = await makeUser(db)
    await addMember(db, w.borrower.initiative, user.id)
    expect(await getLoanForViewer(db, actor(user), w.centre.id, loan.id)).not.toBeNull()
  })

  it('refuses amounts above the centre\'s limit', async () => {
    const w = await world()
    expect(
      await requestLoan(db, actor(w.borrower.user), w.centre.id, { source: 'fund', initiativeId: w.borrower.initiative.id, amount: 500_001, termMonths: 1, startDate: '2026-02-01', purpose: 'Zu viel' }),
    ).toMatchObject({ ok: false, error: 'invalid', fieldErrors: { amount: ['loans.errors.overLimit?max=5000'] } })
  })
})

describe('form schemas refuse bad amounts with field errors', () => {
  const form = (fields: Record<string, string>) => {
    const data = new FormData()
    for (const [k, v] of Object.entries(fields)) data.set(k, v)
    return data
  }
  const errs = (submission: unknown) => (submission as { error?: Record<string, string[] | null> }).error ?? {}
  const base = { source: 'fund', initiativeId: '00000000-0000-4000-8000-000000000000', termMonths: '3', startDate: '2026-02-01', purpose: 'Etwas' }
  for (const [label, amount] of [
    ['negative', '-5'],
    ['zero', '0'],
    ['huge', '99999999999'],
    ['non-numeric', 'zwölf'],
    ['empty', ''],
    // ("1.005" is a thousand and five euros, as written in German: the listing form reads it so)
    ['three decimals', '12,345'],
  ] as const) {
    it(`request: ${label}`, () => {
      const result = parseForm(form({ ...base, amount }), RequestLoanSchema)
      expect(result.status).toBe('error')
      expect(errs(result).amount?.length).toBeGreaterThan(0)
    })
    it(`repayment and pledge: ${label}`, () => {
      expect(errs(parseForm(form({ intent: 'logRepayment', amount, paidOn: '2026-02-01' }), LogRepaymentSchema)).amount?.length).toBeGreaterThan(0)
      expect(errs(parseForm(form({ intent: 'pledge', amount, initiativeId: base.initiativeId }), PledgeSchema)).amount?.length).toBeGreaterThan(0)
    })
  }
  it('accepts euros with a comma and keeps cents', () => {
    const result = parseForm(form({ ...base, amount: '1200,50' }), RequestLoanSchema)
    expect(result.status).toBe('success')
    expect(result.status === 'success' && result.value.amount).toBe(120_050)
  })
  it('refuses a rate above 20 % and a term beyond 60 months', () => {
    const result = parseForm(form({ intent: 'approve', amount: '100', termMonths: '61', interestPercent: '25', startDate: '2026-02-01' }), ApproveSchema)
    expect(errs(result).termMonths?.length).toBeGreaterThan(0)
    expect(errs(result).interestPercent?.length).toBeGreaterThan(0)
  })
})

describe('overdue and reminders', () => {
  it('shows unpaid instalments after their due day as overdue, and reminds the borrower once', async () => {
    const w = await world()
    const loan = await approvedLoan(w) // 3 × 100 € due 28 Feb, 31 Mar, 30 Apr 2026
    await disburseLoan(db, actor(w.lender.user), w.centre.id, loan.id)
    const onDueDay = await listLoans(db, actor(w.borrower.user), w.centre.id, { now: new Date('2026-02-28T22:30:00Z') }) // 23:30 in Berlin
    expect(onDueDay.loans[0]!.overdueCents).toBe(0)
    const nextDay = await listLoans(db, actor(w.borrower.user), w.centre.id, { now: new Date('2026-02-28T23:30:00Z') }) // 00:30 on 1 March in Berlin
    expect(nextDay.loans[0]!.overdueCents).toBe(10_000)
    expect(nextDay.loans[0]!.outstandingCents).toBe(30_000)

    const before = await db.select().from(notifications).where(eq(notifications.userId, w.borrower.user.id))
    const sent = await sendLoanReminders(db, { now: new Date('2026-03-02T08:00:00Z') })
    expect(sent).toBeGreaterThanOrEqual(1)
    expect(await sendLoanReminders(db, { now: new Date('2026-03-02T09:00:00Z') })).toBe(0)
    const after = await db.select().from(notifications).where(eq(notifications.userId, w.borrower.user.id))
    expect(after.length - before.length).toBe(1)
    expect(after.map((n) => n.kind)).toContain('loan.overdue')
  })
})

/** Everyone of a loan world who might wrongly be told of an act, plus `extra` people by name. */
const everyone = (w: Awaited<ReturnType<typeof world>>, extra: Record<string, { id: string }> = {}) => ({
  manager: w.manager,
  lender: w.lender.user,
  borrower: w.borrower.user,
  guarantor: w.guarantor.user,
  stranger: w.stranger.user,
  foreign: w.foreign.user,
  ...extra,
})

describe('who hears of a loan', () => {
  const LOAN_KINDS = ['loan.requested', 'loan.decided', 'loan.overdue', 'loan.instalment_due'] as const
  /** Every loan notification of these people, as `kind/variant` per person (only those told). */
  async function told(people: Record<string, { id: string }>) {
    const out: Record<string, string[]> = {}
    for (const [who, user] of Object.entries(people)) {
      const rows = await db.select().from(notifications).where(and(eq(notifications.userId, user.id), inArray(notifications.kind, [...LOAN_KINDS])))
      if (rows.length) out[who] = rows.map((n) => `${n.kind}/${n.payload.variant ?? ''}`).sort()
    }
    return out
  }
  it('a request tells the lender’s members; approval and payout tell the borrower’s — never the actor, nobody else; never means no e-mail', async () => {
    const w = await world()
    const lenderColleague = await makeUser(db)
    const borrowerColleague = await makeUser(db)
    await addMember(db, w.lender.initiative, lenderColleague.id)
    await addMember(db, w.borrower.initiative, borrowerColleague.id)
    await setPreference(db, lenderColleague.id, 'loan.requested', 'never')
    const people = everyone(w, { lenderColleague, borrowerColleague })

    const requested = await requestLoan(db, actor(w.borrower.user), w.centre.id, {
      source: 'listing', listingId: w.offer.id, initiativeId: w.borrower.initiative.id, amount: 30_000, termMonths: 3, startDate: '2026-01-31', purpose: 'Neue Werkbank',
    })
    if (!requested.ok) throw new Error('request')
    expect(await told(people)).toEqual({ lender: ['loan.requested/request'], lenderColleague: ['loan.requested/request'] })
    const [notice] = await db.select().from(notifications).where(and(eq(notifications.userId, w.lender.user.id), eq(notifications.kind, 'loan.requested')))
    expect(notice!.payload).toMatchObject({ title: 'Neue Werkbank', initiative: w.borrower.initiative.name, url: `/c/${w.centre.slug}/loans/${requested.loan.id}` })
    // e-mail: at once to the lender, none to the colleague who chose never (who still sees it in the app)
    const mailTo = async (email: string) => db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, email), eq(emailOutbox.kind, 'notification.loan.requested')))
    expect(await mailTo(w.lender.user.email)).toHaveLength(1)
    expect(await mailTo(lenderColleague.email)).toEqual([])

    await approveLoan(db, actor(w.lender.user), w.centre.id, requested.loan.id, { amount: 30_000, termMonths: 3, interestBasisPoints: 0, startDate: '2026-01-31' })
    await disburseLoan(db, actor(w.lender.user), w.centre.id, requested.loan.id)
    expect(await told(people)).toEqual({
      lender: ['loan.requested/request'],
      lenderColleague: ['loan.requested/request'],
      borrower: ['loan.decided/approved', 'loan.decided/disbursed'],
      borrowerColleague: ['loan.decided/approved', 'loan.decided/disbursed'],
    })
    const [decision] = await db.select().from(notifications).where(and(eq(notifications.userId, w.borrower.user.id), eq(notifications.kind, 'loan.decided'))).limit(1)
    expect(decision!.payload.initiative).toBe(w.lender.initiative.name)
  })

  it('a decline tells the borrower with the reason; a withdrawal tells the lender', async () => {
    const w = await world()
    const people = everyone(w)
    const ask = () =>
      requestLoan(db, actor(w.borrower.user), w.centre.id, {
        source: 'listing', listingId: w.offer.id, initiativeId: w.borrower.initiative.id, amount: 10_000, termMonths: 2, startDate: '2026-03-01', purpose: 'Material',
      })
    const a = await ask()
    const b = await ask()
    if (!a.ok || !b.ok) throw new Error('request')
    await declineLoan(db, actor(w.lender.user), w.centre.id, a.loan.id, { as: 'decline', reason: 'Gerade kein Geld übrig' })
    await declineLoan(db, actor(w.borrower.user), w.centre.id, b.loan.id, { as: 'withdraw' })
    expect(await told(people)).toEqual({
      lender: ['loan.decided/withdrawn', 'loan.requested/request', 'loan.requested/request'],
      borrower: ['loan.decided/declined'],
    })
    const [declined] = await db.select().from(notifications).where(and(eq(notifications.userId, w.borrower.user.id), eq(notifications.kind, 'loan.decided')))
    expect(declined!.payload).toMatchObject({ variant: 'declined', note: 'Gerade kein Geld übrig' })
    const [mail] = await db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, w.borrower.user.email), eq(emailOutbox.kind, 'notification.loan.decided')))
    expect(mail!.text).toContain('Gerade kein Geld übrig')
  })

  it('a lender answering a need tells the borrower; a request to the fund tells the managers, whose decision names the centre', async () => {
    const w = await world()
    const secondManager = await makeManager(db, w.centre.id)
    const people = everyone(w, { secondManager })
    const [need] = await db
      .insert(listings)
      .values({
        centreId: w.centre.id, initiativeId: w.borrower.initiative.id, kind: 'need', category: 'loan', title: 'Kredit gesucht',
        details: { category: 'loan', amountCents: 50_000, termMonths: 6, interestRateBasisPoints: 0 }, status: 'active',
      })
      .returning()
    const offered = await requestLoan(db, actor(w.lender.user), w.centre.id, {
      source: 'listing', listingId: need!.id, initiativeId: w.lender.initiative.id, amount: 50_000, termMonths: 6, startDate: '2026-02-01', purpose: 'Kredit gesucht',
    })
    expect(offered.ok).toBe(true)
    expect(await told(people)).toEqual({ borrower: ['loan.requested/offer'] })

    const fund = await requestLoan(db, actor(w.borrower.user), w.centre.id, {
      source: 'fund', initiativeId: w.borrower.initiative.id, amount: 20_000, termMonths: 2, startDate: '2026-02-01', purpose: 'Miete',
    })
    if (!fund.ok) throw new Error('fund')
    await approveLoan(db, actor(w.manager), w.centre.id, fund.loan.id, { amount: 20_000, termMonths: 2, interestBasisPoints: 0, startDate: '2026-02-01' })
    expect(await told(people)).toEqual({
      borrower: ['loan.decided/approved', 'loan.requested/offer'],
      manager: ['loan.requested/fund'],
      secondManager: ['loan.requested/fund'],
    })
    const [approved] = await db.select().from(notifications).where(and(eq(notifications.userId, w.borrower.user.id), eq(notifications.kind, 'loan.decided')))
    expect(approved!.payload.initiative).toBe(w.centre.name)
  })

  it('an overdue instalment is told to the lender’s side as well, once; an instalment due only to the borrower', async () => {
    const w = await world()
    const loan = await approvedLoan(w) // 3 × 100 € due 28 Feb, 31 Mar, 30 Apr 2026
    await disburseLoan(db, actor(w.lender.user), w.centre.id, loan.id)
    await db.delete(notifications).where(inArray(notifications.userId, [w.lender.user.id, w.borrower.user.id]))
    await sendLoanReminders(db, { now: new Date('2026-02-26T08:00:00Z') })
    expect(await told(everyone(w))).toEqual({ borrower: ['loan.instalment_due/'] })
    await sendLoanReminders(db, { now: new Date('2026-03-02T08:00:00Z') })
    await sendLoanReminders(db, { now: new Date('2026-03-02T09:00:00Z') })
    expect(await told(everyone(w))).toEqual({ borrower: ['loan.instalment_due/', 'loan.overdue/'], lender: ['loan.overdue/'] })
  })

  it('demo history can be written without telling anyone', async () => {
    const w = await world()
    const silent = { silent: true }
    const requested = await requestLoan(db, actor(w.borrower.user), w.centre.id, {
      source: 'listing', listingId: w.offer.id, initiativeId: w.borrower.initiative.id, amount: 10_000, termMonths: 1, startDate: '2026-01-31', purpose: 'Leise',
    }, silent)
    if (!requested.ok) throw new Error('request')
    await approveLoan(db, actor(w.lender.user), w.centre.id, requested.loan.id, { amount: 10_000, termMonths: 1, interestBasisPoints: 0, startDate: '2026-01-31' }, silent)
    await disburseLoan(db, actor(w.lender.user), w.centre.id, requested.loan.id, silent)
    expect(await told(everyone(w))).toEqual({})
  })
})

describe('who hears of a repayment or a write-off', () => {
  /** The repayment and write-off notices of these people, as `kind/variant` per person (only those told). */
  async function told(people: Record<string, { id: string }>) {
    const out: Record<string, string[]> = {}
    for (const [who, user] of Object.entries(people)) {
      const rows = await db.select().from(notifications).where(and(eq(notifications.userId, user.id), inArray(notifications.kind, ['loan.repayment', 'loan.decided'])))
      const kept = rows.filter((n) => n.kind === 'loan.repayment' || n.payload.variant === 'written_off')
      if (kept.length) out[who] = kept.map((n) => `${n.kind}/${n.payload.variant}`).sort()
    }
    return out
  }

  /** A disbursed loan between two initiatives that each have a second member. */
  async function disbursed() {
    const w = await world()
    const lenderColleague = await makeUser(db)
    const borrowerColleague = await makeUser(db)
    await addMember(db, w.lender.initiative, lenderColleague.id)
    await addMember(db, w.borrower.initiative, borrowerColleague.id)
    const loan = await approvedLoan(w) // 3 × 100 €
    await disburseLoan(db, actor(w.lender.user), w.centre.id, loan.id)
    const people = everyone(w, { lenderColleague, borrowerColleague })
    return { w, loan, people, lenderColleague, borrowerColleague }
  }

  const log = async (w: Awaited<ReturnType<typeof world>>, loanId: string, amount: number, note?: string) => {
    const logged = await logRepayment(db, actor(w.borrower.user), w.centre.id, loanId, { amount, paidOn: '2026-02-27', note })
    if (!logged.ok) throw new Error(JSON.stringify(logged))
    return logged.repaymentId
  }

  it('a logged repayment asks the lender’s members once, with the borrower’s note; the borrower’s side hears nothing', async () => {
    const { w, loan, people } = await disbursed()
    await log(w, loan.id, 10_000, 'Überweisung vom 27.')
    expect(await told(people)).toEqual({ lender: ['loan.repayment/logged'], lenderColleague: ['loan.repayment/logged'] })
    const [notice] = await db.select().from(notifications).where(and(eq(notifications.userId, w.lender.user.id), eq(notifications.kind, 'loan.repayment')))
    expect(notice!.payload).toMatchObject({
      title: 'Neue Werkbank',
      initiative: w.borrower.initiative.name,
      note: 'Überweisung vom 27.',
      url: `/c/${w.centre.slug}/loans/${loan.id}`,
    })
    // it needs an answer: e-mailed at once by default
    expect(notice!.delivery).toBe('immediate')
    const [mail] = await db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, w.lender.user.email), eq(emailOutbox.kind, 'notification.loan.repayment')))
    expect(mail!.text).toContain('Überweisung vom 27.')
  })

  it('the lender’s answer tells the borrower’s members — confirmed, rejected with the reason, and repaid at the end — not the lender’s', async () => {
    const { w, loan, people } = await disbursed()
    const first = await log(w, loan.id, 10_000)
    const wrong = await log(w, loan.id, 5_000)
    await confirmRepayment(db, actor(w.lender.user), w.centre.id, loan.id, first)
    await rejectRepayment(db, actor(w.lender.user), w.centre.id, loan.id, wrong, 'Nicht angekommen')
    const rest = await log(w, loan.id, 20_000)
    expect(await confirmRepayment(db, actor(w.lender.user), w.centre.id, loan.id, rest)).toMatchObject({ ok: true, repaid: true })
    const answers = ['loan.repayment/confirmed', 'loan.repayment/rejected', 'loan.repayment/repaid']
    const asked = ['loan.repayment/logged', 'loan.repayment/logged', 'loan.repayment/logged']
    expect(await told(people)).toEqual({ lender: asked, lenderColleague: asked, borrower: answers, borrowerColleague: answers })
    const [rejected] = (await db.select().from(notifications).where(and(eq(notifications.userId, w.borrower.user.id), eq(notifications.kind, 'loan.repayment'))))
      .filter((n) => n.payload.variant === 'rejected')
    expect(rejected!.payload).toMatchObject({ initiative: w.lender.initiative.name, note: 'Nicht angekommen' })
  })

  it('a repayment of a fund loan asks the centre’s managers, and the deciding manager’s answer tells the borrower only', async () => {
    const w = await world()
    const secondManager = await makeManager(db, w.centre.id)
    const otherManager = await makeManager(db, w.other.id)
    await recordContribution(db, actor(w.manager), w.centre.id, { initiativeId: w.lender.initiative.id, amount: 50_000, receivedOn: '2026-01-10' })
    const fund = await requestLoan(db, actor(w.borrower.user), w.centre.id, {
      source: 'fund', initiativeId: w.borrower.initiative.id, amount: 20_000, termMonths: 2, startDate: '2026-02-01', purpose: 'Miete',
    })
    if (!fund.ok) throw new Error('fund')
    await approveLoan(db, actor(w.manager), w.centre.id, fund.loan.id, { amount: 20_000, termMonths: 2, interestBasisPoints: 0, startDate: '2026-02-01' })
    await disburseLoan(db, actor(w.manager), w.centre.id, fund.loan.id)
    const people = { manager: w.manager, secondManager, otherManager, lender: w.lender.user, borrower: w.borrower.user, stranger: w.stranger.user, foreign: w.foreign.user }

    const repayment = await log(w, fund.loan.id, 10_000)
    expect(await told(people)).toEqual({ manager: ['loan.repayment/logged'], secondManager: ['loan.repayment/logged'] })
    await confirmRepayment(db, actor(w.manager), w.centre.id, fund.loan.id, repayment)
    expect(await told(people)).toEqual({
      manager: ['loan.repayment/logged'],
      secondManager: ['loan.repayment/logged'],
      borrower: ['loan.repayment/confirmed'],
    })
    const [answer] = await db.select().from(notifications).where(and(eq(notifications.userId, w.borrower.user.id), eq(notifications.kind, 'loan.repayment')))
    expect(answer!.payload.initiative).toBe(w.centre.name)
  })

  it('a write-off tells both sides once each, with the reason, but not the manager who wrote it off', async () => {
    const { w, loan, people } = await disbursed()
    const secondManager = await makeManager(db, w.centre.id)
    await writeOffLoan(db, actor(w.manager), w.centre.id, loan.id, 'Initiative aufgelöst')
    const written = ['loan.decided/written_off']
    expect(await told({ ...people, secondManager })).toEqual({ lender: written, lenderColleague: written, borrower: written, borrowerColleague: written })
    const [notice] = (await db.select().from(notifications).where(and(eq(notifications.userId, w.borrower.user.id), eq(notifications.kind, 'loan.decided'))))
      .filter((n) => n.payload.variant === 'written_off')
    expect(notice!.payload).toMatchObject({ initiative: w.lender.initiative.name, note: 'Initiative aufgelöst' })
  })

  it('a person on both sides of a written-off loan hears it once', async () => {
    const { w, loan, people } = await disbursed()
    const both = await makeUser(db)
    await addMember(db, w.lender.initiative, both.id)
    await addMember(db, w.borrower.initiative, both.id)
    await writeOffLoan(db, actor(w.manager), w.centre.id, loan.id, 'Initiative aufgelöst')
    expect((await told({ ...people, both })).both).toEqual(['loan.decided/written_off'])
  })

  it('“never” keeps the notice in the app but sends no e-mail; demo history tells no one', async () => {
    const { w, loan, lenderColleague, people } = await disbursed()
    await setPreference(db, lenderColleague.id, 'loan.repayment', 'never')
    await log(w, loan.id, 10_000)
    expect((await told(people)).lenderColleague).toEqual(['loan.repayment/logged'])
    const mailTo = async (email: string) => db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, email), eq(emailOutbox.kind, 'notification.loan.repayment')))
    expect(await mailTo(lenderColleague.email)).toEqual([])
    expect(await mailTo(w.lender.user.email)).toHaveLength(1)

    const quiet = await disbursed()
    const silent = { silent: true }
    const a = await logRepayment(db, actor(quiet.w.borrower.user), quiet.w.centre.id, quiet.loan.id, { amount: 10_000, paidOn: '2026-02-27' }, silent)
    const b = await logRepayment(db, actor(quiet.w.borrower.user), quiet.w.centre.id, quiet.loan.id, { amount: 10_000, paidOn: '2026-02-28' }, silent)
    if (!a.ok || !b.ok) throw new Error('log')
    await confirmRepayment(db, actor(quiet.w.lender.user), quiet.w.centre.id, quiet.loan.id, a.repaymentId, silent)
    await rejectRepayment(db, actor(quiet.w.lender.user), quiet.w.centre.id, quiet.loan.id, b.repaymentId, 'Leise', silent)
    await writeOffLoan(db, actor(quiet.w.manager), quiet.w.centre.id, quiet.loan.id, 'Leise abgeschrieben', silent)
    expect(await told(quiet.people)).toEqual({})
  })
})

describe('who hears of a guarantee', () => {
  /** The guarantee notices of these people, as `variant` per person (only those told). */
  async function told(people: Record<string, { id: string }>) {
    const out: Record<string, string[]> = {}
    for (const [who, user] of Object.entries(people)) {
      const rows = await db.select().from(notifications).where(and(eq(notifications.userId, user.id), eq(notifications.kind, 'loan.guarantee')))
      if (rows.length) out[who] = rows.map((n) => String(n.payload.variant)).sort()
    }
    return out
  }

  /** An approved loan between two initiatives, and a third asked to stand guarantor; each has a second member. */
  async function guaranteed() {
    const w = await world()
    const [lenderColleague, borrowerColleague, guarantorColleague] = [await makeUser(db), await makeUser(db), await makeUser(db)]
    await addMember(db, w.lender.initiative, lenderColleague.id)
    await addMember(db, w.borrower.initiative, borrowerColleague.id)
    await addMember(db, w.guarantor.initiative, guarantorColleague.id)
    const loan = await approvedLoan(w)
    const people = everyone(w, { lenderColleague, borrowerColleague, guarantorColleague })
    return { w, loan, people }
  }

  it('a request to stand guarantor tells the asked initiative’s members at once, with the borrower’s name and the loan’s link; nobody else', async () => {
    const { w, loan, people } = await guaranteed()
    expect(await askGuarantee(db, actor(w.borrower.user), w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id })).toMatchObject({ ok: true })
    expect(await told(people)).toEqual({ guarantor: ['asked'], guarantorColleague: ['asked'] })
    const [notice] = await db.select().from(notifications).where(and(eq(notifications.userId, w.guarantor.user.id), eq(notifications.kind, 'loan.guarantee')))
    expect(notice!.payload).toMatchObject({ title: 'Neue Werkbank', initiative: w.borrower.initiative.name, url: `/c/${w.centre.slug}/loans/${loan.id}` })
    // it waits for an answer: e-mailed at once by default
    expect(notice!.delivery).toBe('immediate')
    const mails = await db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, w.guarantor.user.email), eq(emailOutbox.kind, 'notification.loan.guarantee')))
    expect(mails).toHaveLength(1)
    // a refused request (asked twice) tells no one again
    await askGuarantee(db, actor(w.borrower.user), w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id })
    expect(await told(people)).toEqual({ guarantor: ['asked'], guarantorColleague: ['asked'] })
  })

  it('a pledge tells the borrower’s and the lender’s members once each, with the pledging side’s note; not the pledging side', async () => {
    const { w, loan, people } = await guaranteed()
    await askGuarantee(db, actor(w.borrower.user), w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id })
    const pledged = await pledgeGuarantee(db, actor(w.guarantor.user), w.centre.id, loan.id, {
      initiativeId: w.guarantor.initiative.id,
      amount: 10_000,
      note: ' Wir stehen für ein Drittel ein. ',
    })
    expect(pledged).toMatchObject({ ok: true })
    expect(await told(people)).toEqual({
      borrower: ['pledged'],
      borrowerColleague: ['pledged'],
      lender: ['pledged'],
      lenderColleague: ['pledged'],
      // the request they had; of the pledge, neither the one who made it nor their colleague
      guarantor: ['asked'],
      guarantorColleague: ['asked'],
    })
    for (const user of [w.borrower.user, w.lender.user]) {
      const [notice] = await db.select().from(notifications).where(and(eq(notifications.userId, user.id), eq(notifications.kind, 'loan.guarantee')))
      expect(notice!.payload).toMatchObject({
        variant: 'pledged',
        initiative: w.guarantor.initiative.name,
        note: 'Wir stehen für ein Drittel ein.',
        url: `/c/${w.centre.slug}/loans/${loan.id}`,
      })
    }
  })

  it('a pledge for a fund loan tells the centre’s managers (not another centre’s) and the borrower; someone on both sides hears it once', async () => {
    const w = await world()
    const secondManager = await makeManager(db, w.centre.id)
    const otherManager = await makeManager(db, w.other.id)
    const both = await makeUser(db)
    await addMember(db, w.borrower.initiative, both.id)
    await db.insert(centreStaff).values({ centreId: w.centre.id, userId: both.id })
    const fund = await requestLoan(db, actor(w.borrower.user), w.centre.id, {
      source: 'fund', initiativeId: w.borrower.initiative.id, amount: 20_000, termMonths: 2, startDate: '2026-02-01', purpose: 'Miete',
    })
    if (!fund.ok) throw new Error('fund')
    await askGuarantee(db, actor(w.borrower.user), w.centre.id, fund.loan.id, { initiativeId: w.guarantor.initiative.id })
    await pledgeGuarantee(db, actor(w.guarantor.user), w.centre.id, fund.loan.id, { initiativeId: w.guarantor.initiative.id, amount: 5_000 })
    const people = { manager: w.manager, secondManager, otherManager, both, borrower: w.borrower.user, guarantor: w.guarantor.user, lender: w.lender.user, stranger: w.stranger.user, foreign: w.foreign.user }
    expect(await told(people)).toEqual({ manager: ['pledged'], secondManager: ['pledged'], both: ['pledged'], borrower: ['pledged'], guarantor: ['asked'] })
    const [notice] = await db.select().from(notifications).where(and(eq(notifications.userId, w.manager.id), eq(notifications.kind, 'loan.guarantee')))
    expect(notice!.payload).toMatchObject({ initiative: w.guarantor.initiative.name, note: null })
  })

  it('the actor is not told even when on the side told: asking for an initiative of their own, pledging for the borrower they belong to', async () => {
    const { w, loan, people } = await guaranteed()
    await addMember(db, w.guarantor.initiative, w.borrower.user.id)
    await askGuarantee(db, actor(w.borrower.user), w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id })
    expect(await told(people)).toEqual({ guarantor: ['asked'], guarantorColleague: ['asked'] })
    // Who asked for the borrower does not also pledge (ADR 058, addendum); a colleague of both who has not acted does.
    expect(await pledgeGuarantee(db, actor(w.borrower.user), w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id, amount: 10_000 })).toMatchObject({ ok: false })
    const colleague = (people as Record<string, { id: string }>).borrowerColleague!
    await addMember(db, w.guarantor.initiative, colleague.id)
    await pledgeGuarantee(db, actor(colleague), w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id, amount: 10_000 })
    expect(await told(people)).toEqual({
      borrower: ['pledged'],
      lender: ['pledged'],
      lenderColleague: ['pledged'],
      guarantor: ['asked'],
      guarantorColleague: ['asked'],
    })
  })

  /**
   * A disbursed loan (3 × 100 €) with a pledged guarantor and a second initiative that was only
   * asked (ADR 047): everyone's notices so far are cleared, so only what follows counts.
   */
  async function pledgedAndDisbursed(silent = false) {
    const { w, loan, people } = await guaranteed()
    const askedOnly = await makeMember(db, w.centre.id)
    const quiet = { silent }
    await askGuarantee(db, actor(w.borrower.user), w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id }, quiet)
    await askGuarantee(db, actor(w.borrower.user), w.centre.id, loan.id, { initiativeId: askedOnly.initiative.id }, quiet)
    await pledgeGuarantee(db, actor(w.guarantor.user), w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id, amount: 10_000 }, quiet)
    await disburseLoan(db, actor(w.lender.user), w.centre.id, loan.id, quiet)
    const everybody = { ...people, askedOnly: askedOnly.user }
    await db.delete(notifications).where(inArray(notifications.userId, Object.values(everybody).map((u) => u.id)))
    const repay = async (amount: number) => {
      const logged = await logRepayment(db, actor(w.borrower.user), w.centre.id, loan.id, { amount, paidOn: '2026-02-27' }, quiet)
      if (!logged.ok) throw new Error(JSON.stringify(logged))
      return confirmRepayment(db, actor(w.lender.user), w.centre.id, loan.id, logged.repaymentId, quiet)
    }
    return { w, loan, repay, people: everybody }
  }

  it('a loan repaid in full releases its pledges: the pledging initiative’s members hear it, not one only asked, the lender who confirmed, or anyone else', async () => {
    const { w, loan, repay, people } = await pledgedAndDisbursed()
    // the confirming lender also belongs to the guarantor: the actor is still not told
    await addMember(db, w.guarantor.initiative, w.lender.user.id)
    expect(await repay(10_000)).toMatchObject({ ok: true, repaid: false })
    expect(await told(people)).toEqual({})
    expect(await repay(20_000)).toMatchObject({ ok: true, repaid: true })
    expect(await told(people)).toEqual({ guarantor: ['released'], guarantorColleague: ['released'] })
    const [notice] = await db.select().from(notifications).where(and(eq(notifications.userId, w.guarantor.user.id), eq(notifications.kind, 'loan.guarantee')))
    expect(notice!.payload).toMatchObject({ title: 'Neue Werkbank', initiative: w.borrower.initiative.name, note: null, url: `/c/${w.centre.slug}/loans/${loan.id}` })
    expect(notice!.delivery).toBe('immediate')
    const mails = await db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, w.guarantor.user.email), eq(emailOutbox.kind, 'notification.loan.guarantee')))
    expect(mails).toHaveLength(2) // the request to stand guarantor, and the release
  })

  it('a write-off tells the pledging initiative’s members with the reason; not the manager who wrote it off, nor one only asked; someone also borrowing hears it once', async () => {
    const { w, loan, people } = await pledgedAndDisbursed()
    const both = await makeUser(db)
    await addMember(db, w.borrower.initiative, both.id)
    await addMember(db, w.guarantor.initiative, both.id)
    await addMember(db, w.guarantor.initiative, w.manager.id)
    const secondManager = await makeManager(db, w.centre.id)
    await setPreference(db, w.guarantor.user.id, 'loan.guarantee', 'never')
    expect(await writeOffLoan(db, actor(w.manager), w.centre.id, loan.id, 'Initiative aufgelöst')).toMatchObject({ ok: true })
    expect(await told({ ...people, both, secondManager })).toEqual({ guarantor: ['written_off'], guarantorColleague: ['written_off'] })
    const [notice] = await db.select().from(notifications).where(and(eq(notifications.userId, w.guarantor.user.id), eq(notifications.kind, 'loan.guarantee')))
    expect(notice!.payload).toMatchObject({ variant: 'written_off', initiative: w.borrower.initiative.name, note: 'Initiative aufgelöst' })
    // on the borrower's side as well: told there, once
    const bothNotices = await db.select().from(notifications).where(eq(notifications.userId, both.id))
    expect(bothNotices.map((n) => `${n.kind}/${n.payload.variant}`)).toEqual(['loan.decided/written_off'])
    // “never”: in the app, no e-mail (the one there is the request to stand guarantor, before the choice)
    expect(notice!.delivery).toBe('never')
    const mails = await db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, w.guarantor.user.email), eq(emailOutbox.kind, 'notification.loan.guarantee')))
    expect(mails.map((m) => m.subject)).toEqual([expect.stringContaining('bittet euch um eine Bürgschaft')])
  })

  it('demo history repays and writes off guaranteed loans without telling the guarantors', async () => {
    const repaid = await pledgedAndDisbursed(true)
    expect(await repaid.repay(30_000)).toMatchObject({ ok: true, repaid: true })
    expect(await told(repaid.people)).toEqual({})
    const written = await pledgedAndDisbursed(true)
    expect(await writeOffLoan(db, actor(written.w.manager), written.w.centre.id, written.loan.id, 'Leise abgeschrieben', { silent: true })).toMatchObject({ ok: true })
    expect(await told(written.people)).toEqual({})
  })

  it('demo history asks and pledges without telling anyone', async () => {
    const { w, loan, people } = await guaranteed()
    const silent = { silent: true }
    expect(await askGuarantee(db, actor(w.borrower.user), w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id }, silent)).toMatchObject({ ok: true })
    expect(
      await pledgeGuarantee(db, actor(w.guarantor.user), w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id, amount: 10_000, note: 'Leise' }, silent),
    ).toMatchObject({ ok: true })
    expect(await told(people)).toEqual({})
  })
})

describe('concurrency (PostgreSQL only)', () => {
  it('20 concurrent confirmations that together exceed the outstanding amount never take in more than it', async (context) => {
    if (!onPostgres() || !database.url) {
      console.log('skipped: concurrency needs a real PostgreSQL server (PGlite is single-connection)')
      context.skip()
      return
    }
    const w = await world()
    const loan = await approvedLoan(w, 100_000, 10) // 1 000 € outstanding
    await disburseLoan(db, actor(w.lender.user), w.centre.id, loan.id)
    // 20 logged repayments of 70 € each: 1 400 € together
    const ids: string[] = []
    for (let i = 0; i < 20; i++) {
      const logged = await logRepayment(db, actor(w.borrower.user), w.centre.id, loan.id, { amount: 7_000, paidOn: '2026-02-01' })
      if (!logged.ok) throw new Error('log')
      ids.push(logged.repaymentId)
    }
    const pool = await openDatabase({ url: database.url, migrate: false, poolSize: 30 })
    try {
      const results = await Promise.all(ids.map((id) => confirmRepayment(pool.db, actor(w.lender.user), w.centre.id, loan.id, id)))
      const accepted = results.filter((r) => r.ok).length
      expect(accepted).toBe(14) // 14 × 70 € = 980 €; the 15th would pass 1 000 €
      expect(results.filter((r) => !r.ok && r.error === 'exceedsOutstanding').length).toBe(6)
      const [row] = await db.select().from(loans).where(eq(loans.id, loan.id))
      expect(row!.repaidCents).toBe(98_000)
      const confirmed = await db.select().from(loanRepayments).where(and(eq(loanRepayments.loanId, loan.id), eq(loanRepayments.state, 'confirmed')))
      expect(confirmed.reduce((s, r) => s + r.amountCents, 0)).toBeLessThanOrEqual(100_000)
      const ledger = await ledgerOf('loan_repayment', w.centre.id)
      expect(ledger.transactions).toHaveLength(14)
      // 20 concurrent disbursements of one loan: one ledger transaction
      const second = await approvedLoan(w, 10_000, 1)
      const disbursals = await Promise.all(Array.from({ length: 20 }, () => disburseLoan(pool.db, actor(w.lender.user), w.centre.id, second.id)))
      expect(disbursals.filter((r) => r.ok)).toHaveLength(1)
      expect((await ledgerOf('loan_disbursement', w.centre.id)).transactions).toHaveLength(2)
    } finally {
      await pool.close()
    }
  })
})
