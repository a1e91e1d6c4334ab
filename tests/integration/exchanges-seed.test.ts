import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '#db/seed/demo'
import { bookings, emailOutbox, exchanges, initiatives, ledgerTransactions, notifications } from '#db/schema'
import { countWaitingForMe, listMyExchanges } from '~/modules/exchanges/exchanges.server'
import { listMyInitiatives } from '~/modules/initiatives/initiatives.server'
import { EXCHANGE_STATES } from '~/modules/exchanges/state-machine'
import { reciprocity } from '~/modules/ledger/ledger.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
  await seedDemo(database.db, { log: () => {} })
}, 120_000)
afterAll(() => database.close())

describe('the demo seed’s exchanges', () => {
  it('has exchanges in every state and a year of confirmed history in the ledger', async () => {
    const states = await database.db.select({ state: exchanges.state, n: sql<number>`count(*)::int` }).from(exchanges).groupBy(exchanges.state)
    expect(states.map((s) => s.state).sort()).toEqual([...EXCHANGE_STATES].sort())
    const [span] = await database.db
      .select({ oldest: sql<string>`min(${ledgerTransactions.occurredAt})::text`, n: sql<number>`count(*)::int` })
      .from(ledgerTransactions)
    expect(span!.n).toBeGreaterThan(40)
    expect(Date.now() - new Date(span!.oldest).getTime()).toBeGreaterThan(365 * 24 * 60 * 60 * 1000)
    const unbalanced = await database.query(`SELECT transaction_id FROM ledger_entries GROUP BY transaction_id, unit HAVING sum(amount) <> 0`)
    expect(unbalanced).toEqual([])
  })

  it('tells no one of its history: no notice of ended exchanges, repayments, guarantees or the demo bookings (ADR 039, 046)', async () => {
    const kinds = await database.db.selectDistinct({ kind: notifications.kind }).from(notifications)
    expect(kinds.map((k) => k.kind).filter((k) => k === 'exchange.ended' || k.startsWith('loan.'))).toEqual([])
    // a booking is requested and accepted through its exchange: neither step may tell anyone, in the app or by e-mail
    const booked = (await database.db.select({ exchangeId: bookings.exchangeId }).from(bookings)).map((b) => b.exchangeId!)
    expect(booked.length).toBeGreaterThanOrEqual(3)
    const notices = await database.db.select({ kind: notifications.kind, url: sql<string>`${notifications.payload}->>'url'` }).from(notifications)
    expect(notices.filter((n) => booked.some((id) => n.url?.endsWith(`/exchanges/${id}`)))).toEqual([])
    const mails = await database.db.select({ kind: emailOutbox.kind, text: emailOutbox.text }).from(emailOutbox)
    expect(mails.filter((m) => booked.some((id) => m.text.includes(`/exchanges/${id}`))).map((m) => m.kind)).toEqual([])
  })

  it('gives Radwerk Kollektiv a balance, partners, and something waiting for its member', async () => {
    const [radwerk] = await database.db.select().from(initiatives).where(eq(initiatives.slug, 'radwerk'))
    const r = await reciprocity(database.db, radwerk!.id)
    expect(r.allTime.given.minutes + r.allTime.received.minutes).toBeGreaterThan(0)
    expect(r.lastYear.given.minutes).toBeGreaterThan(0)
    expect(r.allTime.given.minutes + r.allTime.received.minutes).toBeGreaterThan(r.lastYear.given.minutes + r.lastYear.received.minutes)
    expect(r.partners.length).toBeGreaterThanOrEqual(2)
    const [member] = await database.query<{ id: string }>(`SELECT id FROM users WHERE email = 'member@lagerhaus.test'`)
    const mine = await listMyExchanges(database.db, { id: member!.id }, radwerk!.centreId)
    expect(mine.filter((e) => e.waitingForMe).length).toBeGreaterThanOrEqual(2)
  })

  it('counts for the navigation exactly the exchanges the list marks as waiting, for every member of every centre', async () => {
    const people = await database.query<{ user_id: string; centre_id: string }>(
      `SELECT DISTINCT m.user_id, i.centre_id FROM initiative_members m JOIN initiatives i ON i.id = m.initiative_id`,
    )
    expect(people.length).toBeGreaterThan(3)
    let waitingSomewhere = 0
    for (const { user_id: userId, centre_id: centreId } of people) {
      const listed = (await listMyExchanges(database.db, { id: userId }, centreId)).filter((e) => e.waitingForMe).length
      const known = await listMyInitiatives(database.db, userId, centreId)
      expect(await countWaitingForMe(database.db, { id: userId }, centreId)).toBe(listed)
      expect(await countWaitingForMe(database.db, { id: userId }, centreId, known)).toBe(listed)
      if (listed) waitingSomewhere++
    }
    expect(waitingSomewhere).toBeGreaterThan(0)
  })
})
