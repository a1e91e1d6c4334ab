import { and, eq, gt, isNull } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { emailTokens, users } from '#db/schema'
import { appOrigin } from '~/modules/notifications/origin.server'
import { enqueueEmail } from '~/modules/notifications/outbox.server'
import { hitRateLimit } from '~/modules/security/rate-limit.server'
import { isLocale, type Locale } from '~/utils/i18n'
import { getT } from '~/utils/i18n.server'
import { findUserByEmail, normaliseEmail } from './accounts.server'
import { hashPassword } from './password.server'
import { issueEmailLink } from './email-links.server'
import { hashToken } from './session.server'

/**
 * Signup without telling who has an account (ADR 061). Both answers are "check your e-mail":
 * a new address gets a single-use link (24 hours) that creates the account, marks the address
 * verified and logs the person in; the owner of a known address gets an e-mail that someone
 * tried to sign up with it, with a link to log in. Nothing is written to `users` before the
 * link is followed, so an unconfirmed signup blocks no one: the mailbox's owner confirms the
 * signup they made themselves (each has its own link and password).
 */
export const SIGNUP_TOKEN_HOURS = 24
/** E-mails to one address from the signup form, per hour: more are not sent (the answer stays the same). */
export const SIGNUP_EMAILS_PER_HOUR = 3
export const SIGNUP_PURPOSE = 'signup'

export interface SignupRequest {
  name: string
  email: string
  password: string
  locale: Locale
  redirectTo?: string | undefined
}

interface SignupPayload {
  name: string
  passwordHash: string
  locale: Locale
  redirectTo: string | null
}

/** Takes a signup; answers nothing (the caller answers the same way whatever happened). */
export async function requestSignup(db: DbOrTx, request: SignupRequest, now = new Date()): Promise<void> {
  const email = normaliseEmail(request.email)
  // Hashed in both cases, so both answers take as long.
  const passwordHash = await hashPassword(request.password)
  await db.transaction(async (tx) => {
    const mails = await hitRateLimit(tx, `signup:mail:${email}`, SIGNUP_EMAILS_PER_HOUR, 3600, now)
    const existing = await findUserByEmail(tx, email)
    if (!mails.allowed) return
    if (existing) {
      const locale: Locale = isLocale(existing.locale) ? existing.locale : 'de'
      const t = getT(locale)
      await enqueueEmail(tx, {
        to: existing.email,
        kind: 'auth.signup_existing',
        subject: t('auth.mail.existing.subject'),
        text: mailText(t, t('auth.mail.existing.text', { name: existing.name, url: `${appOrigin()}/login` })),
      })
      return
    }
    const payload: SignupPayload = {
      name: request.name.trim(),
      passwordHash,
      locale: request.locale,
      redirectTo: request.redirectTo || null,
    }
    const token = await issueEmailLink(tx, {
      purpose: SIGNUP_PURPOSE,
      email,
      payload: { ...payload },
      expiresAt: new Date(now.getTime() + SIGNUP_TOKEN_HOURS * 60 * 60 * 1000),
    })
    const t = getT(request.locale)
    await enqueueEmail(tx, {
      to: email,
      kind: 'auth.signup_confirm',
      subject: t('auth.mail.confirm.subject'),
      text: mailText(
        t,
        t('auth.mail.confirm.text', { name: payload.name, url: `${appOrigin()}/confirm-email/${token}`, hours: SIGNUP_TOKEN_HOURS }),
      ),
    })
  })
}

export function mailText(t: ReturnType<typeof getT>, body: string) {
  return `${t('mail.greeting')}\n\n${body}\n\n${t('mail.footer')}`
}

function usable(tokenHash: string, now: Date) {
  return and(
    eq(emailTokens.tokenHash, tokenHash),
    eq(emailTokens.purpose, SIGNUP_PURPOSE),
    isNull(emailTokens.usedAt),
    gt(emailTokens.expiresAt, now),
  )
}

/** Is this a link that can still confirm a signup? (For the page the link opens; changes nothing.) */
export async function isSignupTokenUsable(db: DbOrTx, token: string, now = new Date()) {
  if (!isTokenShaped(token)) return false
  const [row] = await db.select({ id: emailTokens.id }).from(emailTokens).where(usable(hashToken(token), now))
  return Boolean(row)
}

export type ConfirmResult =
  | { ok: true; user: typeof users.$inferSelect; redirectTo: string | null }
  | { ok: false; error: 'invalidLink' }

/**
 * Follows a signup link: once only (the token is used up in the same statement that finds it),
 * before it expires. Creates the verified account; the address's other pending links die. If the
 * address has an account by now (another link was followed first), the link is spent and gives
 * nothing.
 */
export async function confirmSignup(db: DbOrTx, token: string, now = new Date()): Promise<ConfirmResult> {
  if (!isTokenShaped(token)) return { ok: false, error: 'invalidLink' }
  return db.transaction(async (tx) => {
    const [row] = await tx.update(emailTokens).set({ usedAt: now }).where(usable(hashToken(token), now)).returning()
    if (!row) return { ok: false, error: 'invalidLink' } as const
    const payload = row.payload as unknown as SignupPayload
    const [user] = await tx
      .insert(users)
      .values({
        email: row.email,
        name: payload.name,
        passwordHash: payload.passwordHash,
        locale: isLocale(payload.locale) ? payload.locale : 'de',
        emailVerifiedAt: now,
      })
      .onConflictDoNothing()
      .returning()
    if (!user) return { ok: false, error: 'invalidLink' } as const
    await tx
      .update(emailTokens)
      .set({ usedAt: now })
      .where(and(eq(emailTokens.purpose, SIGNUP_PURPOSE), eq(emailTokens.email, row.email), isNull(emailTokens.usedAt)))
    await tx.update(emailTokens).set({ userId: user.id }).where(eq(emailTokens.id, row.id))
    return { ok: true, user, redirectTo: payload.redirectTo } as const
  })
}

/** Tokens are 32 base32 characters; anything else is not looked up. */
export function isTokenShaped(token: string) {
  return /^[a-z2-7]{20,64}$/.test(token)
}
