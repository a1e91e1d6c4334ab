import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pgCode } from '#db/errors'
import { makeManager } from '#db/factories'
import { auditLog, emailOutbox, exchangeEvents, exchangeMessages, exchanges, ledgerEntries, ledgerTransactions, notifications } from '#db/schema'
import {
  getExchangeForViewer,
  groupExchanges,
  listDisputes,
  listMyExchanges,
  logHelpGiven,
  postMessage,
  proposeExchange,
  transition,
} from '~/modules/exchanges/exchanges.server'
import { balances, centreTotals, LedgerError, listTransactions, partners, postCorrection, postTransfer, reciprocity } from '~/modules/ledger/ledger.server'
import { setPreference } from '~/modules/notifications/notifications.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'
import { addDays, localDateOf } from '~/utils/time'
import { addMember, makeExchangeWorld, makeListingRow, makeUser } from './exchange-world'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const db = () => database.db
type World = Awaited<ReturnType<typeof makeExchangeWorld>>

async function logged(world: World, figures: { minutes?: number; valueCents?: number } = { minutes: 90 }) {
  const result = await logHelpGiven(db(), { id: world.provider.user.id }, world.centre.id, {
    initiativeId: world.provider.initiative.id,
    receiverInitiativeId: world.receiver.initiative.id,
    title: 'Bremsen eingestellt',
    date: '2026-11-20',
    ...figures,
  })
  if (!result.ok) throw new Error(`logHelpGiven: ${JSON.stringify(result)}`)
  return result.exchange
}

async function ledgerOf(exchangeId: string) {
  const txs = await db().select().from(ledgerTransactions).where(eq(ledgerTransactions.exchangeId, exchangeId))
  const entries = txs.length
    ? await db().select().from(ledgerEntries).where(eq(ledgerEntries.transactionId, txs[0]!.id)).orderBy(ledgerEntries.id)
    : []
  return { txs, entries }
}

