import { and, eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { rateLimits } from '#db/schema'

export interface RateLimitResult {
  allowed: boolean
  count: number
  retryAfterSeconds: number
}

/**
 * Counts one attempt for `key` in the current fixed window and says whether it is within
 * `limit`. The counter lives in PostgreSQL, so every app process sees the same count.
 */
export async function hitRateLimit(
  db: DbOrTx,
  key: string,
  limit: number,
  windowSeconds = 60,
  now = new Date(),
): Promise<RateLimitResult> {
  const windowMs = windowSeconds * 1000
  const windowStart = windowStartOf(now, windowSeconds)
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    })
    .returning({ count: rateLimits.count })
  const count = row!.count
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000))
  return { allowed: count <= limit, count, retryAfterSeconds }
}

/**
 * Gives back one attempt counted for `key` in the window of `now` (pass the `now` of the hit, so
 * that an attempt near a window's edge is not given back to the next window). For attempts
 * that turned out harmless, e.g. a successful login against the per-e-mail limit.
 */
export async function forgiveRateLimit(db: DbOrTx, key: string, windowSeconds = 60, now = new Date()) {
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, windowStartOf(now, windowSeconds))))
}

/**
 * A sliding window (the "sliding window counter" of two fixed buckets): the count is the current
 * bucket plus the previous one weighted by how much of it still lies inside the last
 * `windowSeconds`. So 100 attempts at 10:00:59 still count at 10:01:01, where a fixed window
 * would have started again from zero. Counts one attempt for `key`; the bucket's upsert is a
 * single atomic statement, so concurrent attempts are all counted.
 */
export async function hitSlidingRateLimit(
  db: DbOrTx,
  key: string,
  limit: number,
  windowSeconds = 60,
  now = new Date(),
): Promise<RateLimitResult> {
  const windowMs = windowSeconds * 1000
  const current = await hitRateLimit(db, key, Number.MAX_SAFE_INTEGER, windowSeconds, now)
  const windowStart = windowStartOf(now, windowSeconds)
  const [previousRow] = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, new Date(windowStart.getTime() - windowMs))))
  const previous = previousRow?.count ?? 0
  const intoWindow = (now.getTime() - windowStart.getTime()) / windowMs
  const count = Math.ceil(previous * (1 - intoWindow) + current.count)
  if (count <= limit) return { allowed: true, count, retryAfterSeconds: 0 }
  // When will the weighted sum be back within the limit? In this bucket if the current count
  // alone fits, else once the current bucket has slid far enough out of the next one.
  const windowEnd = windowStart.getTime() + windowMs
  const fitsAt =
    current.count <= limit && previous > 0
      ? windowStart.getTime() + windowMs * (1 - (limit - current.count) / previous)
      : windowEnd + windowMs * (1 - limit / current.count)
  return { allowed: false, count, retryAfterSeconds: Math.max(1, Math.ceil((fitsAt - now.getTime()) / 1000)) }
}

function windowStartOf(now: Date, windowSeconds: number) {
  const windowMs = windowSeconds * 1000
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs)
}

/** Old windows are useless; the worker or a start-up sweep removes them. */
export async function pruneRateLimits(db: DbOrTx, olderThan = new Date(Date.now() - 60 * 60 * 1000)) {
  await db.delete(rateLimits).where(sql`${rateLimits.windowStart} < ${olderThan}`)
}
