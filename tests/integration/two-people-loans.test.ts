import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeManager } from '#db/factories'
import { fundContributions, ledgerTransactions, listings, loanEvents, loans, notifications } from '#db/schema'
import {
  approveLoan,
  askGuarantee,
  declineLoan,
  disburseLoan,
  getLoanForViewer,
  pledgeGuarantee,
  recordContribution,
  requestLoan,
  writeOffLoan,
} from '~/modules/loans/loans.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'
import { addMember, makeExchangeWorld, makeUser } from './exchange-world'

/**
 * Issue #13 §1, the loan paths ADR 058 left open (its addendum): a lender's offer answering a
 * borrower's need is accepted by the borrower's side before it can be paid out; whoever acted for
 * the borrower or the lender does not also give a guarantee; a manager does not book their own
 * initiative's contribution to the fund.
 */

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const db = () => database.db

/**
 * The provider initiative lends, the receiver's borrows (it posted a loan need); Petra is the
 * owner of the lender and a member of the borrower; the third initiative may stand guarantor.
 */
async function offerWorld() {
  const w = await makeExchangeWorld(db())
  const petra = await makeUser(db(), { name: 'Petra Zweihut' })
  await addMember(db(), w.provider.initiative, petra.id, 'owner')
  await addMember(db(), w.receiver.initiative, petra.id, 'member')
  const [need] = await db()
    .insert(listings)
    .values({
      centreId: w.centre.id,
      initiativeId: w.receiver.initiative.id,
      kind: 'need',
      category: 'loan',
      title: 'Kredit für eine Werkbank gesucht',
      details: { category: 'loan', amountCents: 300_000, termMonths: 12, interestRateBasisPoints: 0 },
      status: 'active',
    })
    .returning()
  return { ...w, petra, lender: w.provider, borrower: w.receiver, guarantor: w.third, need: need! }
}
type OfferWorld = Awaited<ReturnType<typeof offerWorld>>

const terms = { amount: 300_000, termMonths: 3, interestBasisPoints: 500, startDate: '2026-01-31' }

/** A lender's offer answering the borrower's need, made by `userId` for the lending initiative. */
async function offer(w: OfferWorld, userId: string) {
  const offered = await requestLoan(db(), { id: userId }, w.centre.id, {
    source: 'listing',
    listingId: w.need.id,
    initiativeId: w.lender.initiative.id,
    amount: 30_000,
    termMonths: 3,
    startDate: '2026-01-31',
    purpose: 'Werkbank',
  })
  if (!offered.ok) throw new Error(JSON.stringify(offered))
  return offered.loan
}

async function loanRow(id: string) {
  const [row] = await db().select().from(loans).where(eq(loans.id, id))
  return row!
}

async function ledgerOfLoan(id: string) {
  const row = await loanRow(id)
  return row.disbursementTransactionId
    ? (await db().select().from(ledgerTransactions).where(eq(ledgerTransactions.id, row.disbursementTransactionId))).length
    : 0
}

