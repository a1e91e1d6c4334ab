import { and, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { accountErasures, notificationPreferences, notifications, users } from '#db/schema'
import { renderNotificationEmail } from './email'
import { DEFAULT_MODES, type NotificationKind, type NotificationMode, type NotificationPayload } from './kinds'
import { appOrigin } from './origin.server'
import { enqueueEmail } from './outbox.server'
import { signUnsubscribeToken } from './unsubscribe.server'
import { memberIdsOf } from '~/modules/initiatives/memberships.server'

export type NotifyInput = {
  centreId: string | null
  kind: NotificationKind
  /** `url` (an in-app path) and the values the kind's text uses (`title`, `initiative`, …) */
  payload: NotificationPayload
  /** the person who acted is not told about their own act */
  exceptUserId?: string | null
} & ({ userIds: string[]; initiativeId?: never } | { initiativeId: string; userIds?: never })

/** The e-mail mode each of these people chose for a kind (the kind's default where they chose none). */
export async function modesFor(db: DbOrTx, userIds: string[], kind: NotificationKind) {
  const modes = new Map<string, NotificationMode>(userIds.map((id) => [id, DEFAULT_MODES[kind]]))
  if (!userIds.length) return modes
  const rows = await db
    .select({ userId: notificationPreferences.userId, mode: notificationPreferences.mode })
    .from(notificationPreferences)
    .where(and(inArray(notificationPreferences.userId, userIds), eq(notificationPreferences.kind, kind)))
  for (const row of rows) modes.set(row.userId, row.mode)
  return modes
}

/**
 * Tells people about something: an in-app notification each, and — as each chose for this
 * kind — an e-mail queued in the outbox now (immediately), later in a digest (daily/weekly), or
 * none. Call it inside the transaction of the act, so the notice exists exactly when the act does.
 * Returns the ids of the people notified.
 */
export async function notify(db: DbOrTx, input: NotifyInput): Promise<string[]> {
  let userIds = input.userIds ?? []
  if (input.initiativeId) {
    userIds = await memberIdsOf(db, input.initiativeId)
  }
  userIds = [...new Set(userIds)].filter((id) => id !== input.exceptUserId)
  if (!userIds.length) return []

  const modes = await modesFor(db, userIds, input.kind)
  const recipients = await db
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(users)
    .where(inArray(users.id, userIds))
  const now = new Date()
  const inserted = await db.insert(notifications).values(
    recipients.map((user) => {
      const delivery = modes.get(user.id)!
      return {
        userId: user.id,
        centreId: input.centreId,
        kind: input.kind,
        payload: input.payload,
        delivery,
        emailedAt: delivery === 'immediate' ? now : null,
      }
    }),
  ).returning({ id: notifications.id, userId: notifications.userId })
  // An account erased meanwhile: its row was locked by the erasure, which the inserts above waited
  // for. Read the recipients again, as they are now: no notice is kept for it, and no e-mail goes to
  // the address it had (read above, before the erasure committed; the erasure already emptied the outbox).
  const erased = new Set(
    (await db.select({ userId: accountErasures.userId }).from(accountErasures).where(inArray(accountErasures.userId, recipients.map((r) => r.id)))).map(
      (row) => row.userId,
    ),
  )
  if (erased.size) {
    await db.delete(notifications).where(inArray(notifications.id, inserted.filter((n) => erased.has(n.userId)).map((n) => n.id)))
  }
  const origin = appOrigin()
  for (const user of recipients.filter((r) => !erased.has(r.id))) {
    if (modes.get(user.id) !== 'immediate') continue
    const token = await signUnsubscribeToken(db, user.id, input.kind)
    const mail = renderNotificationEmail(
      { locale: user.locale, name: user.name, origin, unsubscribe: { [input.kind]: `${origin}/unsubscribe/${token}` } },
      { kind: input.kind, payload: input.payload },
    )
    await enqueueEmail(db, { to: user.email, ...mail, kind: `notification.${input.kind}`, centreId: input.centreId })
  }
  return recipients.filter((r) => !erased.has(r.id)).map((r) => r.id)
}
