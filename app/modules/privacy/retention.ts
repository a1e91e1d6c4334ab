/**
 * How long Viertel keeps what it no longer needs (issue 14 §5, ADR 068). The one place for these
 * periods; docs/privacy.md lists the same numbers for people to read.
 */
export const RETENTION = {
  /** the text of an e-mail (subject and address stay, for the delivery record) after it was sent or gave up */
  emailBodyDays: 30,
  /** the whole outbox row of a sent or failed e-mail */
  emailRowDays: 180,
  /** rate-limit counters (the longest window is an hour) */
  rateLimitDays: 2,
  /** login throttles without a failure for this long (the longest wait is 15 minutes) */
  loginThrottleDays: 7,
  /** sessions (and half-done two-factor logins) after they expired */
  expiredSessionDays: 0,
  /** e-mail links (confirmation, reset) after they expired, used or not */
  expiredTokenDays: 7,
} as const

const DAY_MS = 24 * 60 * 60 * 1000

/** The moment before which rows of a period are swept. */
export function cutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS)
}
