import { hitRateLimit } from '~/modules/security/rate-limit.server'
import { db } from '~/utils/db.server'
import { normaliseEmail } from './accounts.server'

/** Login and signup: at most 10 attempts a minute per IP and per e-mail (11th → 429). */
export const AUTH_ATTEMPTS_PER_MINUTE = 10

export async function checkAuthRateLimit(kind: 'login' | 'signup', ip: string, email: string | undefined) {
  const byIp = await hitRateLimit(db, `${kind}:ip:${ip}`, AUTH_ATTEMPTS_PER_MINUTE)
  const byEmail = email ? await hitRateLimit(db, `${kind}:email:${normaliseEmail(email)}`, AUTH_ATTEMPTS_PER_MINUTE) : null
  const blocked = [byIp, byEmail].filter((r) => r && !r.allowed)
  if (!blocked.length) return null
  return Math.max(...blocked.map((r) => r!.retryAfterSeconds))
}
