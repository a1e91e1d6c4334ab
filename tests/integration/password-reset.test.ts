import { and, desc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUser, TEST_PASSWORD } from '#db/factories'
import { emailOutbox, emailTokens, sessions, users } from '#db/schema'
import { authenticate, changePassword, startSession } from '~/modules/auth/accounts.server'
import { SESSION_COOKIE } from '~/utils/session-cookie.server'
import {
  RESET_EMAILS_PER_HOUR,
  RESET_PURPOSE,
  RESET_REQUESTS_PER_IP_PER_HOUR,
  requestPasswordReset,
  resetPassword,
} from '~/modules/auth/password-reset.server'
import { hashToken } from '~/modules/auth/session.server'
import type { action as forgotAction } from '~/routes/forgot-password'
import type { action as resetAction, loader as resetLoader } from '~/routes/reset-password.$token'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * Forgot password (issue #14 §1, ADR 066), through the routes as the server calls them and
 * through the module with a chosen clock, on this file's database.
 */

let database: TestDatabase
let forgot: typeof forgotAction
let resetGet: typeof resetLoader
let resetPost: typeof resetAction
beforeAll(async () => {
  database = await createTestDatabase()
  globalThis.__viertelDatabase = Promise.resolve(database)
  ;({ action: forgot } = await import('~/routes/forgot-password'))
  ;({ loader: resetGet, action: resetPost } = await import('~/routes/reset-password.$token'))
})
afterAll(() => database.close())

const NEW_PASSWORD = 'Regenfass-Werkbank-Nachbarschaft'
let ipCounter = 0
const newIp = () => `203.0.113.${++ipCounter % 250}`
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`

interface Answer {
  status: number
  location: string | null
  setCookies: string[]
  retryAfter: string | null
  body: unknown
}

async function call(
  fn: (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<unknown>,
  url: string,
  options: { form?: Record<string, string>; params?: Record<string, string>; ip?: string; cookie?: string } = {},
): Promise<Answer> {
  const headers = new Headers()
  if (options.form) headers.set('Content-Type', 'application/x-www-form-urlencoded')
  if (options.cookie) headers.set('Cookie', options.cookie)
  const request = new Request(`http://viertel.test${url}`, {
    method: options.form ? 'POST' : 'GET',
    headers,
    body: options.form ? new URLSearchParams(options.form) : undefined,
  })
  let result: unknown
  try {
    result = await fn({ request, params: options.params ?? {}, context: { clientIp: options.ip ?? newIp() } })
  } catch (thrown) {
    result = thrown
    if (process.env.FULL9_DEBUG && !(thrown instanceof Response)) console.log('THROWN', thrown)
  }
  if (result instanceof Response) {
    return {
      status: result.status,
      location: result.headers.get('Location'),
      setCookies: result.headers.getSetCookie(),
      retryAfter: result.headers.get('Retry-After'),
      body: await result.text(),
    }
  }
  const { data, init } = result as { data: unknown; init?: ResponseInit }
  const h = new Headers(init?.headers)
  return { status: init?.status ?? 200, location: h.get('Location'), setCookies: h.getSetCookie(), retryAfter: h.get('Retry-After'), body: data }
}

const ask = (email: string, ip?: string) => call(forgot as never, '/forgot-password', { form: { email }, ...(ip ? { ip } : {}) })
const openLink = (token: string) => call(resetGet as never, `/reset-password/${token}`, { params: { token } })
const setPassword = (token: string, password = NEW_PASSWORD, confirm = password) =>
  call(resetPost as never, `/reset-password/${token}`, { params: { token }, form: { newPassword: password, confirmPassword: confirm } })

async function mailsTo(email: string) {
  return database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email)).orderBy(desc(emailOutbox.createdAt))
}

function resetLinkIn(text: string) {
  const match = /https?:\/\/\S+\/reset-password\/([a-z2-7]+)/.exec(text)
  expect(match, `a reset link in:\n${text}`).not.toBeNull()
  return match![1]!
}

async function latestResetLink(email: string) {
  const mails = (await mailsTo(email)).filter((m) => m.kind === 'auth.password_reset')
  expect(mails.length).toBeGreaterThan(0)
  return resetLinkIn(mails[0]!.text)
}

async function passwordHashOf(userId: string) {
  const [row] = await database.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId))
  return row!.hash
}

