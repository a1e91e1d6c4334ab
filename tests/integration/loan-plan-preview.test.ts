import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCentre, makeManager, makeMember } from '#db/factories'
import { listings, loanInstalments, loans } from '#db/schema'
import type { Plan } from '~/modules/loans/instalments'
import { approveLoan, getLoanListing, previewLoanRequest, requestLoan, requestRateOf } from '~/modules/loans/loans.server'
import { previewPlan } from '~/modules/loans/plan-preview'
import { PreviewLoanRequestSchema, RequestLoanSchema } from '~/modules/loans/schemas'
import { parseForm } from '~/utils/forms.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * The plan a member sees before sending a loan request (ADR 074) is the plan the approval as asked
 * writes: the browser's preview, the "show plan" answer and the approved loan's instalments agree.
 */
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
  const loanListing = async (initiativeId: string, kind: 'offer' | 'need', interestRateBasisPoints: number) => {
    const [row] = await db
      .insert(listings)
      .values({
        centreId: centre.id,
        initiativeId,
        kind,
        category: 'loan',
        title: kind === 'offer' ? 'Kleinkredit' : 'Kredit gesucht',
        details: { category: 'loan', amountCents: 200_000, termMonths: 12, interestRateBasisPoints },
        status: 'active',
      })
      .returning()
    return row!
  }
  return { centre, manager, lender, borrower, loanListing }
}

function formOf(entries: Record<string, string>) {
  const data = new FormData()
  for (const [name, value] of Object.entries(entries)) data.append(name, value)
  return data
}

/** The request form as typed: its "show plan" answer, the browser's plan, and the request made of it. */
async function previewAndRequest(actorId: string, centreId: string, limitCents: number, entries: Record<string, string>, rate: number) {
  const shown = parseForm(formOf({ intent: 'preview', ...entries }), PreviewLoanRequestSchema)
  if (shown.status !== 'success') throw new Error(JSON.stringify(shown.reply()))
  const preview = await previewLoanRequest(db, { id: actorId }, centreId, shown.value)
  if (!preview.ok) throw new Error(JSON.stringify(preview))
  const browser = previewPlan({ amount: entries.amount!, termMonths: entries.termMonths!, startDate: entries.startDate! }, { interestBasisPoints: rate, limitCents })
  expect(browser).toEqual(preview.plan)
  const sent = parseForm(formOf({ ...entries, purpose: 'Neue Werkbank' }), RequestLoanSchema)
  if (sent.status !== 'success') throw new Error(JSON.stringify(sent.reply()))
  const requested = await requestLoan(db, { id: actorId }, centreId, sent.value, { silent: true })
  if (!requested.ok) throw new Error(JSON.stringify(requested))
  return { plan: preview.plan, loan: requested.loan }
}

/** What the approval wrote, in the plan's shape. */
async function writtenPlan(loanId: string): Promise<Plan> {
  const [loan] = await db.select().from(loans).where(eq(loans.id, loanId))
  const rows = await db.select().from(loanInstalments).where(eq(loanInstalments.loanId, loanId)).orderBy(asc(loanInstalments.number))
  return {
    interestCents: loan!.totalCents! - loan!.principalCents,
    totalCents: loan!.totalCents!,
    instalments: rows.map((r) => ({ number: r.number, dueDate: r.dueDate, amountCents: r.amountCents })),
  }
}

/** The lender's approve form as it opens: the loan's own terms. */
const asAsked = (loan: { principalCents: number; termMonths: number; interestBasisPoints: number; startDate: string }) => ({
  amount: loan.principalCents,
  termMonths: loan.termMonths,
  interestBasisPoints: loan.interestBasisPoints,
  startDate: loan.startDate,
})

