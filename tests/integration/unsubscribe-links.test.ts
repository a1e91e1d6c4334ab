import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUser } from '#db/factories'
import { notificationPreferences } from '#db/schema'
import { getPreferences } from '~/modules/notifications/notifications.server'
import {
  readUnsubscribeToken,
  redeemUnsubscribeToken,
  revokeUnsubscribeLinks,
  signUnsubscribeToken,
  UNSUBSCRIBE_LINK_DAYS,
} from '~/modules/notifications/unsubscribe.server'
import { deriveKey, signingKeys } from '~/modules/security/secrets.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * Issue #13 §5: unsubscribe links expire, work once, can be revoked by their owner, and are signed
 * with a key from a ring that SESSION_SECRET (several secrets, newest first) can rotate.
 */
let database: TestDatabase
type Args = { request: Request; params: Record<string, string>; context: Record<string, unknown> }
let route: { loader: (args: Args) => Promise<unknown>; action: (args: Args) => Promise<unknown> }

beforeAll(async () => {
  database = await createTestDatabase()
  globalThis.__viertelDatabase = Promise.resolve(database)
  route = await import('~/routes/unsubscribe.$token')
})
afterAll(() => database.close())

const DAY = 24 * 60 * 60 * 1000

async function page(kind: 'loader' | 'action', token: string) {
  const request = new Request(`http://localhost/unsubscribe/${token}`, kind === 'action' ? { method: 'POST', body: '' } : {})
  const result = (await route[kind]({ request, params: { token }, context: {} })) as { data: { state: string }; init?: ResponseInit | null }
  return { status: result.init?.status ?? 200, state: result.data.state }
}

const modeOf = async (userId: string) => (await getPreferences(database.db, userId))['match.new']

