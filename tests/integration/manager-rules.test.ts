import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '#db/rows'
import { addMember, makeCentre, makeManager, makeMember } from '#db/factories'
import { centres, exchanges, initiatives, ledgerTransactions, listings, loans } from '#db/schema'
import { requestBooking } from '~/modules/bookings/bookings.server'
import { listAwaitingManager, listDisputes, logHelpGiven, transition } from '~/modules/exchanges/exchanges.server'
import { decideApplication } from '~/modules/initiatives/initiatives.server'
import { moderateListing } from '~/modules/listings/listings.server'
import { suspendInitiative } from '~/modules/moderation/suspensions.server'
import { correctLedger } from '~/modules/ledger/ledger.server'
import { approveLoan, disburseLoan, fundBalanceCents, recordContribution, requestLoan, writeOffLoan } from '~/modules/loans/loans.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'
import { makeListingRow } from './exchange-world'

/**
 * What a manager may and may not do with the centre's money and hours (found by an independent
 * audit of the business rules, 2026-12-07; each test failed before its fix).
 */
let database: TestDatabase
const db = () => database.db
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await database.close()
})

/**
 * A centre (loan limit 5,000 €) with two managers, whose fund holds `fund` cents paid in by one
 * initiative, and a request of `amount` cents from it by another, over six months.
 */
async function askedFromFund(fund: number, amount: number) {
  const centre = await makeCentre(db(), { loanLimitCents: 500_000 })
  const [first, second] = [await makeManager(db(), centre.id), await makeManager(db(), centre.id)]
  const payer = await makeMember(db(), centre.id)
  const contribution = await recordContribution(db(), { id: first.id }, centre.id, { initiativeId: payer.initiative.id, amount: fund, receivedOn: '2026-01-10' })
  if (!contribution.ok) throw new Error('no contribution')
  const borrower = await makeMember(db(), centre.id)
  const requested = await requestLoan(db(), { id: borrower.user.id }, centre.id, {
    source: 'fund',
    initiativeId: borrower.initiative.id,
    amount,
    termMonths: 6,
    startDate: '2026-02-01',
    purpose: 'Werkbank',
  })
  if (!requested.ok) throw new Error('no loan')
  const terms = { amount, termMonths: 6, interestBasisPoints: 0, startDate: '2026-02-01' }
  return { centre, first, second, payer, borrower, loanId: requested.loan.id, terms, contributionId: contribution.id }
}

/** A centre whose fund lent out a contribution: 1,000 € in, 1,000 € disbursed to a borrower. */
async function fundLentOut() {
  const w = await askedFromFund(100_000, 100_000)
  if (!(await approveLoan(db(), { id: w.second.id }, w.centre.id, w.loanId, w.terms)).ok) throw new Error('not approved')
  if (!(await disburseLoan(db(), { id: w.second.id }, w.centre.id, w.loanId)).ok) throw new Error('not disbursed')
  const [loan] = await db().select().from(loans).where(eq(loans.id, w.loanId))
  const [contributionTx] = rowsOf<{ id: string }>(
    await db().execute(sql`select ledger_transaction_id as id from fund_contributions where id = ${w.contributionId}`),
  )
  return { ...w, loan: loan!, contributionTxId: contributionTx!.id }
}

