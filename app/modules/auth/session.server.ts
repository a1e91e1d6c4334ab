import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'
import { and, eq, ne, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { preparedQuery } from '#db/prepared'
import { sessions, users } from '#db/schema'

/** Sessions follow Lucia's guide: the browser holds a random token, the database its SHA-256. */
const SESSION_DAYS = 30
const RENEW_WHEN_DAYS_LEFT = 15
const DAY = 24 * 60 * 60 * 1000

export type SessionUser = Pick<typeof users.$inferSelect, 'id' | 'email' | 'name' | 'locale' | 'isAdmin'>
export type Session = typeof sessions.$inferSelect

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20) // 160 bits
  crypto.getRandomValues(bytes)
  return encodeBase32LowerCaseNoPadding(bytes)
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

export async function createSession(db: DbOrTx, token: string, userId: string): Promise<Session> {
  const [session] = await db
    .insert(sessions)
    .values({ id: hashToken(token), userId, expiresAt: new Date(Date.now() + SESSION_DAYS * DAY) })
    .returning()
  return session!
}

export async function validateSessionToken(
  db: DbOrTx,
  token: string,
): Promise<{ session: Session; user: SessionUser } | null> {
  const id = hashToken(token)
  const [row] = await preparedQuery(db, 'session_with_user', (db) =>
    db
      .select({
        session: sessions,
        user: { id: users.id, email: users.email, name: users.name, locale: users.locale, isAdmin: users.isAdmin },
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, sql.placeholder('id')))
      .prepare('session_with_user'),
  ).execute({ id })
  if (!row) return null
  const { session, user } = row
  const now = Date.now()
  if (now >= session.expiresAt.getTime()) {
    await db.delete(sessions).where(eq(sessions.id, id))
    return null
  }
  if (now >= session.expiresAt.getTime() - RENEW_WHEN_DAYS_LEFT * DAY) {
    session.expiresAt = new Date(now + SESSION_DAYS * DAY)
    await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, id))
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