describe('unsubscribe links', () => {
  it('work once: the second use is refused and the page sends the person to log in', async () => {
    const db = database.db
    const user = await makeUser(db)
    const token = await signUnsubscribeToken(db, user.id, 'match.new')
    expect(await page('loader', token)).toEqual({ status: 200, state: 'open' })
    // the page names the address masked: whoever holds a forwarded link does not learn it whole
    const request = new Request(`http://localhost/unsubscribe/${token}`)
    const opened = (await route.loader({ request, params: { token }, context: {} })) as { data: { email: string } }
    expect(opened.data.email).toBe(`${user.email[0]}…${user.email.slice(user.email.lastIndexOf('@'))}`)
    expect(opened.data.email).not.toContain(user.email.slice(0, user.email.indexOf('@')))
    expect(await page('action', token)).toEqual({ status: 200, state: 'done' })
    expect(await modeOf(user.id)).toBe('never')
    // the person changes their mind in the settings; the old link cannot undo that again
    await db.update(notificationPreferences).set({ mode: 'immediate' }).where(eq(notificationPreferences.userId, user.id))
    expect(await page('loader', token)).toEqual({ status: 410, state: 'used' })
    expect(await page('action', token)).toEqual({ status: 410, state: 'used' })
    expect(await modeOf(user.id)).toBe('immediate')
    // a link issued later (the next e-mail) works
    const next = await signUnsubscribeToken(db, user.id, 'match.new')
    expect((await readUnsubscribeToken(db, next)).ok).toBe(true)
  })

  it('expire after the set number of days', async () => {
    const db = database.db
    const user = await makeUser(db)
    const issued = new Date()
    const token = await signUnsubscribeToken(db, user.id, 'match.new', issued)
    const justBefore = new Date(issued.getTime() + UNSUBSCRIBE_LINK_DAYS * DAY - 60_000)
    const after = new Date(issued.getTime() + UNSUBSCRIBE_LINK_DAYS * DAY + 60_000)
    expect((await readUnsubscribeToken(db, token, justBefore)).ok).toBe(true)
    expect(await readUnsubscribeToken(db, token, after)).toEqual({ ok: false, error: 'expired' })
    expect(await redeemUnsubscribeToken(db, token, after)).toEqual({ ok: false, error: 'expired' })
    expect(await modeOf(user.id)).not.toBe('never')
    const old = await signUnsubscribeToken(db, user.id, 'match.new', new Date(Date.now() - (UNSUBSCRIBE_LINK_DAYS + 1) * DAY))
    expect(await page('loader', old)).toEqual({ status: 410, state: 'expired' })
  })

  it('can be revoked by their owner: every link issued so far stops working, for every kind', async () => {
    const db = database.db
    const user = await makeUser(db)
    const other = await makeUser(db)
    const matches = await signUnsubscribeToken(db, user.id, 'match.new', new Date(Date.now() - 1000))
    const exchanges = await signUnsubscribeToken(db, user.id, 'exchange.proposed', new Date(Date.now() - 1000))
    const someoneElses = await signUnsubscribeToken(db, other.id, 'match.new', new Date(Date.now() - 1000))
    await revokeUnsubscribeLinks(db, user.id)
    expect(await readUnsubscribeToken(db, matches)).toEqual({ ok: false, error: 'used' })
    expect(await redeemUnsubscribeToken(db, exchanges)).toEqual({ ok: false, error: 'used' })
    expect((await readUnsubscribeToken(db, someoneElses)).ok).toBe(true)
    expect(await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, user.id))).toEqual([])
  })

  it('of two uses at once, exactly one counts', async () => {
    const db = database.db
    const user = await makeUser(db)
    const token = await signUnsubscribeToken(db, user.id, 'match.new', new Date(Date.now() - 1000))
    const outcomes = await Promise.all([redeemUnsubscribeToken(db, token), redeemUnsubscribeToken(db, token)])
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1)
  })

  it('are signed with the first key of a rotatable ring; a key no longer in it is refused', async () => {
    const db = database.db
    const newSecret = 'n'.repeat(32)
    const oldSecret = 'o'.repeat(32)
    const [rotatedNew, rotatedOld] = await signingKeys(db, 'unsubscribe', [newSecret, oldSecret])
    expect(rotatedNew!.id).not.toBe(rotatedOld!.id)
    // one secret, two purposes: two keys (a signature for one purpose is worthless for another)
    expect(deriveKey(new TextEncoder().encode(newSecret), 'cookie').id).not.toBe(rotatedNew!.id)
    // unset SESSION_SECRET: the database's generated secret, the same key every time
    const [fromDb] = await signingKeys(db, 'unsubscribe', [])
    expect((await signingKeys(db, 'unsubscribe', []))[0]!.id).toBe(fromDb!.id)
    const user = await makeUser(db)
    // rotation: a link signed before (old secret alone) still works once the new one is put in front…
    const beforeRotation = await signUnsubscribeToken(db, user.id, 'match.new', new Date(), [rotatedOld!])
    expect(await readUnsubscribeToken(db, beforeRotation, new Date(), [rotatedNew!, rotatedOld!])).toMatchObject({ ok: true })
    // …new links are signed with the new one…
    const afterRotation = await signUnsubscribeToken(db, user.id, 'match.new', new Date(), [rotatedNew!, rotatedOld!])
    expect(afterRotation.split('.')[0]).toBe(rotatedNew!.id)
    // …and once the old secret is dropped, its links stop working
    expect(await readUnsubscribeToken(db, beforeRotation, new Date(), [rotatedNew!])).toEqual({ ok: false, error: 'invalid' })
    const token = await signUnsubscribeToken(db, user.id, 'match.new')
    expect(token.split('.')[0]).toBe(fromDb!.id)
    // the same link with another key's id: unknown or wrong key, refused
    const [, body, signature] = token.split('.')
    expect(await readUnsubscribeToken(db, `${rotatedOld!.id}.${body}.${signature}`)).toEqual({ ok: false, error: 'invalid' })
    expect(await page('loader', `${rotatedOld!.id}.${body}.${signature}`)).toEqual({ status: 404, state: 'invalid' })
  })
})
