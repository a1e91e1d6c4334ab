import { and, eq, inArray, ne, sql } from 'drizzle-orm'
import { DrizzleQueryError } from 'drizzle-orm/errors'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DbOrTx, openDatabase } from '#db/connect'
import { makeCentre, makeMember, makeUser } from '#db/factories'
import { emailOutbox, notificationPreferences, notifications } from '#db/schema'
import { getPreferences, setPreference } from '~/modules/notifications/notifications.server'
import { notify } from '~/modules/notifications/notify.server'
import { readUnsubscribeToken, signUnsubscribeToken } from '~/modules/notifications/unsubscribe.server'
import { buildDueDigests, deliverDueEmails, startWorker, type MailTransport, type OutgoingMail } from '~/modules/notifications/worker.server'
import { enqueueEmail } from '~/modules/notifications/outbox.server'
import { createTestDatabase, onPostgres, type TestDatabase } from '../setup/db'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

function countingTransport(options: { failFor?: string; delayMs?: number } = {}) {
  const sent: OutgoingMail[] = []
  const transport: MailTransport = {
    async send(mail) {
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs))
      if (mail.to === options.failFor) throw new Error('550 mailbox unavailable')
      sent.push(mail)
    },
  }
  return { sent, transport }
}

describe('notify and preferences', () => {
  it('notifies every member of an initiative but the actor, e-mailing as each chose', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const { user: actor, initiative } = await makeMember(db, centre.id)
    const daily = await makeUser(db)
    const never = await makeUser(db)
    const immediate = await makeUser(db, { locale: 'nl' })
    const { addMember } = await import('#db/factories')
    for (const u of [daily, never, immediate]) await addMember(db, initiative, u.id)
    await setPreference(db, daily.id, 'exchange.proposed', 'daily')
    await setPreference(db, never.id, 'exchange.proposed', 'never')
    const told = await notify(db, {
      initiativeId: initiative.id,
      centreId: centre.id,
      kind: 'exchange.proposed',
      payload: { title: 'Plakatdruck', initiative: 'Radwerk', url: '/c/x/exchanges/1' },
      exceptUserId: actor.id,
    })
    expect(new Set(told)).toEqual(new Set([daily.id, never.id, immediate.id]))
    const rows = await db.select().from(notifications).where(inArray(notifications.userId, told))
    expect(Object.fromEntries(rows.map((r) => [r.userId, r.delivery]))).toEqual({
      [daily.id]: 'daily',
      [never.id]: 'never',
      [immediate.id]: 'immediate',
    })
    const mails = await db.select().from(emailOutbox).where(inArray(emailOutbox.toAddress, [daily.email, never.email, immediate.email]))
    expect(mails.map((m) => m.toAddress)).toEqual([immediate.email])
    expect(mails[0]!.subject).toBe('Radwerk stelt een ruil voor: “Plakatdruck”')
    expect(mails[0]!.html).toContain('<html lang="nl">')
  })

  it('builds one digest per person when due, and never twice', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const user = await makeUser(db, { locale: 'en' })
    await setPreference(db, user.id, 'match.new', 'daily')
    for (const title of ['Drill', 'Beamer']) {
      await notify(db, { userIds: [user.id], centreId: centre.id, kind: 'match.new', payload: { title, yours: 'Need', url: '/c/x' } })
    }
    const mine = () => db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, user.email))
    expect(await buildDueDigests(db, new Date())).toBe(0)
    const tomorrow = new Date(Date.now() + 25 * 3600_000)
    expect(await buildDueDigests(db, tomorrow)).toBeGreaterThanOrEqual(1)
    const digests = await mine()
    expect(digests).toHaveLength(1)
    expect(digests[0]!.subject).toBe('Your daily digest from Viertel')
    expect(digests[0]!.text).toContain('“Drill” matches your listing “Need”')
    expect(digests[0]!.text).toContain('“Beamer” matches your listing “Need”')
    await buildDueDigests(db, tomorrow)
    expect(await mine()).toHaveLength(1)
    // a new notice right after a digest waits a whole day again
    await notify(db, { userIds: [user.id], centreId: centre.id, kind: 'match.new', payload: { title: 'Ladder', yours: 'Need' } })
    await buildDueDigests(db, new Date(tomorrow.getTime() + 3600_000))
    expect(await mine()).toHaveLength(1)
  })
})