describe('a loan offered by the lender waits for the borrower', () => {
  it('the probe: a person in both initiatives offers a loan and can neither approve nor disburse it alone; nothing reaches the ledger', async () => {
    const w = await offerWorld()
    const loan = await offer(w, w.petra.id)
    expect(await approveLoan(db(), { id: w.petra.id }, w.centre.id, loan.id, terms)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await approveLoan(db(), { id: w.petra.id }, w.centre.id, loan.id, null)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await disburseLoan(db(), { id: w.petra.id }, w.centre.id, loan.id)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect((await loanRow(loan.id)).state).toBe('requested')
    expect(await ledgerOfLoan(loan.id)).toBe(0)
    const view = await getLoanForViewer(db(), { id: w.petra.id }, w.centre.id, loan.id)
    expect(view!.proposal).toBe('offer')
    expect(view!.can.transitions).toEqual(['withdraw'])
    expect(view!.oneSide).toBe('lender')
  })

  it('no member of the lender approves its own offer either; a member of the borrower accepts it as offered, then the lender pays out', async () => {
    const w = await offerWorld()
    const loan = await offer(w, w.lender.user.id)
    expect(await approveLoan(db(), { id: w.lender.user.id }, w.centre.id, loan.id, terms)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await disburseLoan(db(), { id: w.lender.user.id }, w.centre.id, loan.id)).toMatchObject({ ok: false, error: 'notAllowed' })
    const borrowerView = await getLoanForViewer(db(), { id: w.borrower.user.id }, w.centre.id, loan.id)
    expect(borrowerView!.can.transitions).toEqual(['approve', 'decline'])
    // Figures sent along with the acceptance change nothing: the borrower consents to what was offered.
    const accepted = await approveLoan(db(), { id: w.borrower.user.id }, w.centre.id, loan.id, terms)
    expect(accepted).toMatchObject({ ok: true, proposal: 'offer' })
    expect(await loanRow(loan.id)).toMatchObject({ state: 'approved', principalCents: 30_000, interestBasisPoints: 0, totalCents: 30_000, decidedBy: w.borrower.user.id })
    const [event] = await db()
      .select({ actedAs: loanEvents.actedAs })
      .from(loanEvents)
      .where(and(eq(loanEvents.loanId, loan.id), eq(loanEvents.kind, 'approved')))
    expect(event!.actedAs).toBe('borrower')
    expect(await disburseLoan(db(), { id: w.borrower.user.id }, w.centre.id, loan.id)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await disburseLoan(db(), { id: w.lender.user.id }, w.centre.id, loan.id)).toMatchObject({ ok: true })
    expect(await ledgerOfLoan(loan.id)).toBe(1)
    // The lender heard that its offer was accepted (and may pay out).
    const told = await db()
      .select({ payload: notifications.payload })
      .from(notifications)
      .where(and(eq(notifications.userId, w.lender.user.id), eq(notifications.kind, 'loan.decided')))
    expect(told.map((n) => n.payload.variant)).toEqual(['accepted'])
  })

  it('Petra, who offered for the lender, does not accept for the borrower; her colleague of the borrower does', async () => {
    const w = await offerWorld()
    const loan = await offer(w, w.petra.id)
    expect(await approveLoan(db(), { id: w.petra.id }, w.centre.id, loan.id, null)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await approveLoan(db(), { id: w.borrower.user.id }, w.centre.id, loan.id, null)).toMatchObject({ ok: true })
    expect(await disburseLoan(db(), { id: w.petra.id }, w.centre.id, loan.id)).toMatchObject({ ok: true })
  })

  it('the borrower declines an offer, the lender withdraws it; not the other way round', async () => {
    const w = await offerWorld()
    const first = await offer(w, w.lender.user.id)
    expect(await declineLoan(db(), { id: w.lender.user.id }, w.centre.id, first.id, { as: 'decline' })).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await declineLoan(db(), { id: w.borrower.user.id }, w.centre.id, first.id, { as: 'withdraw' })).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await declineLoan(db(), { id: w.borrower.user.id }, w.centre.id, first.id, { as: 'decline', reason: 'Zu teuer' })).toMatchObject({ ok: true, proposal: 'offer' })
    const second = await offer(w, w.lender.user.id)
    expect(await declineLoan(db(), { id: w.lender.user.id }, w.centre.id, second.id, { as: 'withdraw' })).toMatchObject({ ok: true })
    const told = await db()
      .select({ userId: notifications.userId, payload: notifications.payload })
      .from(notifications)
      .where(eq(notifications.kind, 'loan.decided'))
    const about = (userId: string) => told.filter((n) => n.userId === userId).map((n) => n.payload.variant).sort()
    expect(about(w.lender.user.id)).toEqual(['offer_declined'])
    expect(about(w.borrower.user.id)).toEqual(['offer_withdrawn'])
  })

  it('a request to a lender is still decided by the lender, not the borrower', async () => {
    const w = await offerWorld()
    const [loanOffer] = await db()
      .insert(listings)
      .values({
        centreId: w.centre.id,
        initiativeId: w.lender.initiative.id,
        kind: 'offer',
        category: 'loan',
        title: 'Überbrückungskredit',
        details: { category: 'loan', amountCents: 300_000, termMonths: 12, interestRateBasisPoints: 0 },
        status: 'active',
      })
      .returning()
    const asked = await requestLoan(db(), { id: w.borrower.user.id }, w.centre.id, {
      source: 'listing',
      listingId: loanOffer!.id,
      initiativeId: w.borrower.initiative.id,
      amount: 30_000,
      termMonths: 3,
      startDate: '2026-01-31',
      purpose: 'Material',
    })
    if (!asked.ok) throw new Error('request')
    expect(await approveLoan(db(), { id: w.borrower.user.id }, w.centre.id, asked.loan.id, null)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await approveLoan(db(), { id: w.lender.user.id }, w.centre.id, asked.loan.id, null)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await approveLoan(db(), { id: w.lender.user.id }, w.centre.id, asked.loan.id, { ...terms, amount: 30_000, interestBasisPoints: 0 })).toMatchObject({ ok: true, proposal: 'request' })
  })
})