describe('reversals in the ledger', () => {
  it('a loan’s or the fund’s transactions are not reversed from the ledger: the fund cannot go below zero that way', async () => {
    const w = await fundLentOut()
    expect(await fundBalanceCents(db(), w.centre.id)).toBeCloseTo(0, 9)
    const reverse = (id: string) => correctLedger(db(), w.first.id, { centreId: w.centre.id, reason: 'Zurückgebucht', reverses: id })
    expect(await reverse(w.contributionTxId)).toEqual({ ok: false, error: 'loanOrFund' })
    expect(await reverse(w.loan.disbursementTransactionId!)).toEqual({ ok: false, error: 'loanOrFund' })
    expect(await fundBalanceCents(db(), w.centre.id)).toBeCloseTo(0, 9)
    const [loan] = await db().select().from(loans).where(eq(loans.id, w.loan.id))
    expect(loan!.state).toBe('disbursed')
  })

  it('a reversal is not reversed again (an adjustment corrects it)', async () => {
    const centre = await makeCentre(db())
    const manager = await makeManager(db(), centre.id)
    const [a, b] = [await makeMember(db(), centre.id), await makeMember(db(), centre.id)]
    const adjusted = await correctLedger(db(), manager.id, {
      centreId: centre.id,
      reason: 'Vergessene Stunden',
      adjustment: { fromInitiativeId: a.initiative.id, toInitiativeId: b.initiative.id, minutes: 60 },
    })
    if (!adjusted.ok) throw new Error('not adjusted')
    const reversed = await correctLedger(db(), manager.id, { centreId: centre.id, reason: 'Doppelt', reverses: adjusted.transactionId })
    if (!reversed.ok) throw new Error('not reversed')
    expect(await correctLedger(db(), manager.id, { centreId: centre.id, reason: 'Doch nicht', reverses: reversed.transactionId })).toEqual({
      ok: false,
      error: 'isReversal',
    })
    const corrections = await db().select().from(ledgerTransactions).where(eq(ledgerTransactions.centreId, centre.id))
    expect(corrections).toHaveLength(2)
  })
})

describe('a manager who belongs to one side of an exchange', () => {
  /** Help of 50 hours logged by the provider and confirmed by the receiver: above the 40-hour cap, it waits for a manager. */
  async function waitingForAManager() {
    const centre = await makeCentre(db())
    const provider = await makeMember(db(), centre.id)
    const receiver = await makeMember(db(), centre.id)
    const insider = await makeManager(db(), centre.id)
    await addMember(db(), provider.initiative, insider.id, 'member')
    const outsider = await makeManager(db(), centre.id)
    const logged = await logHelpGiven(db(), { id: provider.user.id }, centre.id, {
      initiativeId: provider.initiative.id,
      receiverInitiativeId: receiver.initiative.id,
      title: 'Umbau der Werkstatt',
      date: '2026-01-05',
      minutes: 3000,
    })
    if (!logged.ok) throw new Error('not logged')
    return { centre, provider, receiver, insider, outsider, exchange: logged.exchange }
  }

  it('does not approve it above the cap, nor set its figures: another manager does', async () => {
    const w = await waitingForAManager()
    expect(await transition(db(), { id: w.receiver.user.id }, w.exchange.id, 'confirm')).toMatchObject({ ok: true, awaitingApproval: true })
    // the managers' queue says so: listed for both, to be settled by the other one
    const listedFor = async (manager: { id: string }) => (await listAwaitingManager(db(), manager, w.centre.id)).find((x) => x.id === w.exchange.id)
    expect(await listedFor(w.insider)).toMatchObject({ own: true, mayAct: false })
    expect(await listedFor(w.outsider)).toMatchObject({ own: false, mayAct: true })
    const raised = await transition(db(), { id: w.insider.id }, w.exchange.id, 'approve', { minutes: 6000, valueCents: 900_000 })
    expect(raised).toMatchObject({ ok: false, error: 'notYourStep' })
    const [still] = await db().select().from(exchanges).where(eq(exchanges.id, w.exchange.id))
    expect([still!.state, still!.actualMinutes]).toEqual(['completed', 3000])
    expect(await transition(db(), { id: w.outsider.id }, w.exchange.id, 'approve')).toMatchObject({ ok: true, to: 'confirmed' })
  })

  it('does not decide a dispute about it', async () => {
    const w = await waitingForAManager()
    expect(await transition(db(), { id: w.receiver.user.id }, w.exchange.id, 'dispute', { reason: 'Es war nur eine Stunde' })).toMatchObject({ ok: true })
    const disputedFor = async (manager: { id: string }) => (await listDisputes(db(), manager, w.centre.id)).find((x) => x.id === w.exchange.id)
    expect(await disputedFor(w.insider)).toMatchObject({ own: true })
    expect(await disputedFor(w.outsider)).toMatchObject({ own: false })
    const settled = await transition(db(), { id: w.insider.id }, w.exchange.id, 'resolveConfirm', { reason: 'Passt so', minutes: 6000 })
    expect(settled).toMatchObject({ ok: false, error: 'notYourStep' })
    expect(await transition(db(), { id: w.outsider.id }, w.exchange.id, 'resolveConfirm', { reason: 'Eine Stunde', minutes: 60 })).toMatchObject({
      ok: true,
      to: 'confirmed',
    })
  })
})

