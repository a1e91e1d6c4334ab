import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeManager } from '#db/factories'
import { auditLog, bookings, exchanges, ledgerTransactions, listings, loans, users } from '#db/schema'
import { decideBooking, getBookingPanel, listMyBookings, requestBooking } from '~/modules/bookings/bookings.server'
import {
  countWaitingForMe,
  getExchangeForViewer,
  listMyExchanges,
  logHelpGiven,
  postMessage,
  proposeExchange,
  transition,
} from '~/modules/exchanges/exchanges.server'
import {
  approveLoan,
  confirmRepayment,
  declineLoan,
  disburseLoan,
  getLoanForViewer,
  logRepayment,
  recordContribution,
  rejectRepayment,
  requestLoan,
  writeOffLoan,
} from '~/modules/loans/loans.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'
import { addMember, makeExchangeWorld, makeInitiative, makeListingRow, makeUser } from './exchange-world'

/**
 * Issue #13 §1: the two sides of an exchange, a loan and a booking are carried by two different
 * people. A person who belongs to both initiatives acts for one side only; the other side's step
 * needs another member of it, or a manager (audited).
 */

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const db = () => database.db
type World = Awaited<ReturnType<typeof makeExchangeWorld>>

/** The world, plus Petra: owner of the provider initiative and a member of the receiver's. */
async function twoHatWorld() {
  const w = await makeExchangeWorld(db())
  const petra = await makeUser(db(), { name: 'Petra Zweihut' })
  await addMember(db(), w.provider.initiative, petra.id, 'owner')
  await addMember(db(), w.receiver.initiative, petra.id, 'member')
  return { ...w, petra }
}

async function ledgerCount(exchangeId: string) {
  const rows = await db().select({ id: ledgerTransactions.id }).from(ledgerTransactions).where(eq(ledgerTransactions.exchangeId, exchangeId))
  return rows.length
}

async function stateOf(exchangeId: string) {
  const [row] = await db().select({ state: exchanges.state }).from(exchanges).where(eq(exchanges.id, exchangeId))
  return row!.state
}

async function logAs(w: World, userId: string, figures: { minutes?: number; valueCents?: number }, from = w.provider.initiative, to = w.receiver.initiative) {
  const result = await logHelpGiven(db(), { id: userId }, w.centre.id, {
    initiativeId: from.id,
    receiverInitiativeId: to.id,
    title: 'Buchhaltung des Jahres',
    date: '2026-11-20',
    ...figures,
  })
  if (!result.ok) throw new Error(`logHelpGiven: ${JSON.stringify(result)}`)
  return result.exchange
}

