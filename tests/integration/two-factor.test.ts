import { decodeBase32IgnorePadding } from '@oslojs/encoding'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, twoFactor, twoFactorRecoveryCodes } from '#db/schema'
import { makeCentre, makeManager, makeUser, TEST_PASSWORD } from '#db/factories'
import {
  adminResetTwoFactor,
  checkCode,
  completePendingLogin,
  confirmSetup,
  disableTwoFactor,
  getOrStartSetup,
  isTwoFactorEnabled,
  missingTwoFactor,
  setCentreTwoFactorRule,
  startPendingLogin,
  totpCode,
  WRONG_CODES_PER_WINDOW,
} from '~/modules/auth/two-factor.server'
import { createSession, generateSessionToken } from '~/modules/auth/session.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/** Two-factor sign-in (issue #14 §3, ADR 067) with a fixed clock: every call gets its `now`. */

let database: TestDatabase
const db = () => database.db
beforeAll(async () => {
  database = await createTestDatabase()
  // ~/utils/db.server (guards, routes) takes the handle kept here instead of opening its own
  globalThis.__viertelDatabase = Promise.resolve(database)
})
afterAll(() => database.close())

let day = Date.parse('2026-03-02T10:00:00Z')
/** Each test on its own day, so no rate-limit window carries over. */
function freshClock() {
  day += 86_400_000
  return new Date(day)
}
const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000)

async function personWithTwoFactor(now: Date, overrides: Parameters<typeof makeUser>[1] = {}) {
  const user = await makeUser(db(), overrides)
  const setup = await getOrStartSetup(db(), user)
  const secret = decodeBase32IgnorePadding(setup!.secret)
  const confirmed = await confirmSetup(db(), user.id, totpCode(secret, now), now)
  if (!confirmed.ok) throw new Error(`setup failed: ${confirmed.error}`)
  return { user, secret, recoveryCodes: confirmed.recoveryCodes }
}

describe('turning two-factor on', () => {
  it('keeps the secret encrypted, shows a QR code, and turns on only with a right code', async () => {
    const now = freshClock()
    const user = await makeUser(db())
    const setup = (await getOrStartSetup(db(), user))!
    expect(setup.qrSvg).toMatch(/^<svg/)
    expect(setup.uri).toContain('otpauth://totp/')
    // the same setup after a reload, so the phone's QR code stays valid
    expect((await getOrStartSetup(db(), user))!.secret).toBe(setup.secret)
    const [row] = await db().select().from(twoFactor).where(eq(twoFactor.userId, user.id))
    expect(row!.secretEncrypted).not.toContain(setup.secret)
    expect(row!.secretEncrypted).not.toContain(setup.secret.toLowerCase())

    expect(await confirmSetup(db(), user.id, '000000', now)).toMatchObject({ ok: false, error: 'wrongCode' })
    expect(await isTwoFactorEnabled(db(), user.id)).toBe(false)

    const secret = decodeBase32IgnorePadding(setup.secret)
    const result = await confirmSetup(db(), user.id, totpCode(secret, now), now)
    expect(result.ok).toBe(true)
    expect(await isTwoFactorEnabled(db(), user.id)).toBe(true)
    expect(await getOrStartSetup(db(), user)).toBeNull()
  })

  it('hands out 10 distinct recovery codes, stored only as hashes', async () => {
    const { user, recoveryCodes } = await personWithTwoFactor(freshClock())
    expect(recoveryCodes).toHaveLength(10)
    expect(new Set(recoveryCodes).size).toBe(10)
    const rows = await db().select().from(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, user.id))
    expect(rows).toHaveLength(10)
    for (const code of recoveryCodes) {
      expect(rows.some((r) => r.codeHash.includes(code) || r.codeHash.includes(code.replace('-', '')))).toBe(false)
    }
  })
})