describe('an exchange from request to confirmation', () => {
  it('requested from an offer: the offering initiative provides, accepts, completes; the receiver confirms; the ledger is written once', async () => {
    const w = await makeExchangeWorld(db())
    const offer = await makeListingRow(db(), w.provider.initiative, 'offer')
    const proposed = await proposeExchange(db(), { id: w.receiver.user.id }, w.centre.id, {
      listingId: offer.id,
      initiativeId: w.receiver.initiative.id,
      minutes: 120,
      date: '2026-12-01',
      message: 'Könnt ihr unsere Lastenräder durchsehen?',
    })
    expect(proposed.ok).toBe(true)
    if (!proposed.ok) return
    const ex = proposed.exchange
    expect(ex).toMatchObject({
      state: 'proposed',
      providerInitiativeId: w.provider.initiative.id,
      receiverInitiativeId: w.receiver.initiative.id,
      proposerSide: 'receiver',
      title: offer.title,
      proposedMinutes: 120,
    })
    // the proposer cannot accept their own proposal
    expect(await transition(db(), { id: w.receiver.user.id }, ex.id, 'accept')).toMatchObject({ ok: false, error: 'notYourStep' })
    expect(await transition(db(), { id: w.provider.user.id }, ex.id, 'accept')).toMatchObject({ ok: true, to: 'accepted' })
    expect(await postMessage(db(), { id: w.provider.user.id }, ex.id, { body: 'Gern, Dienstag?' })).toEqual({ ok: true })
    expect(await postMessage(db(), { id: w.receiver.user.id }, ex.id, { body: 'Passt!' })).toEqual({ ok: true })
    const done = await transition(db(), { id: w.provider.user.id }, ex.id, 'complete', { minutes: 150, valueCents: 4000 })
    expect(done).toMatchObject({ ok: true, to: 'completed' })
    const confirmed = await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm')
    expect(confirmed).toMatchObject({ ok: true, to: 'confirmed' })

    const { txs, entries } = await ledgerOf(ex.id)
    expect(txs).toHaveLength(1)
    expect(entries.map((e) => [e.accountId, e.unit, e.amount])).toEqual([
      [w.provider.initiative.id, 'minutes', 150],
      [w.receiver.initiative.id, 'minutes', -150],
      [w.provider.initiative.id, 'cents', 4000],
      [w.receiver.initiative.id, 'cents', -4000],
    ])
    expect((await balances(db(), w.provider.initiative.id)).balance).toEqual({ minutes: 150, cents: 4000 })
    expect(await balances(db(), w.receiver.initiative.id)).toEqual({
      given: { minutes: 0, cents: 0 },
      received: { minutes: 150, cents: 4000 },
      balance: { minutes: -150, cents: -4000 },
    })
    const [partner] = await partners(db(), w.receiver.initiative.id)
    expect(partner).toMatchObject({ initiativeId: w.provider.initiative.id, received: { minutes: 150, cents: 4000 }, given: { minutes: 0, cents: 0 } })

    // a second confirmation answers "already confirmed" and writes nothing
    expect(await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm')).toMatchObject({ ok: false, error: 'alreadyConfirmed' })
    expect((await ledgerOf(ex.id)).txs).toHaveLength(1)

    const view = await getExchangeForViewer(db(), { id: w.receiver.user.id }, w.centre.id, ex.id)
    expect(view!.events.map((e) => `${e.from ?? '∅'}→${e.to}`)).toEqual([
      '∅→proposed',
      'proposed→accepted',
      'accepted→completed',
      'completed→confirmed',
    ])
    expect(view!.messages.map((m) => m.body)).toEqual(['Könnt ihr unsere Lastenräder durchsehen?', 'Gern, Dienstag?', 'Passt!'])
    expect(view!.actions).toEqual([])
    const audits = await db().select().from(auditLog).where(eq(auditLog.subjectId, ex.id))
    expect(audits.map((a) => a.action).sort()).toEqual(['exchange.accepted', 'exchange.completed', 'exchange.confirmed', 'exchange.created'])
  })

  it('offered for a need: the proposer provides, the needing initiative accepts', async () => {
    const w = await makeExchangeWorld(db())
    const need = await makeListingRow(db(), w.receiver.initiative, 'need')
    const proposed = await proposeExchange(db(), { id: w.provider.user.id }, w.centre.id, {
      listingId: need.id,
      initiativeId: w.provider.initiative.id,
      valueCents: 2500,
      message: 'Wir können helfen.',
    })
    expect(proposed).toMatchObject({ ok: true, exchange: { providerInitiativeId: w.provider.initiative.id, proposerSide: 'provider' } })
    if (!proposed.ok) return
    expect(await transition(db(), { id: w.provider.user.id }, proposed.exchange.id, 'accept')).toMatchObject({ error: 'notYourStep' })
    expect(await transition(db(), { id: w.receiver.user.id }, proposed.exchange.id, 'decline', { reason: 'Schon erledigt' })).toMatchObject({
      ok: true,
      to: 'declined',
      exchange: { declineReason: 'Schon erledigt' },
    })
  })

  it('refuses proposals on own listings, loan listings, inactive listings and listings of other centres', async () => {
    const w = await makeExchangeWorld(db())
    const own = await makeListingRow(db(), w.provider.initiative, 'offer')
    const loan = await makeListingRow(db(), w.receiver.initiative, 'offer', {
      category: 'loan',
      details: { category: 'loan', amountCents: 10000, termMonths: 6, interestRateBasisPoints: 0 },
    })
    const paused = await makeListingRow(db(), w.receiver.initiative, 'offer', { status: 'paused' })
    const elsewhere = await makeListingRow(db(), w.stranger.initiative, 'offer')
    const base = { initiativeId: w.provider.initiative.id, minutes: 60, message: 'Hallo' }
    const actor = { id: w.provider.user.id }
    expect(await proposeExchange(db(), actor, w.centre.id, { ...base, listingId: own.id })).toMatchObject({ error: 'invalid' })
    expect(await proposeExchange(db(), actor, w.centre.id, { ...base, listingId: loan.id })).toMatchObject({ error: 'notFound' })
    expect(await proposeExchange(db(), actor, w.centre.id, { ...base, listingId: paused.id })).toMatchObject({ error: 'notFound' })
    expect(await proposeExchange(db(), actor, w.centre.id, { ...base, listingId: elsewhere.id })).toMatchObject({ error: 'notFound' })
    // acting for an initiative one does not belong to
    const open = await makeListingRow(db(), w.receiver.initiative, 'offer')
    expect(await proposeExchange(db(), actor, w.centre.id, { ...base, listingId: open.id, initiativeId: w.third.initiative.id })).toMatchObject({
      error: 'notFound',
    })
    expect(await db().select().from(exchanges).where(eq(exchanges.centreId, w.centre.id))).toEqual([])
  })

  it('logs help given as completed; it waits for the receiver; the hours are valued at the centre’s hour value', async () => {
    const w = await makeExchangeWorld(db(), { hourValueCents: 1800 })
    const ex = await logged(w, { minutes: 50 })
    expect(ex).toMatchObject({ state: 'completed', actualMinutes: 50, proposerSide: 'provider' })
    const mine = await listMyExchanges(db(), { id: w.receiver.user.id }, w.centre.id)
    expect(mine).toMatchObject([{ id: ex.id, waitingForMe: true }])
    expect(groupExchanges(mine).map((g) => g.key)).toEqual(['waiting'])
    expect((await listMyExchanges(db(), { id: w.provider.user.id }, w.centre.id))[0]!.waitingForMe).toBe(false)
    await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm')
    const { entries } = await ledgerOf(ex.id)
    expect(entries.filter((e) => e.unit === 'cents').map((e) => e.amount)).toEqual([1500, -1500]) // 50 min × 18 €/h
    expect(await centreTotals(db(), w.centre.id)).toMatchObject({ moved: { minutes: 50, cents: 1500 }, sum: { minutes: 0, cents: 0 }, exchanges: 1 })
  })

  it('refuses help dated after today where the centre is: it has not happened yet', async () => {
    const w = await makeExchangeWorld(db())
    const today = localDateOf(new Date(), w.centre.timeZone)
    const input = { initiativeId: w.provider.initiative.id, receiverInitiativeId: w.receiver.initiative.id, title: 'Hoffest aufgebaut', minutes: 60 }
    expect(await logHelpGiven(db(), { id: w.provider.user.id }, w.centre.id, { ...input, date: addDays(today, 1) })).toEqual({
      ok: false,
      error: 'invalid',
      fieldErrors: { date: ['validation.dateNotFuture'] },
    })
    expect(await logHelpGiven(db(), { id: w.provider.user.id }, w.centre.id, { ...input, date: '2199-12-31' })).toMatchObject({ ok: false, error: 'invalid' })
    expect(await logHelpGiven(db(), { id: w.provider.user.id }, w.centre.id, { ...input, date: today })).toMatchObject({ ok: true })
  })

  it('writes only cents when only a value was given', async () => {
    const w = await makeExchangeWorld(db())
    const ex = await logged(w, { valueCents: 999 })
    await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm')
    expect((await ledgerOf(ex.id)).entries.map((e) => [e.unit, e.amount])).toEqual([
      ['cents', 999],
      ['cents', -999],
    ])
  })
})

describe('the other side is told', () => {
  it('notifies the counterpart of a proposal, the proposer of acceptance, the receiver of completion, managers of a dispute — never the actor', async () => {
    const w = await makeExchangeWorld(db())
    const offer = await makeListingRow(db(), w.provider.initiative, 'offer')
    const kindsOf = async (userId: string) =>
      (await db().select().from(notifications).where(eq(notifications.userId, userId))).map((n) => n.kind).sort()
    const p = await proposeExchange(db(), { id: w.receiver.user.id }, w.centre.id, {
      listingId: offer.id,
      initiativeId: w.receiver.initiative.id,
      minutes: 60,
      message: 'Hallo',
    })
    if (!p.ok) throw new Error('propose')
    await transition(db(), { id: w.provider.user.id }, p.exchange.id, 'accept')
    await postMessage(db(), { id: w.provider.user.id }, p.exchange.id, { body: 'Bis Dienstag' })
    await transition(db(), { id: w.provider.user.id }, p.exchange.id, 'complete', { minutes: 60 })
    await transition(db(), { id: w.receiver.user.id }, p.exchange.id, 'dispute', { reason: 'Nicht ganz' })
    expect(await kindsOf(w.provider.user.id)).toEqual(['exchange.disputed', 'exchange.proposed'])
    expect(await kindsOf(w.receiver.user.id)).toEqual(['exchange.accepted', 'exchange.completed', 'message.received'])
    expect(await kindsOf(w.manager.id)).toEqual(['exchange.disputed'])
    expect(await kindsOf(w.third.user.id)).toEqual([])
    const [told] = await db().select().from(notifications).where(eq(notifications.userId, w.provider.user.id)).limit(1)
    expect(told!.payload).toMatchObject({ title: offer.title, url: `/c/${w.centre.slug}/exchanges/${p.exchange.id}` })
  })
})

describe('a dispute is told with its reason', () => {
  it('the provider’s members and the centre’s managers get one notice each, carrying the receiver’s reason; the receiver, the third initiative and other centres none', async () => {
    const w = await makeExchangeWorld(db())
    const ex = await logged(w)
    await transition(db(), { id: w.receiver.user.id }, ex.id, 'dispute', { reason: '  Es waren nur zwei Stunden ' })
    const disputedOf = async (userId: string) =>
      db().select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, 'exchange.disputed')))
    for (const told of [w.provider.user.id, w.manager.id]) {
      const rows = await disputedOf(told)
      expect(rows).toHaveLength(1)
      expect(rows[0]!.payload).toMatchObject({ note: 'Es waren nur zwei Stunden', url: `/c/${w.centre.slug}/exchanges/${ex.id}` })
    }
    for (const nobody of [w.receiver.user.id, w.third.user.id, w.otherManager.id, w.stranger.user.id]) expect(await disputedOf(nobody)).toEqual([])
    // the e-mail shows the reason too
    const [mail] = await db().select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, w.provider.user.email), eq(emailOutbox.kind, 'notification.exchange.disputed')))
    expect(mail!.text).toContain('Es waren nur zwei Stunden')
  })
})