describe('one person, one side of an exchange', () => {
  it('the probe: a person in both initiatives logs 100 h / 5,000 € from one to the other and cannot confirm it herself; nothing reaches the ledger', async () => {
    const w = await twoHatWorld()
    const ex = await logAs(w, w.petra.id, { minutes: 6000, valueCents: 500_000 })
    expect(await transition(db(), { id: w.petra.id }, ex.id, 'confirm')).toMatchObject({ ok: false, error: 'notYourStep' })
    expect(await transition(db(), { id: w.petra.id }, ex.id, 'dispute', { reason: 'Doch nicht' })).toMatchObject({ ok: false, error: 'notYourStep' })
    expect(await stateOf(ex.id)).toBe('completed')
    expect(await ledgerCount(ex.id)).toBe(0)
  })

  it('the same with small figures (under any cap), and with the two initiatives the other way round', async () => {
    const w = await twoHatWorld()
    const small = await logAs(w, w.petra.id, { minutes: 60 })
    expect(await transition(db(), { id: w.petra.id }, small.id, 'confirm')).toMatchObject({ ok: false, error: 'notYourStep' })
    const back = await logAs(w, w.petra.id, { valueCents: 1000 }, w.receiver.initiative, w.provider.initiative)
    expect(await transition(db(), { id: w.petra.id }, back.id, 'confirm')).toMatchObject({ ok: false, error: 'notYourStep' })
    expect(await ledgerCount(small.id)).toBe(0)
    expect(await ledgerCount(back.id)).toBe(0)
    // another member of the receiving initiative confirms: two people, the ledger is written
    expect(await transition(db(), { id: w.receiver.user.id }, small.id, 'confirm')).toMatchObject({ ok: true, to: 'confirmed' })
    expect(await ledgerCount(small.id)).toBe(1)
  })

  it('whoever proposed for one side cannot accept or decline for the other; a colleague of the other side can', async () => {
    const w = await twoHatWorld()
    const offer = await makeListingRow(db(), w.provider.initiative, 'offer')
    // Petra asks the provider's offer for the receiver …
    const proposed = await proposeExchange(db(), { id: w.petra.id }, w.centre.id, {
      listingId: offer.id,
      initiativeId: w.receiver.initiative.id,
      minutes: 120,
      message: 'Wir brauchen das.',
    })
    if (!proposed.ok) throw new Error('propose')
    // … and cannot answer it for the provider, nor later complete it for them
    expect(await transition(db(), { id: w.petra.id }, proposed.exchange.id, 'accept')).toMatchObject({ ok: false, error: 'notYourStep' })
    expect(await transition(db(), { id: w.petra.id }, proposed.exchange.id, 'decline')).toMatchObject({ ok: false, error: 'notYourStep' })
    expect(await transition(db(), { id: w.provider.user.id }, proposed.exchange.id, 'accept')).toMatchObject({ ok: true })
    expect(await transition(db(), { id: w.petra.id }, proposed.exchange.id, 'complete', { minutes: 120 })).toMatchObject({ ok: false, error: 'notYourStep' })
    expect(await transition(db(), { id: w.provider.user.id }, proposed.exchange.id, 'complete', { minutes: 120 })).toMatchObject({ ok: true })
    // her own side's step is hers
    expect(await transition(db(), { id: w.petra.id }, proposed.exchange.id, 'confirm')).toMatchObject({ ok: true, to: 'confirmed' })
    expect(await ledgerCount(proposed.exchange.id)).toBe(1)
  })

  it('a person who accepted for one side cannot complete and confirm across; the side is fixed by the first act, not the first role', async () => {
    const w = await twoHatWorld()
    const need = await makeListingRow(db(), w.receiver.initiative, 'need')
    // the provider's owner offers help for the receiver's need; Petra (in both) accepts for the receiver
    const proposed = await proposeExchange(db(), { id: w.provider.user.id }, w.centre.id, {
      listingId: need.id,
      initiativeId: w.provider.initiative.id,
      minutes: 60,
      message: 'Wir helfen.',
    })
    if (!proposed.ok) throw new Error('propose')
    expect(await transition(db(), { id: w.petra.id }, proposed.exchange.id, 'accept')).toMatchObject({ ok: true })
    // now she is the receiver's: completing for the provider is not hers
    expect(await transition(db(), { id: w.petra.id }, proposed.exchange.id, 'complete', { minutes: 60 })).toMatchObject({ ok: false, error: 'notYourStep' })
    expect(await transition(db(), { id: w.provider.user.id }, proposed.exchange.id, 'complete', { minutes: 60 })).toMatchObject({ ok: true })
    expect(await transition(db(), { id: w.petra.id }, proposed.exchange.id, 'confirm')).toMatchObject({ ok: true })
  })

  it('a message written for one side fixes the writer to it: no step and no message for the other side after', async () => {
    const w = await twoHatWorld()
    const offer = await makeListingRow(db(), w.provider.initiative, 'offer')
    const proposed = await proposeExchange(db(), { id: w.receiver.user.id }, w.centre.id, {
      listingId: offer.id,
      initiativeId: w.receiver.initiative.id,
      minutes: 60,
      message: 'Hallo',
    })
    if (!proposed.ok) throw new Error('propose')
    expect(await postMessage(db(), { id: w.petra.id }, proposed.exchange.id, { body: 'Für uns Empfänger: ja', initiativeId: w.receiver.initiative.id })).toEqual({ ok: true })
    expect(await transition(db(), { id: w.petra.id }, proposed.exchange.id, 'accept')).toMatchObject({ ok: false, error: 'notYourStep' })
    expect(
      await postMessage(db(), { id: w.petra.id }, proposed.exchange.id, { body: 'Und als Anbieter …', initiativeId: w.provider.initiative.id }),
    ).toMatchObject({ ok: false, error: 'notYourStep' })
  })

  it('the page offers no step across, says which side she acted for, and the count of waiting exchanges leaves it out', async () => {
    const w = await twoHatWorld()
    const ex = await logAs(w, w.petra.id, { minutes: 60 })
    const view = await getExchangeForViewer(db(), { id: w.petra.id }, w.centre.id, ex.id)
    expect(view!.actions).toEqual([])
    expect(view!.withheld).toEqual(expect.arrayContaining(['confirm', 'dispute']))
    expect(view!.actedAs).toEqual(['provider'])
    expect(view!.sides.map((s) => s.side)).toEqual(['provider'])
    const mine = await listMyExchanges(db(), { id: w.petra.id }, w.centre.id)
    expect(mine.find((r) => r.id === ex.id)).toMatchObject({ roles: ['provider'], waitingForMe: false })
    expect(await countWaitingForMe(db(), { id: w.petra.id }, w.centre.id)).toBe(0)
    // the receiver's other member is waited for
    expect(await countWaitingForMe(db(), { id: w.receiver.user.id }, w.centre.id)).toBe(1)
  })

  it('a manager who acted for a side does not settle the dispute; another manager does', async () => {
    const w = await makeExchangeWorld(db())
    await addMember(db(), w.provider.initiative, w.manager.id, 'member')
    const ex = await logAs(w, w.manager.id, { minutes: 120 })
    expect(await transition(db(), { id: w.receiver.user.id }, ex.id, 'dispute', { reason: 'Nur eine Stunde' })).toMatchObject({ ok: true })
    expect(await transition(db(), { id: w.manager.id }, ex.id, 'resolveConfirm', { reason: 'Passt so', minutes: 120 })).toMatchObject({
      ok: false,
      error: 'notYourStep',
    })
    expect(await transition(db(), { id: w.manager.id }, ex.id, 'resolveCancel', { reason: 'Passt so' })).toMatchObject({ ok: false, error: 'notYourStep' })
    const colleague = await makeManager(db(), w.centre.id)
    expect(await transition(db(), { id: colleague.id }, ex.id, 'resolveConfirm', { reason: 'Eine Stunde', minutes: 60 })).toMatchObject({ ok: true })
    expect(await ledgerCount(ex.id)).toBe(1)
  })

  it('when no one else is on the receiving side, a manager settles it (audited); not while a colleague could confirm', async () => {
    const w = await makeExchangeWorld(db())
    // Petra owns the provider and is the receiver's only member besides its owner, who then leaves
    const petra = await makeUser(db())
    await addMember(db(), w.provider.initiative, petra.id)
    await addMember(db(), w.receiver.initiative, petra.id)
    const ex = await logAs(w, petra.id, { minutes: 90 })
    // the receiver's owner could still confirm: not the manager's step
    expect(await transition(db(), { id: w.manager.id }, ex.id, 'approve', { reason: 'Beides ihre' })).toMatchObject({ ok: false, error: 'notYourStep' })
    const { initiativeMembers } = await import('#db/schema')
    await db()
      .delete(initiativeMembers)
      .where(and(eq(initiativeMembers.initiativeId, w.receiver.initiative.id), eq(initiativeMembers.userId, w.receiver.user.id)))
    expect(await transition(db(), { id: petra.id }, ex.id, 'confirm')).toMatchObject({ ok: false, error: 'notYourStep' })
    const view = await getExchangeForViewer(db(), { id: w.manager.id }, w.centre.id, ex.id)
    expect(view!.actions).toContain('approve')
    const settled = await transition(db(), { id: w.manager.id }, ex.id, 'approve', { reason: 'Geprüft: Petra ist in beiden' })
    expect(settled).toMatchObject({ ok: true, to: 'confirmed' })
    expect(await ledgerCount(ex.id)).toBe(1)
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.subjectId, ex.id), eq(auditLog.action, 'exchange.approved')))
    expect(audit).toHaveLength(1)
    expect(audit[0]!.actorId).toBe(w.manager.id)
  })
})