describe('codes at login', () => {
  it('accepts the current code and its neighbours, not one from two steps away', async () => {
    const now = freshClock()
    const { user, secret } = await personWithTwoFactor(now)
    const t1 = later(now, 60)
    expect(await checkCode(db(), user.id, totpCode(secret, later(t1, -90)), t1)).toMatchObject({ ok: false, error: 'wrongCode' })
    expect(await checkCode(db(), user.id, totpCode(secret, later(t1, 30)), t1)).toEqual({ ok: true, used: 'totp' })
  })

  it('never takes the same code twice within its window (replay)', async () => {
    const now = freshClock()
    const { user, secret } = await personWithTwoFactor(now)
    const t1 = later(now, 120)
    const code = totpCode(secret, t1)
    expect(await checkCode(db(), user.id, code, t1)).toEqual({ ok: true, used: 'totp' })
    expect(await checkCode(db(), user.id, code, later(t1, 5))).toMatchObject({ ok: false, error: 'wrongCode' })
    // nor an older one still inside the drift
    expect(await checkCode(db(), user.id, totpCode(secret, later(t1, -30)), later(t1, 5))).toMatchObject({ ok: false })
    // the next step's code is fine
    expect(await checkCode(db(), user.id, totpCode(secret, later(t1, 30)), later(t1, 30))).toEqual({ ok: true, used: 'totp' })
  })

  it('the code entered to turn 2FA on cannot be used again to log in', async () => {
    const now = freshClock()
    const { user, secret } = await personWithTwoFactor(now)
    expect(await checkCode(db(), user.id, totpCode(secret, now), later(now, 3))).toMatchObject({ ok: false })
  })

  it('after 5 wrong codes even the right one waits, then works again', async () => {
    const now = freshClock()
    const { user, secret } = await personWithTwoFactor(now)
    const t1 = later(now, 60)
    for (let i = 0; i < WRONG_CODES_PER_WINDOW; i++) {
      expect(await checkCode(db(), user.id, '123456', t1)).toMatchObject({ ok: false, error: 'wrongCode' })
    }
    const blocked = await checkCode(db(), user.id, totpCode(secret, t1), t1)
    expect(blocked).toMatchObject({ ok: false, error: 'tooManyAttempts' })
    expect((blocked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0)
    const afterWait = later(t1, 16 * 60)
    expect(await checkCode(db(), user.id, totpCode(secret, afterWait), afterWait)).toEqual({ ok: true, used: 'totp' })
  })

  it('a recovery code works once, in any case and with or without its dash', async () => {
    const now = freshClock()
    const { user, recoveryCodes } = await personWithTwoFactor(now)
    const code = recoveryCodes[3]!
    expect(await checkCode(db(), user.id, ` ${code.toUpperCase().replace('-', '')} `, now)).toEqual({ ok: true, used: 'recovery' })
    expect(await checkCode(db(), user.id, code, now)).toMatchObject({ ok: false, error: 'wrongCode' })
    expect(await checkCode(db(), user.id, recoveryCodes[4]!, now)).toEqual({ ok: true, used: 'recovery' })
  })

  it("one person's recovery code does nothing for another", async () => {
    const now = freshClock()
    const anna = await personWithTwoFactor(now)
    const ben = await personWithTwoFactor(now)
    expect(await checkCode(db(), ben.user.id, anna.recoveryCodes[0]!, now)).toMatchObject({ ok: false })
    expect(await checkCode(db(), anna.user.id, anna.recoveryCodes[0]!, now)).toEqual({ ok: true, used: 'recovery' })
  })
})

describe('the pending login between password and code', () => {
  it('opens with the right code once and then is gone', async () => {
    const now = freshClock()
    const { user, secret } = await personWithTwoFactor(now)
    const { token } = await startPendingLogin(db(), user.id, '/account', now)
    const t1 = later(now, 40)
    expect(await completePendingLogin(db(), token, '999999', t1)).toMatchObject({ ok: false, error: 'wrongCode' })
    expect(await completePendingLogin(db(), token, totpCode(secret, t1), t1)).toEqual({
      ok: true,
      userId: user.id,
      redirectTo: '/account',
      used: 'totp',
    })
    const t2 = later(t1, 30)
    expect(await completePendingLogin(db(), token, totpCode(secret, t2), t2)).toMatchObject({ ok: false, error: 'expired' })
  })

  it('expires after 10 minutes', async () => {
    const now = freshClock()
    const { user, secret } = await personWithTwoFactor(now)
    const { token } = await startPendingLogin(db(), user.id, '/', now)
    const t1 = later(now, 10 * 60 + 1)
    expect(await completePendingLogin(db(), token, totpCode(secret, t1), t1)).toMatchObject({ ok: false, error: 'expired' })
  })
})

describe('turning it off and resetting it', () => {
  it('the person turns it off only with a current code', async () => {
    const now = freshClock()
    const { user, secret } = await personWithTwoFactor(now)
    const t1 = later(now, 60)
    expect(await disableTwoFactor(db(), user.id, '000000', t1)).toMatchObject({ ok: false })
    expect(await isTwoFactorEnabled(db(), user.id)).toBe(true)
    expect(await disableTwoFactor(db(), user.id, totpCode(secret, t1), t1)).toMatchObject({ ok: true })
    expect(await isTwoFactorEnabled(db(), user.id)).toBe(false)
  })

  it('an admin resets it for a person who lost their phone, and the audit log says who', async () => {
    const now = freshClock()
    const admin = await makeUser(db(), { isAdmin: true })
    const { user } = await personWithTwoFactor(now)
    expect(await adminResetTwoFactor(db(), admin.id, user.id)).toBe(true)
    expect(await isTwoFactorEnabled(db(), user.id)).toBe(false)
    expect(await db().select().from(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, user.id))).toEqual([])
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.two_factor_reset'), eq(auditLog.subjectId, user.id)))
    expect(audit).toHaveLength(1)
    expect(audit[0]!.actorId).toBe(admin.id)
    // nothing to reset: no audit entry
    expect(await adminResetTwoFactor(db(), admin.id, user.id)).toBe(false)
  })
})

