import type { DbOrTx } from '#db/connect'
import { findUserByEmail } from './accounts.server'
import { timingSafeDummyVerify, verifyPassword } from './password.server'
import { hashToken } from './session.server'
import {
  accountThrottleKey,
  clearLoginThrottle,
  deviceThrottleKey,
  giveBackIpAttempt,
  takeIpAttempt,
  takeLoginAttempt,
} from './rate-limits.server'

/** What a browser's known-device cookie says (ADR 061); read and written by known-device.server. */
export interface KnownDevice {
  id: string
  /** `deviceUserHash` of each account that logged in from this device, newest first */
  users: string[]
}

/** An account as the known-device cookie names it: not its id, so the cookie does not say who used the computer. */
export function deviceUserHash(userId: string) {
  return hashToken(`known-device:${userId}`).slice(0, 32)
}

export interface LoginAttempt {
  email: string
  password: string
  ip: string
  /** The browser's known-device cookie, when it has a valid one: its id and (hashes of) the accounts that logged in from it. */
  device: KnownDevice | null
  now?: Date
}

export type LoginResult =
  | { ok: true; user: NonNullable<Awaited<ReturnType<typeof findUserByEmail>>> }
  | { ok: false; error: 'invalidCredentials' }
  | { ok: false; error: 'tooManyAttempts'; retryAfterSeconds: number }

/**
 * One login attempt under the limits of ADR 061. A browser that logged in to this account before
 * answers only to its own limit (the account's wait, which anyone can cause, does not hold it),
 * and the address's failure limit does not hold it either. Unknown e-mails are throttled and
 * timed like known ones.
 */
export async function attemptLogin(db: DbOrTx, attempt: LoginAttempt): Promise<LoginResult> {
  const now = attempt.now ?? new Date()
  const user = await findUserByEmail(db, attempt.email)
  const knownDevice = Boolean(user && attempt.device?.users.includes(deviceUserHash(user.id)))
  const ipAttempt = await takeIpAttempt(db, attempt.ip, now)
  if (!ipAttempt.allowed && !knownDevice) return { ok: false, error: 'tooManyAttempts', retryAfterSeconds: ipAttempt.retryAfterSeconds }
  const key = knownDevice ? deviceThrottleKey(attempt.device!.id, user!.id) : accountThrottleKey(attempt.email)
  const taken = await takeLoginAttempt(db, key, now)
  if (!taken.allowed) {
    if (ipAttempt.allowed) await giveBackIpAttempt(db, attempt.ip, now)
    return { ok: false, error: 'tooManyAttempts', retryAfterSeconds: taken.retryAfterSeconds }
  }
  const right = user?.passwordHash
    ? await verifyPassword(user.passwordHash, attempt.password)
    : await timingSafeDummyVerify(attempt.password).then(() => false)
  if (!right || !user) return { ok: false, error: 'invalidCredentials' }
  await clearLoginThrottle(db, key)
  if (ipAttempt.allowed) await giveBackIpAttempt(db, attempt.ip, now)
  return { ok: true, user }
}