describe('the cap of one exchange', () => {
  it('counts hours at the centre’s hour value against the € cap: 40 h at 100 €/h wait for a manager under a 2,000 € cap', async () => {
    const centre = await makeCentre(db())
    await db().update(centres).set({ hourValueCents: 10_000, exchangeCapMinutes: 6000, exchangeCapCents: 200_000 }).where(eq(centres.id, centre.id))
    const provider = await makeMember(db(), centre.id)
    const receiver = await makeMember(db(), centre.id)
    const logged = await logHelpGiven(db(), { id: provider.user.id }, centre.id, {
      initiativeId: provider.initiative.id,
      receiverInitiativeId: receiver.initiative.id,
      title: 'Planung des Umbaus',
      date: '2026-01-08',
      minutes: 2400,
    })
    if (!logged.ok) throw new Error('not logged')
    expect(await transition(db(), { id: receiver.user.id }, logged.exchange.id, 'confirm')).toMatchObject({ ok: true, awaitingApproval: true })
    expect(await db().select().from(ledgerTransactions).where(eq(ledgerTransactions.exchangeId, logged.exchange.id))).toEqual([])
  })
})

describe('a manager who belongs to the borrowing initiative', () => {
  /** A fund of 4,000 €, and a loan of 3,000 € asked from it by an initiative one of the managers belongs to. */
  async function ownInitiativeAsks() {
    const w = await askedFromFund(400_000, 300_000)
    const insider = await makeManager(db(), w.centre.id)
    await addMember(db(), w.borrower.initiative, insider.id, 'member')
    return { ...w, colleague: w.first, insider }
  }

  it('does not approve or pay out a loan from the centre’s fund to it: another manager does', async () => {
    const w = await ownInitiativeAsks()
    expect((await approveLoan(db(), { id: w.insider.id }, w.centre.id, w.loanId, w.terms)).ok).toBe(false)
    expect((await approveLoan(db(), { id: w.colleague.id }, w.centre.id, w.loanId, w.terms)).ok).toBe(true)
    expect((await disburseLoan(db(), { id: w.insider.id }, w.centre.id, w.loanId)).ok).toBe(false)
    expect((await disburseLoan(db(), { id: w.colleague.id }, w.centre.id, w.loanId)).ok).toBe(true)
  })

  it('does not write its loan off by suspending it first, and does not suspend it at all', async () => {
    const w = await ownInitiativeAsks()
    await approveLoan(db(), { id: w.colleague.id }, w.centre.id, w.loanId, w.terms)
    await disburseLoan(db(), { id: w.colleague.id }, w.centre.id, w.loanId)
    const own = { centreId: w.centre.id, actorId: w.insider.id, initiativeId: w.borrower.initiative.id, reason: 'Prüfung' }
    expect(await suspendInitiative(db(), own)).toEqual({ ok: false, error: 'ownInitiative' })
    // suspended by someone else: the insider still belongs to it, and still does not write the debt off
    expect(await suspendInitiative(db(), { ...own, actorId: w.colleague.id })).toMatchObject({ ok: true })
    expect((await writeOffLoan(db(), { id: w.insider.id }, w.centre.id, w.loanId, 'uneinbringlich')).ok).toBe(false)
    const [loan] = await db().select().from(loans).where(eq(loans.id, w.loanId))
    expect(loan!.state).toBe('disbursed')
  })
})

