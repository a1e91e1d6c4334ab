import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { errorMap } from './forms'

/**
 * Parses a form with its zod schema; unknown fields are dropped, messages are translation keys.
 * A field that holds a NUL byte (PostgreSQL refuses 0x00 in text, so it could only fail later as
 * a 500) is refused here, for every form at once: 400 with the message at that field. So is a field
 * whose bytes were not valid UTF-8: the decoder turns them into U+FFFD, which nobody types.
 */
export function parseForm<Schema extends z.ZodType>(formData: FormData | URLSearchParams, schema: Schema) {
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
