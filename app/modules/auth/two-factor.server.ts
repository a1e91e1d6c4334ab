import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto'
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp'
import { decodeBase64, encodeBase32UpperCaseNoPadding, encodeBase64 } from '@oslojs/encoding'
import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm'
import { renderSVG } from 'uqr'
import type { DbOrTx } from '#db/connect'
import { centres, centreStaff, pendingLogins, twoFactor, twoFactorRecoveryCodes, users } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { forgiveRateLimit, hitRateLimit } from '~/modules/security/rate-limit.server'
import { signingKeys } from '~/modules/security/secrets.server'
import { generateSessionToken, hashToken } from './session.server'

/**
 * Two-factor sign-in with an authenticator app (TOTP, RFC 6238: 30-second steps, 6 digits,
 * HMAC-SHA1 — what every app understands) and ten single-use recovery codes. ADR 067.
 */
export const TOTP_PERIOD_SECONDS = 30
export const TOTP_DIGITS = 6
/** Codes of the step before and after are accepted too: clocks drift and people type slowly. */
const TOTP_DRIFT_STEPS = 1
export const RECOVERY_CODE_COUNT = 10
/** Between password and code: the pending login lives 10 minutes and takes 5 wrong codes. */
export const PENDING_LOGIN_MINUTES = 10
export const WRONG_CODES_PER_PENDING_LOGIN = 5
/** And per person, however many pending logins: 5 wrong codes in 15 minutes, then wait. */
export const WRONG_CODES_PER_WINDOW = 5
export const WRONG_CODE_WINDOW_SECONDS = 15 * 60
const ISSUER = 'Viertel'
const KEY_PURPOSE = 'two-factor-secret'

// ---- the secret, encrypted at rest ---------------------------------------------------------

async function encryptSecret(db: DbOrTx, secret: Uint8Array): Promise<string> {
  const [key] = await signingKeys(db, KEY_PURPOSE)
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key!.key, iv)
  const body = Buffer.concat([cipher.update(secret), cipher.final(), cipher.getAuthTag()])
  return `${key!.id}.${encodeBase64(iv)}.${encodeBase64(body)}`
}

async function decryptSecret(db: DbOrTx, stored: string): Promise<Uint8Array | null> {
  const [keyId, iv, body] = stored.split('.')
  const key = (await signingKeys(db, KEY_PURPOSE)).find((k) => k.id === keyId)
  if (!key || !iv || !body) return null
  try {
    const bytes = decodeBase64(body)
    const decipher = createDecipheriv('aes-256-gcm', key.key, decodeBase64(iv))
    decipher.setAuthTag(bytes.subarray(bytes.length - 16))
    return new Uint8Array(Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]))
  } catch {
    return null
  }
}

// ---- codes ----------------------------------------------------------------------------------

export function totpStep(now: Date) {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS)
}

/** The code an app shows at `now` (tests and the setup check use it). */
export function totpCode(secret: Uint8Array, now: Date) {
  return generateHOTP(secret, BigInt(totpStep(now)), TOTP_DIGITS)
}

/** The step whose code this is, within the allowed drift, or null. */
function matchingStep(secret: Uint8Array, code: string, now: Date): number | null {
  const current = totpStep(now)
  for (let step = current - TOTP_DRIFT_STEPS; step <= current + TOTP_DRIFT_STEPS; step++) {
    const expected = generateHOTP(secret, BigInt(step), TOTP_DIGITS)
    if (timingSafeEqual(Buffer.from(expected), Buffer.from(code))) return step
  }
  return null
}