describe('asking for a reset link', () => {
  it('answers a known and an unknown address alike; only the known one gets an e-mail, in its language', async () => {
    const known = await makeUser(database.db, { name: 'Nele Niederländisch', locale: 'nl' })
    const unknown = `nobody-${unique()}@example.test`
    const forKnown = await ask(known.email)
    const forUnknown = await ask(unknown)
    expect(forKnown.status).toBe(302)
    expect([forUnknown.status, forUnknown.location, forUnknown.setCookies, forUnknown.body]).toEqual([
      forKnown.status,
      forKnown.location,
      forKnown.setCookies,
      forKnown.body,
    ])
    expect(forKnown.location).toBe('/forgot-password?sent=1')
    expect(await mailsTo(unknown)).toEqual([])
    const [mail] = await mailsTo(known.email)
    expect(mail!.kind).toBe('auth.password_reset')
    expect(mail!.text).toContain('Nele Niederländisch')
    expect(mail!.text).toContain('wachtwoord') // Dutch
    const token = resetLinkIn(mail!.text)
    // only the token's hash is stored
    const rows = await database.db.select().from(emailTokens).where(eq(emailTokens.userId, known.id))
    expect(rows).toHaveLength(1)
    expect(rows[0]!.purpose).toBe(RESET_PURPOSE)
    expect(rows[0]!.tokenHash).toBe(hashToken(token))
    expect(JSON.stringify(rows)).not.toContain(token)
    expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBe(60 * 60 * 1000)
  })

  it('bad input is 400 at the field, nothing written', async () => {
    const before = await database.db.select().from(emailTokens)
    const answer = await call(forgot as never, '/forgot-password', { form: { email: 'not an address\u0000' } })
    expect(answer.status).toBe(400)
    expect(JSON.stringify(answer.body)).toContain('email')
    expect(await database.db.select().from(emailTokens)).toEqual(before)
  })

  it(`sends at most ${RESET_EMAILS_PER_HOUR} e-mails an hour to one address; further requests get the same answer`, async () => {
    const person = await makeUser(database.db)
    const answers = []
    for (let i = 0; i < RESET_EMAILS_PER_HOUR + 2; i++) answers.push(await ask(person.email.toUpperCase()))
    expect(new Set(answers.map((a) => `${a.status} ${a.location}`))).toEqual(new Set(['302 /forgot-password?sent=1']))
    expect((await mailsTo(person.email)).length).toBe(RESET_EMAILS_PER_HOUR)
  })

  it(`refuses request number ${RESET_REQUESTS_PER_IP_PER_HOUR + 1} from one IP within the hour with 429, whatever the address`, async () => {
    const ip = '192.0.2.77'
    for (let i = 0; i < RESET_REQUESTS_PER_IP_PER_HOUR; i++) {
      expect((await ask(`spray-${i}-${unique()}@example.test`, ip)).status).toBe(302)
    }
    const person = await makeUser(database.db)
    const refused = await ask(person.email, ip)
    expect(refused.status).toBe(429)
    expect(Number(refused.retryAfter)).toBeGreaterThan(0)
    expect(JSON.stringify(refused.body)).toContain('auth.forgot.tooMany')
    expect(await mailsTo(person.email)).toEqual([])
    // another connection is not held
    expect((await ask(person.email)).status).toBe(302)
    expect((await mailsTo(person.email)).length).toBe(1)
  })
})