describe('a request is approved on terms the borrower asked for, or better for them', () => {
  it('the lender does not raise the amount or the rate above the request (400 at the field, nothing written); lower is fine', async () => {
    const w = await offerWorld()
    const [loanOffer] = await db()
      .insert(listings)
      .values({
        centreId: w.centre.id,
        initiativeId: w.lender.initiative.id,
        kind: 'offer',
        category: 'loan',
        title: 'Kredit zu 2 %',
        details: { category: 'loan', amountCents: 300_000, termMonths: 12, interestRateBasisPoints: 200 },
        status: 'active',
      })
      .returning()
    const asked = await requestLoan(db(), { id: w.borrower.user.id }, w.centre.id, {
      source: 'listing',
      listingId: loanOffer!.id,
      initiativeId: w.borrower.initiative.id,
      amount: 30_000,
      termMonths: 3,
      startDate: '2026-01-31',
      purpose: 'Material',
    })
    if (!asked.ok) throw new Error('request')
    const lender = { id: w.lender.user.id }
    expect(await approveLoan(db(), lender, w.centre.id, asked.loan.id, { ...terms, amount: 300_000, interestBasisPoints: 200 })).toEqual({
      ok: false,
      error: 'invalid',
      fieldErrors: { amount: ['loans.errors.overAsked?max=300'] },
    })
    expect(await approveLoan(db(), lender, w.centre.id, asked.loan.id, { ...terms, amount: 30_000, interestBasisPoints: 1500 })).toEqual({
      ok: false,
      error: 'invalid',
      fieldErrors: { interestPercent: ['loans.errors.rateOverAsked?max=2'] },
    })
    expect((await loanRow(asked.loan.id)).state).toBe('requested')
    expect(await approveLoan(db(), lender, w.centre.id, asked.loan.id, { ...terms, amount: 20_000, interestBasisPoints: 100, termMonths: 6 })).toMatchObject({ ok: true })
    expect(await loanRow(asked.loan.id)).toMatchObject({ state: 'approved', principalCents: 20_000, interestBasisPoints: 100, termMonths: 6 })
  })
})

