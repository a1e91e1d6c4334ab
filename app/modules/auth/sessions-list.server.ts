import { and, desc, eq, gt, ne } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { sessions } from '#db/schema'
import { describeUserAgent, type DeviceDescription } from './sessions-list'
import { hashToken, isSessionAlive, SESSION_IDLE_DAYS } from './session.server'

const DAY = 24 * 60 * 60 * 1000

/**
 * The name a session has on the page and in its "log out" form: derived from the session's id
 * (itself a hash of the token) so the page never shows the id the database keys sessions by.
 */
export function sessionKey(sessionId: string) {
  return hashToken(`session-list:${sessionId}`).slice(0, 32)
}

export interface ListedSession extends DeviceDescription {
  key: string
  current: boolean
  createdAt: Date
  lastSeenAt: Date
  ipPrefix: string | null
}

/** A person's live sessions, the one in use first, then by last use. */
export async function listSessions(db: DbOrTx, userId: string, currentSessionId: string, now = new Date()): Promise<ListedSession[]> {
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_DAYS * DAY))))
    .orderBy(desc(sessions.lastSeenAt))
  return rows
    .filter((row) => isSessionAlive(row, now))
    .map((row) => ({
      key: sessionKey(row.id),
      current: row.id === currentSessionId,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      ipPrefix: row.ipPrefix,
      ...describeUserAgent(row.userAgent),
    }))
    .sort((a, b) => Number(b.current) - Number(a.current))
}

/**
 * Ends one of the person's own sessions, named by its key. Another person's session is never
 * found (the search runs over the person's sessions only), nor the session in use (that is
 * "log out"). Says whether one ended.
 */
export async function endOwnSession(db: DbOrTx, userId: string, currentSessionId: string, key: string): Promise<boolean> {
  const own = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), ne(sessions.id, currentSessionId)))
  const match = own.find((row) => sessionKey(row.id) === key)
  if (!match) return false
  const ended = await db
    .delete(sessions)
    .where(and(eq(sessions.id, match.id), eq(sessions.userId, userId)))
    .returning({ id: sessions.id })
  return ended.length === 1
}

/** "Log out everywhere else": every session of the person but the one in use. Returns how many ended. */
export async function endOtherSessions(db: DbOrTx, userId: string, currentSessionId: string): Promise<number> {
  const ended = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), ne(sessions.id, currentSessionId)))
    .returning({ id: sessions.id })
  return ended.length
}
