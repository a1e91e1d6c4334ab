import { z } from 'zod'
import { NOTIFICATION_KINDS, NOTIFICATION_MODES, type NotificationKind } from './kinds'

const Id = z.string().uuid()

/** Form field names cannot hold dots (conform reads them as paths): `match.new` → `match__new`. */
export function preferenceField(kind: NotificationKind) {
  return kind.replace('.', '__')
}

export const PreferencesSchema = z.object(
  Object.fromEntries(NOTIFICATION_KINDS.map((k) => [preferenceField(k), z.enum(NOTIFICATION_MODES)])) as Record<
    string,
    z.ZodEnum<{ immediate: 'immediate'; daily: 'daily'; weekly: 'weekly'; never: 'never' }>
  >,
)

export const NotificationActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('read'), id: Id }),
  z.object({ intent: z.literal('readAll') }),
])

export const SaveSearchSchema = z
  .object({
    intent: z.literal('save').default('save'),
    words: z.string().trim().max(200).default(''),
    kind: z.enum(['offer', 'need']).optional(),
    category: z.enum(['room', 'tool', 'skill', 'loan', 'other']).optional(),
  })
  .refine((v) => v.words.length > 0 || v.kind || v.category, {
    error: 'notifications.errors.emptySearch',
    path: ['words'],
  })

export const DeleteSearchSchema = z.object({ intent: z.literal('delete'), id: Id })

export const UnsubscribeSchema = z.object({})
