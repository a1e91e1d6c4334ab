import type { z } from 'zod'
import type { TFunction } from './i18n'

/**
 * Validation messages travel as translation keys with their parameters, e.g.
 * `validation.tooShort?minimum=8`; the page shows them in the reader's language.
 * Schemas may name their own key (`{ error: 'auth.errors.passwordMismatch' }`).
 */
export const errorMap: z.core.$ZodErrorMap = (issue) => {
  const param = (key: string, value: unknown) => `?${key}=${encodeURIComponent(String(value))}`
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null || issue.input === ''
        ? 'validation.required'
        : issue.expected === 'number' || issue.expected === 'int'
          ? 'validation.number'
          : 'validation.invalid'
    case 'too_small':
      if (issue.origin === 'string') {
        return issue.minimum === 1 ? 'validation.required' : `validation.tooShort${param('minimum', issue.minimum)}`
      }
      if (issue.origin === 'array' || issue.origin === 'set') return `validation.tooFew${param('minimum', issue.minimum)}`
      return `validation.tooSmall${param('minimum', issue.minimum)}`
    case 'too_big':
      if (issue.origin === 'string') return `validation.tooLong${param('maximum', issue.maximum)}`
      if (issue.origin === 'array' || issue.origin === 'set') return `validation.tooMany${param('maximum', issue.maximum)}`
      return `validation.tooBig${param('maximum', issue.maximum)}`
    case 'invalid_format':
      if (issue.format === 'email') return 'validation.email'
      if (issue.format === 'url') return 'validation.url'
      if (issue.format === 'date' || issue.format === 'datetime') return 'validation.date'
      return 'validation.invalid'
    case 'invalid_value':
      return 'validation.choice'
    case 'not_multiple_of':
      return 'validation.number'
    default:
      return 'validation.invalid'
  }
}

export function translateError(t: TFunction, message: string): string {
  const [key = message, query] = message.split('?')
  if (!query) return t(key)
  const params: Record<string, string | number> = {}
  for (const [name, value] of new URLSearchParams(query)) {
    // numbers are shown in the reader's format ("50.000"), but a year is not a quantity ("1900", not "1.900")
    params[name] = Number.isNaN(Number(value)) || name.endsWith('Year') ? value : Number(value)
  }
  return t(key, params)
}
