import data from '#db/seed/vocabulary.json'
import type { Language } from './languages'

export { isLanguage, type Language, LANGUAGES } from './languages'

/**
 * The shared multilingual vocabulary (issue #16): concepts with labels in de/en/fr/nl and a
 * broader concept, as data (db/seed/vocabulary.json). Until it lives in the database it is read
 * from that file once, when this module is first imported (bundled into the server build), never
 * per request. ADR 075.
 */
export interface VocabularyConcept {
  key: string
  broader: string | null
  category: 'room' | 'tool' | 'skill' | 'loan' | 'other'
  labels: Partial<Record<Language, readonly string[]>>
}

export const VOCABULARY: readonly VocabularyConcept[] = (data as unknown as { concepts: VocabularyConcept[] }).concepts
