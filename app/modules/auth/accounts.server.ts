import { eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { users } from '#db/schema'
import { forgiveRateLimit, hitRateLimit } from '~/modules/security/rate-limit.server'
import type { Locale } from '~/utils/i18n'
import { hashPassword, timingSafeDummyVerify, verifyPassword } from './password.server'
import { endResetLinks } from './password-reset.server'
import { createSession, generateSessionToken, invalidateOtherSessions, invalidateSession } from './session.server'

export class EmailTakenError extends Error {
  constructor() {
    super('email taken')
  }
}

export function normaliseEmail(email: string) {
  return email.trim().toLowerCase()
}

export async function findUserByEmail(db: DbOrTx, email: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, normaliseEmail(email)))
  return user ?? null
}

export async function createUser(
  db: DbOrTx,
  input: { email: string; name: string; password: string | null; locale?: Locale; isAdmin?: boolean; emailVerified?: boolean },
) {
  const passwordHash = input.password ? await hashPassword(input.password) : null
  const [user] = await db
    .insert(users)
    .values({
      email: normaliseEmail(input.email),
      name: input.name.trim(),
      passwordHash,
      locale: input.locale ?? 'de',
      isAdmin: input.isAdmin ?? false,
      emailVerifiedAt: input.emailVerified ? new Date() : null,
    })
    .onConflictDoNothing()
    .returning()
  if (!user) throw new EmailTakenError()
  return user
}

/** Checks e-mail and password; unknown e-mails take as long as wrong passwords. */
export async function authenticate(db: DbOrTx, email: string, password: string) {
  const user = await findUserByEmail(db, email)
  if (!user?.passwordHash) {
    await timingSafeDummyVerify(password)
    return null
  }
  return (await verifyPassword(user.passwordHash, password)) ? user : null
}

/** A fresh session with a fresh token; any previous session of this browser is ended (rotation). */
export async function startSession(db: DbOrTx, userId: string, previousSessionId?: string | null) {
  if (previousSessionId) await invalidateSession(db, previousSessionId)
  const token = generateSessionToken()
  const session = await createSession(db, token, userId)
  return { token, session }
}

/**
 * Wrong guesses at the current password (on /account) are limited per person: at most 5 in a
 * fixed 15-minute window, counted in the database, so a stolen session cannot be used to find the
 * password out (and with it, the e-mail account behind it). Far stricter than the login limit:
 * here the guesser is already inside, and the person themselves rarely mistypes more than twice
 * (ADR 009).
 */
export const PASSWORD_GUESSES_PER_WINDOW = 5
export const PASSWORD_GUESS_WINDOW_SECONDS = 15 * 60

export type ChangePasswordResult =
  | { ok: true }
  | { ok: false; error: 'wrongPassword' }
  | { ok: false; error: 'tooManyAttempts'; retryAfterSeconds: number }

/**
 * Sets a new password when the current one is right; every other session of the person ends.
 * Each attempt counts against the per-person limit before the password is checked, so the
 * sixth guess in a window is refused without being tried, also when several arrive at once; a
 * right password gives its own attempt back (as a login does, ADR 008), so only wrong guesses
 * stay counted.
 */
export async function changePassword(
  db: DbOrTx,
  userId: string,
  currentSessionId: string,
  currentPassword: string,
  newPassword: string,
  options: { now?: Date } = {},
): Promise<ChangePasswordResult> {
  const now = options.now ?? new Date()
  const key = `password:user:${userId}`
  const limit = await hitRateLimit(db, key, PASSWORD_GUESSES_PER_WINDOW, PASSWORD_GUESS_WINDOW_SECONDS, now)
  if (!limit.allowed) return { ok: false, error: 'tooManyAttempts', retryAfterSeconds: limit.retryAfterSeconds }
  const [user] = await db.select().from(users).where(eq(users.id, userId))
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) return { ok: false, error: 'wrongPassword' }
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(newPassword), passwordChangedAt: new Date() })
    .where(eq(users.id, userId))
  await invalidateOtherSessions(db, userId, currentSessionId)
  // A reset link sent before the change would undo it (ADR 066).
  await endResetLinks(db, userId)
  await forgiveRateLimit(db, key, PASSWORD_GUESS_WINDOW_SECONDS, now)
  return { ok: true }
}

export async function setUserLocale(db: DbOrTx, userId: string, locale: Locale) {
  await db.update(users).set({ locale }).where(eq(users.id, userId))
}

export async function updateProfile(db: DbOrTx, userId: string, values: { name: string }) {
  await db.update(users).set({ name: values.name.trim() }).where(eq(users.id, userId))
}
