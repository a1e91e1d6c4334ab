import { z } from 'zod'
import { VOCABULARY_CATEGORIES } from './languages'

export const DismissMatchSchema = z.object({
  listingId: z.string().uuid(),
  otherListingId: z.string().uuid(),
})

/**
 * A label of the shared vocabulary as a person types it: a word or a few (at most four), of
 * letters and digits with spaces, hyphens, apostrophes, dots or "&" between — no tabs, control
 * characters or markup; 2 to 60 characters.
 */
export const vocabularyLabel = z
  .string()
  .trim()
  .transform((s) => s.normalize('NFC').replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(2)
      .max(60)
      .regex(/^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M} '’.&-]*[\p{L}\p{N}\p{M}.])?$/u, { error: 'vocabulary.errors.characters' })
      .refine((s) => s.split(' ').length <= 4, { error: 'vocabulary.errors.words' }),
  )

const language = z.enum(['de', 'en', 'fr', 'nl'])
const conceptKey = z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/)

/** The vocabulary page's forms, told apart by `intent`. */
export const VocabularyActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('addLabel'), concept: conceptKey, language, label: vocabularyLabel }),
  z.object({
    intent: z.literal('addConcept'),
    category: z.enum(VOCABULARY_CATEGORIES),
    broader: conceptKey.optional(),
    de: vocabularyLabel.optional(),
    en: vocabularyLabel.optional(),
    fr: vocabularyLabel.optional(),
    nl: vocabularyLabel.optional(),
  }),
  z.object({ intent: z.literal('removeLabel'), id: z.string().uuid() }),
  z.object({ intent: z.literal('removeConcept'), concept: conceptKey }),
])
export type VocabularyAction = z.infer<typeof VocabularyActionSchema>
