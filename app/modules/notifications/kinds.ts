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
  'exchange.awaiting_approval',
  'exchange.ended',
  'message.received',
  'loan.instalment_due',
  'loan.overdue',
  'loan.requested',
  'loan.decided',
  'loan.repayment',
  'loan.guarantee',
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
  // nothing reaches the ledger until a manager decides; both sides wait for it
  'exchange.awaiting_approval': 'immediate',
  // an end is an answer someone waits for, or a change to plans made for a date
  'exchange.ended': 'immediate',
  'message.received': 'immediate',
  'loan.instalment_due': 'immediate',
  'loan.overdue': 'immediate',
  'loan.requested': 'immediate',
  'loan.decided': 'immediate',
  // one kind for all repayment news: a logged repayment waits for the lender's answer
  'loan.repayment': 'immediate',
  // a request to stand guarantor waits for an answer; a pledge may decide a pending loan
  'loan.guarantee': 'immediate',
  'application.decided': 'immediate',
}

/**
 * What a kind's text is made of beyond `label` and `title` (keys under `notifications.kinds.<kind>`):
 * - `variants`: what happened (`payload.variant`) picks `title_<variant>` (and `body_<variant>`);
 *   a notification without a known variant falls back to `title` (and `body`);
 * - `body`: a paragraph under the title, in the app and in the e-mail;
 * - `note`: a person's own words (`payload.note`, e.g. the team's message) are shown under the
 *   kind's `note` label.
 */
export interface KindText {
  variants?: readonly string[]
  body?: boolean
  note?: boolean
}

export const KIND_TEXTS: Partial<Record<NotificationKind, KindText>> = {
  'exchange.disputed': { variants: ['settled_confirmed', 'settled_cancelled'], note: true },
  // `cap`: confirmed above the centre's cap; `one_side`: no one else may confirm for the receiver (ADR 058)
  'exchange.awaiting_approval': { variants: ['cap', 'one_side'] },
  'exchange.ended': { variants: ['declined', 'withdrawn', 'cancelled', 'dispute_cancelled'], note: true },
  'loan.requested': { variants: ['request', 'offer', 'fund'] },
  // `accepted`, `offer_*`: the borrower's answer to a lender's offer, the lender withdrawing it (ADR 058, addendum)
  'loan.decided': {
    variants: ['approved', 'declined', 'withdrawn', 'accepted', 'offer_declined', 'offer_withdrawn', 'disbursed', 'written_off'],
    note: true,
  },
  'loan.repayment': { variants: ['logged', 'confirmed', 'repaid', 'rejected'], note: true },
  'loan.guarantee': { variants: ['asked', 'pledged', 'released', 'written_off'], note: true },
  'application.decided': { variants: ['admitted', 'rejected'], body: true, note: true },
}

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value)
}

/** Values a notification's text may use; `url` is the in-app path it points to. */
export type NotificationPayload = Record<string, string | number | null>