describe('one person, one side of a loan', () => {
  async function loanWorld() {
    const w = await twoHatWorld()
    const [offer] = await db()
      .insert(listings)
      .values({
        centreId: w.centre.id,
        initiativeId: w.provider.initiative.id,
        kind: 'offer',
        category: 'loan',
        title: 'Überbrückungskredit',
        details: { category: 'loan', amountCents: 300_000, termMonths: 12, interestRateBasisPoints: 0 },
        status: 'active',
      })
      .returning()
    // the provider initiative lends, the receiver borrows; Petra is in both
    return { ...w, lender: w.provider, borrower: w.receiver, offer: offer! }
  }
  const plan = { amount: 30_000, termMonths: 3, interestBasisPoints: 0, startDate: '2026-01-31' }

  it('who asked for the loan for the borrower does not approve, decline or disburse it for the lender, nor confirm its repayments', async () => {
    const w = await loanWorld()
    const requested = await requestLoan(db(), { id: w.petra.id }, w.centre.id, {
      source: 'listing',
      listingId: w.offer.id,
      initiativeId: w.borrower.initiative.id,
      amount: 30_000,
      termMonths: 3,
      startDate: '2026-01-31',
      purpose: 'Neue Werkbank',
    })
    if (!requested.ok) throw new Error(JSON.stringify(requested))
    const id = requested.loan.id
    expect(await approveLoan(db(), { id: w.petra.id }, w.centre.id, id, plan)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await declineLoan(db(), { id: w.petra.id }, w.centre.id, id, { as: 'decline' })).toMatchObject({ ok: false, error: 'notAllowed' })
    const view = await getLoanForViewer(db(), { id: w.petra.id }, w.centre.id, id)
    expect(view!.can.transitions).toEqual(['withdraw'])
    expect(view!.oneSide).toBe('borrower')
    expect(await approveLoan(db(), { id: w.lender.user.id }, w.centre.id, id, plan)).toMatchObject({ ok: true })
    expect(await disburseLoan(db(), { id: w.petra.id }, w.centre.id, id)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await disburseLoan(db(), { id: w.lender.user.id }, w.centre.id, id)).toMatchObject({ ok: true })
    const logged = await logRepayment(db(), { id: w.petra.id }, w.centre.id, id, { amount: 10_000, paidOn: '2026-02-28' })
    if (!logged.ok) throw new Error('log')
    expect(await confirmRepayment(db(), { id: w.petra.id }, w.centre.id, id, logged.repaymentId)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await rejectRepayment(db(), { id: w.petra.id }, w.centre.id, id, logged.repaymentId)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await confirmRepayment(db(), { id: w.lender.user.id }, w.centre.id, id, logged.repaymentId)).toMatchObject({ ok: true })
  })

  it('who approved for the lender does not log repayments for the borrower', async () => {
    const w = await loanWorld()
    const requested = await requestLoan(db(), { id: w.borrower.user.id }, w.centre.id, {
      source: 'listing',
      listingId: w.offer.id,
      initiativeId: w.borrower.initiative.id,
      amount: 30_000,
      termMonths: 3,
      startDate: '2026-01-31',
      purpose: 'Neue Werkbank',
    })
    if (!requested.ok) throw new Error('request')
    expect(await approveLoan(db(), { id: w.petra.id }, w.centre.id, requested.loan.id, plan)).toMatchObject({ ok: true })
    expect(await disburseLoan(db(), { id: w.petra.id }, w.centre.id, requested.loan.id)).toMatchObject({ ok: true })
    expect(await logRepayment(db(), { id: w.petra.id }, w.centre.id, requested.loan.id, { amount: 10_000, paidOn: '2026-02-28' })).toMatchObject({
      ok: false,
      error: 'notAllowed',
    })
    expect(await declineLoan(db(), { id: w.petra.id }, w.centre.id, requested.loan.id, { as: 'withdraw' })).toMatchObject({ ok: false, error: 'notAllowed' })
  })

  it('a manager who asked the fund for her own initiative neither approves, disburses nor writes it off; another manager does', async () => {
    const w = await loanWorld()
    await addMember(db(), w.borrower.initiative, w.manager.id)
    const colleague = await makeManager(db(), w.centre.id)
    expect(await recordContribution(db(), { id: colleague.id }, w.centre.id, { initiativeId: w.third.initiative.id, amount: 100_000, receivedOn: '2026-01-05' })).toMatchObject({ ok: true })
    const requested = await requestLoan(db(), { id: w.manager.id }, w.centre.id, {
      source: 'fund',
      initiativeId: w.borrower.initiative.id,
      amount: 30_000,
      termMonths: 3,
      startDate: '2026-01-31',
      purpose: 'Miete',
    })
    if (!requested.ok) throw new Error('request')
    const id = requested.loan.id
    expect(await approveLoan(db(), { id: w.manager.id }, w.centre.id, id, plan)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await approveLoan(db(), { id: colleague.id }, w.centre.id, id, plan)).toMatchObject({ ok: true })
    expect(await disburseLoan(db(), { id: w.manager.id }, w.centre.id, id)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await disburseLoan(db(), { id: colleague.id }, w.centre.id, id)).toMatchObject({ ok: true })
    expect(await writeOffLoan(db(), { id: w.manager.id }, w.centre.id, id, 'Erlassen')).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await writeOffLoan(db(), { id: colleague.id }, w.centre.id, id, 'Erlassen')).toMatchObject({ ok: true })
  })
})

