import { desc, eq, sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { makeUser } from '#db/factories'
import { emailOutbox, emailTokens, sessions, users } from '#db/schema'
import type { action as accountAction } from '~/routes/account'
import type { action as confirmAction, loader as confirmLoader } from '~/routes/confirm-email.$token'
import type { action as signupAction } from '~/routes/signup'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * Signup without enumeration and new passwords' strength (issue #13 §5, ADR 061), through the
 * routes as the server calls them, on this file's database.
 */

let database: TestDatabase
let signup: typeof signupAction
let confirmGet: typeof confirmLoader
let confirmPost: typeof confirmAction
let account: typeof accountAction
beforeAll(async () => {
  database = await createTestDatabase()
  // ~/utils/db.server takes the handle kept here instead of opening its own
  globalThis.__viertelDatabase = Promise.resolve(database)
  ;({ action: signup } = await import('~/routes/signup'))
  ;({ loader: confirmGet, action: confirmPost } = await import('~/routes/confirm-email.$token'))
  ;({ action: account } = await import('~/routes/account'))
})
afterAll(() => database.close())
afterEach(() => {
  vi.useRealTimers()
})

const STRONG = 'Kompost-Lastenrad-Dachgarten'
let ipCounter = 0
const newIp = () => `198.51.100.${++ipCounter % 250}`
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`

interface Answer {
  status: number
  location: string | null
  setCookies: string[]
  body: unknown
}

async function call(
  fn: (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<unknown>,
  url: string,
  options: { form?: Record<string, string>; cookie?: string; params?: Record<string, string>; lang?: string } = {},
): Promise<Answer> {
  const headers = new Headers()
  if (options.form) headers.set('Content-Type', 'application/x-www-form-urlencoded')
  if (options.cookie) headers.set('Cookie', options.cookie)
  if (options.lang) headers.set('Accept-Language', options.lang)
  const request = new Request(`http://viertel.test${url}`, {
    method: options.form ? 'POST' : 'GET',
    headers,
    body: options.form ? new URLSearchParams(options.form) : undefined,
  })
  let result: unknown
  try {
    result = await fn({ request, params: options.params ?? {}, context: { clientIp: newIp() } })
  } catch (thrown) {
    result = thrown
  }
  if (result instanceof Response) {
    return { status: result.status, location: result.headers.get('Location'), setCookies: result.headers.getSetCookie(), body: await result.text() }
  }
  const { data, init } = result as { data: unknown; init?: ResponseInit }
  const h = new Headers(init?.headers)
  return { status: init?.status ?? 200, location: h.get('Location'), setCookies: h.getSetCookie(), body: data }
}

const signUp = (form: Record<string, string>, lang?: string) =>
  call(signup as never, '/signup', { form, ...(lang ? { lang } : {}) })

async function mailsTo(email: string) {
  return database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email)).orderBy(desc(emailOutbox.createdAt))
}

function linkIn(text: string) {
  const match = /https?:\/\/\S+\/confirm-email\/([a-z2-7]+)/.exec(text)
  expect(match, `a confirmation link in:\n${text}`).not.toBeNull()
  return match![1]!
}

const cookieNames = (answer: Answer) => answer.setCookies.map((c) => c.split('=')[0]).sort()

