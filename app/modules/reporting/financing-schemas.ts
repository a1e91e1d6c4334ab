import { z } from 'zod'
import { formNumber } from '~/utils/form-number'
import { FINANCING_SOURCES, type FinancingSource } from '#db/schema/financing-sources'

/** The earliest year a centre may record (the study's centres were founded from the 1970s on). */
export const FIRST_FINANCING_YEAR = 1950

const euros = formNumber(z.number().int({ error: 'financing.errors.wholeEuros' }).min(0).max(100_000_000)).optional()
const note = z.string().trim().max(300).optional()

/**
 * One year's financing as the manager types it: per source whole euros and a note; unpaid work as
 * hours and a rate; whether the year is public, with amounts or shares only. `thisYear` bounds
 * the year (no financing recorded for years to come).
 */
export function financingSchema(thisYear: number) {
  const sources = Object.fromEntries(FINANCING_SOURCES.map((kind) => [kind, z.object({ euros, note }).optional()])) as Record<
    FinancingSource,
    z.ZodOptional<z.ZodObject<{ euros: typeof euros; note: typeof note }>>
  >
  return z.object({
    year: formNumber(z.number().int().min(FIRST_FINANCING_YEAR).max(thisYear)),
    sources: z.object(sources).optional(),
    unpaidHours: formNumber(z.number().int({ error: 'financing.errors.wholeHours' }).min(0).max(1_000_000)).optional(),
    unpaidHourRateEuros: formNumber(
      z
        .number()
        .min(0)
        .max(1000)
        .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, { error: 'admin.errors.cents' }),
    ).optional(),
    published: z.boolean().optional(),
    show: z.enum(['amounts', 'shares']).optional(),
  })
}

export type FinancingInput = z.infer<ReturnType<typeof financingSchema>>

/** `?year=` of the manager's page: a year in range, or null. */
export function yearParam(value: string | null, thisYear: number): number | null {
  if (!value || !/^\d{4}$/.test(value)) return null
  const year = Number(value)
  return year >= FIRST_FINANCING_YEAR && year <= thisYear ? year : null
}

export { FINANCING_SOURCES, type FinancingSource }
