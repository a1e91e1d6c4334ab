import { z } from 'zod'
import { isTimeZone } from '~/utils/time'
import { LOCALES } from '~/utils/i18n'
import { parseEmbedOrigins } from './embed-origins'

const euros = (max: number, min: number) =>
  z
    .number()
    .min(min)
    .max(max)
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, { error: 'admin.errors.cents' })

/** Hours with at most two decimals (kept as whole minutes). */
const hours = (max: number, min: number) =>
  z
    .number()
    .min(min)
    .max(max)
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, { error: 'reporting.errors.hours' })

const optionalText = (max: number) => z.string().trim().max(max).optional()

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
  foundingYear: z.number().int().min(1800).max(2100).optional(),
  legalForm: optionalText(120),
  fundingMix: optionalText(2000),
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
