import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { emailTokens, sessions, users } from '#db/schema'
import { appOrigin } from '~/modules/notifications/origin.server'
import { enqueueEmail } from '~/modules/notifications/outbox.server'
import { hitRateLimit } from '~/modules/security/rate-limit.server'
import { getT } from '~/utils/i18n.server'
import { findUserByEmail, normaliseEmail } from './accounts.server'
import { hashPassword } from './password.server'
import { accountThrottleKey, clearLoginThrottle } from './rate-limits.server'
import { endEmailLinks, issueEmailLink, mailLocale } from './email-links.server'
import { hashToken } from './session.server'
import { isTokenShaped, mailText } from './signup.server'

/**
 * Forgot password (issue #14 §1, ADR 066). Whoever types an address gets the same answer; a known
 * address gets a link valid for an hour, once. Only the link's SHA-256 is stored (`email_tokens`,
 * purpose `password_reset`). A newer link, a password change and a change of the address end the
 * older links. Following one sets the password, ends every session and proves the mailbox.
 */
export const RESET_PURPOSE = 'password_reset'
export const RESET_TOKEN_MINUTES = 60
/** E-mails to one address per hour (more requests get the same answer and no e-mail). */
export const RESET_EMAILS_PER_HOUR = 3
/** Requests from one IP per hour, whatever address they name (the 21st gets 429). */
export const RESET_REQUESTS_PER_IP_PER_HOUR = 20

export type ResetRequestResult = { ok: true } | { ok: false; error: 'tooManyRequests'; retryAfterSeconds: number }

/**
 * Takes a request for a reset link. The answer says nothing about the address: `ok` for known and
 * unknown alike, and for an address that had its hourly e-mails; only the IP's limit refuses.
 */
export async function requestPasswordReset(
  db: DbOrTx,
  input: { email: string; ip: string },
  now = new Date(),
): Promise<ResetRequestResult> {
  const email = normaliseEmail(input.email)
  return db.transaction(async (tx) => {
    const byIp = await hitRateLimit(tx, `reset:ip:${input.ip}`, RESET_REQUESTS_PER_IP_PER_HOUR, 3600, now)
    if (!byIp.allowed) return { ok: false, error: 'tooManyRequests', retryAfterSeconds: byIp.retryAfterSeconds } as const
    const byMail = await hitRateLimit(tx, `reset:mail:${email}`, RESET_EMAILS_PER_HOUR, 3600, now)
    const user = await findUserByEmail(tx, email)
    if (!byMail.allowed || !user) return { ok: true } as const
    // A newer link ends the older ones: only the last e-mail works.
    await endResetLinks(tx, user.id, now)
    const token = await issueEmailLink(tx, {
      purpose: RESET_PURPOSE,
      email: normaliseEmail(user.email),
      userId: user.id,
      expiresAt: new Date(now.getTime() + RESET_TOKEN_MINUTES * 60 * 1000),
      createdAt: now,
    })
    const t = getT(mailLocale(user.locale))
    await enqueueEmail(tx, {
      to: user.email,
      kind: 'auth.password_reset',
      subject: t('auth.mail.reset.subject'),
      text: mailText(
        t,
        t('auth.mail.reset.text', { name: user.name, url: `${appOrigin()}/reset-password/${token}`, minutes: RESET_TOKEN_MINUTES }),
      ),
    })
    return { ok: true } as const
  })
}

/** Ends the person's unused reset links (a newer link, a password change, a new address). */
export async function endResetLinks(db: DbOrTx, userId: string, now = new Date()) {
  await endEmailLinks(db, userId, RESET_PURPOSE, now)
}

/**
 * The link's row and its person, while it can still be used: not used, not expired, and the
 * person still has the address the link was sent to.
 */
async function findUsableReset(db: DbOrTx, token: string, now: Date) {
  if (!isTokenShaped(token)) return null
  const [row] = await db
    .select({ token: emailTokens, user: users })
    .from(emailTokens)
    .innerJoin(users, eq(users.id, emailTokens.userId))
    .where(
      and(
        eq(emailTokens.tokenHash, hashToken(token)),
        eq(emailTokens.purpose, RESET_PURPOSE),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, now),
        eq(sql`lower(${users.email})`, emailTokens.email),
      ),
    )
  return row ?? null
}

/** For the page the link opens (changes nothing): whose link is it, if it still works? */
export async function findResetLink(db: DbOrTx, token: string, now = new Date()) {
  const row = await findUsableReset(db, token, now)
  return row ? { email: row.user.email, name: row.user.name } : null
}

export type ResetResult = { ok: true; user: typeof users.$inferSelect } | { ok: false; error: 'invalidLink' }

/**
 * Sets the new password with a reset link: once (the link is spent in the statement that finds
 * it, so two tabs cannot both use it), before it expires. Every session of the person ends (the
 * caller starts a new one for this browser), the account's login wait ends, the address counts as
 * verified (the link reached it), and the person is told by e-mail. The caller has checked the
 * password's strength.
 */
export async function resetPassword(db: DbOrTx, token: string, newPassword: string, now = new Date()): Promise<ResetResult> {
  if (!isTokenShaped(token)) return { ok: false, error: 'invalidLink' }
  const passwordHash = await hashPassword(newPassword)
  return db.transaction(async (tx) => {
    const [spent] = await tx
      .update(emailTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(emailTokens.tokenHash, hashToken(token)),
          eq(emailTokens.purpose, RESET_PURPOSE),
          isNull(emailTokens.usedAt),
          gt(emailTokens.expiresAt, now),
        ),
      )
      .returning()
    if (!spent?.userId) return { ok: false, error: 'invalidLink' } as const
    const [user] = await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now.toISOString()}::timestamptz)` })
      .where(and(eq(users.id, spent.userId), eq(sql`lower(${users.email})`, spent.email)))
      .returning()
    // The address changed since the link was sent: the link belonged to the old one.
    if (!user) return { ok: false, error: 'invalidLink' } as const
    await endResetLinks(tx, user.id, now)
    await tx.delete(sessions).where(eq(sessions.userId, user.id))
    await clearLoginThrottle(tx, accountThrottleKey(user.email))
    const t = getT(mailLocale(user.locale))
    await enqueueEmail(tx, {
      to: user.email,
      kind: 'auth.password_changed',
      subject: t('auth.mail.passwordChanged.subject'),
      text: mailText(t, t('auth.mail.passwordChanged.text', { name: user.name, url: `${appOrigin()}/forgot-password` })),
    })
    return { ok: true, user } as const
  })
}