describe('who must have it', () => {
  it('admins, unless the demo seed made them', async () => {
    const now = freshClock()
    const admin = await makeUser(db(), { isAdmin: true })
    expect(await missingTwoFactor(db(), admin)).toBe('admin')
    const demoAdmin = await makeUser(db(), { isAdmin: true, twoFactorExempt: true })
    expect(await missingTwoFactor(db(), demoAdmin)).toBeNull()
    const withIt = await personWithTwoFactor(now, { isAdmin: true })
    expect(await missingTwoFactor(db(), withIt.user)).toBeNull()
  })

  it("managers of a centre that asks for it, and only for that centre's console", async () => {
    const now = freshClock()
    const strict = await makeCentre(db(), { requireTwoFactorForManagers: true })
    const relaxed = await makeCentre(db())
    const strictManager = await makeManager(db(), strict.id)
    const relaxedManager = await makeManager(db(), relaxed.id)
    const member = await makeUser(db())
    expect(await missingTwoFactor(db(), strictManager, strict.id)).toBe('manager')
    expect(await missingTwoFactor(db(), strictManager)).toBe('manager')
    expect(await missingTwoFactor(db(), relaxedManager, relaxed.id)).toBeNull()
    expect(await missingTwoFactor(db(), member)).toBeNull()
    // a manager of both answers to the strict centre only there
    await makeManager(db(), relaxed.id).then(() => undefined)
    const both = await makeManager(db(), strict.id)
    const { centreStaff } = await import('#db/schema')
    await db().insert(centreStaff).values({ centreId: relaxed.id, userId: both.id })
    expect(await missingTwoFactor(db(), both, relaxed.id)).toBeNull()
    expect(await missingTwoFactor(db(), both, strict.id)).toBe('manager')
    const setUp = await getOrStartSetup(db(), strictManager)
    await confirmSetup(db(), strictManager.id, totpCode(decodeBase32IgnorePadding(setUp!.secret), now), now)
    expect(await missingTwoFactor(db(), strictManager, strict.id)).toBeNull()
  })
})