describe('one person, one side of a booking', () => {
  const NOW = new Date('2030-06-01T08:00:00Z')
  async function bookingWorld() {
    const w = await twoHatWorld()
    const [room] = await db()
      .insert(listings)
      .values({
        centreId: w.centre.id,
        initiativeId: w.provider.initiative.id,
        kind: 'offer',
        category: 'room',
        title: 'Proberaum',
        details: { category: 'room', capacity: 8 },
        status: 'active',
        bookable: true,
      })
      .returning()
    return { ...w, owner: w.provider, requester: w.receiver, room: room! }
  }

  it('who asked for a slot for the requester does not grant or refuse it for the owner; another owner member does', async () => {
    const w = await bookingWorld()
    const asked = await requestBooking(
      db(),
      { id: w.petra.id },
      w.centre.id,
      { listingId: w.room.id, initiativeId: w.requester.initiative.id, start: '2030-06-12T10:00', end: '2030-06-12T12:00', purpose: 'Bandprobe' },
      { now: NOW },
    )
    if (!asked.ok) throw new Error(JSON.stringify(asked))
    expect(await decideBooking(db(), { id: w.petra.id }, w.centre.id, asked.booking.id, 'accept')).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await decideBooking(db(), { id: w.petra.id }, w.centre.id, asked.booking.id, 'decline')).toMatchObject({ ok: false, error: 'notAllowed' })
    const panel = await getBookingPanel(db(), { id: w.petra.id }, w.centre.id, w.room.id, { week: '2030-06-10', now: NOW })
    const mine = await listMyBookings(db(), { id: w.petra.id }, w.centre.id, { now: NOW })
    expect(mine.bookings.find((b) => b.id === asked.booking.id)?.canDecide).toBe(false)
    expect(panel!.slots.find((x) => x.id === asked.booking.id)).toMatchObject({ canDecide: false })
    expect(await decideBooking(db(), { id: w.owner.user.id }, w.centre.id, asked.booking.id, 'accept')).toMatchObject({ ok: true, booking: { state: 'accepted' } })
  })

  it('the same when the booking has lost its exchange', async () => {
    const w = await bookingWorld()
    const asked = await requestBooking(
      db(),
      { id: w.petra.id },
      w.centre.id,
      { listingId: w.room.id, initiativeId: w.requester.initiative.id, start: '2030-06-13T10:00', end: '2030-06-13T12:00', purpose: 'Bandprobe' },
      { now: NOW },
    )
    if (!asked.ok) throw new Error('request')
    await db().update(bookings).set({ exchangeId: null }).where(eq(bookings.id, asked.booking.id))
    expect(await decideBooking(db(), { id: w.petra.id }, w.centre.id, asked.booking.id, 'accept')).toMatchObject({ ok: false, error: 'notAllowed' })
    const [row] = await db().select({ state: bookings.state }).from(bookings).where(eq(bookings.id, asked.booking.id))
    expect(row!.state).toBe('requested')
  })
})

