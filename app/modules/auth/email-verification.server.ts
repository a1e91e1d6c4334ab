import { and, eq, gt, inArray, isNull, ne, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { emailTokens, users } from '#db/schema'
import { appOrigin } from '~/modules/notifications/origin.server'
import { enqueueEmail } from '~/modules/notifications/outbox.server'
import { forgiveRateLimit, hitRateLimit } from '~/modules/security/rate-limit.server'
import { getT } from '~/utils/i18n.server'
import { findUserByEmail, normaliseEmail, PASSWORD_GUESSES_PER_WINDOW, PASSWORD_GUESS_WINDOW_SECONDS } from './accounts.server'
import { verifyPassword } from './password.server'
import { endResetLinks } from './password-reset.server'
import { endEmailLinks, issueEmailLink, mailLocale } from './email-links.server'
import { hashToken } from './session.server'
import { isTokenShaped, mailText } from './signup.server'

/**
 * Verified addresses (issue #14 §2, ADR 066). A person whose address is not verified (accounts
 * from before ADR 061) asks for a link (`verify_email`); a person changing their address gets a
 * link at the new one (`email_change`), and the change happens only when it is followed. Both
 * links: 24 hours, once, only their SHA-256 stored; both open /verify-email/:token.
 */
export const VERIFY_PURPOSE = 'verify_email'
export const EMAIL_CHANGE_PURPOSE = 'email_change'
export const VERIFY_TOKEN_HOURS = 24
/** Verification e-mails a person can ask for per hour ("send again"). */
export const VERIFY_EMAILS_PER_HOUR = 3

const expiry = (now: Date) => new Date(now.getTime() + VERIFY_TOKEN_HOURS * 60 * 60 * 1000)

export type SendVerificationResult =
  | { ok: true }
  | { ok: false; error: 'alreadyVerified' }
  | { ok: false; error: 'tooManyRequests'; retryAfterSeconds: number }

/** "Send again": a new link to the person's address; older verification links end. */
export async function sendVerificationEmail(db: DbOrTx, userId: string, now = new Date()): Promise<SendVerificationResult> {
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId))
    if (!user) return { ok: false, error: 'alreadyVerified' } as const
    if (user.emailVerifiedAt) return { ok: false, error: 'alreadyVerified' } as const
    const limit = await hitRateLimit(tx, `verify:user:${user.id}`, VERIFY_EMAILS_PER_HOUR, 3600, now)
    if (!limit.allowed) return { ok: false, error: 'tooManyRequests', retryAfterSeconds: limit.retryAfterSeconds } as const
    await endEmailLinks(tx, user.id, VERIFY_PURPOSE, now)
    const token = await issueEmailLink(tx, {
      purpose: VERIFY_PURPOSE,
      email: normaliseEmail(user.email),
      userId: user.id,
      expiresAt: expiry(now),
      createdAt: now,
    })
    const t = getT(mailLocale(user.locale))
    await enqueueEmail(tx, {
      to: user.email,
      kind: 'auth.verify_email',
      subject: t('auth.mail.verify.subject'),
      text: mailText(
        t,
        t('auth.mail.verify.text', { name: user.name, url: `${appOrigin()}/verify-email/${token}`, hours: VERIFY_TOKEN_HOURS }),
      ),
    })
    return { ok: true } as const
  })
}

export type EmailChangeResult =
  | { ok: true }
  | { ok: false; error: 'wrongPassword' }
  | { ok: false; error: 'sameAddress' }
  | { ok: false; error: 'tooManyAttempts'; retryAfterSeconds: number }

/**
 * Asks to change the person's address: the password must be right (guesses count against the same
 * per-person limit as the password change, ADR 009). The new address gets a link; nothing changes
 * until it is followed. If the new address already has an account, its owner is told instead and
 * the answer is the same (the form does not say who has an account).
 */