async function answer(run: () => Promise<unknown>) {
  try {
    const result = await run()
    if (result instanceof Response) return result
    const { data, init } = result as { data: unknown; init?: ResponseInit }
    return new Response(JSON.stringify(data), { status: init?.status ?? 200, headers: init?.headers })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

function cookieHeader(response: Response, name: string) {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1)
}

describe('the console asks for it (guards)', () => {
  async function requestAs(userId: string) {
    const token = generateSessionToken()
    await createSession(db(), token, userId)
    return new Request('http://viertel.test/c/x/manage', { headers: { Cookie: `viertel_session=${token}` } })
  }

  it('sends a manager of a strict centre without 2FA to /account/security, and lets them in once it is on', async () => {
    const { requireManager } = await import('~/utils/auth.server')
    const strict = await makeCentre(db(), { requireTwoFactorForManagers: true })
    const manager = await makeManager(db(), strict.id)
    const refused = await answer(() => requireManager(new Request('http://x'), strict).then(() => null))
    expect(refused.status).toBe(302) // no session: to /login, as before
    const response = await answer(async () => requireManager(await requestAs(manager.id), strict))
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/account/security')
    const now = new Date()
    const setup = await getOrStartSetup(db(), manager)
    await confirmSetup(db(), manager.id, totpCode(decodeBase32IgnorePadding(setup!.secret), now), now)
    expect((await requireManager(await requestAs(manager.id), strict)).id).toBe(manager.id)
  })

  it('sends an admin without 2FA to /account/security; the demo admin passes', async () => {
    const { requireAdmin } = await import('~/utils/auth.server')
    const admin = await makeUser(db(), { isAdmin: true })
    const response = await answer(async () => requireAdmin(await requestAs(admin.id)))
    expect(response.headers.get('Location')).toBe('/account/security')
    const demo = await makeUser(db(), { isAdmin: true, twoFactorExempt: true })
    expect((await requireAdmin(await requestAs(demo.id))).id).toBe(demo.id)
  })
})

describe('login in two steps (routes)', () => {
  it('the password alone gives no session, only the code form; the right code then logs in', async () => {
    const { action: login } = await import('~/routes/login')
    const { action: code } = await import('~/routes/login_.code')
    const now = new Date()
    const { user, secret } = await personWithTwoFactor(new Date(now.getTime() - 120_000))
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    })
    const first = await answer(() =>
      login({ request: new Request('http://viertel.test/login', form({ email: user.email, password: TEST_PASSWORD, redirectTo: '/account' })), params: {}, context: { clientIp: '198.51.100.7' } }),
    )
    expect(first.status).toBe(302)
    expect(first.headers.get('Location')).toBe('/login/code')
    expect(cookieHeader(first, 'viertel_session')).toBeUndefined()
    const pending = cookieHeader(first, 'viertel_login_code')!
    expect(pending).toBeDefined()

    const wrong = await answer(() =>
      code({ request: new Request('http://viertel.test/login/code', { ...form({ code: '000000' }), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: pending } }), params: {}, context: {} }),
    )
    expect(wrong.status).toBe(400)
    expect(await wrong.text()).toContain('security.errors.wrongCode')

    const right = await answer(() =>
      code({
        request: new Request('http://viertel.test/login/code', {
          ...form({ code: totpCode(secret, new Date()) }),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: pending, 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' },
        }),
        params: {},
        context: { clientIp: '198.51.100.7' },
      }),
    )
    expect(right.status).toBe(302)
    expect(right.headers.get('Location')).toBe('/account')
    expect(cookieHeader(right, 'viertel_session')).toBeDefined()
  })
})

describe("the centre's rule for managers", () => {
  it('only a manager of the centre with 2FA on changes it, and the audit log records it', async () => {
    const now = freshClock()
    const centre = await makeCentre(db())
    const other = await makeCentre(db())
    const without = await makeManager(db(), centre.id)
    expect(await setCentreTwoFactorRule(db(), without, centre.id, true)).toEqual({ ok: false, error: 'needsOwnTwoFactor' })
    const { user: strict } = await personWithTwoFactor(now)
    expect(await setCentreTwoFactorRule(db(), strict, centre.id, true)).toEqual({ ok: false, error: 'notManager' })
    const { centreStaff } = await import('#db/schema')
    await db().insert(centreStaff).values({ centreId: centre.id, userId: strict.id })
    expect(await setCentreTwoFactorRule(db(), strict, centre.id, true)).toEqual({ ok: true })
    expect(await missingTwoFactor(db(), without, centre.id)).toBe('manager')
    expect(await missingTwoFactor(db(), without, other.id)).toBeNull()
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'centre.two_factor_required'), eq(auditLog.subjectId, centre.id)))
    expect(audit.map((a) => a.actorId)).toEqual([strict.id])
  })
})