describe('the unsubscribe link', () => {
  it('names the person and kind, and sets that kind to never', async () => {
    const db = database.db
    const user = await makeUser(db)
    const token = await signUnsubscribeToken(db, user.id, 'match.new')
    expect(await readUnsubscribeToken(db, token)).toMatchObject({ ok: true, userId: user.id, kind: 'match.new' })
    await setPreference(db, user.id, 'match.new', 'never')
    expect((await getPreferences(db, user.id))['match.new']).toBe('never')
  })

  it('cannot be forged: another user, another kind, a changed signature or garbage are refused', async () => {
    const db = database.db
    const user = await makeUser(db)
    const other = await makeUser(db)
    const token = await signUnsubscribeToken(db, user.id, 'match.new')
    // the token is keyId.body.signature since ADR 060 (the body carries the issue time)
    const [keyId, body, signature] = token.split('.') as [string, string, string]
    const issued = Buffer.from(body, 'base64url').toString().split(':')[2]
    const otherBody = Buffer.from(`${other.id}:match.new:${issued}`).toString('base64url')
    const otherKind = Buffer.from(`${user.id}:exchange.proposed:${issued}`).toString('base64url')
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'AB' : 'AA'}`
    for (const forged of [
      `${keyId}.${otherBody}.${signature}`,
      `${keyId}.${otherKind}.${signature}`,
      `${keyId}.${body}.${flipped}`,
      `${keyId}.${body}.`,
      'garbage',
      '',
      `${token}.x`,
    ]) {
      expect(await readUnsubscribeToken(db, forged), forged).toEqual({ ok: false, error: 'invalid' })
    }
    expect(await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, other.id))).toEqual([])
  })
})

describe('outbox delivery', () => {
  it('sends due e-mails once, retries failures with growing backoff, and gives up after N attempts', async () => {
    const db = database.db
    const tag = `retry-${Date.now()}`
    await enqueueEmail(db, { to: `ok-${tag}@example.test`, subject: 's', text: 't', html: '<p>t</p>', kind: tag })
    await enqueueEmail(db, { to: `bad-${tag}@example.test`, subject: 's', text: 't', kind: tag })
    const { sent, transport } = countingTransport({ failFor: `bad-${tag}@example.test` })
    const first = await deliverDueEmails(db, transport, { from: 'Viertel <noreply@example.test>', maxAttempts: 3 })
    expect(first.sent).toBeGreaterThanOrEqual(1)
    expect(sent.filter((m) => m.to === `ok-${tag}@example.test`)).toHaveLength(1)
    const [bad] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, `bad-${tag}@example.test`))
    expect(bad).toMatchObject({ status: 'pending', attempts: 1, lastError: '550 mailbox unavailable' })
    const wait1 = bad!.nextAttemptAt.getTime() - Date.now()
    expect(wait1).toBeGreaterThan(30_000)
    // make it due again twice: the third failure is final
    for (let attempt = 2; attempt <= 3; attempt++) {
      await db.update(emailOutbox).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(emailOutbox.id, bad!.id))
      await deliverDueEmails(db, transport, { from: 'x@example.test', maxAttempts: 3 })
      const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, bad!.id))
      if (attempt === 2) expect(row!.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(wait1 + 30_000)
      else expect(row).toMatchObject({ status: 'failed', attempts: 3 })
    }
    const [ok] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, `ok-${tag}@example.test`))
    expect(ok).toMatchObject({ status: 'sent', attempts: 1 })
    expect(sent.filter((m) => m.to === `ok-${tag}@example.test`)).toHaveLength(1)
  })

  it('a worker whose slow sends outlast the lease passes over the rows another worker has claimed since', async () => {
    const db = database.db
    const tag = `lease-${Date.now()}`
    for (let i = 0; i < 3; i++) await enqueueEmail(db, { to: `l${i}-${tag}@example.test`, subject: `#${i}`, text: 't', kind: tag })
    const other = countingTransport()
    const sent: string[] = []
    let tookOver = false
    const slow: MailTransport = {
      async send(mail) {
        sent.push(mail.to)
        if (tookOver || !mail.to.endsWith(`${tag}@example.test`)) return
        tookOver = true
        // This send takes longer than the lease: the batch's other rows fall due, and a second worker takes them.
        await db
          .update(emailOutbox)
          .set({ nextAttemptAt: sql`now() - interval '1 second'` })
          .where(and(eq(emailOutbox.kind, tag), eq(emailOutbox.status, 'pending'), ne(emailOutbox.toAddress, mail.to)))
        await deliverDueEmails(db, other.transport, { from: 'x@example.test' })
      },
    }
    await deliverDueEmails(db, slow, { from: 'x@example.test', batch: 500 })
    expect(tookOver).toBe(true)
    const all = [...sent, ...other.sent.map((m) => m.to)].filter((to) => to.endsWith(`${tag}@example.test`))
    expect(all.sort()).toEqual([0, 1, 2].map((i) => `l${i}-${tag}@example.test`))
    const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.kind, tag))
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent'])
  })

  it('a worker told to stop sends the e-mail in hand and hands the rest of its batch back, due now', async () => {
    const db = database.db
    const tag = `stop-${Date.now()}`
    for (let i = 0; i < 4; i++) await enqueueEmail(db, { to: `s${i}-${tag}@example.test`, subject: `#${i}`, text: 't', kind: tag })
    const stop = new AbortController()
    const sent: string[] = []
    const stopping: MailTransport = {
      async send(mail) {
        sent.push(mail.to)
        if (mail.to.endsWith(`${tag}@example.test`)) stop.abort() // SIGTERM arrives during this send
      },
    }
    await deliverDueEmails(db, stopping, { from: 'x@example.test', batch: 500, signal: stop.signal })
    const ours = sent.filter((to) => to.endsWith(`${tag}@example.test`))
    expect(ours).toHaveLength(1)
    const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.kind, tag))
    const waiting = rows.filter((r) => r.toAddress !== ours[0])
    expect(rows.find((r) => r.toAddress === ours[0])).toMatchObject({ status: 'sent', attempts: 1 })
    expect(waiting).toHaveLength(3)
    for (const row of waiting) {
      expect(row).toMatchObject({ status: 'pending', attempts: 0 })
      expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000)
    }
    // the next worker sends them at once
    const next = countingTransport()
    await deliverDueEmails(db, next.transport, { from: 'x@example.test', batch: 500 })
    expect(next.sent.map((m) => m.to).filter((to) => to.endsWith(`${tag}@example.test`)).sort()).toEqual(waiting.map((r) => r.toAddress).sort())
  })

  it('a failed round is logged without the statement’s values', async () => {
    const cause = Object.assign(new Error('relation "email_outbox" does not exist'), { code: '42P01', detail: 'anna@example.test' })
    const failure = new DrizzleQueryError('select "id" from "email_outbox" where "to_address" = $1', ['anna@example.test'], cause)
    const failing = new Proxy({}, {
      get() {
        throw failure
      },
    }) as DbOrTx
    const lines: string[] = []
    const worker = startWorker(failing, { transport: countingTransport().transport, from: 'x@example.test', log: (line) => lines.push(line) })
    await worker.stop()
    const failed = lines.find((line) => line.includes('round failed'))
    expect(failed).toContain('select "id" from "email_outbox"')
    expect(failed).toContain('relation "email_outbox" does not exist')
    expect(lines.join('\n')).not.toContain('anna@example.test')
  })

  it('two workers on separate connections send each e-mail exactly once (PostgreSQL)', async () => {
    if (!onPostgres() || !database.url) {
      console.log('skipped: two workers need a real PostgreSQL server (PGlite is one connection); set DATABASE_URL')
      return
    }
    const db = database.db
    const tag = `race-${Date.now()}`
    const total = 120
    for (let i = 0; i < total; i++) {
      await enqueueEmail(db, { to: `r${i}-${tag}@example.test`, subject: `#${i}`, text: 't', kind: tag })
    }
    const a = await openDatabase({ url: database.url, migrate: false, poolSize: 2 })
    const b = await openDatabase({ url: database.url, migrate: false, poolSize: 2 })
    try {
      const one = countingTransport({ delayMs: 2 })
      const two = countingTransport({ delayMs: 2 })
      const drain = async (worker: typeof a, transport: MailTransport) => {
        for (;;) {
          const r = await deliverDueEmails(worker.db, transport, { from: 'x@example.test', batch: 7 })
          if (r.sent + r.retried + r.failed === 0) break
        }
      }
      await Promise.all([drain(a, one.transport), drain(b, two.transport), drain(a, one.transport), drain(b, two.transport)])
      const sentTo = [...one.sent, ...two.sent].map((m) => m.to).filter((to) => to.endsWith(`${tag}@example.test`))
      expect(sentTo).toHaveLength(total)
      expect(new Set(sentTo).size).toBe(total)
      expect(one.sent.length).toBeGreaterThan(0)
      expect(two.sent.length).toBeGreaterThan(0)
      const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.kind, tag))
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true)
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('two workers build each digest once (PostgreSQL)', async () => {
    if (!onPostgres() || !database.url) {
      console.log('skipped: concurrent digests need a real PostgreSQL server; set DATABASE_URL')
      return
    }
    const db = database.db
    const centre = await makeCentre(db)
    const people = []
    for (let i = 0; i < 15; i++) {
      const u = await makeUser(db)
      await setPreference(db, u.id, 'search.new_listing', 'weekly')
      await notify(db, { userIds: [u.id], centreId: centre.id, kind: 'search.new_listing', payload: { search: 'x', title: `t${i}` } })
      people.push(u)
    }
    const a = await openDatabase({ url: database.url, migrate: false, poolSize: 2 })
    const b = await openDatabase({ url: database.url, migrate: false, poolSize: 2 })
    try {
      const later = new Date(Date.now() + 8 * 24 * 3600_000)
      await Promise.all([buildDueDigests(a.db, later), buildDueDigests(b.db, later), buildDueDigests(a.db, later)])
      const mails = await db.select().from(emailOutbox).where(inArray(emailOutbox.toAddress, people.map((p) => p.email)))
      expect(mails).toHaveLength(people.length)
      expect(new Set(mails.map((m) => m.toAddress)).size).toBe(people.length)
    } finally {
      await a.close()
      await b.close()
    }
  })
})