describe('a guarantee comes from neither side', () => {
  it('who asked for a guarantee for the borrower does not pledge it for the guarantor; another member of the guarantor does', async () => {
    const w = await offerWorld()
    const loan = await offer(w, w.lender.user.id)
    // Bea is in the borrower and in the initiative asked to stand guarantor.
    const bea = await makeUser(db(), { name: 'Bea Beides' })
    await addMember(db(), w.borrower.initiative, bea.id)
    await addMember(db(), w.guarantor.initiative, bea.id)
    expect(await askGuarantee(db(), { id: bea.id }, w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id })).toMatchObject({ ok: true })
    const view = await getLoanForViewer(db(), { id: bea.id }, w.centre.id, loan.id)
    expect(view!.can.pledgeFor).toEqual([])
    expect(view!.pledgeBarred).toBe(true)
    expect(await pledgeGuarantee(db(), { id: bea.id }, w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id, amount: 10_000 })).toMatchObject({
      ok: false,
      error: 'invalid',
      fieldErrors: { initiativeId: ['loans.errors.pledgeOneSide'] },
    })
    expect(await pledgeGuarantee(db(), { id: w.guarantor.user.id }, w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id, amount: 10_000 })).toMatchObject({ ok: true })
  })

  it('who offered the loan for the lender does not pledge for it; who pledged does not then accept it for the borrower', async () => {
    const w = await offerWorld()
    // Petra offered for the lender and is also in the guarantor initiative.
    await addMember(db(), w.guarantor.initiative, w.petra.id)
    const loan = await offer(w, w.petra.id)
    expect(await askGuarantee(db(), { id: w.borrower.user.id }, w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id })).toMatchObject({ ok: true })
    expect(await pledgeGuarantee(db(), { id: w.petra.id }, w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id, amount: 10_000 })).toMatchObject({
      ok: false,
      error: 'invalid',
    })
    // Gabi, in the guarantor and the borrower, pledges first: then she does not accept the offer.
    const gabi = await makeUser(db(), { name: 'Gabi Bürgin' })
    await addMember(db(), w.guarantor.initiative, gabi.id)
    await addMember(db(), w.borrower.initiative, gabi.id)
    expect(await pledgeGuarantee(db(), { id: gabi.id }, w.centre.id, loan.id, { initiativeId: w.guarantor.initiative.id, amount: 10_000 })).toMatchObject({ ok: true })
    expect(await approveLoan(db(), { id: gabi.id }, w.centre.id, loan.id, null)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect((await getLoanForViewer(db(), { id: gabi.id }, w.centre.id, loan.id))!.oneSide).toBe('guarantor')
  })
})

describe('a write-off is not given by the debtor', () => {
  it('a manager who belongs to the borrowing initiative does not write its loan off, even without having acted on it; another manager does', async () => {
    const w = await offerWorld()
    await addMember(db(), w.borrower.initiative, w.manager.id)
    const colleague = await makeManager(db(), w.centre.id)
    const loan = await offer(w, w.lender.user.id)
    expect(await approveLoan(db(), { id: w.borrower.user.id }, w.centre.id, loan.id, null)).toMatchObject({ ok: true })
    expect(await disburseLoan(db(), { id: w.lender.user.id }, w.centre.id, loan.id)).toMatchObject({ ok: true })
    expect((await getLoanForViewer(db(), { id: w.manager.id }, w.centre.id, loan.id))!.can.transitions).toEqual([])
    expect(await writeOffLoan(db(), { id: w.manager.id }, w.centre.id, loan.id, 'Erlassen')).toMatchObject({ ok: false, error: 'notAllowed' })
    expect((await loanRow(loan.id)).state).toBe('disbursed')
    expect(await writeOffLoan(db(), { id: colleague.id }, w.centre.id, loan.id, 'Erlassen')).toMatchObject({ ok: true })
  })
})

describe('a contribution to the fund is booked by a manager of neither side', () => {
  it('a manager who belongs to the paying initiative does not record its contribution (400 at the field, nothing written); another manager does', async () => {
    const w = await offerWorld()
    await addMember(db(), w.borrower.initiative, w.manager.id)
    const colleague = await makeManager(db(), w.centre.id)
    const input = { initiativeId: w.borrower.initiative.id, amount: 50_000, receivedOn: '2026-01-05' }
    expect(await recordContribution(db(), { id: w.manager.id }, w.centre.id, input)).toEqual({
      ok: false,
      error: 'invalid',
      fieldErrors: { initiativeId: ['loans.errors.ownContribution'] },
    })
    expect(await db().select().from(fundContributions).where(eq(fundContributions.centreId, w.centre.id))).toHaveLength(0)
    expect(await recordContribution(db(), { id: colleague.id }, w.centre.id, input)).toMatchObject({ ok: true })
    // For another initiative the manager still records alone (audited), as before.
    expect(await recordContribution(db(), { id: w.manager.id }, w.centre.id, { ...input, initiativeId: w.third.initiative.id })).toMatchObject({ ok: true })
  })
})
