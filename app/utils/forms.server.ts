import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { errorMap } from './forms'

/**
 * Parses a form with its zod schema; unknown fields are dropped, messages are translation keys.
 * A field that holds a NUL byte (PostgreSQL refuses 0x00 in text, so it could only fail later as
 * a 500) is refused here, for every form at once: 400 with the message at that field. So is a field
 * whose bytes were not valid UTF-8: the decoder turns them into U+FFFD, which nobody types.
 */
export function parseForm<Schema extends z.ZodType>(submitted: FormData | URLSearchParams, schema: Schema) {
  const formData = withoutInvisibleControls(submitted)
  const withNul = fieldsWithNul(formData)
  const undecodable = fieldsWith(formData, '\uFFFD').filter((name) => !withNul.includes(name))
  if (withNul.length > 0 || undecodable.length > 0) {
    const refuse = z.any().superRefine((_, ctx) => {
      for (const name of withNul) ctx.addIssue({ code: 'custom', path: name.split('.'), message: 'validation.nulByte' })
      for (const name of undecodable) ctx.addIssue({ code: 'custom', path: name.split('.'), message: 'validation.badEncoding' })
    })
    return parseWithZod(formData, { schema: refuse as unknown as Schema, error: errorMap })
  }
  return parseWithZod(formData, { schema, error: errorMap })
}

/**
 * Control characters nobody types and nobody sees: C0 but tab, line feed and carriage return,
 * DEL, C1, and the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
 * which make a title read backwards from some point on ("Trojan source"). Pasted text brings the
 * former along; the latter are a way to make a listing or a name say something else than it holds.
 */
const INVISIBLE_CONTROLS = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g

/**
 * The form with those characters removed from every text value (NUL is left, to be refused with its
 * own message). Passwords stay as typed: a password is compared, never shown, and changing it here
 * would lock out whoever chose one with such a character.
 */
export function withoutInvisibleControls<T extends FormData | URLSearchParams>(formData: T): T {
  let found = false
  for (const [name, value] of formData.entries()) {
    if (typeof value === 'string' && !/password/i.test(name) && value.search(INVISIBLE_CONTROLS) >= 0) found = true
  }
  if (!found) return formData
  const clean = (formData instanceof URLSearchParams ? new URLSearchParams() : new FormData()) as T
  for (const [name, value] of formData.entries()) {
    const text = typeof value === 'string' && !/password/i.test(name) ? value.replace(INVISIBLE_CONTROLS, '') : value
    ;(clean as FormData).append(name, text as string | Blob)
  }
  return clean
}

/** Names of the fields whose text (or file name) holds U+0000. */
export function fieldsWithNul(formData: FormData | URLSearchParams): string[] {
  return fieldsWith(formData, '\u0000')
}

/** Names of the fields whose name, text or file name holds the character. */
function fieldsWith(formData: FormData | URLSearchParams, character: string): string[] {
  const names = new Set<string>()
  for (const [name, value] of formData.entries()) {
    const text = typeof value === 'string' ? value : (value as File).name
    if (name.includes(character) || text.includes(character)) names.add(name.replaceAll(character, ''))
  }
  return [...names]
}