describe('a settled dispute is told to the other managers', () => {
  /** The `exchange.disputed` notices of a person, as their variants ('' for the dispute itself). */
  const disputedOf = async (userId: string) =>
    (await db().select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, 'exchange.disputed'))))
      .map((n) => String(n.payload.variant ?? ''))
      .sort()

  /** A disputed exchange in a centre with a second manager, and a manager who also belongs to the provider. */
  async function disputed() {
    const w = await makeExchangeWorld(db())
    const secondManager = await makeManager(db(), w.centre.id)
    const managerAndMember = await makeManager(db(), w.centre.id)
    await addMember(db(), w.provider.initiative, managerAndMember.id)
    const ex = await logged(w)
    await transition(db(), { id: w.receiver.user.id }, ex.id, 'dispute', { reason: 'Zu viele Stunden' })
    return { w, ex, secondManager, managerAndMember }
  }

  /**
   * Who heard of the settlement under `exchange.disputed` ('' is the dispute itself): the other
   * managers, also one who belongs to the provider; not the acting manager, the sides or anyone else.
   */
  async function expectSettlementHeard({ w, secondManager, managerAndMember }: Awaited<ReturnType<typeof disputed>>, variant: string) {
    expect(await disputedOf(secondManager.id)).toEqual(['', variant])
    expect(await disputedOf(managerAndMember.id)).toEqual(['', '', variant])
    expect(await disputedOf(w.manager.id)).toEqual([''])
    expect(await disputedOf(w.provider.user.id)).toEqual([''])
    for (const nobody of [w.receiver.user.id, w.third.user.id, w.otherManager.id, w.stranger.user.id]) expect(await disputedOf(nobody)).toEqual([])
  }

  it('a manager confirming a dispute tells the centre’s other managers it is settled, with the reason; not the acting manager, the sides (they hear it as confirmed) or anyone else', async () => {
    const world = await disputed()
    const { w, ex, secondManager, managerAndMember } = world
    expect(await transition(db(), { id: w.manager.id }, ex.id, 'resolveConfirm', { reason: 'Geklärt: eine Stunde', minutes: 60 })).toMatchObject({ ok: true })
    await expectSettlementHeard(world, 'settled_confirmed')
    // the two sides still hear it as a confirmation, as before
    const confirmedOf = async (userId: string) =>
      db().select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, 'exchange.confirmed')))
    for (const side of [w.provider.user.id, w.receiver.user.id, managerAndMember.id]) expect(await confirmedOf(side)).toHaveLength(1)
    for (const manager of [w.manager.id, secondManager.id]) expect(await confirmedOf(manager)).toEqual([])
    const [notice] = (await db().select().from(notifications).where(and(eq(notifications.userId, secondManager.id), eq(notifications.kind, 'exchange.disputed'))))
      .filter((n) => n.payload.variant === 'settled_confirmed')
    expect(notice!.payload).toMatchObject({
      title: ex.title,
      initiative: `${w.provider.initiative.name} / ${w.receiver.initiative.name}`,
      note: 'Geklärt: eine Stunde',
      url: `/c/${w.centre.slug}/exchanges/${ex.id}`,
    })
    const mails = await db().select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, secondManager.email), eq(emailOutbox.kind, 'notification.exchange.disputed')))
    expect(mails).toHaveLength(2)
    expect(mails.some((m) => m.text.includes('Geklärt: eine Stunde'))).toBe(true)
  })

  it('a manager cancelling a dispute tells the other managers it is settled as cancelled; the sides hear it as before', async () => {
    const world = await disputed()
    const { w, ex, secondManager } = world
    expect(await transition(db(), { id: w.manager.id }, ex.id, 'resolveCancel', { reason: 'Beide einverstanden' })).toMatchObject({ ok: true })
    await expectSettlementHeard(world, 'settled_cancelled')
    const endedOf = async (userId: string) =>
      (await db().select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, 'exchange.ended')))).map((n) => n.payload.variant)
    for (const side of [w.provider.user.id, w.receiver.user.id]) expect(await endedOf(side)).toEqual(['dispute_cancelled'])
    for (const manager of [w.manager.id, secondManager.id]) expect(await endedOf(manager)).toEqual([])
    const [notice] = (await db().select().from(notifications).where(and(eq(notifications.userId, secondManager.id), eq(notifications.kind, 'exchange.disputed'))))
      .filter((n) => n.payload.variant === 'settled_cancelled')
    expect(notice!.payload).toMatchObject({ note: 'Beide einverstanden' })
  })

  it('demo history settles disputes without telling anyone', async () => {
    const { w, ex, secondManager } = await disputed()
    const second = await logged(w)
    await transition(db(), { id: w.receiver.user.id }, second.id, 'dispute', { reason: 'Noch einer' })
    await db().delete(notifications).where(eq(notifications.centreId, w.centre.id))
    const silent = { silent: true }
    expect(await transition(db(), { id: w.manager.id }, ex.id, 'resolveConfirm', { reason: 'Leise geklärt', minutes: 60 }, silent)).toMatchObject({ ok: true })
    expect(await transition(db(), { id: secondManager.id }, second.id, 'resolveCancel', { reason: 'Leise aufgehoben' }, silent)).toMatchObject({ ok: true })
    expect(await db().select().from(notifications).where(eq(notifications.centreId, w.centre.id))).toEqual([])
  })
})

