/**
 * The vocabulary's languages and categories as plain lists: the console's page renders them in
 * the browser, which must not load the vocabulary itself or zod (check-weight.mjs).
 */
export const LANGUAGES = ['de', 'en', 'fr', 'nl'] as const
export type Language = (typeof LANGUAGES)[number]

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

export const VOCABULARY_CATEGORIES = ['room', 'tool', 'skill', 'loan', 'other'] as const
