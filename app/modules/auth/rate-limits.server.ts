import { forgiveRateLimit, hitRateLimit } from '~/modules/security/rate-limit.server'
import { db } from '~/utils/db.server'
import { normaliseEmail } from './accounts.server'

/**
 * Login and signup: at most 10 attempts a minute per IP and per e-mail (11th → 429). A successful
 * login gives its per-e-mail attempt back (`forgiveLogin`): that limit is against guessing one
 * person's password, and a person who logs in on several devices, or a team sharing a login,
 * should not lock themselves out. The per-IP count keeps every attempt, so a known account's
 * logins cannot refund guesses at others from the same address.
 */
export const AUTH_ATTEMPTS_PER_MINUTE = 10

export async function checkAuthRateLimit(kind: 'login' | 'signup', ip: string, email: string | undefined, now = new Date()) {
  const byIp = await hitRateLimit(db, `${kind}:ip:${ip}`, AUTH_ATTEMPTS_PER_MINUTE, 60, now)
  const byEmail = email ? await hitRateLimit(db, `${kind}:email:${normaliseEmail(email)}`, AUTH_ATTEMPTS_PER_MINUTE, 60, now) : null
  const blocked = [byIp, byEmail].filter((r) => r && !r.allowed)
  if (!blocked.length) return null
  return Math.max(...blocked.map((r) => r!.retryAfterSeconds))
}

/** After a successful login: the attempt counted at `now` against the e-mail is given back. */
export async function forgiveLogin(email: string, now: Date) {
  await forgiveRateLimit(db, `login:email:${normaliseEmail(email)}`, 60, now)
}