describe('a proposal or request that only its sender could answer', () => {
  const NOW = new Date('2030-06-01T08:00:00Z')
  /** Petra is the only member of "Solo", which offers help, a bookable room and a loan; she also belongs to the receiver. */
  async function soloWorld() {
    const w = await twoHatWorld()
    const solo = await makeInitiative(db(), w.centre.id)
    await addMember(db(), solo, w.petra.id, 'owner')
    const help = await makeListingRow(db(), solo, 'offer', { title: 'Steuerberatung' })
    const room = await makeListingRow(db(), solo, 'offer', { category: 'room', title: 'Werkstatt', details: { category: 'room', capacity: 6 }, bookable: true })
    const loan = await makeListingRow(db(), solo, 'offer', {
      category: 'loan',
      title: 'Kleinkredit',
      details: { category: 'loan', amountCents: 300_000, termMonths: 12, interestRateBasisPoints: 0 },
    })
    return { ...w, solo, help, room, loan }
  }
  const attempts = (w: Awaited<ReturnType<typeof soloWorld>>) => ({
    exchange: () =>
      proposeExchange(db(), { id: w.petra.id }, w.centre.id, { listingId: w.help.id, initiativeId: w.receiver.initiative.id, minutes: 60, message: 'Hilfe?' }),
    booking: () =>
      requestBooking(
        db(),
        { id: w.petra.id },
        w.centre.id,
        { listingId: w.room.id, initiativeId: w.receiver.initiative.id, start: '2030-06-12T10:00', end: '2030-06-12T12:00', purpose: 'Probe' },
        { now: NOW },
      ),
    loan: () =>
      requestLoan(db(), { id: w.petra.id }, w.centre.id, {
        source: 'listing',
        listingId: w.loan.id,
        initiativeId: w.receiver.initiative.id,
        amount: 30_000,
        termMonths: 3,
        startDate: '2030-06-30',
        purpose: 'Werkbank',
      }),
  })
  const written = async (w: Awaited<ReturnType<typeof soloWorld>>) => ({
    exchanges: (await db().select().from(exchanges).where(eq(exchanges.providerInitiativeId, w.solo.id))).length,
    bookings: (await db().select().from(bookings).where(eq(bookings.ownerInitiativeId, w.solo.id))).length,
    loans: (await db().select().from(loans).where(eq(loans.lenderInitiativeId, w.solo.id))).length,
  })

  it('is refused for the whole form (the choice of initiative may be hidden), and nothing is written', async () => {
    const w = await soloWorld()
    const tries = attempts(w)
    expect(await tries.exchange()).toEqual({ ok: false, error: 'invalid', fieldErrors: { '': ['exchanges.errors.nobodyToAnswer'] } })
    expect(await tries.booking()).toEqual({ ok: false, error: 'invalid', fieldErrors: { '': ['bookings.errors.nobodyToAnswer'] } })
    expect(await tries.loan()).toMatchObject({ ok: false, error: 'invalid', fieldErrors: { '': ['loans.errors.nobodyToAnswer'] } })
    expect(await written(w)).toEqual({ exchanges: 0, bookings: 0, loans: 0 })
    // and the room's panel does not offer the request: it says why
    const panel = await getBookingPanel(db(), { id: w.petra.id }, w.centre.id, w.room.id, { now: NOW })
    expect(panel).toMatchObject({ nobodyToAnswer: true, canRequest: false })
  })

  it('goes through once someone else belongs to that initiative', async () => {
    const w = await soloWorld()
    await addMember(db(), w.solo, (await makeUser(db(), { name: 'Zweite Person' })).id, 'member')
    const tries = attempts(w)
    expect(await tries.exchange()).toMatchObject({ ok: true })
    expect(await tries.booking()).toMatchObject({ ok: true })
    expect(await tries.loan()).toMatchObject({ ok: true })
    // the booking proposes its own exchange: two in all
    expect(await written(w)).toEqual({ exchanges: 2, bookings: 1, loans: 1 })
    const panel = await getBookingPanel(db(), { id: w.petra.id }, w.centre.id, w.room.id, { now: NOW })
    expect(panel).toMatchObject({ nobodyToAnswer: false, canRequest: true })
  })

  it('to the fund: refused while every manager belongs to the borrowing initiative (an admin does not count); goes through with a manager outside it', async () => {
    const w = await makeExchangeWorld(db())
    // the centre's only manager also belongs to the receiver, and asks the fund for it
    await addMember(db(), w.receiver.initiative, w.manager.id)
    const ask = () =>
      requestLoan(db(), { id: w.manager.id }, w.centre.id, {
        source: 'fund',
        initiativeId: w.receiver.initiative.id,
        amount: 30_000,
        termMonths: 3,
        startDate: '2030-06-30',
        purpose: 'Miete',
      })
    const fundLoans = async () => (await db().select().from(loans).where(eq(loans.borrowerInitiativeId, w.receiver.initiative.id))).length
    expect(await ask()).toEqual({ ok: false, error: 'invalid', fieldErrors: { '': ['loans.errors.nobodyToApproveFund'] } })
    // the same for a member who is not a manager: nobody outside the initiative could approve
    expect(
      await requestLoan(db(), { id: w.receiver.user.id }, w.centre.id, {
        source: 'fund',
        initiativeId: w.receiver.initiative.id,
        amount: 30_000,
        termMonths: 3,
        startDate: '2030-06-30',
        purpose: 'Miete',
      }),
    ).toMatchObject({ ok: false, fieldErrors: { '': ['loans.errors.nobodyToApproveFund'] } })
    // (the world's manager of another centre does not count) and nothing was written
    expect(await fundLoans()).toBe(0)
    // a platform admin is not told of fund requests: does not count
    const admin = await makeUser(db(), { name: 'Plattform', isAdmin: true })
    expect(await ask()).toMatchObject({ ok: false, error: 'invalid' })
    await db().delete(users).where(eq(users.id, admin.id))
    await makeManager(db(), w.centre.id)
    expect(await ask()).toMatchObject({ ok: true })
    expect(await fundLoans()).toBe(1)
  })
})

