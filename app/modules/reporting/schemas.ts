import { z } from 'zod'
import { isCalendarDate } from '~/utils/time'

const day = z.string().refine((v) => isCalendarDate(v), { error: 'validation.date' })

/** The manager's text for the funder report of one period. */
export const ReportTextSchema = z
  .object({
    intent: z.literal('saveText'),
    from: day,
    to: day,
    body: z.string().trim().max(4000).optional(),
  })
  .refine((v) => v.from < v.to, { error: 'reporting.errors.order', path: ['to'] })

/** Filters of the audit log (GET form). */
export const AUDIT_PAGE_SIZE = 50