/** What a person typed: spaces and dashes are forgiven, letters of a recovery code in any case. */
export function normaliseCode(input: string) {
  return input.replace(/[\s-]/g, '').toLowerCase()
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789' // no 0/o, 1/l/i

function newRecoveryCode() {
  const bytes = randomBytes(10)
  const chars = Array.from(bytes, (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('')
  return `${chars.slice(0, 5)}-${chars.slice(5)}`
}

function recoveryHash(code: string) {
  return hashToken(`recovery:${normaliseCode(code)}`)
}

// ---- state ----------------------------------------------------------------------------------

export async function isTwoFactorEnabled(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ userId: twoFactor.userId })
    .from(twoFactor)
    .where(and(eq(twoFactor.userId, userId), isNotNull(twoFactor.enabledAt)))
  return Boolean(row)
}

export interface TwoFactorStatus {
  enabled: boolean
  recoveryCodesLeft: number
}

export async function twoFactorStatus(db: DbOrTx, userId: string): Promise<TwoFactorStatus> {
  const enabled = await isTwoFactorEnabled(db, userId)
  const [left] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(twoFactorRecoveryCodes)
    .where(and(eq(twoFactorRecoveryCodes.userId, userId), isNull(twoFactorRecoveryCodes.usedAt)))
  return { enabled, recoveryCodesLeft: enabled ? (left?.count ?? 0) : 0 }
}

/**
 * Why this person must set up a second factor before going on, or null: an admin (unless the
 * demo seed created them), or a manager of a centre that asks it of its managers (any such centre
 * when `centreId` is not given).
 */
export async function missingTwoFactor(
  db: DbOrTx,
  user: { id: string; isAdmin: boolean },
  centreId?: string,
): Promise<'admin' | 'manager' | null> {
  if (await isTwoFactorEnabled(db, user.id)) return null
  if (user.isAdmin) {
    const [row] = await db.select({ exempt: users.twoFactorExempt }).from(users).where(eq(users.id, user.id))
    if (!row?.exempt) return 'admin'
  }
  const [requiring] = await db
    .select({ id: centres.id })
    .from(centreStaff)
    .innerJoin(centres, eq(centres.id, centreStaff.centreId))
    .where(
      and(
        eq(centreStaff.userId, user.id),
        eq(centres.requireTwoFactorForManagers, true),
        centreId ? eq(centres.id, centreId) : undefined,
      ),
    )
    .limit(1)
  return requiring ? 'manager' : null
}

// ---- setting up -----------------------------------------------------------------------------

export interface TwoFactorSetup {
  /** the secret in base32, for typing into an app by hand */
  secret: string
  uri: string
  /** the QR code of `uri` as an SVG document, rendered here: no QR library reaches the browser */
  qrSvg: string
}

/**
 * The setup in progress (a secret not yet confirmed), made on first call and kept until confirmed
 * so that a reload does not change the QR code under the person's phone. Null when 2FA is on.
 */
export async function getOrStartSetup(db: DbOrTx, user: { id: string; email: string }): Promise<TwoFactorSetup | null> {
  const [existing] = await db.select().from(twoFactor).where(eq(twoFactor.userId, user.id))
  if (existing?.enabledAt) return null
  let secret = existing ? await decryptSecret(db, existing.secretEncrypted) : null
  if (!secret) {
    secret = new Uint8Array(randomBytes(20))
    const secretEncrypted = await encryptSecret(db, secret)
    await db
      .insert(twoFactor)
      .values({ userId: user.id, secretEncrypted })
      .onConflictDoUpdate({ target: twoFactor.userId, set: { secretEncrypted, lastUsedStep: null }, where: isNull(twoFactor.enabledAt) })
  }
  const uri = createTOTPKeyURI(ISSUER, user.email, secret, TOTP_PERIOD_SECONDS, TOTP_DIGITS)
  return { secret: encodeBase32UpperCaseNoPadding(secret), uri, qrSvg: renderSVG(uri, { border: 2 }) }
}

export type ConfirmResult =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; error: 'wrongCode' | 'notInSetup' }
  | { ok: false; error: 'tooManyAttempts'; retryAfterSeconds: number }

/** Turns 2FA on when the code from the app is right; hands out the recovery codes, once. */
export async function confirmSetup(db: DbOrTx, userId: string, input: string, now = new Date()): Promise<ConfirmResult> {
  const [row] = await db.select().from(twoFactor).where(eq(twoFactor.userId, userId))
  if (!row || row.enabledAt) return { ok: false, error: 'notInSetup' }
  const secret = await decryptSecret(db, row.secretEncrypted)
  if (!secret) return { ok: false, error: 'notInSetup' }
  const limit = await hitRateLimit(db, wrongCodeKey(userId), WRONG_CODES_PER_WINDOW, WRONG_CODE_WINDOW_SECONDS, now)
  if (!limit.allowed) return { ok: false, error: 'tooManyAttempts', retryAfterSeconds: limit.retryAfterSeconds }
  const code = normaliseCode(input)
  const step = /^\d{6}$/.test(code) ? matchingStep(secret, code, now) : null
  if (step === null) return { ok: false, error: 'wrongCode' }
  await forgiveRateLimit(db, wrongCodeKey(userId), WRONG_CODE_WINDOW_SECONDS, now)
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
  const enabled = await db.transaction(async (tx) => {
    const updated = await tx
      .update(twoFactor)
      .set({ enabledAt: now, lastUsedStep: step })
      .where(and(eq(twoFactor.userId, userId), isNull(twoFactor.enabledAt)))
      .returning({ userId: twoFactor.userId })
    if (updated.length !== 1) return false
    await tx.delete(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, userId))
    await tx.insert(twoFactorRecoveryCodes).values(recoveryCodes.map((c) => ({ userId, codeHash: recoveryHash(c) })))
    return true
  })
  return enabled ? { ok: true, recoveryCodes } : { ok: false, error: 'notInSetup' }
}

