import { z } from 'zod'
import { formNumber } from '~/utils/form-number'
import { isTimeZone } from '~/utils/time'
import { LOCALES } from '~/utils/i18n'
import { parseEmbedOrigins } from './embed-origins'

const euros = (max: number, min: number) =>
  formNumber(
    z
      .number()
      .min(min)
      .max(max)
      .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, { error: 'admin.errors.cents' }),
  )

/** Hours with at most two decimals (kept as whole minutes). */
const hours = (max: number, min: number) =>
  formNumber(
    z
      .number()
      .min(min)
      .max(max)
      .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, { error: 'reporting.errors.hours' }),
  )

const optionalText = (max: number) => z.string().trim().max(max).optional()

const DEGREES = /^(-?\d{1,3}(?:[.,]\d{1,10})?)\s*[;,\s]\s*(-?\d{1,3}(?:[.,]\d{1,10})?)$/

/**
 * The centre's place on the network map as people copy it from a map: "53.0793, 8.8017"
 * (latitude, longitude in decimal degrees; a decimal comma and ";" or a space between work too).
 */
export function parsePlace(text: string): { latitude: number; longitude: number } | 'format' | 'range' {
  const found = DEGREES.exec(text.trim())
  if (!found) return 'format'
  const [latitude, longitude] = [found[1]!, found[2]!].map((n) => Number(n.replace(',', '.'))) as [number, number]
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return 'range'
  return { latitude, longitude }
}

/** A centre's settings as its manager edits them (euros typed, cents stored). */
export const CentreSettingsSchema = z.object({
  moderationMode: z.enum(['pre', 'post']),
  hourValueEuros: euros(1000, 1),
  loanLimitEuros: euros(1_000_000, 0),
  // Above either figure an exchange waits for a manager's approval (ADR 058); the database checks the same bounds.
  exchangeCapHours: hours(1000, 1),
  exchangeCapEuros: euros(100_000, 1),
  timeZone: z
    .string()
    .trim()
    .refine((v) => isTimeZone(v), { error: 'reporting.errors.timeZone' }),
  languages: z.array(z.enum(LOCALES)).min(1).max(LOCALES.length),
  description: optionalText(4000),
  foundingYear: formNumber(z.number().int().min(1800).max(2100)).optional(),
  legalForm: optionalText(120),
  fundingMix: optionalText(2000),
  place: z
    .string()
    .max(100)
    .optional()
    .transform((text, ctx) => {
      if (!text?.trim()) return undefined
      const place = parsePlace(text)
      if (typeof place === 'object') return place
      ctx.addIssue({ code: 'custom', message: `reporting.errors.place${place === 'range' ? 'Range' : ''}` })
      return z.NEVER
    }),
  /** one origin a line (embed-origins.ts); stored as a list */
  embedOrigins: z
    .string()
    .max(2000)
    .optional()
    .transform((text, ctx) => {
      const parsed = parseEmbedOrigins(text)
      if (parsed.ok) return parsed.origins
      const line = parsed.line ? `?line=${encodeURIComponent(parsed.line.slice(0, 80))}` : ''
      ctx.addIssue({ code: 'custom', message: `reporting.errors.${parsed.error}${line}` })
      return z.NEVER
    }),
})

export type CentreSettings = z.infer<typeof CentreSettingsSchema>
