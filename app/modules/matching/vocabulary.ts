import data from '#db/seed/vocabulary.json'

/**
 * The shared multilingual vocabulary (issue #16): concepts with labels in de/en/fr/nl and a
 * broader concept, as data (db/seed/vocabulary.json). Until it lives in the database it is read
 * from that file once, when this module is first imported (bundled into the server build), never
 * per request. ADR 075.
 */
export const LANGUAGES = ['de', 'en', 'fr', 'nl'] as const
export type Language = (typeof LANGUAGES)[number]

export interface VocabularyConcept {
  key: string
  broader: string | null
  category: 'room' | 'tool' | 'skill' | 'loan' | 'other'
  labels: Partial<Record<Language, readonly string[]>>
}

export const VOCABULARY: readonly VocabularyConcept[] = (data as unknown as { concepts: VocabularyConcept[] }).concepts

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}
