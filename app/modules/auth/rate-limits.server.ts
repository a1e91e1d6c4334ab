import { eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { loginThrottle } from '#db/schema'
import { forgiveRateLimit, hitRateLimit, hitSlidingRateLimit } from '~/modules/security/rate-limit.server'
import { normaliseEmail } from './accounts.server'

/**
 * Login limits after OWASP's authentication guidance (ADR 061, superseding ADR 008):
 *
 * - Per account: wrong passwords earn a growing wait. The first 5 failures are free; the 5th
 *   makes the account wait 1 minute, every further one doubles the wait, up to 15 minutes. A
 *   correct password ends it. Failures are forgotten a day after the last one. Counted for any
 *   address typed in, known or not, so the answer tells nothing about who has an account.
 * - Per known device: a browser that logged in to an account before (signed cookie) is not held
 *   by that account's wait; its own failures for that account earn the same waits, apart.
 * - Per IP address: only failures count, at most 100 in a sliding minute, so a house behind one
 *   address where everyone types their password right is never locked out.
 */
export const FREE_LOGIN_FAILURES = 4
export const FIRST_LOGIN_WAIT_SECONDS = 60
export const MAX_LOGIN_WAIT_SECONDS = 15 * 60
export const LOGIN_FAILURES_FORGOTTEN_SECONDS = 24 * 60 * 60
export const LOGIN_FAILURES_PER_IP_PER_MINUTE = 100

/** The wait (seconds) that `failures` consecutive wrong passwords earn: 0, 0, 0, 0, 60, 120, 240, 480, 900, 900, … */
export function loginWaitSeconds(failures: number): number {
  if (failures <= FREE_LOGIN_FAILURES) return 0
  const doublings = failures - FREE_LOGIN_FAILURES - 1
  return Math.min(MAX_LOGIN_WAIT_SECONDS, FIRST_LOGIN_WAIT_SECONDS * 2 ** Math.min(doublings, 20))
}

export function accountThrottleKey(email: string) {
  return `login:account:${normaliseEmail(email)}`
}

export function deviceThrottleKey(deviceId: string, userId: string) {
  return `login:device:${deviceId}:${userId}`
}

export type ThrottleResult = { allowed: true } | { allowed: false; retryAfterSeconds: number }

/**
 * Takes one attempt for `key`: refused while the key waits; otherwise counted as a failure in
 * advance (and the wait it would earn set), so that concurrent guesses cannot slip through
 * before the first of them is judged. The row is changed under its lock, one attempt after the
 * other. A correct password then clears the key (`clearLoginThrottle`).
 */
export async function takeLoginAttempt(db: DbOrTx, key: string, now: Date): Promise<ThrottleResult> {
  return db.transaction(async (tx) => {
    // the row, made if missing and locked, in one statement: a select after an insert that did
    // nothing found no row when a correct password cleared the key in between (and failed)
    const [row] = await tx
      .insert(loginThrottle)
      .values({ key })
      .onConflictDoUpdate({ target: loginThrottle.key, set: { key } })
      .returning()
    if (row!.lockedUntil && row!.lockedUntil > now) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((row!.lockedUntil.getTime() - now.getTime()) / 1000)) }
    }
    const forgotten =
      !row!.lastFailureAt || now.getTime() - row!.lastFailureAt.getTime() > LOGIN_FAILURES_FORGOTTEN_SECONDS * 1000
    const failures = (forgotten ? 0 : row!.failures) + 1
    const wait = loginWaitSeconds(failures)
    await tx
      .update(loginThrottle)
      .set({ failures, lastFailureAt: now, lockedUntil: wait ? new Date(now.getTime() + wait * 1000) : null })
      .where(eq(loginThrottle.key, key))
    return { allowed: true }
  })
}

/** A correct password: the key's failures and wait end. */
export async function clearLoginThrottle(db: DbOrTx, key: string) {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key))
}

const ipKey = (ip: string) => `login:ip-failures:${ip}`

/**
 * Takes one attempt against the address's failure limit (counted in advance, as above). A
 * refused attempt is not tried, so it is given back: only tried, wrong passwords stay counted.
 */
export async function takeIpAttempt(db: DbOrTx, ip: string, now: Date): Promise<ThrottleResult> {
  const result = await hitSlidingRateLimit(db, ipKey(ip), LOGIN_FAILURES_PER_IP_PER_MINUTE, 60, now)
  if (result.allowed) return { allowed: true }
  await forgiveRateLimit(db, ipKey(ip), 60, now)
  return { allowed: false, retryAfterSeconds: result.retryAfterSeconds }
}

/** The attempt taken at `now` was a right password: it is not a failure of the address. */
export async function giveBackIpAttempt(db: DbOrTx, ip: string, now: Date) {
  await forgiveRateLimit(db, ipKey(ip), 60, now)
}

/** Old throttle rows (no failure for a day, no wait) are useless. */
export async function pruneLoginThrottle(db: DbOrTx, now = new Date()) {
  const before = new Date(now.getTime() - LOGIN_FAILURES_FORGOTTEN_SECONDS * 1000)
  await db
    .delete(loginThrottle)
    .where(sql`${loginThrottle.lastFailureAt} < ${before} and (${loginThrottle.lockedUntil} is null or ${loginThrottle.lockedUntil} < ${now})`)
}

/**
 * Signup: at most 10 attempts a minute per IP and per e-mail (11th → 429). Every attempt counts
 * (a successful signup is not something one repeats).
 */
export const SIGNUP_ATTEMPTS_PER_MINUTE = 10

export async function checkSignupRateLimit(db: DbOrTx, ip: string, email: string | undefined, now = new Date()) {
  const byIp = await hitRateLimit(db, `signup:ip:${ip}`, SIGNUP_ATTEMPTS_PER_MINUTE, 60, now)
  const byEmail = email
    ? await hitRateLimit(db, `signup:email:${normaliseEmail(email)}`, SIGNUP_ATTEMPTS_PER_MINUTE, 60, now)
    : null
  const blocked = [byIp, byEmail].filter((r) => r && !r.allowed)
  if (!blocked.length) return null
  return Math.max(...blocked.map((r) => r!.retryAfterSeconds))
}
