import { and, isNotNull, lt, ne, or, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { emailOutbox, emailTokens, loginThrottle, pendingLogins, rateLimits, sessions } from '#db/schema'
import { cutoff, RETENTION } from './retention'

export interface SweepResult {
  emailBodiesCleared: number
  emailsDeleted: number
  rateLimitsDeleted: number
  loginThrottlesDeleted: number
  sessionsDeleted: number
  tokensDeleted: number
}

/**
 * Removes what the retention periods say is no longer kept. Idempotent and cheap when there is
 * nothing to do (each statement reads an index or a small table); called from the worker's tick.
 * Audit entries about erased people are pseudonymised at erasure (erasure.server.ts), not here.
 */
export async function sweepRetention(db: DbOrTx, now = new Date()): Promise<SweepResult> {
  const done = ne(emailOutbox.status, 'pending')
  const cleared = await db
    .update(emailOutbox)
    .set({ text: '', html: null })
    .where(and(done, lt(emailOutbox.createdAt, cutoff(now, RETENTION.emailBodyDays)), or(ne(emailOutbox.text, ''), isNotNull(emailOutbox.html))))
    .returning({ id: emailOutbox.id })
  const deletedMails = await db
    .delete(emailOutbox)
    .where(and(done, lt(emailOutbox.createdAt, cutoff(now, RETENTION.emailRowDays))))
    .returning({ id: emailOutbox.id })
  const limits = await db
    .delete(rateLimits)
    .where(lt(rateLimits.windowStart, cutoff(now, RETENTION.rateLimitDays)))
    .returning({ key: rateLimits.key })
  const throttles = await db
    .delete(loginThrottle)
    .where(
      and(
        sql`coalesce(${loginThrottle.lastFailureAt}, '-infinity') < ${cutoff(now, RETENTION.loginThrottleDays).toISOString()}::timestamptz`,
        sql`coalesce(${loginThrottle.lockedUntil}, '-infinity') < ${now.toISOString()}::timestamptz`,
      ),
    )
    .returning({ key: loginThrottle.key })
  const expired = await db
    .delete(sessions)
    .where(lt(sessions.expiresAt, cutoff(now, RETENTION.expiredSessionDays)))
    .returning({ id: sessions.id })
  const pending = await db
    .delete(pendingLogins)
    .where(lt(pendingLogins.expiresAt, cutoff(now, RETENTION.expiredSessionDays)))
    .returning({ id: pendingLogins.id })
  const tokens = await db
    .delete(emailTokens)
    .where(lt(emailTokens.expiresAt, cutoff(now, RETENTION.expiredTokenDays)))
    .returning({ id: emailTokens.id })
  return {
    emailBodiesCleared: cleared.length,
    emailsDeleted: deletedMails.length,
    rateLimitsDeleted: limits.length,
    loginThrottlesDeleted: throttles.length,
    sessionsDeleted: expired.length + pending.length,
    tokensDeleted: tokens.length,
  }
}

