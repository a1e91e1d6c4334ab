/**
 * What a person can be told about. The text of each kind lives under
 * `notifications.kinds.<kind>` (label, title, body); the e-mail mode is chosen per kind.
 */
export const NOTIFICATION_KINDS = [
  'match.new',
  'search.new_listing',
  'exchange.proposed',
  'exchange.accepted',
  'exchange.completed',
  'exchange.confirmed',
  'exchange.disputed',
  'message.received',
  'loan.instalment_due',
  'loan.overdue',
  'application.decided',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

export const NOTIFICATION_MODES = ['immediate', 'daily', 'weekly', 'never'] as const
export type NotificationMode = (typeof NOTIFICATION_MODES)[number]

/**
 * Without a choice of their own, people get what needs an answer at once, and what merely
 * could interest them in a daily digest (matches and saved searches can be many).
 */
export const DEFAULT_MODES: Record<NotificationKind, NotificationMode> = {
  'match.new': 'daily',
  'search.new_listing': 'daily',
  'exchange.proposed': 'immediate',
  'exchange.accepted': 'immediate',
  'exchange.completed': 'immediate',
  'exchange.confirmed': 'immediate',
  'exchange.disputed': 'immediate',
  'message.received': 'immediate',
  'loan.instalment_due': 'immediate',
  'loan.overdue': 'immediate',
  'application.decided': 'immediate',
}

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value)
}

/** Values a notification's text may use; `url` is the in-app path it points to. */
export type NotificationPayload = Record<string, string | number | null>
