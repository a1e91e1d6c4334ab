import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sessions } from '#db/schema'
import { makeUser } from '#db/factories'
import {
  createSession,
  generateSessionToken,
  hashToken,
  SESSION_ABSOLUTE_DAYS,
  SESSION_IDLE_DAYS,
  validateSessionToken,
} from '~/modules/auth/session.server'
import { endOtherSessions, endOwnSession, listSessions, sessionKey } from '~/modules/auth/sessions-list.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/** Sessions a person can see and end, and the two ways a session dies (issue #14 §4, ADR 067). */

let database: TestDatabase
const db = () => database.db
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const DAY = 86_400_000
const start = new Date('2026-05-04T08:00:00Z')
const at = (days: number) => new Date(start.getTime() + days * DAY)

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'

async function open(userId: string, now = start, device = { userAgent: FIREFOX, ip: '203.0.113.77' }) {
  const token = generateSessionToken()
  const session = await createSession(db(), token, userId, device, now)
  return { token, session }
}

describe('idle timeout and absolute lifetime', () => {
  it(`ends a session after ${SESSION_IDLE_DAYS} days without use`, async () => {
    const user = await makeUser(db())
    const { token, session } = await open(user.id)
    expect(await validateSessionToken(db(), token, at(SESSION_IDLE_DAYS - 0.01))).not.toBeNull()
    const other = await open(user.id)
    expect(await validateSessionToken(db(), other.token, at(SESSION_IDLE_DAYS))).toBeNull()
    expect(await db().select().from(sessions).where(eq(sessions.id, other.session.id))).toEqual([])
    expect(session.id).toBe(hashToken(token))
  })

  it('a session in use stays: each use restarts the idle clock', async () => {
    const user = await makeUser(db())
    const { token } = await open(user.id)
    for (let d = 10; d <= 80; d += 10) {
      expect(await validateSessionToken(db(), token, at(d)), `day ${d}`).not.toBeNull()
    }
  })

  it(`ends even a busy session ${SESSION_ABSOLUTE_DAYS} days after login`, async () => {
    const user = await makeUser(db())
    const { token, session } = await open(user.id)
    expect(session.expiresAt.getTime()).toBe(at(SESSION_ABSOLUTE_DAYS).getTime())
    for (let d = 10; d < SESSION_ABSOLUTE_DAYS; d += 10) {
      expect(await validateSessionToken(db(), token, at(d))).not.toBeNull()
    }
    expect(await validateSessionToken(db(), token, at(SESSION_ABSOLUTE_DAYS - 0.5))).not.toBeNull()
    expect(await validateSessionToken(db(), token, at(SESSION_ABSOLUTE_DAYS))).toBeNull()
  })

  it('writes last_seen_at at most every few minutes, not on every request', async () => {
    const user = await makeUser(db())
    const { token, session } = await open(user.id)
    await validateSessionToken(db(), token, new Date(start.getTime() + 60_000))
    const [unchanged] = await db().select().from(sessions).where(eq(sessions.id, session.id))
    expect(unchanged!.lastSeenAt.getTime()).toBe(start.getTime())
    const later = new Date(start.getTime() + 6 * 60_000)
    await validateSessionToken(db(), token, later)
    const [moved] = await db().select().from(sessions).where(eq(sessions.id, session.id))
    expect(moved!.lastSeenAt.getTime()).toBe(later.getTime())
  })
})

describe('the list of sessions', () => {
  it('names the device, the last use and only the network part of the address', async () => {
    const user = await makeUser(db())
    const here = await open(user.id, start)
    await open(user.id, at(1), { userAgent: IPHONE, ip: '2001:db8:abcd:12::99' })
    const list = await listSessions(db(), user.id, here.session.id, at(2))
    expect(list).toHaveLength(2)
    expect(list[0]).toMatchObject({ current: true, browser: 'Firefox', system: 'Linux', ipPrefix: '203.0.113.0/24' })
    expect(list[1]).toMatchObject({ current: false, browser: 'Safari', system: 'iOS', ipPrefix: '2001:db8:abcd::/48' })
    const rows = await db().select().from(sessions).where(eq(sessions.userId, user.id))
    expect(rows.map((r) => r.ipPrefix)).not.toContain('203.0.113.77')
    // the page never carries the session ids
    expect(JSON.stringify(list)).not.toContain(here.session.id)
  })

  it('leaves out sessions that have died of idleness', async () => {
    const user = await makeUser(db())
    await open(user.id, start)
    const here = await open(user.id, at(20))
    const list = await listSessions(db(), user.id, here.session.id, at(20))
    expect(list).toHaveLength(1)
  })

  it('a 50 kB User-Agent with NUL bytes is stored cut and clean', async () => {
    const user = await makeUser(db())
    const { session } = await open(user.id, start, { userAgent: `Firefox/1\u0000${'x'.repeat(50_000)}`, ip: 'not-an-ip' })
    expect(session.userAgent!.length).toBeLessThanOrEqual(200)
    expect(session.userAgent).not.toContain('\u0000')
    expect(session.ipPrefix).toBeNull()
  })
})

describe('ending sessions', () => {
  it('logs out one other session of the person', async () => {
    const user = await makeUser(db())
    const here = await open(user.id)
    const phone = await open(user.id)
    const laptop = await open(user.id)
    expect(await endOwnSession(db(), user.id, here.session.id, sessionKey(phone.session.id))).toBe(true)
    expect(await validateSessionToken(db(), phone.token, at(0.1))).toBeNull()
    expect(await validateSessionToken(db(), laptop.token, at(0.1))).not.toBeNull()
    expect(await validateSessionToken(db(), here.token, at(0.1))).not.toBeNull()
  })

  it('logs out everywhere else, keeping this one', async () => {
    const user = await makeUser(db())
    const here = await open(user.id)
    const others = [await open(user.id), await open(user.id)]
    const someoneElse = await open((await makeUser(db())).id)
    expect(await endOtherSessions(db(), user.id, here.session.id)).toBe(2)
    for (const o of others) expect(await validateSessionToken(db(), o.token, at(0.1))).toBeNull()
    expect(await validateSessionToken(db(), here.token, at(0.1))).not.toBeNull()
    expect(await validateSessionToken(db(), someoneElse.token, at(0.1))).not.toBeNull()
  })

  it("cannot end someone else's session, by its key or by its id", async () => {
    const mallory = await makeUser(db())
    const victim = await makeUser(db())
    const mine = await open(mallory.id)
    const theirs = await open(victim.id)
    expect(await endOwnSession(db(), mallory.id, mine.session.id, sessionKey(theirs.session.id))).toBe(false)
    expect(await endOwnSession(db(), mallory.id, mine.session.id, theirs.session.id)).toBe(false)
    expect(await validateSessionToken(db(), theirs.token, at(0.1))).not.toBeNull()
  })

  it('does not end the session in use through the per-session button', async () => {
    const user = await makeUser(db())
    const here = await open(user.id)
    expect(await endOwnSession(db(), user.id, here.session.id, sessionKey(here.session.id))).toBe(false)
    expect(await validateSessionToken(db(), here.token, at(0.1))).not.toBeNull()
  })
})