// ---- checking a code ------------------------------------------------------------------------

function wrongCodeKey(userId: string) {
  return `two-factor:${userId}`
}

export type CodeCheck =
  | { ok: true; used: 'totp' | 'recovery' }
  | { ok: false; error: 'wrongCode' }
  | { ok: false; error: 'tooManyAttempts'; retryAfterSeconds: number }

/**
 * A code from the app (never one already taken: the step must be later than the last one used)
 * or an unused recovery code (used up by this call). Wrong codes count against the person's limit.
 */
export async function checkCode(db: DbOrTx, userId: string, input: string, now = new Date()): Promise<CodeCheck> {
  const limit = await hitRateLimit(db, wrongCodeKey(userId), WRONG_CODES_PER_WINDOW, WRONG_CODE_WINDOW_SECONDS, now)
  if (!limit.allowed) return { ok: false, error: 'tooManyAttempts', retryAfterSeconds: limit.retryAfterSeconds }
  const code = normaliseCode(input)
  const [row] = await db.select().from(twoFactor).where(and(eq(twoFactor.userId, userId), isNotNull(twoFactor.enabledAt)))
  if (!row) return { ok: false, error: 'wrongCode' }
  let used: 'totp' | 'recovery' | null = null
  if (/^\d{6}$/.test(code)) {
    const secret = await decryptSecret(db, row.secretEncrypted)
    const step = secret ? matchingStep(secret, code, now) : null
    if (step !== null) {
      // One statement decides, so two requests with the same code cannot both pass.
      const taken = await db
        .update(twoFactor)
        .set({ lastUsedStep: step })
        .where(and(eq(twoFactor.userId, userId), or(isNull(twoFactor.lastUsedStep), lt(twoFactor.lastUsedStep, step))))
        .returning({ userId: twoFactor.userId })
      if (taken.length === 1) used = 'totp'
    }
  } else if (code.length === 10) {
    const spent = await db
      .update(twoFactorRecoveryCodes)
      .set({ usedAt: now })
      .where(
        and(
          eq(twoFactorRecoveryCodes.userId, userId),
          eq(twoFactorRecoveryCodes.codeHash, recoveryHash(code)),
          isNull(twoFactorRecoveryCodes.usedAt),
        ),
      )
      .returning({ id: twoFactorRecoveryCodes.id })
    if (spent.length === 1) used = 'recovery'
  }
  if (!used) return { ok: false, error: 'wrongCode' }
  await forgiveRateLimit(db, wrongCodeKey(userId), WRONG_CODE_WINDOW_SECONDS, now)
  return { ok: true, used }
}

/** Turning 2FA off takes a current code (or a recovery code) — a stolen session alone cannot. */
export async function disableTwoFactor(db: DbOrTx, userId: string, input: string, now = new Date()): Promise<CodeCheck> {
  const check = await checkCode(db, userId, input, now)
  if (!check.ok) return check
  await removeTwoFactor(db, userId)
  return check
}

async function removeTwoFactor(db: DbOrTx, userId: string) {
  await db.delete(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, userId))
  await db.delete(pendingLogins).where(eq(pendingLogins.userId, userId))
  const removed = await db.delete(twoFactor).where(eq(twoFactor.userId, userId)).returning({ enabledAt: twoFactor.enabledAt })
  return removed.some((r) => r.enabledAt)
}

/** A person lost their phone and their codes: an admin turns 2FA off for them, in the audit log. */
export async function adminResetTwoFactor(db: DbOrTx, actorId: string, userId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const wasOn = await removeTwoFactor(tx, userId)
    if (!wasOn) return false
    await recordAudit(tx, { centreId: null, actorId, action: 'user.two_factor_reset', subjectType: 'user', subjectId: userId })
    return true
  })
}

// ---- the step between password and code -----------------------------------------------------

/** After the right password, for a person with 2FA: a token that opens the code form only. */
export async function startPendingLogin(db: DbOrTx, userId: string, redirectTo: string, now = new Date()) {
  const token = generateSessionToken()
  const expiresAt = new Date(now.getTime() + PENDING_LOGIN_MINUTES * 60 * 1000)
  await db.delete(pendingLogins).where(lt(pendingLogins.expiresAt, now))
  await db.insert(pendingLogins).values({ id: hashToken(token), userId, redirectTo, expiresAt, createdAt: now })
  return { token, expiresAt }
}

export async function findPendingLogin(db: DbOrTx, token: string, now = new Date()) {
  const [row] = await db.select().from(pendingLogins).where(eq(pendingLogins.id, hashToken(token)))
  if (!row || row.expiresAt.getTime() <= now.getTime() || row.failedAttempts >= WRONG_CODES_PER_PENDING_LOGIN) return null
  return row
}

