import { eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUser } from '#db/factories'
import { emailOutbox, emailTokens, loginThrottle, rateLimits, sessions } from '#db/schema'
import { cutoff, RETENTION } from '~/modules/privacy/retention'
import { sweepRetention } from '~/modules/privacy/retention.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())
const db = () => database.db

const NOW = new Date('2026-09-15T12:00:00Z')
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000)

describe('the retention sweep', () => {
  it('empties e-mail bodies after 30 days and removes old outbox rows, but never a pending e-mail', async () => {
    const rows = await db()
      .insert(emailOutbox)
      .values([
        { toAddress: 'a@x.test', subject: 'fresh', text: 'body', html: '<p>body</p>', kind: 't', status: 'sent', createdAt: daysAgo(29) },
        { toAddress: 'b@x.test', subject: 'old', text: 'body', html: '<p>body</p>', kind: 't', status: 'sent', createdAt: daysAgo(31) },
        { toAddress: 'c@x.test', subject: 'failed', text: 'body', kind: 't', status: 'failed', createdAt: daysAgo(45) },
        { toAddress: 'd@x.test', subject: 'pending', text: 'body', kind: 't', status: 'pending', createdAt: daysAgo(400) },
        { toAddress: 'e@x.test', subject: 'ancient', text: '', kind: 't', status: 'sent', createdAt: daysAgo(RETENTION.emailRowDays + 1) },
      ])
      .returning()
    const result = await sweepRetention(db(), NOW)
    expect(result.emailBodiesCleared).toBe(2)
    expect(result.emailsDeleted).toBe(1)
    const left = await db().select().from(emailOutbox).where(inArray(emailOutbox.id, rows.map((r) => r.id)))
    const bySubject = Object.fromEntries(left.map((r) => [r.subject, r]))
    expect(bySubject.fresh).toMatchObject({ text: 'body', html: '<p>body</p>' })
    expect(bySubject.old).toMatchObject({ text: '', html: null, toAddress: 'b@x.test' })
    expect(bySubject.failed).toMatchObject({ text: '', html: null })
    expect(bySubject.pending).toMatchObject({ text: 'body' })
    expect(bySubject.ancient).toBeUndefined()
    // a second sweep finds nothing more to do
    expect(await sweepRetention(db(), NOW)).toMatchObject({ emailBodiesCleared: 0, emailsDeleted: 0 })
  })

  it('removes old rate-limit counters and idle login throttles, keeps current ones', async () => {
    await db().insert(rateLimits).values([
      { key: 'login:email:old@x.test', windowStart: daysAgo(3), count: 4 },
      { key: 'login:email:new@x.test', windowStart: daysAgo(0), count: 1 },
    ])
    await db().insert(loginThrottle).values([
      { key: 'account:old', failures: 3, lastFailureAt: daysAgo(8), lockedUntil: daysAgo(8) },
      { key: 'account:recent', failures: 3, lastFailureAt: daysAgo(1), lockedUntil: daysAgo(1) },
      { key: 'account:locked', failures: 9, lastFailureAt: daysAgo(10), lockedUntil: new Date(NOW.getTime() + 60_000) },
    ])
    await sweepRetention(db(), NOW)
    expect((await db().select().from(rateLimits)).map((r) => r.key)).toEqual(['login:email:new@x.test'])
    expect((await db().select().from(loginThrottle)).map((r) => r.key).sort()).toEqual(['account:locked', 'account:recent'])
  })

  it('removes expired sessions and e-mail links a week after they expired', async () => {
    const person = await makeUser(db())
    await db().insert(sessions).values([
      { id: 'expired', userId: person.id, expiresAt: daysAgo(1) },
      { id: 'live', userId: person.id, expiresAt: new Date(NOW.getTime() + 86_400_000) },
    ])
    await db().insert(emailTokens).values([
      { purpose: 'signup', tokenHash: 'old', email: person.email, userId: person.id, expiresAt: daysAgo(RETENTION.expiredTokenDays + 1) },
      { purpose: 'signup', tokenHash: 'recent', email: person.email, userId: person.id, expiresAt: daysAgo(1) },
    ])
    await sweepRetention(db(), NOW)
    expect((await db().select().from(sessions).where(eq(sessions.userId, person.id))).map((s) => s.id)).toEqual(['live'])
    expect((await db().select().from(emailTokens).where(eq(emailTokens.userId, person.id))).map((t) => t.tokenHash)).toEqual(['recent'])
  })

  it('has one cutoff rule: whole days before now', () => {
    expect(cutoff(NOW, 30).toISOString()).toBe('2026-08-16T12:00:00.000Z')
  })
})
