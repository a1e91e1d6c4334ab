import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sessions } from '#db/schema'
import {
  authenticate,
  changePassword,
  createUser,
  EmailTakenError,
  startSession,
} from '~/modules/auth/accounts.server'
import { hashToken, validateSessionToken } from '~/modules/auth/session.server'
import { forgiveRateLimit, hitRateLimit } from '~/modules/security/rate-limit.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

describe('accounts and sessions', () => {
  it('stores only the SHA-256 of the session token, never the token', async () => {
    const user = await createUser(database.db, { email: 'Hash@Example.test', name: 'Hash', password: 'long enough pw' })
    const { token, session } = await startSession(database.db, user.id)
    expect(token.length).toBeGreaterThanOrEqual(26) // 160 bits in base32
    expect(session.id).toBe(hashToken(token))
    const rows = await database.db.select().from(sessions).where(eq(sessions.userId, user.id))
    expect(rows.map((r) => r.id)).not.toContain(token)
    expect((await validateSessionToken(database.db, token))?.user.email).toBe('hash@example.test')
  })

  it('refuses a second account for the same e-mail in any case', async () => {
    await createUser(database.db, { email: 'twice@example.test', name: 'One', password: 'long enough pw' })
    await expect(
      createUser(database.db, { email: 'TWICE@example.test', name: 'Two', password: 'long enough pw' }),
    ).rejects.toBeInstanceOf(EmailTakenError)
  })

  it('authenticates with the right password only', async () => {
    await createUser(database.db, { email: 'auth@example.test', name: 'Auth', password: 'the right one' })
    expect(await authenticate(database.db, 'auth@example.test', 'the right one')).not.toBeNull()
    expect(await authenticate(database.db, 'auth@example.test', 'the wrong one')).toBeNull()
    expect(await authenticate(database.db, 'nobody@example.test', 'the right one')).toBeNull()
  })

  it('stores argon2id hashes with at least m=19456, t=2', async () => {
    const user = await createUser(database.db, { email: 'argon@example.test', name: 'Argon', password: 'long enough pw' })
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=1\$/)
    const [, m, t] = /m=(\d+),t=(\d+)/.exec(user.passwordHash!)!
    expect(Number(m)).toBeGreaterThanOrEqual(19456)
    expect(Number(t)).toBeGreaterThanOrEqual(2)
  })

  it('rejects an expired session and deletes it', async () => {
    const user = await createUser(database.db, { email: 'old@example.test', name: 'Old', password: 'long enough pw' })
    const { token, session } = await startSession(database.db, user.id)
    await database.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, session.id))
    expect(await validateSessionToken(database.db, token)).toBeNull()
    expect(await database.db.select().from(sessions).where(eq(sessions.id, session.id))).toEqual([])
  })

  it('restarts the idle clock of a session in use (sliding idle expiry, ADR 067)', async () => {
    const user = await createUser(database.db, { email: 'slide@example.test', name: 'Slide', password: 'long enough pw' })
    const { token, session } = await startSession(database.db, user.id)
    const thirteenDaysAgo = new Date(Date.now() - 13 * 24 * 60 * 60 * 1000)
    await database.db.update(sessions).set({ lastSeenAt: thirteenDaysAgo }).where(eq(sessions.id, session.id))
    const validated = await validateSessionToken(database.db, token)
    expect(validated!.session.lastSeenAt.getTime()).toBeGreaterThan(Date.now() - 60 * 1000)
  })

  it('rotates the token at login: the previous session of the browser ends', async () => {
    const user = await createUser(database.db, { email: 'rotate@example.test', name: 'Rotate', password: 'long enough pw' })
    const first = await startSession(database.db, user.id)
    const second = await startSession(database.db, user.id, first.session.id)
    expect(second.token).not.toBe(first.token)
    expect(await validateSessionToken(database.db, first.token)).toBeNull()
    expect(await validateSessionToken(database.db, second.token)).not.toBeNull()
  })

  it('a password change ends every other session and keeps the current one', async () => {
    const user = await createUser(database.db, { email: 'change@example.test', name: 'Change', password: 'old password 1' })
    const here = await startSession(database.db, user.id)
    const elsewhere = await startSession(database.db, user.id)
    expect(await changePassword(database.db, user.id, here.session.id, 'wrong', 'new password 1')).toEqual({ ok: false, error: 'wrongPassword' })
    expect(await changePassword(database.db, user.id, here.session.id, 'old password 1', 'new password 1')).toEqual({ ok: true })
    expect(await validateSessionToken(database.db, here.token)).not.toBeNull()
    expect(await validateSessionToken(database.db, elsewhere.token)).toBeNull()
    expect(await authenticate(database.db, 'change@example.test', 'new password 1')).not.toBeNull()
  })
})

describe('rate limits in the database', () => {
  it('allows ten attempts a minute and refuses the eleventh', async () => {
    const now = new Date('2026-01-01T10:00:30Z')
    const results = []
    for (let i = 0; i < 11; i++) results.push(await hitRateLimit(database.db, 'login:ip:1.2.3.4', 10, 60, now))
    expect(results.slice(0, 10).every((r) => r.allowed)).toBe(true)
    expect(results[10]!.allowed).toBe(false)
    expect(results[10]!.retryAfterSeconds).toBe(30)
    const nextMinute = await hitRateLimit(database.db, 'login:ip:1.2.3.4', 10, 60, new Date('2026-01-01T10:01:01Z'))
    expect(nextMinute.allowed).toBe(true)
  })

  it('gives back a forgiven attempt in its own window only (successful logins do not use up the per-e-mail limit)', async () => {
    const key = 'login:email:forgiven@example.test'
    const now = new Date('2026-01-01T11:00:59Z')
    // ten successful logins, each forgiven: the eleventh attempt is still allowed, and counts as the first
    for (let i = 0; i < 10; i++) {
      expect((await hitRateLimit(database.db, key, 10, 60, now)).allowed).toBe(true)
      await forgiveRateLimit(database.db, key, 60, now)
    }
    expect((await hitRateLimit(database.db, key, 10, 60, now)).count).toBe(1)
    // forgiving with the next minute's time gives nothing back to this minute, nor goes below zero there
    await forgiveRateLimit(database.db, key, 60, new Date('2026-01-01T11:01:00Z'))
    expect((await hitRateLimit(database.db, key, 10, 60, now)).count).toBe(2)
    await forgiveRateLimit(database.db, key, 60, now)
    await forgiveRateLimit(database.db, key, 60, now)
    await forgiveRateLimit(database.db, key, 60, now)
    expect((await hitRateLimit(database.db, key, 10, 60, now)).count).toBe(1)
    // failed attempts are not forgiven: the eleventh is refused
    for (let i = 0; i < 9; i++) await hitRateLimit(database.db, key, 10, 60, now)
    expect((await hitRateLimit(database.db, key, 10, 60, now)).allowed).toBe(false)
  })
})
