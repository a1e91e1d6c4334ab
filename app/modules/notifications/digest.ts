import { NOTIFICATION_KINDS, type NotificationKind, type NotificationPayload } from './kinds'

export type DigestPeriod = 'daily' | 'weekly'
export const PERIOD_MS: Record<DigestPeriod, number> = { daily: 24 * 3600_000, weekly: 7 * 24 * 3600_000 }

export interface DigestItem {
  id: string
  kind: NotificationKind
  payload: NotificationPayload
  createdAt: Date
}

export interface DigestGroup {
  kind: NotificationKind
  items: DigestItem[]
}

/**
 * A digest lists its notifications by kind, in the order kinds are declared (what needs an
 * answer is near the top of that list), each group oldest first; at most `perKind` items each,
 * so one busy saved search cannot bury the rest.
 */
export function groupForDigest(items: DigestItem[], perKind = 20): DigestGroup[] {
  const byKind = new Map<NotificationKind, DigestItem[]>()
  for (const item of items) {
    const list = byKind.get(item.kind) ?? []
    list.push(item)
    byKind.set(item.kind, list)
  }
  return NOTIFICATION_KINDS.filter((k) => byKind.has(k)).map((kind) => ({
    kind,
    items: byKind
      .get(kind)!
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
      .slice(0, perKind),
  }))
}

/**
 * A person's digest is due when something waits and a whole period has passed since the later
 * of their last digest and their oldest waiting notification: a digest never comes sooner than
 * one period after the previous, and never holds a notification longer than one period.
 */
export function isDigestDue(
  period: DigestPeriod,
  now: Date,
  oldestWaiting: Date | null,
  lastSentAt: Date | null,
): boolean {
  if (!oldestWaiting) return false
  const since = Math.max(oldestWaiting.getTime(), lastSentAt?.getTime() ?? 0)
  return now.getTime() - since >= PERIOD_MS[period]
}