export type PendingLoginResult =
  | { ok: true; userId: string; redirectTo: string; used: 'totp' | 'recovery' }
  | { ok: false; error: 'expired' | 'wrongCode' }
  | { ok: false; error: 'tooManyAttempts'; retryAfterSeconds: number }

/** The second step: the right code ends the pending login (the caller starts the session); a wrong one counts. */
export async function completePendingLogin(db: DbOrTx, token: string, input: string, now = new Date()): Promise<PendingLoginResult> {
  const pending = await findPendingLogin(db, token, now)
  if (!pending) return { ok: false, error: 'expired' }
  const check = await checkCode(db, pending.userId, input, now)
  if (!check.ok) {
    if (check.error === 'wrongCode') {
      await db
        .update(pendingLogins)
        .set({ failedAttempts: sql`${pendingLogins.failedAttempts} + 1` })
        .where(eq(pendingLogins.id, pending.id))
    }
    return check
  }
  const ended = await db.delete(pendingLogins).where(eq(pendingLogins.id, pending.id)).returning({ id: pendingLogins.id })
  if (ended.length !== 1) return { ok: false, error: 'expired' }
  return { ok: true, userId: pending.userId, redirectTo: pending.redirectTo, used: check.used }
}

export async function endPendingLogin(db: DbOrTx, token: string) {
  await db.delete(pendingLogins).where(eq(pendingLogins.id, hashToken(token)))
}

/** The setup in progress, read only (a GET never starts one). */
export async function readSetup(db: DbOrTx, user: { id: string; email: string }): Promise<TwoFactorSetup | null> {
  const [row] = await db.select().from(twoFactor).where(and(eq(twoFactor.userId, user.id), isNull(twoFactor.enabledAt)))
  if (!row) return null
  return getOrStartSetup(db, user)
}

/** Stops a setup that was never confirmed (nothing changes at login). */
export async function cancelSetup(db: DbOrTx, userId: string) {
  await db.delete(twoFactor).where(and(eq(twoFactor.userId, userId), isNull(twoFactor.enabledAt)))
}

// ---- the centre's rule ----------------------------------------------------------------------

export interface ManagedCentreRule {
  id: string
  name: string
  requireTwoFactorForManagers: boolean
}

/** The centres this person manages, with their rule for managers. */
export async function managedCentreRules(db: DbOrTx, userId: string): Promise<ManagedCentreRule[]> {
  return db
    .select({ id: centres.id, name: centres.name, requireTwoFactorForManagers: centres.requireTwoFactorForManagers })
    .from(centreStaff)
    .innerJoin(centres, eq(centres.id, centreStaff.centreId))
    .where(eq(centreStaff.userId, userId))
    .orderBy(centres.name)
}

export type CentreRuleResult = { ok: true } | { ok: false; error: 'notManager' | 'needsOwnTwoFactor' }

/**
 * A manager of the centre sets whether its managers need a second factor. Only one who has it on
 * may change the rule either way: otherwise the rule would stop nobody who wanted it gone. Audited.
 */
export async function setCentreTwoFactorRule(
  db: DbOrTx,
  actor: { id: string; isAdmin: boolean },
  centreId: string,
  require: boolean,
): Promise<CentreRuleResult> {
  const [staff] = await db
    .select({ userId: centreStaff.userId })
    .from(centreStaff)
    .where(and(eq(centreStaff.centreId, centreId), eq(centreStaff.userId, actor.id)))
  if (!staff && !actor.isAdmin) return { ok: false, error: 'notManager' }
  if (!(await isTwoFactorEnabled(db, actor.id))) return { ok: false, error: 'needsOwnTwoFactor' }
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(centres)
      .set({ requireTwoFactorForManagers: require })
      .where(and(eq(centres.id, centreId), sql`${centres.requireTwoFactorForManagers} is distinct from ${require}`))
      .returning({ id: centres.id })
    if (changed.length) {
      await recordAudit(tx, {
        centreId,
        actorId: actor.id,
        action: require ? 'centre.two_factor_required' : 'centre.two_factor_optional',
        subjectType: 'centre',
        subjectId: centreId,
      })
    }
    return { ok: true }
  })
}

/** The admin's form names the person by e-mail address. */
export async function adminResetTwoFactorByEmail(db: DbOrTx, actorId: string, email: string): Promise<'reset' | 'noSuchUser' | 'notOn'> {
  const [person] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()))
  if (!person) return 'noSuchUser'
  return (await adminResetTwoFactor(db, actorId, person.id)) ? 'reset' : 'notOn'
}
