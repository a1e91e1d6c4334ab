import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeInitiative, makeManager } from '#db/factories'
import { emailOutbox, notifications } from '#db/schema'
import { logHelpGiven, transition } from '~/modules/exchanges/exchanges.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'
import { addMember, makeExchangeWorld, makeUser } from './exchange-world'

/**
 * Issue #13 §1 / ADR 058: an exchange that waits for a manager's approval — confirmed above the
 * centre's cap, or with no one left who may confirm for the receiver — is told to the centre's
 * managers (`exchange.awaiting_approval`), except a manager who acted on the exchange.
 */

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const db = () => database.db
type World = Awaited<ReturnType<typeof makeExchangeWorld>>

async function log(w: World, userId: string, figures: { minutes?: number; valueCents?: number }, receiverId = w.receiver.initiative.id, silent = false) {
  const result = await logHelpGiven(
    db(),
    { id: userId },
    w.centre.id,
    { initiativeId: w.provider.initiative.id, receiverInitiativeId: receiverId, title: 'Dachrinne erneuert', date: '2026-11-20', ...figures },
    { silent },
  )
  if (!result.ok) throw new Error(`logHelpGiven: ${JSON.stringify(result)}`)
  return result.exchange
}

/** Who got an `exchange.awaiting_approval` notice, by name, with its variant. */
async function awaiting(people: Record<string, { id: string }>) {
  const ids = Object.values(people).map((p) => p.id)
  const rows = await db()
    .select({ userId: notifications.userId, payload: notifications.payload })
    .from(notifications)
    .where(and(inArray(notifications.userId, ids), eq(notifications.kind, 'exchange.awaiting_approval')))
  const out: Record<string, string[]> = {}
  for (const [name, person] of Object.entries(people)) {
    const mine = rows.filter((r) => r.userId === person.id).map((r) => String(r.payload.variant))
    if (mine.length) out[name] = mine
  }
  return out
}

describe('managers hear when an exchange waits for their approval', () => {
  it('confirmed above the cap: every manager of the centre is told (cap), at once by e-mail, with the link; not the sides, not another centre', async () => {
    const w = await makeExchangeWorld(db())
    const colleague = await makeManager(db(), w.centre.id)
    const people = { manager: w.manager, colleague, otherManager: w.otherManager, provider: w.provider.user, receiver: w.receiver.user }
    // Under the cap nobody is told: the ledger is written at once.
    const small = await log(w, w.provider.user.id, { minutes: 60 })
    expect(await transition(db(), { id: w.receiver.user.id }, small.id, 'confirm')).toMatchObject({ ok: true, to: 'confirmed' })
    const ex = await log(w, w.provider.user.id, { minutes: 6000 })
    expect(await awaiting(people)).toEqual({})
    expect(await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm')).toMatchObject({ ok: true, awaitingApproval: true })
    expect(await awaiting(people)).toEqual({ manager: ['cap'], colleague: ['cap'] })
    const [notice] = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, w.manager.id), eq(notifications.kind, 'exchange.awaiting_approval')))
    expect(notice!.payload).toMatchObject({ title: 'Dachrinne erneuert', url: `/c/${w.centre.slug}/exchanges/${ex.id}` })
    expect(notice!.payload.initiative).toContain(w.provider.initiative.name)
    expect(notice!.delivery).toBe('immediate')
    const mails = await db()
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.toAddress, w.manager.email), eq(emailOutbox.kind, 'notification.exchange.awaiting_approval')))
    expect(mails).toHaveLength(1)
  })

  it('a manager who acted on the exchange for a side is not told; the other managers are', async () => {
    const w = await makeExchangeWorld(db())
    const colleague = await makeManager(db(), w.centre.id)
    await addMember(db(), w.provider.initiative, w.manager.id)
    const ex = await log(w, w.manager.id, { minutes: 6000 })
    expect(await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm')).toMatchObject({ ok: true, awaitingApproval: true })
    expect(await awaiting({ manager: w.manager, colleague })).toEqual({ colleague: ['cap'] })
  })

  it('stuck because no one else may confirm for the receiver: the managers are told (one_side) when the help is logged', async () => {
    const w = await makeExchangeWorld(db())
    // Petra owns the provider and is the only member of the receiving initiative.
    const petra = await makeUser(db(), { name: 'Petra Zweihut' })
    await addMember(db(), w.provider.initiative, petra.id, 'owner')
    const alone = await makeInitiative(db(), w.centre.id)
    await addMember(db(), alone, petra.id, 'owner')
    await log(w, petra.id, { minutes: 60 }, alone.id)
    expect(await awaiting({ manager: w.manager, petra, provider: w.provider.user })).toEqual({ manager: ['one_side'] })
    // With someone else on the receiving side, nobody is told: that person confirms.
    await log(w, petra.id, { minutes: 60 })
    expect(await awaiting({ manager: w.manager })).toEqual({ manager: ['one_side'] })
  })

  it('the demo seed (silent) tells no one; the same steps not silent do', async () => {
    const w = await makeExchangeWorld(db())
    const ex = await log(w, w.provider.user.id, { minutes: 6000 }, w.receiver.initiative.id, true)
    expect(await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm', {}, { silent: true })).toMatchObject({ ok: true, awaitingApproval: true })
    const petra = await makeUser(db())
    await addMember(db(), w.provider.initiative, petra.id)
    const alone = await makeInitiative(db(), w.centre.id)
    await addMember(db(), alone, petra.id)
    await log(w, petra.id, { minutes: 60 }, alone.id, true)
    expect(await awaiting({ manager: w.manager })).toEqual({})
    await log(w, petra.id, { minutes: 60 }, alone.id)
    expect(await awaiting({ manager: w.manager })).toEqual({ manager: ['one_side'] })
  })
})