describe('signup does not tell whether an address is registered', () => {
  it('answers a known and a new address alike: status, redirect, cookies and body', async () => {
    const known = await makeUser(database.db, { name: 'Karla Known' })
    const fresh = `fresh-${unique()}@example.test`
    const forKnown = await signUp({ name: 'Someone', email: known.email, password: STRONG })
    const forNew = await signUp({ name: 'Someone', email: fresh, password: STRONG })
    expect(forKnown.status).toBe(302)
    expect(forNew.status).toBe(forKnown.status)
    expect(forNew.location).toBe(forKnown.location)
    expect(forKnown.location).toBe('/confirm-email')
    expect(forNew.setCookies).toEqual(forKnown.setCookies) // the same toast, byte for byte; no session
    expect(cookieNames(forKnown)).toEqual(['toast'])
    expect(forNew.body).toEqual(forKnown.body)
    // an e-mail address in another case is the same account: answered the same way too
    const shouted = await signUp({ name: 'Someone', email: known.email.toUpperCase(), password: STRONG })
    expect([shouted.status, shouted.location, shouted.setCookies]).toEqual([forNew.status, forNew.location, forNew.setCookies])
  })

  it('takes about as long for both (the password is hashed in both branches)', async () => {
    const known = await makeUser(database.db)
    const time = async (email: string) => {
      const start = performance.now()
      await signUp({ name: 'Timing', email, password: STRONG })
      return performance.now() - start
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    const knownTimes: number[] = []
    const newTimes: number[] = []
    for (let i = 0; i < 5; i++) {
      knownTimes.push(await time(known.email))
      newTimes.push(await time(`timing-${unique()}@example.test`))
    }
    const ratio = median(knownTimes) / median(newTimes)
    expect(ratio, `known ${median(knownTimes).toFixed(0)} ms, new ${median(newTimes).toFixed(0)} ms`).toBeGreaterThan(0.5)
    expect(ratio).toBeLessThan(2)
  })

  it('the owner of a known address gets an e-mail with a link to log in; the account is unchanged', async () => {
    const known = await makeUser(database.db, { name: 'Olga Owner', locale: 'fr' })
    await signUp({ name: 'Intruder', email: known.email, password: STRONG })
    const [mail] = await mailsTo(known.email)
    expect(mail?.kind).toBe('auth.signup_existing')
    expect(mail!.subject).toContain('Viertel')
    expect(mail!.text).toContain('Olga Owner')
    expect(mail!.text).toMatch(/https?:\/\/\S+\/login/)
    expect(mail!.text).toContain('quelqu’un') // in the owner's language
    const [after] = await database.db.select().from(users).where(eq(users.id, known.id))
    expect(after).toEqual(known)
    const tokens = await database.db.select().from(emailTokens).where(eq(emailTokens.email, known.email))
    expect(tokens).toEqual([])
  })

  it('a new address gets a single-use link that creates the verified account and logs in; no account before', async () => {
    const email = `new-${unique()}@example.test`
    const answer = await signUp({ name: 'Nina Neu', email: email.toUpperCase(), password: STRONG, redirectTo: '/c/lagerhaus' })
    expect(answer.location).toBe('/confirm-email')
    expect(await database.db.select().from(users).where(eq(users.email, email))).toEqual([])
    const [mail] = await mailsTo(email)
    expect(mail?.kind).toBe('auth.signup_confirm')
    const token = linkIn(mail!.text)
    // only the token's hash is stored
    const [stored] = await database.db.select().from(emailTokens).where(eq(emailTokens.email, email))
    expect(stored!.tokenHash).not.toContain(token)
    expect(stored!.purpose).toBe('signup')
    expect(JSON.stringify(stored!.payload)).not.toContain(STRONG)
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBeGreaterThan(23.9 * 3600_000)
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBeLessThanOrEqual(24 * 3600_000 + 5000)

    // opening the link changes nothing (mail scanners open links too)
    const opened = await call(confirmGet as never, `/confirm-email/${token}`, { params: { token } })
    expect(opened.status).toBe(200)
    expect(await database.db.select().from(users).where(eq(users.email, email))).toEqual([])

    const confirmed = await call(confirmPost as never, `/confirm-email/${token}`, { params: { token }, form: {} })
    expect(confirmed.status).toBe(302)
    expect(confirmed.location).toBe('/c/lagerhaus')
    expect(cookieNames(confirmed)).toEqual(['toast', 'viertel_device', 'viertel_session'])
    const [user] = await database.db.select().from(users).where(eq(users.email, email))
    expect(user!.name).toBe('Nina Neu')
    expect(user!.emailVerifiedAt).toBeInstanceOf(Date)
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/)
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, user!.id))).toHaveLength(1)

    // once only
    expect((await call(confirmPost as never, `/confirm-email/${token}`, { params: { token }, form: {} })).status).toBe(410)
    expect((await call(confirmGet as never, `/confirm-email/${token}`, { params: { token } })).status).toBe(410)
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, user!.id))).toHaveLength(1)
  })

  it('a link older than 24 hours, or one that was never sent, gives nothing', async () => {
    const email = `late-${unique()}@example.test`
    await signUp({ name: 'Lars Late', email, password: STRONG })
    const token = linkIn((await mailsTo(email))[0]!.text)
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 24 * 3600_000 + 60_000 })
    expect((await call(confirmPost as never, `/confirm-email/${token}`, { params: { token }, form: {} })).status).toBe(410)
    vi.useRealTimers()
    for (const bad of ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'x', '%00', 'a'.repeat(5000), "' or 1=1 --"]) {
      expect((await call(confirmPost as never, '/confirm-email/x', { params: { token: bad }, form: {} })).status).toBe(410)
      expect((await call(confirmGet as never, '/confirm-email/x', { params: { token: bad } })).status).toBe(410)
    }
    expect(await database.db.select().from(users).where(eq(users.email, email))).toEqual([])
  })

  it('of two signups for one address, the link followed first makes the account; the other is spent', async () => {
    const email = `twice-${unique()}@example.test`
    await signUp({ name: 'First', email, password: STRONG })
    await signUp({ name: 'Second', email, password: `${STRONG}-zwei` })
    const [second, first] = (await mailsTo(email)).map((m) => linkIn(m.text))
    expect((await call(confirmPost as never, '/confirm-email/x', { params: { token: second! }, form: {} })).status).toBe(302)
    expect((await call(confirmPost as never, '/confirm-email/x', { params: { token: first! }, form: {} })).status).toBe(410)
    const rows = await database.db.select().from(users).where(eq(users.email, email))
    expect(rows.map((r) => r.name)).toEqual(['Second'])
  })

  it('sends at most 3 e-mails an hour to one address from the form, and still answers the same', async () => {
    const known = await makeUser(database.db)
    const answers = []
    for (let i = 0; i < 5; i++) answers.push(await signUp({ name: 'Bomber', email: known.email, password: STRONG }))
    expect(answers.map((a) => a.location)).toEqual(Array(5).fill('/confirm-email'))
    expect(await mailsTo(known.email)).toHaveLength(3)
  })
})