describe('a manager’s own initiative in the centre’s queues', () => {
  it('a manager does not approve their own initiative’s listing, nor admit their own initiative', async () => {
    const centre = await makeCentre(db(), { moderationMode: 'pre' })
    const insider = await makeManager(db(), centre.id)
    const colleague = await makeManager(db(), centre.id)
    const own = await makeMember(db(), centre.id)
    await addMember(db(), own.initiative, insider.id, 'member')
    const [pending] = await db()
      .insert(listings)
      .values({ centreId: centre.id, initiativeId: own.initiative.id, kind: 'offer', category: 'skill', title: 'Eigenes Angebot', description: 'Hilfe', details: { category: 'skill', estimatedHours: 2 }, status: 'pending' })
      .returning()
    expect(await moderateListing(db(), insider.id, centre.id, pending!.id, { intent: 'approve' })).toEqual({ ok: false, error: 'ownInitiative' })
    expect(await moderateListing(db(), colleague.id, centre.id, pending!.id, { intent: 'approve' })).toEqual({ ok: true })

    const applied = await makeMember(db(), centre.id, { status: 'applied' })
    await addMember(db(), applied.initiative, insider.id, 'member')
    const decide = (actor: { id: string; name: string }) => decideApplication(db(), { centre, initiativeId: applied.initiative.id, actor, decision: 'admit' })
    expect(await decide(insider)).toEqual({ ok: false, error: 'ownInitiative' })
    expect(await decide(colleague)).toMatchObject({ ok: true })
    const [admitted] = await db().select().from(initiatives).where(eq(initiatives.id, applied.initiative.id))
    expect(admitted!.decidedBy).toBe(colleague.id)
  })
})

describe('limits that hold when things change', () => {
  it('a loan approved under a higher limit is not paid out after the centre lowered it', async () => {
    const { centre, first, second, loanId, terms } = await askedFromFund(400_000, 300_000)
    expect((await approveLoan(db(), { id: first.id }, centre.id, loanId, terms)).ok).toBe(true)
    await db().update(centres).set({ loanLimitCents: 100_000 }).where(eq(centres.id, centre.id))
    expect(await disburseLoan(db(), { id: second.id }, centre.id, loanId)).toMatchObject({
      ok: false,
      fieldErrors: { form: ['loans.errors.overLimit?max=1000'] },
    })
    const [loan] = await db().select().from(loans).where(eq(loans.id, loanId))
    expect(loan!.state).toBe('approved')
  })

  it('a room is booked only within the days its listing says it is available', async () => {
    const centre = await makeCentre(db())
    const owner = await makeMember(db(), centre.id)
    const guest = await makeMember(db(), centre.id)
    const room = await makeListingRow(db(), owner.initiative, 'offer', {
      category: 'room',
      title: 'Seminarraum',
      bookable: true,
      availableFrom: '2027-03-01',
      availableUntil: '2027-03-31',
      details: { category: 'room', capacity: 20 },
    })
    const book = (start: string, end: string) =>
      requestBooking(db(), { id: guest.user.id }, centre.id, { listingId: room.id, initiativeId: guest.initiative.id, start, end, purpose: 'Workshop' }, { now: new Date('2027-01-15T10:00:00Z') })
    expect(await book('2027-02-27T10:00', '2027-02-27T12:00')).toMatchObject({ ok: false, fieldErrors: { start: ['bookings.errors.notYetAvailable?from=2027-03-01'] } })
    expect(await book('2027-03-31T18:00', '2027-04-01T10:00')).toMatchObject({ ok: false, fieldErrors: { end: ['bookings.errors.noLongerAvailable?until=2027-03-31'] } })
    // ending at midnight after the last day is within it
    expect(await book('2027-03-31T18:00', '2027-04-01T00:00')).toMatchObject({ ok: true })
  })
})
