import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exchanges, initiativeMembers, initiatives, ledgerTransactions, listings } from '#db/schema'
import { logHelpGiven, postMessage, proposeExchange, transition } from '~/modules/exchanges/exchanges.server'
import { approveLoan, disburseLoan, requestLoan } from '~/modules/loans/loans.server'
import { createTestDatabase, onPostgres, type TestDatabase } from '../setup/db'
import { addMember, makeExchangeWorld, makeListingRow, makeUser } from './exchange-world'
import { openDatabase, type Database } from '../../db/connect'

/**
 * Issue #13 §1 probed again with variations (after ADR 058): what a person did on an exchange or a
 * loan binds them whatever they hold later — leaving the initiative they acted for, or a manager
 * suspending her own initiative, does not open the other side to them; and two requests sent at
 * once for different sides are judged one after the other.
 */

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())
const db = () => database.db

async function twoHatWorld() {
  const w = await makeExchangeWorld(db())
  const kim = await makeUser(db(), { name: 'Kim Kollegin' })
  await addMember(db(), w.provider.initiative, kim.id, 'member')
  await addMember(db(), w.receiver.initiative, kim.id, 'owner')
  return { ...w, kim }
}

async function ledgerCount(exchangeId: string) {
  return (await db().select({ id: ledgerTransactions.id }).from(ledgerTransactions).where(eq(ledgerTransactions.exchangeId, exchangeId))).length
}

async function leave(initiativeId: string, userId: string) {
  await db().delete(initiativeMembers).where(and(eq(initiativeMembers.initiativeId, initiativeId), eq(initiativeMembers.userId, userId)))
}

describe('one side stays one side after the person leaves it', () => {
  it('Kim logs help from one initiative to the other, leaves the first, and still cannot confirm it', async () => {
    const w = await twoHatWorld()
    const logged = await logHelpGiven(db(), { id: w.kim.id }, w.centre.id, {
      initiativeId: w.provider.initiative.id,
      receiverInitiativeId: w.receiver.initiative.id,
      title: 'Regale gebaut',
      date: '2026-11-20',
      minutes: 2340,
      valueCents: 199_900,
    })
    if (!logged.ok) throw new Error(JSON.stringify(logged))
    expect(await transition(db(), { id: w.kim.id }, logged.exchange.id, 'confirm')).toMatchObject({ ok: false, error: 'notYourStep' })
    await leave(w.provider.initiative.id, w.kim.id)
    expect(await transition(db(), { id: w.kim.id }, logged.exchange.id, 'confirm')).toMatchObject({ ok: false, error: 'notYourStep' })
    expect(await ledgerCount(logged.exchange.id)).toBe(0)
    // the receiver's other member still confirms: two people
    expect(await transition(db(), { id: w.receiver.user.id }, logged.exchange.id, 'confirm')).toMatchObject({ ok: true })
  })

  it('a manager who logged help from her own initiative, then suspended it, does not approve it above the cap', async () => {
    const w = await makeExchangeWorld(db())
    await addMember(db(), w.provider.initiative, w.manager.id, 'member')
    const logged = await logHelpGiven(db(), { id: w.manager.id }, w.centre.id, {
      initiativeId: w.provider.initiative.id,
      receiverInitiativeId: w.receiver.initiative.id,
      title: 'Großer Umbau',
      date: '2026-11-20',
      minutes: 2700,
      valueCents: 250_000,
    })
    if (!logged.ok) throw new Error(JSON.stringify(logged))
    expect(await transition(db(), { id: w.receiver.user.id }, logged.exchange.id, 'confirm')).toMatchObject({ ok: true })
    const [waiting] = await db().select().from(exchanges).where(eq(exchanges.id, logged.exchange.id))
    expect(waiting!.approvalRequestedAt).not.toBeNull()
    await db().update(initiatives).set({ status: 'suspended' }).where(eq(initiatives.id, w.provider.initiative.id))
    expect(await transition(db(), { id: w.manager.id }, logged.exchange.id, 'approve')).toMatchObject({ ok: false, error: 'notYourStep' })
    expect(await ledgerCount(logged.exchange.id)).toBe(0)
  })

  it('Kim asks a loan for the borrower, leaves it, and still does not approve or pay it out for the lender', async () => {
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
    const requested = await requestLoan(db(), { id: w.kim.id }, w.centre.id, {
      source: 'listing',
      listingId: offer!.id,
      initiativeId: w.receiver.initiative.id,
      amount: 30_000,
      termMonths: 3,
      startDate: '2026-01-31',
      purpose: 'Neue Werkbank',
    })
    if (!requested.ok) throw new Error(JSON.stringify(requested))
    await leave(w.receiver.initiative.id, w.kim.id)
    const plan = { amount: 30_000, termMonths: 3, interestBasisPoints: 0, startDate: '2026-01-31' }
    expect(await approveLoan(db(), { id: w.kim.id }, w.centre.id, requested.loan.id, plan)).toMatchObject({ ok: false })
    expect(await disburseLoan(db(), { id: w.kim.id }, w.centre.id, requested.loan.id)).toMatchObject({ ok: false })
  })
})

describe.runIf(onPostgres())('two requests at once for different sides (PostgreSQL)', () => {
  const extra: Database[] = []
  afterAll(async () => {
    for (const d of extra) await d.close()
  })

  it('an accept and a message for the other side sent together: at most one counts, and the person never confirms alone', async () => {
    const w = await twoHatWorld()
    const offer = await makeListingRow(db(), w.receiver.initiative, 'offer')
    // the provider's owner asks Kim's receiver-side offer … roles: the listing's initiative provides
    const proposed = await proposeExchange(db(), { id: w.provider.user.id }, w.centre.id, {
      listingId: offer.id,
      initiativeId: w.provider.initiative.id,
      minutes: 600,
      message: 'Könnt ihr helfen?',
    })
    if (!proposed.ok) throw new Error(JSON.stringify(proposed))
    const id = proposed.exchange.id
    const [exchange] = await db().select().from(exchanges).where(eq(exchanges.id, id))
    // Kim answers for the listing's side and, at the same moment, writes for the asking side
    const asking = exchange!.proposerSide === 'provider' ? exchange!.providerInitiativeId : exchange!.receiverInitiativeId
    for (let i = 0; i < 2; i++) extra.push(await openDatabase({ url: database.url!, migrate: false, poolSize: 2 }))
    for (let round = 0; round < 3; round++) {
      await Promise.all([
        transition(extra[0]!.db, { id: w.kim.id }, id, 'accept'),
        postMessage(extra[1]!.db, { id: w.kim.id }, id, { body: `für die andere Seite ${round}`, initiativeId: asking }),
      ])
    }
    const acts = await database.query<{ side: string }>(
      `select distinct coalesce(e.acted_as::text, '?') as side from exchange_events e where e.exchange_id = $1 and e.actor_id = $2
       union
       select distinct case when m.author_initiative_id = x.provider_initiative_id then 'provider' else 'receiver' end
         from exchange_messages m join exchanges x on x.id = m.exchange_id where m.exchange_id = $1 and m.author_id = $2`,
      [id, w.kim.id],
    )
    expect(acts.length).toBeLessThanOrEqual(1)
  })
})