describe('new passwords must be hard to guess', () => {
  const fieldError = (answer: Answer, field: string) =>
    (answer.body as { result: { error: Record<string, string[]> } }).result.error[field]

  it.each([
    ['password', 'validation.tooShort?minimum=10'],
    ['12345678', 'validation.tooShort?minimum=10'],
    ['password1234', 'auth.password.weak.common'],
    ['qwertzuiop123', 'auth.password.weak.keyboard'],
    ['Passwort12345', null],
    ['wachtwoord1234', null],
  ])('signup refuses %s with a reason at the password field, and writes nothing', async (password, reason) => {
    const email = `weak-${unique()}@example.test`
    const answer = await signUp({ name: 'Wanda Weak', email, password })
    expect(answer.status).toBe(400)
    const errors = fieldError(answer, 'password')
    if (reason) expect(errors).toEqual([reason])
    else expect(errors?.[0]).toMatch(/^auth\.password\.weak\./)
    expect(await mailsTo(email)).toEqual([])
    expect(await database.db.select({ n: sql<number>`count(*)::int` }).from(emailTokens).where(eq(emailTokens.email, email))).toEqual([{ n: 0 }])
  })

  it("the person's own name and e-mail address count as guessable words", async () => {
    const answer = await signUp({ name: 'Annegret Zimmermann', email: `annegret.zimmermann.${unique()}@example.test`, password: 'annegretzimmermann2026' })
    expect(answer.status).toBe(400)
    expect(fieldError(answer, 'password')).toEqual(['auth.password.weak.personal'])
  })

  it('a password change on /account is held to the same rule, at the new-password field', async () => {
    const person = await makeUser(database.db, { name: 'Paul Passwort' })
    const { startSession } = await import('~/modules/auth/accounts.server')
    const { token } = await startSession(database.db, person.id)
    const change = (newPassword: string) =>
      call(account as never, '/account', {
        cookie: `viertel_session=${token}`,
        form: { intent: 'password', currentPassword: 'correct horse battery', newPassword, confirmPassword: newPassword },
      })
    const weak = await change('password1234')
    expect(weak.status).toBe(400)
    expect(fieldError(weak, 'newPassword')).toEqual(['auth.password.weak.common'])
    const [unchanged] = await database.db.select().from(users).where(eq(users.id, person.id))
    expect(unchanged!.passwordHash).toBe(person.passwordHash)
    const strong = await change(STRONG)
    expect(strong.status).toBe(302)
  })

  it('the reasons read in the four languages', async () => {
    const { getT } = await import('~/utils/i18n.server')
    const texts = (['de', 'en', 'fr', 'nl'] as const).map((l) => getT(l)('auth.password.weak.common'))
    expect(new Set(texts).size).toBe(4)
    expect(texts.every((t) => t && !t.startsWith('auth.'))).toBe(true)
  })
})