describe('one person, one side of a ledger correction', () => {
  it('a manager who belongs to an initiative does not correct its account; another manager does', async () => {
    const { postCorrection, LedgerError } = await import('~/modules/ledger/ledger.server')
    const w = await makeExchangeWorld(db())
    await addMember(db(), w.receiver.initiative, w.manager.id)
    const adjustment = { fromInitiativeId: w.provider.initiative.id, toInitiativeId: w.receiver.initiative.id, minutes: 600 }
    await expect(
      db().transaction((tx) => postCorrection(tx, w.manager.id, { centreId: w.centre.id, reason: 'Nachtrag', adjustment })),
    ).rejects.toThrow(LedgerError)
    const ex = await logAs(w, w.provider.user.id, { minutes: 60 })
    const confirmed = await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm')
    if (!confirmed.ok) throw new Error('confirm')
    await expect(
      db().transaction((tx) => postCorrection(tx, w.manager.id, { centreId: w.centre.id, reason: 'Doppelt', reverses: confirmed.ledgerTransactionId! })),
    ).rejects.toMatchObject({ code: 'ownInitiative' })
    const colleague = await makeManager(db(), w.centre.id)
    const posted = await db().transaction((tx) => postCorrection(tx, colleague.id, { centreId: w.centre.id, reason: 'Nachtrag', adjustment }))
    expect(posted.id).toBeTruthy()
  })
})
