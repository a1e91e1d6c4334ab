import { z } from 'zod'

/**
 * A number as people type it in a form, in any of Viertel's languages: "12", "12,5", "12.50",
 * "1.500" (fifteen hundred, as written in German), "1.234,56", "1,234.56", with spaces between the
 * digits. Nothing else: JavaScript's Number() would also take "0x10" (16), "0b11", "1e3" and
 * "Infinity", and refuse the decimal comma. NaN when the text is no number; undefined when empty.
 */
export function parseFormNumber(text: string): number | undefined {
  const t = text.trim().replace(/[\s\u00a0\u202f]/g, '')
  if (t === '') return undefined
  if (/^-?\d+$/.test(t)) return Number(t)
  if (/^\d{1,3}(\.\d{3})+$/.test(t)) return Number(t.replace(/\./g, ''))
  if (/^-?\d+[.,]\d+$/.test(t)) return Number(t.replace(',', '.'))
  if (/^\d{1,3}(\.\d{3})+,\d+$/.test(t)) return Number(t.replace(/\./g, '').replace(',', '.'))
  if (/^\d{1,3}(,\d{3})+\.\d+$/.test(t)) return Number(t.replace(/,/g, ''))
  return Number.NaN
}

/** A number field of a form: the typed text read by parseFormNumber, then checked by `schema`. */
export function formNumber<Schema extends z.ZodType>(schema: Schema) {
  return z.preprocess((value) => (typeof value === 'string' ? parseFormNumber(value) : value), schema)
}