describe('confirmations are told', () => {
  const kindsOf = async (userId: string) =>
    (await db().select().from(notifications).where(eq(notifications.userId, userId))).map((n) => n.kind).sort()

  it('the receiver’s confirmation tells the provider, not the receiver, the managers or anyone else', async () => {
    const w = await makeExchangeWorld(db())
    const ex = await logged(w)
    await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm')
    expect(await kindsOf(w.provider.user.id)).toEqual(['exchange.confirmed'])
    expect(await kindsOf(w.receiver.user.id)).toEqual(['exchange.completed'])
    for (const nobody of [w.manager.id, w.third.user.id, w.otherManager.id, w.stranger.user.id]) expect(await kindsOf(nobody)).toEqual([])
  })

  it('a manager settling a dispute as confirmed tells both sides, but not the manager', async () => {
    const w = await makeExchangeWorld(db())
    const ex = await logged(w)
    await transition(db(), { id: w.receiver.user.id }, ex.id, 'dispute', { reason: 'Zu viele Stunden' })
    await transition(db(), { id: w.manager.id }, ex.id, 'resolveConfirm', { reason: 'Geklärt', minutes: 60 })
    expect(await kindsOf(w.provider.user.id)).toEqual(['exchange.confirmed', 'exchange.disputed'])
    expect(await kindsOf(w.receiver.user.id)).toEqual(['exchange.completed', 'exchange.confirmed'])
    expect(await kindsOf(w.manager.id)).toEqual(['exchange.disputed'])
    expect(await kindsOf(w.third.user.id)).toEqual([])
  })
})

describe('an ended exchange is told to the other side', () => {
  /** The `exchange.ended` notices of a person, as their variants. */
  const endedOf = async (userId: string) =>
    (await db().select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, 'exchange.ended'))))
      .map((n) => n.payload.variant)
      .sort()

  /** A world whose two initiatives have a second member each, and a proposal from the receiver on the provider's offer. */
  async function proposed() {
    const w = await makeExchangeWorld(db())
    const providerColleague = await makeUser(db())
    const receiverColleague = await makeUser(db())
    await addMember(db(), w.provider.initiative, providerColleague.id)
    await addMember(db(), w.receiver.initiative, receiverColleague.id)
    const offer = await makeListingRow(db(), w.provider.initiative, 'offer')
    const p = await proposeExchange(db(), { id: w.receiver.user.id }, w.centre.id, {
      listingId: offer.id,
      initiativeId: w.receiver.initiative.id,
      minutes: 60,
      message: 'Habt ihr Zeit?',
    })
    if (!p.ok) throw new Error('propose')
    const bystanders = [w.manager.id, w.third.user.id, w.otherManager.id, w.stranger.user.id]
    return { w, ex: p.exchange, providerColleague, receiverColleague, bystanders }
  }

  it('a decline tells the proposing side once, with the reason — not the decliners, nor anyone else', async () => {
    const { w, ex, providerColleague, receiverColleague, bystanders } = await proposed()
    await transition(db(), { id: w.provider.user.id }, ex.id, 'decline', { reason: 'Diese Woche ausgebucht' })
    expect(await endedOf(w.receiver.user.id)).toEqual(['declined'])
    expect(await endedOf(receiverColleague.id)).toEqual(['declined'])
    for (const nobody of [w.provider.user.id, providerColleague.id, ...bystanders]) expect(await endedOf(nobody)).toEqual([])
    const [notice] = await db().select().from(notifications).where(and(eq(notifications.userId, w.receiver.user.id), eq(notifications.kind, 'exchange.ended')))
    expect(notice!.payload).toMatchObject({
      title: ex.title,
      initiative: w.provider.initiative.name,
      note: 'Diese Woche ausgebucht',
      url: `/c/${w.centre.slug}/exchanges/${ex.id}`,
    })
    // told at once by default: one e-mail each, carrying the reason
    const [mail] = await db().select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, w.receiver.user.email), eq(emailOutbox.kind, 'notification.exchange.ended')))
    expect(mail!.text).toContain('Diese Woche ausgebucht')
  })

  it('a withdrawal tells the side that was asked, not the proposer’s', async () => {
    const { w, ex, providerColleague, receiverColleague, bystanders } = await proposed()
    await transition(db(), { id: w.receiver.user.id }, ex.id, 'withdraw')
    expect(await endedOf(w.provider.user.id)).toEqual(['withdrawn'])
    expect(await endedOf(providerColleague.id)).toEqual(['withdrawn'])
    for (const nobody of [w.receiver.user.id, receiverColleague.id, ...bystanders]) expect(await endedOf(nobody)).toEqual([])
    const [notice] = await db().select().from(notifications).where(and(eq(notifications.userId, w.provider.user.id), eq(notifications.kind, 'exchange.ended')))
    expect(notice!.payload.note).toBeNull()
  })

  it('a cancellation of an accepted exchange tells the other side, whichever side cancels', async () => {
    const byProvider = await proposed()
    await transition(db(), { id: byProvider.w.provider.user.id }, byProvider.ex.id, 'accept')
    await transition(db(), { id: byProvider.w.provider.user.id }, byProvider.ex.id, 'cancel', { reason: 'Werkstatt geschlossen' })
    expect(await endedOf(byProvider.w.receiver.user.id)).toEqual(['cancelled'])
    expect(await endedOf(byProvider.receiverColleague.id)).toEqual(['cancelled'])
    for (const nobody of [byProvider.w.provider.user.id, byProvider.providerColleague.id, ...byProvider.bystanders]) expect(await endedOf(nobody)).toEqual([])

    const byReceiver = await proposed()
    await transition(db(), { id: byReceiver.w.provider.user.id }, byReceiver.ex.id, 'accept')
    await transition(db(), { id: byReceiver.receiverColleague.id }, byReceiver.ex.id, 'cancel', { reason: 'Termin geplatzt' })
    expect(await endedOf(byReceiver.w.provider.user.id)).toEqual(['cancelled'])
    expect(await endedOf(byReceiver.providerColleague.id)).toEqual(['cancelled'])
    for (const nobody of [byReceiver.w.receiver.user.id, byReceiver.receiverColleague.id, ...byReceiver.bystanders]) expect(await endedOf(nobody)).toEqual([])
    const [notice] = await db().select().from(notifications).where(and(eq(notifications.userId, byReceiver.w.provider.user.id), eq(notifications.kind, 'exchange.ended')))
    expect(notice!.payload).toMatchObject({ initiative: byReceiver.w.receiver.initiative.name, note: 'Termin geplatzt' })
  })

  it('a manager cancelling a dispute tells both sides, not the managers', async () => {
    const w = await makeExchangeWorld(db())
    const secondManager = await makeManager(db(), w.centre.id)
    const ex = await logged(w)
    await transition(db(), { id: w.receiver.user.id }, ex.id, 'dispute', { reason: 'So nicht abgesprochen' })
    await transition(db(), { id: w.manager.id }, ex.id, 'resolveCancel', { reason: 'Beide einverstanden' })
    expect(await endedOf(w.provider.user.id)).toEqual(['dispute_cancelled'])
    expect(await endedOf(w.receiver.user.id)).toEqual(['dispute_cancelled'])
    for (const nobody of [w.manager.id, secondManager.id, w.third.user.id, w.otherManager.id, w.stranger.user.id]) expect(await endedOf(nobody)).toEqual([])
    const [notice] = await db().select().from(notifications).where(and(eq(notifications.userId, w.receiver.user.id), eq(notifications.kind, 'exchange.ended')))
    expect(notice!.payload).toMatchObject({ initiative: w.provider.initiative.name, note: 'Beide einverstanden' })
  })

  it('“never” keeps the notice in the app but sends no e-mail; demo history tells no one', async () => {
    const { w, ex, receiverColleague } = await proposed()
    await setPreference(db(), receiverColleague.id, 'exchange.ended', 'never')
    await transition(db(), { id: w.provider.user.id }, ex.id, 'decline')
    expect(await endedOf(receiverColleague.id)).toEqual(['declined'])
    const mailTo = async (email: string) =>
      db().select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, email), eq(emailOutbox.kind, 'notification.exchange.ended')))
    expect(await mailTo(receiverColleague.email)).toEqual([])
    expect(await mailTo(w.receiver.user.email)).toHaveLength(1)

    const quiet = await proposed()
    await transition(db(), { id: quiet.w.provider.user.id }, quiet.ex.id, 'decline', { reason: 'Leise' }, { silent: true })
    expect(await endedOf(quiet.w.receiver.user.id)).toEqual([])
  })
})