describe('following a reset link', () => {
  it('opening it changes nothing; setting the password ends every session, logs in here and tells the person', async () => {
    const person = await makeUser(database.db, { name: 'Paula Passwort' })
    await startSession(database.db, person.id)
    await startSession(database.db, person.id)
    await ask(person.email)
    const token = await latestResetLink(person.email)
    const hashBefore = await passwordHashOf(person.id)

    const opened = await openLink(token)
    expect(opened.status).toBe(200)
    expect(opened.body).toMatchObject({ usable: true, email: person.email })
    expect(await passwordHashOf(person.id)).toBe(hashBefore)
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, person.id))).toHaveLength(2)

    const done = await setPassword(token)
    expect(done.status).toBe(302)
    expect(done.location).toBe('/')
    const sessionCookie = done.setCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`))
    expect(sessionCookie).toBeDefined()
    const left = await database.db.select().from(sessions).where(eq(sessions.userId, person.id))
    expect(left).toHaveLength(1) // only the new one of this browser
    expect(left[0]!.id).toBe(hashToken(sessionCookie!.split(';')[0]!.split('=')[1]!))
    expect(await authenticate(database.db, person.email, NEW_PASSWORD)).not.toBeNull()
    expect(await authenticate(database.db, person.email, TEST_PASSWORD)).toBeNull()
    const [told] = await mailsTo(person.email)
    expect(told!.kind).toBe('auth.password_changed')
    expect(told!.text).toContain('Paula Passwort')
  })

  it('works once: the second use is 410 and changes nothing', async () => {
    const person = await makeUser(database.db)
    await ask(person.email)
    const token = await latestResetLink(person.email)
    expect((await setPassword(token)).status).toBe(302)
    const hashAfterFirst = await passwordHashOf(person.id)
    const again = await setPassword(token, 'Ganz-anderes-Passwort-Dachboden')
    expect(again.status).toBe(410)
    expect(again.body).toMatchObject({ usable: false })
    expect(await passwordHashOf(person.id)).toBe(hashAfterFirst)
    expect((await openLink(token)).status).toBe(410)
  })

  it('two tabs posting the same link at once: exactly one sets its password', async () => {
    const person = await makeUser(database.db)
    await ask(person.email)
    const token = await latestResetLink(person.email)
    const results = await Promise.all([
      resetPassword(database.db, token, 'Erste-Werkstatt-Nachbarschaftsgarten'),
      resetPassword(database.db, token, 'Zweite-Werkstatt-Nachbarschaftsgarten'),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    const winner = results[0]!.ok ? 'Erste-Werkstatt-Nachbarschaftsgarten' : 'Zweite-Werkstatt-Nachbarschaftsgarten'
    expect(await authenticate(database.db, person.email, winner)).not.toBeNull()
    expect((await mailsTo(person.email)).filter((m) => m.kind === 'auth.password_changed')).toHaveLength(1)
  })

  it('expires after an hour (module clock and stored expiry)', async () => {
    const person = await makeUser(database.db)
    const asked = new Date()
    await requestPasswordReset(database.db, { email: person.email, ip: newIp() }, asked)
    const token = await latestResetLink(person.email)
    const hashBefore = await passwordHashOf(person.id)
    const late = await resetPassword(database.db, token, NEW_PASSWORD, new Date(asked.getTime() + 60 * 60 * 1000 + 1000))
    expect(late).toEqual({ ok: false, error: 'invalidLink' })
    expect(await passwordHashOf(person.id)).toBe(hashBefore)
    // the same link through the routes, with its expiry passed in the table
    await database.db
      .update(emailTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(emailTokens.tokenHash, hashToken(token)))
    expect((await openLink(token)).status).toBe(410)
    expect((await setPassword(token)).status).toBe(410)
    expect(await passwordHashOf(person.id)).toBe(hashBefore)
  })

  it('a newer link ends the older one', async () => {
    const person = await makeUser(database.db)
    await ask(person.email)
    const older = await latestResetLink(person.email)
    await ask(person.email)
    const newer = await latestResetLink(person.email)
    expect(newer).not.toBe(older)
    expect((await openLink(older)).status).toBe(410)
    expect((await setPassword(older)).status).toBe(410)
    expect((await setPassword(newer)).status).toBe(302)
  })

  it('a password change on /account ends a pending link', async () => {
    const person = await makeUser(database.db)
    await ask(person.email)
    const token = await latestResetLink(person.email)
    const { session } = await startSession(database.db, person.id)
    expect(await changePassword(database.db, person.id, session.id, TEST_PASSWORD, 'Obstwiese-Fahrradkeller-Tauschregal')).toEqual({ ok: true })
    expect((await setPassword(token)).status).toBe(410)
    expect(await authenticate(database.db, person.email, 'Obstwiese-Fahrradkeller-Tauschregal')).not.toBeNull()
  })

  it('a link sent to an address the person no longer has does nothing', async () => {
    const person = await makeUser(database.db)
    await ask(person.email)
    const token = await latestResetLink(person.email)
    await database.db.update(users).set({ email: `moved-${unique()}@example.test` }).where(eq(users.id, person.id))
    expect((await openLink(token)).status).toBe(410)
    const hashBefore = await passwordHashOf(person.id)
    expect((await setPassword(token)).status).toBe(410)
    expect(await passwordHashOf(person.id)).toBe(hashBefore)
  })

  it('a weak or mismatched password is 400 at the field and the link still works', async () => {
    const person = await makeUser(database.db, { name: 'Wanda Weak' })
    await ask(person.email)
    const token = await latestResetLink(person.email)
    const weak = await setPassword(token, 'password123')
    expect(weak.status).toBe(400)
    expect(JSON.stringify(weak.body)).toMatch(/auth\.password\.weak\./)
    const mismatch = await setPassword(token, NEW_PASSWORD, `${NEW_PASSWORD}x`)
    expect(mismatch.status).toBe(400)
    expect(JSON.stringify(mismatch.body)).toContain('auth.errors.passwordMismatch')
    const [row] = await database.db
      .select()
      .from(emailTokens)
      .where(and(eq(emailTokens.tokenHash, hashToken(token)), eq(emailTokens.purpose, RESET_PURPOSE)))
    expect(row!.usedAt).toBeNull()
    expect((await setPassword(token)).status).toBe(302)
  })

  it('unknown, malformed and odd tokens are 410, never 500', async () => {
    for (const token of ['', 'abc', 'a'.repeat(32), 'x'.repeat(5000), 'tab\there', 'nul\u0000byte', '../../etc']) {
      expect((await openLink(token)).status).toBe(410)
      expect((await setPassword(token)).status).toBe(410)
    }
  })

  it('the link proves the mailbox: an unverified person is verified after a reset', async () => {
    const person = await makeUser(database.db, { emailVerifiedAt: null })
    await ask(person.email)
    expect((await setPassword(await latestResetLink(person.email))).status).toBe(302)
    const [after] = await database.db.select().from(users).where(eq(users.id, person.id))
    expect(after!.emailVerifiedAt).not.toBeNull()
  })
})
