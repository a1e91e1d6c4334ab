import { parseWithZod } from '@conform-to/zod/v4'
import type { z } from 'zod'
import { errorMap } from './forms'

/** Parses a form with its zod schema; unknown fields are dropped, messages are translation keys. */
export function parseForm<Schema extends z.ZodType>(formData: FormData | URLSearchParams, schema: Schema) {
  return parseWithZod(formData, { schema, error: errorMap })
}