describe('disputes', () => {
  it('a disputed exchange is confirmed by a manager with adjusted figures and a reason', async () => {
    const w = await makeExchangeWorld(db())
    const ex = await logged(w, { minutes: 240 })
    expect(await transition(db(), { id: w.receiver.user.id }, ex.id, 'dispute', { reason: '' })).toMatchObject({
      error: 'invalid',
      fieldErrors: { reason: ['exchanges.errors.reasonRequired'] },
    })
    expect(await transition(db(), { id: w.receiver.user.id }, ex.id, 'dispute', { reason: 'Es waren nur zwei Stunden' })).toMatchObject({
      ok: true,
      to: 'disputed',
    })
    expect((await listDisputes(db(), w.manager, w.centre.id)).map((d) => d.id)).toEqual([ex.id])
    // neither side can settle it, nor a manager of another centre
    expect(await transition(db(), { id: w.receiver.user.id }, ex.id, 'resolveConfirm', { reason: 'ok so' })).toMatchObject({ error: 'notYourStep' })
    expect(await transition(db(), { id: w.otherManager.id }, ex.id, 'resolveConfirm', { reason: 'ok so' })).toMatchObject({ error: 'notFound' })
    expect(await transition(db(), { id: w.manager.id }, ex.id, 'resolveConfirm', { reason: 'Gespräch: zwei Stunden', minutes: 120 })).toMatchObject({
      ok: true,
      to: 'confirmed',
      exchange: { actualMinutes: 120, resolutionReason: 'Gespräch: zwei Stunden' },
    })
    expect((await ledgerOf(ex.id)).entries.filter((e) => e.unit === 'minutes').map((e) => e.amount)).toEqual([120, -120])
  })

  it('a manager can cancel a dispute: nothing is written to the ledger', async () => {
    const w = await makeExchangeWorld(db())
    const ex = await logged(w)
    await transition(db(), { id: w.receiver.user.id }, ex.id, 'dispute', { reason: 'Das war nicht so' })
    expect(await transition(db(), { id: w.manager.id }, ex.id, 'resolveCancel', { reason: 'Beide einverstanden' })).toMatchObject({
      ok: true,
      to: 'cancelled',
    })
    expect((await ledgerOf(ex.id)).txs).toEqual([])
  })
})

