/**
 * Removing a person's name and e-mail address from free text others wrote (a message that
 * greets them, an e-mail that names them, an audit entry's details) — ADR 068. Pure, so the
 * rules are unit-tested without a database.
 */

/** What stands where a name or address was: one character, so a text never grows past its limit. */
export const SCRUB_MARK = '…'

function escapeRegExp(value: string) {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * A matcher for the words to remove: each as a whole word (a name "Ann" leaves "Anna" and
 * "Annahme" alone), any case, any script. Empty or blank words are ignored; null when none is left.
 */
export function scrubPattern(words: readonly string[]): RegExp | null {
  const wanted = [...new Set(words.map((w) => w.trim()).filter((w) => w.length > 0))]
    // the longest first, so that "Erika Mustermann" goes before "Erika"
    .sort((a, b) => b.length - a.length)
  if (!wanted.length) return null
  return new RegExp(`(?<![\\p{L}\\p{N}_.@-])(?:${wanted.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_@-]|\\.[\\p{L}\\p{N}])`, 'giu')
}

/** The text with every whole-word occurrence replaced by the mark. */
export function scrubText(text: string, pattern: RegExp): string {
  pattern.lastIndex = 0
  return text.replace(pattern, SCRUB_MARK)
}

/** The same for every string inside a JSON value (keys stay: they are the app's own names). */
export function scrubJson(value: unknown, pattern: RegExp): unknown {
  if (typeof value === 'string') return scrubText(value, pattern)
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, pattern))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubJson(v, pattern)]))
  }
  return value
}

/** The words that identify a person in text: their full name and their e-mail address. */
export function identifyingWords(person: { name: string; email: string }): string[] {
  return [person.name, person.email]
}
