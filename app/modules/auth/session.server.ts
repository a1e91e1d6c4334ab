import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'
import { and, eq, lt, ne, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { preparedQuery } from '#db/prepared'
import { sessions, users } from '#db/schema'
import { ipPrefix, truncateUserAgent } from './sessions-list'

/**
 * Sessions follow Lucia's guide: the browser holds a random token, the database its SHA-256.
 * A session ends after IDLE_DAYS without use and, however busy, ABSOLUTE_DAYS after it began
 * (ADR 067; README "Sessions"). `expires_at` holds the absolute end, so the cookie's Max-Age
 * is right wherever a session is started; the idle end is read from `last_seen_at`.
 */
export const SESSION_IDLE_DAYS = 14
export const SESSION_ABSOLUTE_DAYS = 90
/** last_seen_at is written at most this often, so a busy session costs no write per request. */
export const LAST_SEEN_EVERY_MINUTES = 5
const DAY = 24 * 60 * 60 * 1000
const MINUTE = 60 * 1000

export type SessionUser = Pick<typeof users.$inferSelect, 'id' | 'email' | 'name' | 'locale' | 'isAdmin' | 'emailVerifiedAt'>
export type Session = typeof sessions.$inferSelect

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20) // 160 bits
  crypto.getRandomValues(bytes)
  return encodeBase32LowerCaseNoPadding(bytes)
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

export interface SessionDevice {
  userAgent?: string | null
  /** the client's address; only its prefix is stored */
  ip?: string | null
}

export async function createSession(
  db: DbOrTx,
  token: string,
  userId: string,
  device: SessionDevice = {},
  now = new Date(),
): Promise<Session> {
  const [session] = await db
    .insert(sessions)
    .values({
      id: hashToken(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_DAYS * DAY),
      userAgent: truncateUserAgent(device.userAgent),
      ipPrefix: ipPrefix(device.ip),
    })
    .returning()
  // Sessions that died of idleness are never read again; the person's next login tidies them away.
  await db.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.lastSeenAt, idleCutoff(now))))
  return session!
}

/** Names the device of a session started elsewhere (signup, password reset) after the fact. */
export async function describeSessionDevice(db: DbOrTx, sessionId: string, device: SessionDevice) {
  await db
    .update(sessions)
    .set({ userAgent: truncateUserAgent(device.userAgent), ipPrefix: ipPrefix(device.ip) })
    .where(eq(sessions.id, sessionId))
}

function idleCutoff(now: Date) {
  return new Date(now.getTime() - SESSION_IDLE_DAYS * DAY)
}

export function isSessionAlive(session: Pick<Session, 'expiresAt' | 'createdAt' | 'lastSeenAt'>, now = new Date()) {
  const t = now.getTime()
  return (
    t < session.expiresAt.getTime() &&
    t < session.createdAt.getTime() + SESSION_ABSOLUTE_DAYS * DAY &&
    t < session.lastSeenAt.getTime() + SESSION_IDLE_DAYS * DAY
  )
}

export async function validateSessionToken(
  db: DbOrTx,
  token: string,
  now = new Date(),
): Promise<{ session: Session; user: SessionUser } | null> {
  const id = hashToken(token)
  const [row] = await preparedQuery(db, 'session_with_user', (db) =>
    db
      .select({
        session: sessions,
        user: {
          id: users.id,
          email: users.email,
          name: users.name,
          locale: users.locale,
          isAdmin: users.isAdmin,
          emailVerifiedAt: users.emailVerifiedAt,
        },
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, sql.placeholder('id')))
      .prepare('session_with_user'),
  ).execute({ id })
  if (!row) return null
  const { session, user } = row
  if (!isSessionAlive(session, now)) {
    await db.delete(sessions).where(eq(sessions.id, id))
    return null
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_EVERY_MINUTES * MINUTE) {
    session.lastSeenAt = now
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id))
  }
  return { session, user }
}

export async function invalidateSession(db: DbOrTx, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId))
}

/** Ends every session of a user but the one given (after a password change). */
export async function invalidateOtherSessions(db: DbOrTx, userId: string, keepSessionId: string) {
  await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)))
}