describe('authorization', () => {
  it('a third initiative cannot see, message or act on the exchange', async () => {
    const w = await makeExchangeWorld(db())
    const ex = await logged(w)
    const third = { id: w.third.user.id }
    expect(await getExchangeForViewer(db(), third, w.centre.id, ex.id)).toBeNull()
    expect(await postMessage(db(), third, ex.id, { body: 'Hallo' })).toEqual({ ok: false, error: 'notFound' })
    for (const action of ['confirm', 'dispute', 'cancel', 'accept'] as const) {
      expect(await transition(db(), third, ex.id, action, { reason: 'Weil ich es kann' })).toEqual({ ok: false, error: 'notFound' })
    }
    expect(await listMyExchanges(db(), third, w.centre.id)).toEqual([])
    // nor can anyone see it through another centre's pages
    expect(await getExchangeForViewer(db(), { id: w.provider.user.id }, w.otherCentre.id, ex.id)).toBeNull()
    expect(await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm', {}, { centreId: w.otherCentre.id })).toEqual({ ok: false, error: 'notFound' })
    expect(await getExchangeForViewer(db(), { id: w.otherManager.id }, w.centre.id, ex.id)).toBeNull()
  })

  it('the receiver cannot mark completed; the provider cannot confirm', async () => {
    const w = await makeExchangeWorld(db())
    const offer = await makeListingRow(db(), w.provider.initiative, 'offer')
    const p = await proposeExchange(db(), { id: w.receiver.user.id }, w.centre.id, {
      listingId: offer.id,
      initiativeId: w.receiver.initiative.id,
      minutes: 60,
      message: 'Bitte',
    })
    if (!p.ok) throw new Error('propose')
    await transition(db(), { id: w.provider.user.id }, p.exchange.id, 'accept')
    expect(await transition(db(), { id: w.receiver.user.id }, p.exchange.id, 'complete', { minutes: 60 })).toMatchObject({ error: 'notYourStep' })
    await transition(db(), { id: w.provider.user.id }, p.exchange.id, 'complete', { minutes: 60 })
    expect(await transition(db(), { id: w.provider.user.id }, p.exchange.id, 'confirm')).toMatchObject({ error: 'notYourStep' })
    expect(await transition(db(), { id: w.manager.id }, p.exchange.id, 'confirm')).toMatchObject({ error: 'notYourStep' })
    expect((await ledgerOf(p.exchange.id)).txs).toEqual([])
  })

  it('managers of the centre read the thread but do not write in it', async () => {
    const w = await makeExchangeWorld(db())
    const ex = await logged(w)
    const view = await getExchangeForViewer(db(), { id: w.manager.id }, w.centre.id, ex.id)
    expect(view?.roles).toEqual(['manager'])
    expect(view?.actions).toEqual([])
    expect(await postMessage(db(), { id: w.manager.id }, ex.id, { body: 'Hallo' })).toMatchObject({ ok: false, error: 'notYourStep' })
  })

  it('bad ids are not found, never an error', async () => {
    const w = await makeExchangeWorld(db())
    expect(await transition(db(), { id: w.provider.user.id }, 'not-a-uuid', 'confirm')).toEqual({ ok: false, error: 'notFound' })
    expect(await transition(db(), { id: w.provider.user.id }, '00000000-0000-4000-8000-000000000000', 'confirm')).toEqual({ ok: false, error: 'notFound' })
    expect(await getExchangeForViewer(db(), { id: w.provider.user.id }, w.centre.id, "1' or 1=1")).toBeNull()
  })
})

describe('bad input writes nothing', () => {
  it('refuses figures out of bounds and missing reasons without a trace', async () => {
    const w = await makeExchangeWorld(db())
    const offer = await makeListingRow(db(), w.provider.initiative, 'offer')
    const actor = { id: w.receiver.user.id }
    const base = { listingId: offer.id, initiativeId: w.receiver.initiative.id, message: 'Hallo' }
    expect(await proposeExchange(db(), actor, w.centre.id, base)).toMatchObject({ error: 'invalid', fieldErrors: { minutes: ['exchanges.errors.figuresRequired'] } })
    expect(await proposeExchange(db(), actor, w.centre.id, { ...base, minutes: 0 })).toMatchObject({ error: 'invalid' })
    expect(await proposeExchange(db(), actor, w.centre.id, { ...base, minutes: 60_001 })).toMatchObject({ error: 'invalid' })
    expect(await proposeExchange(db(), actor, w.centre.id, { ...base, valueCents: -5 })).toMatchObject({ error: 'invalid' })
    expect(await proposeExchange(db(), actor, w.centre.id, { ...base, minutes: 1.5 })).toMatchObject({ error: 'invalid' })
    expect(
      await logHelpGiven(db(), { id: w.provider.user.id }, w.centre.id, {
        initiativeId: w.provider.initiative.id,
        receiverInitiativeId: w.provider.initiative.id,
        title: 'Selbst',
        date: '2026-11-01',
        minutes: 60,
      }),
    ).toMatchObject({ error: 'invalid', fieldErrors: { receiverInitiativeId: ['exchanges.errors.sameInitiative'] } })
    expect(
      await logHelpGiven(db(), { id: w.provider.user.id }, w.centre.id, {
        initiativeId: w.provider.initiative.id,
        receiverInitiativeId: w.stranger.initiative.id,
        title: 'Woanders',
        date: '2026-11-01',
        minutes: 60,
      }),
    ).toMatchObject({ error: 'invalid', fieldErrors: { receiverInitiativeId: ['validation.choice'] } })
    expect(await db().select().from(exchanges).where(eq(exchanges.centreId, w.centre.id))).toEqual([])

    const p = await proposeExchange(db(), actor, w.centre.id, { ...base, minutes: 60 })
    if (!p.ok) throw new Error('propose')
    await transition(db(), { id: w.provider.user.id }, p.exchange.id, 'accept')
    expect(await transition(db(), { id: w.provider.user.id }, p.exchange.id, 'complete', {})).toMatchObject({ error: 'invalid' })
    expect(await transition(db(), { id: w.provider.user.id }, p.exchange.id, 'complete', { minutes: 100_000 })).toMatchObject({ error: 'invalid' })
    expect(await transition(db(), { id: w.receiver.user.id }, p.exchange.id, 'cancel', { reason: ' ' })).toMatchObject({ error: 'invalid' })
    const events = await db().select().from(exchangeEvents).where(eq(exchangeEvents.exchangeId, p.exchange.id))
    expect(events.map((e) => e.toState)).toEqual(['proposed', 'accepted'])
    expect(await postMessage(db(), actor, p.exchange.id, { body: '   ' })).toMatchObject({ error: 'invalid' })
    expect(await db().select().from(exchangeMessages).where(eq(exchangeMessages.exchangeId, p.exchange.id))).toHaveLength(1)
  })
})

/**
 * A fault in the database itself, so that the production code carries no test seam (issue #18): the
 * second entry of `exchangeId`'s ledger transaction fails with SQLSTATE `code` — each time, or only the
 * first `times` times. Every try is counted in a sequence (which a rollback does not undo).
 */
async function failSecondEntry(exchangeId: string, code: string, times: number | null = null) {
  await database.query(`create sequence ledger_fault_tries`)
  await database.query(`
    create function ledger_fault() returns trigger language plpgsql as $fault$
    declare
      try bigint;
    begin
      if (select count(*) from ledger_entries where transaction_id = new.transaction_id) = 2
        and exists (select 1 from ledger_transactions where id = new.transaction_id and exchange_id = '${exchangeId}') then
        try := nextval('ledger_fault_tries');
        if ${times === null ? 'true' : `try <= ${times}`} then
          raise exception 'injected between the entries' using errcode = '${code}';
        end if;
      end if;
      return new;
    end
    $fault$`)
  await database.query(`create trigger ledger_fault after insert on ledger_entries for each row execute function ledger_fault()`)
  return {
    tries: async () => Number((await database.query<{ last_value: string }>(`select last_value from ledger_fault_tries`))[0]!.last_value),
    remove: async () => {
      await database.query(`drop trigger ledger_fault on ledger_entries`)
      await database.query(`drop function ledger_fault()`)
      await database.query(`drop sequence ledger_fault_tries`)
    },
  }
}

describe('the ledger holds', () => {
  it('a failure between the two entry inserts leaves nothing behind; the retry succeeds once', async () => {
    const w = await makeExchangeWorld(db())
    const ex = await logged(w)
    const fault = await failSecondEntry(ex.id, 'VF001')
    try {
      const failed = await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm').then(() => null, (error: unknown) => error)
      expect(pgCode(failed)).toBe('VF001')
      expect(await fault.tries()).toBe(1)
    } finally {
      await fault.remove()
    }
    expect(await ledgerOf(ex.id)).toEqual({ txs: [], entries: [] })
    const [after] = await db().select().from(exchanges).where(eq(exchanges.id, ex.id))
    expect(after!.state).toBe('completed')
    expect((await db().select().from(exchangeEvents).where(eq(exchangeEvents.exchangeId, ex.id))).map((e) => e.toState)).toEqual(['completed'])
    expect(await db().select().from(auditLog).where(and(eq(auditLog.subjectId, ex.id), eq(auditLog.action, 'exchange.confirmed')))).toEqual([])

    expect(await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm')).toMatchObject({ ok: true, to: 'confirmed' })
    expect(await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm')).toMatchObject({ error: 'alreadyConfirmed' })
    const { txs, entries } = await ledgerOf(ex.id)
    expect(txs).toHaveLength(1)
    expect(entries).toHaveLength(4)
  })

  it('a serialization failure between the entries is retried automatically and written once', async () => {
    const w = await makeExchangeWorld(db())
    const ex = await logged(w)
    const fault = await failSecondEntry(ex.id, '40001', 1)
    try {
      const result = await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm')
      expect(result).toMatchObject({ ok: true, to: 'confirmed' })
      expect(await fault.tries()).toBe(2)
    } finally {
      await fault.remove()
    }
    expect((await ledgerOf(ex.id)).txs).toHaveLength(1)
    expect((await db().select().from(exchangeEvents).where(eq(exchangeEvents.exchangeId, ex.id))).map((e) => e.toState)).toEqual([
      'completed',
      'confirmed',
    ])
  })

  it('gives up on retries after a bound', async () => {
    const w = await makeExchangeWorld(db())
    const ex = await logged(w)
    const fault = await failSecondEntry(ex.id, '40P01')
    try {
      const failed = await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm', {}, { attempts: 3 }).then(() => null, (error: unknown) => error)
      expect(pgCode(failed)).toBe('40P01')
      expect(await fault.tries()).toBe(3)
    } finally {
      await fault.remove()
    }
    expect((await ledgerOf(ex.id)).txs).toEqual([])
  })

  it('the database refuses UPDATE and DELETE on entries and transactions', async () => {
    const w = await makeExchangeWorld(db())
    const ex = await logged(w)
    await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm')
    const { txs, entries } = await ledgerOf(ex.id)
    const entry = entries[0]!.id
    await expect(database.query(`UPDATE ledger_entries SET amount = amount + 1 WHERE id = $1`, [entry])).rejects.toThrow(/append-only/)
    await expect(database.query(`DELETE FROM ledger_entries WHERE id = $1`, [entry])).rejects.toThrow(/append-only/)
    await expect(database.query(`UPDATE ledger_transactions SET reason = 'x' WHERE id = $1`, [txs[0]!.id])).rejects.toThrow(/append-only/)
    await expect(database.query(`DELETE FROM ledger_transactions WHERE id = $1`, [txs[0]!.id])).rejects.toThrow(/append-only/)
    await expect(database.query(`TRUNCATE ledger_entries CASCADE`)).rejects.toThrow(/append-only/)
    expect((await ledgerOf(ex.id)).entries).toEqual(entries)
  })

  it('the database refuses a transaction that does not sum to zero, even one written by hand', async () => {
    const w = await makeExchangeWorld(db())
    const attempt = (amounts: number[]) =>
      db().transaction(async (tx) => {
        const [t] = await tx.insert(ledgerTransactions).values({ centreId: w.centre.id, kind: 'correction', reason: 'by hand', createdBy: w.manager.id }).returning()
        for (const [i, amount] of amounts.entries()) {
          await tx.insert(ledgerEntries).values({
            transactionId: t!.id,
            centreId: w.centre.id,
            accountType: 'initiative',
            accountId: i % 2 ? w.receiver.initiative.id : w.provider.initiative.id,
            unit: 'minutes',
            amount,
            at: new Date(),
          })
        }
      })
    await expect(attempt([60, -59])).rejects.toThrow(/sum to zero/)
    await expect(attempt([60])).rejects.toThrow(/at least 2/)
    await expect(attempt([])).rejects.toThrow(/at least 2/)
    await attempt([60, -60])
    expect((await centreTotals(db(), w.centre.id)).sum).toEqual({ minutes: 0, cents: 0 })
    await expect(
      postTransfer(db(), { kind: 'correction', centreId: w.centre.id, createdBy: w.manager.id, entries: [
        { account: { type: 'initiative', id: w.provider.initiative.id }, unit: 'cents', amount: 10 },
        { account: { type: 'initiative', id: w.receiver.initiative.id }, unit: 'cents', amount: -9 },
      ] }),
    ).rejects.toBeInstanceOf(LedgerError)
    // accounts of another centre are refused
    await expect(
      postTransfer(db(), { kind: 'correction', reason: 'x', centreId: w.centre.id, createdBy: w.manager.id, entries: [
        { account: { type: 'initiative', id: w.provider.initiative.id }, unit: 'cents', amount: 10 },
        { account: { type: 'initiative', id: w.stranger.initiative.id }, unit: 'cents', amount: -10 },
      ] }),
    ).rejects.toMatchObject({ code: 'unknownAccount' })
  })
})

describe('corrections', () => {
  it('a reversal undoes a transaction, keeps the original, is audited, and happens once', async () => {
    const w = await makeExchangeWorld(db())
    const ex = await logged(w, { minutes: 60, valueCents: 3000 })
    const confirmed = await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm')
    if (!confirmed.ok) throw new Error('confirm')
    const reversal = await db().transaction((tx) =>
      postCorrection(tx, w.manager.id, { centreId: w.centre.id, reverses: confirmed.ledgerTransactionId!, reason: 'Doppelt erfasst' }),
    )
    expect(reversal).toMatchObject({ kind: 'correction', reversesId: confirmed.ledgerTransactionId, reason: 'Doppelt erfasst' })
    expect((await balances(db(), w.provider.initiative.id)).balance).toEqual({ minutes: 0, cents: 0 })
    expect((await ledgerOf(ex.id)).txs).toHaveLength(1) // the original stays
    await expect(
      db().transaction((tx) => postCorrection(tx, w.manager.id, { centreId: w.centre.id, reverses: confirmed.ledgerTransactionId!, reason: 'Nochmal' })),
    ).rejects.toMatchObject({ code: 'alreadyReversed' })
    // a transaction of another centre cannot be reversed from this one
    await expect(
      db().transaction((tx) => postCorrection(tx, w.otherManager.id, { centreId: w.otherCentre.id, reverses: confirmed.ledgerTransactionId!, reason: 'Fremd' })),
    ).rejects.toMatchObject({ code: 'transactionNotFound' })
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.subjectId, reversal.id))
    expect(audit).toMatchObject({ action: 'ledger.reversed', actorId: w.manager.id, centreId: w.centre.id })
  })

  it('an adjusting transfer moves hours and value between two initiatives', async () => {
    const w = await makeExchangeWorld(db())
    await db().transaction((tx) =>
      postCorrection(tx, w.manager.id, {
        centreId: w.centre.id,
        reason: 'Nachtrag Hoffest',
        adjustment: { fromInitiativeId: w.receiver.initiative.id, toInitiativeId: w.third.initiative.id, minutes: 30, cents: 500 },
      }),
    )
    expect((await balances(db(), w.third.initiative.id)).balance).toEqual({ minutes: 30, cents: 500 })
    expect((await balances(db(), w.receiver.initiative.id)).balance).toEqual({ minutes: -30, cents: -500 })
    const r = await reciprocity(db(), w.third.initiative.id)
    expect(r.allTime.given).toEqual({ minutes: 30, cents: 500 })
    expect(r.lastYear.given).toEqual({ minutes: 30, cents: 500 })
    expect(r.partners.map((p) => p.initiativeId)).toEqual([w.receiver.initiative.id])
    // money of other kinds (loans) is in the balance but not in the reciprocity of help
    await postTransfer(db(), {
      kind: 'loan_disbursement',
      centreId: w.centre.id,
      createdBy: w.manager.id,
      entries: [
        { account: { type: 'initiative', id: w.third.initiative.id }, unit: 'cents', amount: 10_000 },
        { account: { type: 'fund', id: w.centre.id }, unit: 'cents', amount: -10_000 },
      ],
    })
    expect((await balances(db(), w.third.initiative.id)).balance.cents).toBe(10_500)
    expect((await reciprocity(db(), w.third.initiative.id)).allTime.given.cents).toBe(500)
    await expect(
      db().transaction((tx) =>
        postCorrection(tx, w.manager.id, {
          centreId: w.centre.id,
          reason: 'x',
          adjustment: { fromInitiativeId: w.third.initiative.id, toInitiativeId: w.third.initiative.id, minutes: 30 },
        }),
      ),
    ).rejects.toMatchObject({ code: 'sameAccount' })
  })

  it('balances since a date count only the entries since then', async () => {
    const w = await makeExchangeWorld(db())
    const old = await logged(w, { minutes: 60 })
    await transition(db(), { id: w.receiver.user.id }, old.id, 'confirm', {}, { at: new Date('2024-01-10T10:00:00Z') })
    const recent = await logged(w, { minutes: 30 })
    await transition(db(), { id: w.receiver.user.id }, recent.id, 'confirm')
    expect((await balances(db(), w.provider.initiative.id)).given.minutes).toBe(90)
    expect((await balances(db(), w.provider.initiative.id, { since: new Date('2025-01-01') })).given.minutes).toBe(30)
  })
})

describe('the ledger page', () => {
  it('pages by key, newest first: no transaction twice, none lost, ties on the same moment broken by id', async () => {
    const w = await makeExchangeWorld(db())
    const moment = new Date('2026-03-01T10:00:00Z')
    const posted: string[] = []
    for (let i = 0; i < 7; i++) {
      const tx = await postTransfer(db(), {
        kind: 'correction',
        reason: `Korrektur ${i}`,
        centreId: w.centre.id,
        createdBy: w.manager.id,
        // three share one moment: only the id can order them
        occurredAt: i < 3 ? moment : new Date(moment.getTime() + i * 60_000),
        entries: [
          { account: { type: 'initiative', id: w.provider.initiative.id }, unit: 'minutes', amount: 10 + i },
          { account: { type: 'initiative', id: w.receiver.initiative.id }, unit: 'minutes', amount: -10 - i },
        ],
      })
      posted.push(tx.id)
    }
    const pages: string[][] = []
    let before: string | undefined
    do {
      const page = await listTransactions(db(), w.centre.id, { limit: 3, before })
      pages.push(page.items.map((t) => t.id))
      expect(page.items.every((t) => t.entries.length === 2)).toBe(true)
      before = page.older ?? undefined
    } while (before)
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1])
    const seen = pages.flat()
    expect(new Set(seen).size).toBe(7)
    expect(seen.slice(0, 4)).toEqual(posted.slice(3).reverse())
    expect([...seen.slice(4)].sort()).toEqual([...posted.slice(0, 3)].sort())
    // another centre's transaction as the key gives nothing of this centre
    const foreign = await listTransactions(db(), w.otherCentre.id, { limit: 3, before: posted[6] })
    expect(foreign).toEqual({ items: [], older: null })
  })
})
