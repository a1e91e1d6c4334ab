import { and, eq, isNull } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { emailTokens } from '#db/schema'
import { isLocale, type Locale } from '~/utils/i18n'
import { generateSessionToken, hashToken } from './session.server'

/**
 * E-mailed single-use links (signup, verification, e-mail change, password reset; ADR 061, 066):
 * a 160-bit token goes into the link, only its SHA-256 into `email_tokens`, with the purpose that
 * says what following it does.
 */
export async function issueEmailLink(
  db: DbOrTx,
  link: { purpose: string; email: string; expiresAt: Date; userId?: string; payload?: Record<string, unknown>; createdAt?: Date },
): Promise<string> {
  const token = generateSessionToken()
  await db.insert(emailTokens).values({ ...link, tokenHash: hashToken(token) })
  return token
}

/** Ends a person's open links of one purpose (a newer link, a password or address change). */
export async function endEmailLinks(db: DbOrTx, userId: string, purpose: string, now = new Date()) {
  await db
    .update(emailTokens)
    .set({ usedAt: now })
    .where(and(eq(emailTokens.purpose, purpose), eq(emailTokens.userId, userId), isNull(emailTokens.usedAt)))
}

/** The language of a person's e-mails: their stored locale, else German. */
export function mailLocale(locale: string | null | undefined): Locale {
  return isLocale(locale) ? locale : 'de'
}