describe('the loan plan before sending is the plan of the approval', () => {
  it('a request to the fund (no interest), approved by a manager as asked', async () => {
    const w = await world()
    const entries = { source: 'fund', initiativeId: w.borrower.initiative.id, amount: '1000,01', termMonths: '7', startDate: '2027-01-31' }
    const { plan, loan } = await previewAndRequest(w.borrower.user.id, w.centre.id, w.centre.loanLimitCents, entries, 0)
    expect(plan.totalCents).toBe(100_001)
    expect(plan.instalments.map((i) => i.dueDate)).toEqual(['2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31', '2027-06-30', '2027-07-31', '2027-08-31'])
    const approved = await approveLoan(db, { id: w.manager.id }, w.centre.id, loan.id, asAsked(loan), { silent: true })
    expect(approved.ok).toBe(true)
    expect(await writtenPlan(loan.id)).toEqual(plan)
  })

  it('a request on an offer with interest, approved by the lender as asked', async () => {
    const w = await world()
    const offer = await w.loanListing(w.lender.initiative.id, 'offer', 350)
    const rate = requestRateOf((await getLoanListing(db, w.centre.id, offer.id))!)
    expect(rate).toBe(350)
    const entries = { source: 'listing', listingId: offer.id, initiativeId: w.borrower.initiative.id, amount: '1234.56', termMonths: '11', startDate: '2028-01-29' }
    const { plan, loan } = await previewAndRequest(w.borrower.user.id, w.centre.id, w.centre.loanLimitCents, entries, rate)
    expect(plan.interestCents).toBeGreaterThan(0)
    const approved = await approveLoan(db, { id: w.lender.user.id }, w.centre.id, loan.id, asAsked(loan), { silent: true })
    expect(approved.ok).toBe(true)
    expect(await writtenPlan(loan.id)).toEqual(plan)
  })

  it('a loan offered for a need (no interest, whatever the need says), accepted by the borrower', async () => {
    const w = await world()
    const need = await w.loanListing(w.borrower.initiative.id, 'need', 500)
    const rate = requestRateOf((await getLoanListing(db, w.centre.id, need.id))!)
    expect(rate).toBe(0)
    const entries = { source: 'listing', listingId: need.id, initiativeId: w.lender.initiative.id, amount: '600', termMonths: '4', startDate: '2027-10-31' }
    const { plan, loan } = await previewAndRequest(w.lender.user.id, w.centre.id, w.centre.loanLimitCents, entries, rate)
    const accepted = await approveLoan(db, { id: w.borrower.user.id }, w.centre.id, loan.id, null, { silent: true })
    expect(accepted.ok).toBe(true)
    expect(await writtenPlan(loan.id)).toEqual(plan)
  })

  it('showing the plan writes nothing and refuses what sending would refuse', async () => {
    const w = await world()
    const input = { source: 'fund' as const, initiativeId: w.borrower.initiative.id, amount: 10_000, termMonths: 3, startDate: '2027-01-01' }
    const before = await db.select({ id: loans.id }).from(loans).where(eq(loans.centreId, w.centre.id))
    expect((await previewLoanRequest(db, { id: w.borrower.user.id }, w.centre.id, input)).ok).toBe(true)
    expect(await previewLoanRequest(db, { id: w.borrower.user.id }, w.centre.id, { ...input, amount: 500_001 })).toEqual({
      ok: false,
      error: 'invalid',
      fieldErrors: { amount: ['loans.errors.overLimit?max=5000'] },
    })
    // someone else's initiative
    expect(await previewLoanRequest(db, { id: w.lender.user.id }, w.centre.id, input)).toEqual({ ok: false, error: 'notFound' })
    expect(await db.select({ id: loans.id }).from(loans).where(eq(loans.centreId, w.centre.id))).toEqual(before)
    // the purpose may still be empty when showing the plan, not when sending
    const form = { source: 'fund', initiativeId: w.borrower.initiative.id, amount: '100', termMonths: '3', startDate: '2027-01-01' }
    expect(parseForm(formOf({ intent: 'preview', ...form }), PreviewLoanRequestSchema).status).toBe('success')
    expect(parseForm(formOf(form), RequestLoanSchema).status).not.toBe('success')
  })
})
