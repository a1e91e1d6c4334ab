import { desc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCentre, makeUser, TEST_PASSWORD } from '#db/factories'
import { emailOutbox, emailTokens, initiatives, users } from '#db/schema'
import { authenticate, startSession } from '~/modules/auth/accounts.server'
import { SESSION_COOKIE } from '~/utils/session-cookie.server'
import { confirmEmailLink, requestEmailChange, VERIFY_EMAILS_PER_HOUR } from '~/modules/auth/email-verification.server'
import { hashToken } from '~/modules/auth/session.server'
import { eraseAccount } from '~/modules/privacy/erasure.server'
import type { action as accountAction } from '~/routes/account'
import type { action as proposeAction } from '~/routes/c.$centre.exchanges.new'
import type { action as joinAction, loader as joinLoader } from '~/routes/c.$centre.join'
import type { action as postAction } from '~/routes/c.$centre.listings.new'
import type { action as inviteAction } from '~/routes/invite.$token'
import type { action as linkAction, loader as linkLoader } from '~/routes/verify-email.$token'
import type { action as verifyAction, loader as verifyLoader } from '~/routes/verify-email._index'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * Verified e-mail (issue #14 §2, ADR 066): the gates on applying, posting, proposing and accepting
 * an invitation; "send again"; changing the address only through a link to the new one.
 */

let database: TestDatabase
let account: typeof accountAction
let joinGet: typeof joinLoader
let join: typeof joinAction
let post: typeof postAction
let propose: typeof proposeAction
let accept: typeof inviteAction
let verifyGet: typeof verifyLoader
let verifyPost: typeof verifyAction
let linkGet: typeof linkLoader
let linkPost: typeof linkAction
beforeAll(async () => {
  database = await createTestDatabase()
  globalThis.__viertelDatabase = Promise.resolve(database)
  ;({ action: account } = await import('~/routes/account'))
  ;({ loader: joinGet, action: join } = await import('~/routes/c.$centre.join'))
  ;({ action: post } = await import('~/routes/c.$centre.listings.new'))
  ;({ action: propose } = await import('~/routes/c.$centre.exchanges.new'))
  ;({ action: accept } = await import('~/routes/invite.$token'))
  ;({ loader: verifyGet, action: verifyPost } = await import('~/routes/verify-email._index'))
  ;({ loader: linkGet, action: linkPost } = await import('~/routes/verify-email.$token'))
})
afterAll(() => database.close())

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`

interface Answer {
  status: number
  location: string | null
  body: unknown
}

type Handler = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<unknown>

async function call(
  fn: Handler,
  url: string,
  options: { form?: Record<string, string>; params?: Record<string, string>; cookie?: string } = {},
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
    result = await fn({ request, params: options.params ?? {}, context: { clientIp: '198.18.0.1' } })
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown
    result = thrown
  }
  if (result instanceof Response) {
    return { status: result.status, location: result.headers.get('Location'), body: await result.text() }
  }
  if (result && typeof result === 'object' && 'init' in result) {
    const { data, init } = result as { data: unknown; init?: ResponseInit }
    return { status: init?.status ?? 200, location: new Headers(init?.headers).get('Location'), body: data }
  }
  return { status: 200, location: null, body: result }
}

async function loggedIn(overrides: Parameters<typeof makeUser>[1] = {}) {
  const user = await makeUser(database.db, overrides)
  const { token } = await startSession(database.db, user.id)
  return { user, cookie: `${SESSION_COOKIE}=${token}` }
}

async function mailsTo(email: string) {
  return database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email)).orderBy(desc(emailOutbox.createdAt))
}

function verifyLinkIn(text: string) {
  const match = /https?:\/\/\S+\/verify-email\/([a-z2-7]+)/.exec(text)
  expect(match, `a verification link in:\n${text}`).not.toBeNull()
  return match![1]!
}

const userRow = async (id: string) => (await database.db.select().from(users).where(eq(users.id, id)))[0]!

describe('an unverified address', () => {
  it('may look around but not apply, post, propose or accept an invitation: each is sent to /verify-email', async () => {
    const centre = await makeCentre(database.db)
    const { cookie } = await loggedIn({ emailVerifiedAt: null })
    const params = { centre: centre.slug }
    const initiativesBefore = await database.db.select().from(initiatives).where(eq(initiatives.centreId, centre.id))
    const attempts: [Handler, string, Record<string, string>, Record<string, string> | undefined][] = [
      [joinGet as never, `/c/${centre.slug}/join`, params, undefined],
      [join as never, `/c/${centre.slug}/join`, params, { name: 'Gated Kollektiv', message: 'Hallo' }],
      [post as never, `/c/${centre.slug}/listings/new`, params, { title: 'Lastenrad' }],
      [propose as never, `/c/${centre.slug}/exchanges/new`, params, { intent: 'propose' }],
      [accept as never, '/invite/abcdefghijklmnopqrstuvwxyz234567', { token: 'abcdefghijklmnopqrstuvwxyz234567' }, {}],
    ]
    for (const [fn, url, p, form] of attempts) {
      const answer = await call(fn, url, { params: p, cookie, ...(form ? { form } : {}) })
      expect(answer.status, url).toBe(302)
      expect(answer.location).toBe(`/verify-email?${new URLSearchParams({ redirectTo: url })}`)
    }
    expect(await database.db.select().from(initiatives).where(eq(initiatives.centreId, centre.id))).toEqual(initiativesBefore)
  })

  it('a verified person passes the same gates', async () => {
    const centre = await makeCentre(database.db)
    const { cookie } = await loggedIn()
    const answer = await call(joinGet as never, `/c/${centre.slug}/join`, { params: { centre: centre.slug }, cookie })
    expect(answer.status).toBe(200)
    const invite = await call(accept as never, '/invite/abcdefghijklmnopqrstuvwxyz234567', {
      params: { token: 'abcdefghijklmnopqrstuvwxyz234567' },
      cookie,
      form: {},
    })
    expect(invite.location ?? '').not.toContain('/verify-email')
  })

  it('"send again" sends a link that verifies the address once; then the gates open', async () => {
    const centre = await makeCentre(database.db)
    const { user, cookie } = await loggedIn({ emailVerifiedAt: null, locale: 'fr' })
    const page = await call(verifyGet as never, '/verify-email?redirectTo=/c/x/join', { cookie })
    expect(page.status).toBe(200)
    const sent = await call(verifyPost as never, '/verify-email', { cookie, form: {} })
    expect(sent.status).toBe(302)
    const [mail] = await mailsTo(user.email)
    expect(mail!.kind).toBe('auth.verify_email')
    expect(mail!.text).toContain('confirme') // French
    const token = verifyLinkIn(mail!.text)
    expect((await call(linkGet as never, `/verify-email/${token}`, { params: { token } })).status).toBe(200)
    expect((await userRow(user.id)).emailVerifiedAt).toBeNull() // opening changes nothing
    const done = await call(linkPost as never, `/verify-email/${token}`, { params: { token }, cookie, form: {} })
    expect(done.status).toBe(302)
    expect((await userRow(user.id)).emailVerifiedAt).not.toBeNull()
    expect((await call(linkPost as never, `/verify-email/${token}`, { params: { token }, form: {} })).status).toBe(410)
    const gate = await call(joinGet as never, `/c/${centre.slug}/join`, { params: { centre: centre.slug }, cookie })
    expect(gate.status).toBe(200)
    // a verified person on /verify-email goes straight on
    const onward = await call(verifyGet as never, '/verify-email?redirectTo=/account', { cookie })
    expect([onward.status, onward.location]).toEqual([302, '/account'])
  })

  it(`"send again" sends at most ${VERIFY_EMAILS_PER_HOUR} links an hour, then 429`, async () => {
    const { user, cookie } = await loggedIn({ emailVerifiedAt: null })
    for (let i = 0; i < VERIFY_EMAILS_PER_HOUR; i++) expect((await call(verifyPost as never, '/verify-email', { cookie, form: {} })).status).toBe(302)
    const refused = await call(verifyPost as never, '/verify-email', { cookie, form: {} })
    expect(refused.status).toBe(429)
    expect((await mailsTo(user.email)).length).toBe(VERIFY_EMAILS_PER_HOUR)
  })
})

describe('changing the e-mail address on /account', () => {
  it('needs the right password: a wrong one is 400 at the field, nothing sent, nothing stored', async () => {
    const { user, cookie } = await loggedIn()
    const target = `new-${unique()}@example.test`
    const answer = await call(account as never, '/account', { cookie, form: { intent: 'email', newEmail: target, password: 'wrong one' } })
    expect(answer.status).toBe(400)
    expect(JSON.stringify(answer.body)).toContain('account.email.wrongPassword')
    expect(await mailsTo(target)).toEqual([])
    expect(await database.db.select().from(emailTokens).where(eq(emailTokens.userId, user.id))).toEqual([])
    expect((await userRow(user.id)).email).toBe(user.email)
    const bad = await call(account as never, '/account', { cookie, form: { intent: 'email', newEmail: 'no\tthing', password: TEST_PASSWORD } })
    expect(bad.status).toBe(400)
  })

  it('takes effect only when the link to the new address is followed; the old address is told; the link works once', async () => {
    const { user, cookie } = await loggedIn({ name: 'Emil Umzug' })
    const target = `Emil-${unique()}@Example.test`
    const asked = await call(account as never, '/account', { cookie, form: { intent: 'email', newEmail: target, password: TEST_PASSWORD } })
    expect([asked.status, asked.location]).toEqual([302, '/account'])
    expect((await userRow(user.id)).email).toBe(user.email) // not yet
    const [mail] = await mailsTo(target.toLowerCase())
    expect(mail!.kind).toBe('auth.email_change')
    const token = verifyLinkIn(mail!.text)
    const [row] = await database.db.select().from(emailTokens).where(eq(emailTokens.tokenHash, hashToken(token)))
    expect(row!.userId).toBe(user.id)
    expect((await call(linkGet as never, `/verify-email/${token}`, { params: { token } })).body).toMatchObject({ usable: true, change: true })
    expect((await userRow(user.id)).email).toBe(user.email) // opening changes nothing

    const done = await call(linkPost as never, `/verify-email/${token}`, { params: { token }, cookie, form: {} })
    expect([done.status, done.location]).toEqual([302, '/account'])
    const after = await userRow(user.id)
    expect(after.email).toBe(target.toLowerCase())
    expect(after.emailVerifiedAt).not.toBeNull()
    const [told] = await mailsTo(user.email)
    expect(told!.kind).toBe('auth.email_changed')
    expect(told!.text).toContain(target.toLowerCase())
    expect(await authenticate(database.db, target, TEST_PASSWORD)).not.toBeNull()
    expect(await authenticate(database.db, user.email, TEST_PASSWORD)).toBeNull()
    expect((await call(linkPost as never, `/verify-email/${token}`, { params: { token }, form: {} })).status).toBe(410)
  })

  it("an address that has an account answers the same; its owner is told; nothing changes", async () => {
    const { user, cookie } = await loggedIn()
    const other = await makeUser(database.db, { name: 'Otto Other' })
    const fresh = `fresh-${unique()}@example.test`
    const forTaken = await call(account as never, '/account', { cookie, form: { intent: 'email', newEmail: other.email, password: TEST_PASSWORD } })
    const forFresh = await call(account as never, '/account', { cookie, form: { intent: 'email', newEmail: fresh, password: TEST_PASSWORD } })
    expect([forTaken.status, forTaken.location]).toEqual([forFresh.status, forFresh.location])
    const [toOther] = await mailsTo(other.email)
    expect(toOther!.kind).toBe('auth.email_change_taken')
    expect(toOther!.text).not.toMatch(/verify-email/)
    expect((await userRow(user.id)).email).toBe(user.email)
    expect((await userRow(other.id)).email).toBe(other.email)
  })

  it('a change link expires after 24 hours, and dies when someone else takes the address first', async () => {
    const { user } = await loggedIn()
    const target = `late-${unique()}@example.test`
    const now = new Date()
    expect(await requestEmailChange(database.db, { userId: user.id, password: TEST_PASSWORD, newEmail: target }, now)).toEqual({ ok: true })
    const token = verifyLinkIn((await mailsTo(target))[0]!.text)
    expect(await confirmEmailLink(database.db, token, new Date(now.getTime() + 24 * 60 * 60 * 1000 + 1000))).toEqual({ ok: false, error: 'invalidLink' })
    expect((await userRow(user.id)).email).toBe(user.email)

    const second = `race-${unique()}@example.test`
    await requestEmailChange(database.db, { userId: user.id, password: TEST_PASSWORD, newEmail: second })
    const secondToken = verifyLinkIn((await mailsTo(second))[0]!.text)
    await makeUser(database.db, { email: second })
    expect((await call(linkPost as never, `/verify-email/${secondToken}`, { params: { token: secondToken }, form: {} })).status).toBe(410)
    expect((await userRow(user.id)).email).toBe(user.email)
  })

  it('an erasure after a change also removes what was sent to the old address (found by the access audit)', async () => {
    const { user } = await loggedIn()
    const old = user.email.toLowerCase()
    const next = `next-${unique()}@example.test`
    await requestEmailChange(database.db, { userId: user.id, password: TEST_PASSWORD, newEmail: next })
    expect(await confirmEmailLink(database.db, verifyLinkIn((await mailsTo(next))[0]!.text))).toMatchObject({ ok: true })
    expect((await userRow(user.id)).previousEmails).toEqual([old])
    // the notice of the change went to the old address, and waits in the outbox
    expect((await mailsTo(old)).length).toBeGreaterThan(0)
    expect(await eraseAccount(database.db, user.id, { by: null })).toMatchObject({ ok: true })
    expect(await mailsTo(old)).toEqual([])
    expect(await mailsTo(next)).toEqual([])
    expect((await userRow(user.id)).previousEmails).toBeNull()
  })

  it('a newer change link ends the older one', async () => {
    const { user } = await loggedIn()
    const first = `first-${unique()}@example.test`
    const second = `second-${unique()}@example.test`
    await requestEmailChange(database.db, { userId: user.id, password: TEST_PASSWORD, newEmail: first })
    await requestEmailChange(database.db, { userId: user.id, password: TEST_PASSWORD, newEmail: second })
    const older = verifyLinkIn((await mailsTo(first))[0]!.text)
    expect((await confirmEmailLink(database.db, older)).ok).toBe(false)
    expect((await userRow(user.id)).email).toBe(user.email)
  })

  it('odd tokens are 410, never 500', async () => {
    for (const token of ['', 'abc', 'x'.repeat(5000), 'tab\there', 'nul\u0000']) {
      expect((await call(linkGet as never, `/verify-email/${encodeURIComponent(token)}`, { params: { token } })).status).toBe(410)
      expect((await call(linkPost as never, `/verify-email/${encodeURIComponent(token)}`, { params: { token }, form: {} })).status).toBe(410)
    }
  })
})