export async function requestEmailChange(
  db: DbOrTx,
  input: { userId: string; password: string; newEmail: string },
  now = new Date(),
): Promise<EmailChangeResult> {
  const newEmail = normaliseEmail(input.newEmail)
  const key = `password:user:${input.userId}`
  const limit = await hitRateLimit(db, key, PASSWORD_GUESSES_PER_WINDOW, PASSWORD_GUESS_WINDOW_SECONDS, now)
  if (!limit.allowed) return { ok: false, error: 'tooManyAttempts', retryAfterSeconds: limit.retryAfterSeconds }
  const [user] = await db.select().from(users).where(eq(users.id, input.userId))
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.password))) return { ok: false, error: 'wrongPassword' }
  await forgiveRateLimit(db, key, PASSWORD_GUESS_WINDOW_SECONDS, now)
  if (normaliseEmail(user.email) === newEmail) return { ok: false, error: 'sameAddress' }
  await db.transaction(async (tx) => {
    const mails = await hitRateLimit(tx, `email-change:mail:${newEmail}`, VERIFY_EMAILS_PER_HOUR, 3600, now)
    if (!mails.allowed) return
    const taken = await findUserByEmail(tx, newEmail)
    if (taken) {
      const t = getT(mailLocale(taken.locale))
      await enqueueEmail(tx, {
        to: taken.email,
        kind: 'auth.email_change_taken',
        subject: t('auth.mail.changeTaken.subject'),
        text: mailText(t, t('auth.mail.changeTaken.text', { name: taken.name, url: `${appOrigin()}/login` })),
      })
      return
    }
    await endEmailLinks(tx, user.id, EMAIL_CHANGE_PURPOSE, now)
    const token = await issueEmailLink(tx, {
      purpose: EMAIL_CHANGE_PURPOSE,
      email: newEmail,
      userId: user.id,
      payload: { from: normaliseEmail(user.email) },
      expiresAt: expiry(now),
      createdAt: now,
    })
    const t = getT(mailLocale(user.locale))
    await enqueueEmail(tx, {
      to: newEmail,
      kind: 'auth.email_change',
      subject: t('auth.mail.change.subject'),
      text: mailText(
        t,
        t('auth.mail.change.text', { name: user.name, url: `${appOrigin()}/verify-email/${token}`, hours: VERIFY_TOKEN_HOURS }),
      ),
    })
  })
  return { ok: true }
}

function usable(token: string, now: Date) {
  return and(
    eq(emailTokens.tokenHash, hashToken(token)),
    inArray(emailTokens.purpose, [VERIFY_PURPOSE, EMAIL_CHANGE_PURPOSE]),
    isNull(emailTokens.usedAt),
    gt(emailTokens.expiresAt, now),
  )
}

/** For the page the link opens (changes nothing): is it a usable link, and for which change? */
export async function findVerificationLink(db: DbOrTx, token: string, now = new Date()) {
  if (!isTokenShaped(token)) return null
  const [row] = await db
    .select({ purpose: emailTokens.purpose, email: emailTokens.email })
    .from(emailTokens)
    .where(usable(token, now))
  return row ?? null
}

export type VerifyResult =
  | { ok: true; purpose: typeof VERIFY_PURPOSE | typeof EMAIL_CHANGE_PURPOSE; userId: string; email: string }
  | { ok: false; error: 'invalidLink' }

/**
 * Follows a verification or address-change link, once, before it expires. A verification marks
 * the address verified (if it is still the person's address). A change sets the new address,
 * verified, ends the person's pending reset links (they went to the old address) and tells the old
 * address; if someone else has the new address by now, the link is spent and changes nothing.
 */
export async function confirmEmailLink(db: DbOrTx, token: string, now = new Date()): Promise<VerifyResult> {
  if (!isTokenShaped(token)) return { ok: false, error: 'invalidLink' }
  return db.transaction(async (tx) => {
    const [row] = await tx.update(emailTokens).set({ usedAt: now }).where(usable(token, now)).returning()
    if (!row?.userId) return { ok: false, error: 'invalidLink' } as const
    const [user] = await tx.select().from(users).where(eq(users.id, row.userId)).for('update')
    if (!user) return { ok: false, error: 'invalidLink' } as const
    if (row.purpose === VERIFY_PURPOSE) {
      if (normaliseEmail(user.email) !== row.email) return { ok: false, error: 'invalidLink' } as const
      await tx.update(users).set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now.toISOString()}::timestamptz)` }).where(eq(users.id, user.id))
      return { ok: true, purpose: VERIFY_PURPOSE, userId: user.id, email: user.email } as const
    }
    const from = typeof row.payload.from === 'string' ? row.payload.from : null
    if (from !== normaliseEmail(user.email)) return { ok: false, error: 'invalidLink' } as const
    const taken = await findUserByEmail(tx, row.email)
    if (taken) return { ok: false, error: 'invalidLink' } as const
    // The unique index on lower(email) still guards a race between two such links; on conflict
    // nothing is changed (the update inside a savepoint) and the link gives nothing.
    const changed = await tx
      .transaction(async (sp) => {
        const [updated] = await sp
          .update(users)
          // the old address is kept for an erasure (it also removes what was sent there)
          .set({ email: row.email, emailVerifiedAt: now, previousEmails: sql`array_append(coalesce(${users.previousEmails}, '{}'), ${from}::text)` })
          .where(and(eq(users.id, user.id), ne(users.email, row.email)))
          .returning({ id: users.id })
        return Boolean(updated)
      })
      .catch(() => false)
    if (!changed) return { ok: false, error: 'invalidLink' } as const
    await endResetLinks(tx, user.id, now)
    await endEmailLinks(tx, user.id, VERIFY_PURPOSE, now)
    const t = getT(mailLocale(user.locale))
    await enqueueEmail(tx, {
      to: user.email,
      kind: 'auth.email_changed',
      subject: t('auth.mail.changed.subject'),
      text: mailText(t, t('auth.mail.changed.text', { name: user.name, email: row.email })),
    })
    return { ok: true, purpose: EMAIL_CHANGE_PURPOSE, userId: user.id, email: row.email } as const
  })
}
