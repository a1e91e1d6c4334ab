import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { emailTokens } from '#db/schema'

/**
 * The export is downloaded from a resource route (a page route cannot answer with a file), after
 * the password was typed again on /account/export. That check leaves a grant: single use, valid
 * for a few minutes, bound to the person and to the session that typed the password — nothing in
 * the URL, so no link to the file can be copied or logged (ADR 068).
 */
export const EXPORT_GRANT_MINUTES = 5
const PURPOSE = 'personal_data_export'

export async function grantExport(db: DbOrTx, user: { id: string; email: string }, sessionId: string, now = new Date()) {
  await db.insert(emailTokens).values({
    purpose: PURPOSE,
    tokenHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
    email: user.email,
    userId: user.id,
    payload: { sessionId },
    expiresAt: new Date(now.getTime() + EXPORT_GRANT_MINUTES * 60_000),
  })
}

/** Uses the newest live grant of this person and session; false when there is none (or it was used). */
export async function redeemExportGrant(db: DbOrTx, userId: string, sessionId: string, now = new Date()) {
  const used = await db
    .update(emailTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(emailTokens.purpose, PURPOSE),
        eq(emailTokens.userId, userId),
        sql`${emailTokens.payload}->>'sessionId' = ${sessionId}`,
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, now),
      ),
    )
    .returning({ id: emailTokens.id })
  return used.length > 0
}

/** Whether this session holds a live grant (the page then offers the download). */
export async function hasExportGrant(db: DbOrTx, userId: string, sessionId: string, now = new Date()) {
  const [row] = await db
    .select({ id: emailTokens.id })
    .from(emailTokens)
    .where(
      and(
        eq(emailTokens.purpose, PURPOSE),
        eq(emailTokens.userId, userId),
        sql`${emailTokens.payload}->>'sessionId' = ${sessionId}`,
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, now),
      ),
    )
    .limit(1)
  return Boolean(row)
}
