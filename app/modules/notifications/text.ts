import type { TFunction } from '~/utils/i18n'
import { KIND_TEXTS, type NotificationKind, type NotificationPayload } from './kinds'

/**
 * The words of one notification, the same in the app's list and in e-mails (immediate and
 * digest). Pure: the list page renders with it in the browser too.
 */
export interface NotificationItem {
  kind: NotificationKind
  payload: NotificationPayload
}

/** Missing payload values become empty, never a visible `{{placeholder}}`. */
export function textParams(payload: NotificationPayload): Record<string, string | number> {
  const out: Record<string, string | number> = {}
  for (const [k, v] of Object.entries(payload)) out[k] = v ?? ''
  for (const k of ['title', 'yours', 'initiative', 'search', 'centre']) out[k] ??= ''
  return out
}

function variantOf(item: NotificationItem): string | null {
  const variant = item.payload.variant
  const known = KIND_TEXTS[item.kind]?.variants
  return typeof variant === 'string' && known?.includes(variant) ? variant : null
}

const base = (kind: NotificationKind) => `notifications.kinds.${kind}`

export function notificationTitle(t: TFunction, item: NotificationItem): string {
  const variant = variantOf(item)
  return t(`${base(item.kind)}.title${variant ? `_${variant}` : ''}`, textParams(item.payload))
}

/** The paragraph under the title, for kinds that have one. */
export function notificationBody(t: TFunction, item: NotificationItem): string | null {
  if (!KIND_TEXTS[item.kind]?.body) return null
  const variant = variantOf(item)
  return t(`${base(item.kind)}.body${variant ? `_${variant}` : ''}`, textParams(item.payload))
}

/** A person's own words carried by the notification (e.g. the team's message), with its label (which ends in its language's colon). */
export function notificationNote(t: TFunction, item: NotificationItem): { label: string; text: string } | null {
  const note = item.payload.note
  if (!KIND_TEXTS[item.kind]?.note || typeof note !== 'string' || !note.trim()) return null
  return { label: t(`${base(item.kind)}.note`), text: note.trim() }
}

/** Every translation key a kind's texts may use (for the test that each language has them all). */
export function kindTextKeys(kind: NotificationKind): string[] {
  const text = KIND_TEXTS[kind] ?? {}
  const suffixes = ['', ...(text.variants ?? []).map((v) => `_${v}`)]
  return [
    `${base(kind)}.label`,
    ...suffixes.map((s) => `${base(kind)}.title${s}`),
    ...(text.body ? suffixes.map((s) => `${base(kind)}.body${s}`) : []),
    ...(text.note ? [`${base(kind)}.note`] : []),
  ]
}
