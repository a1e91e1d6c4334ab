import { z } from 'zod'

/** What a manager types when deciding a report or suspending: always a reason. */
const reason = z.string().trim().min(3).max(1000)

export const DecideReportSchema = z.object({
  intent: z.enum(['resolve', 'dismiss']),
  reportId: z.uuid({ error: 'validation.invalid' }),
  /** to the person who reported, and the reason in the audit log */
  note: reason,
})

export const SuspendSchema = z.object({
  intent: z.literal('suspend'),
  initiativeId: z.uuid({ error: 'validation.invalid' }),
  reason,
})

export const ReinstateSchema = z.object({
  intent: z.literal('reinstate'),
  initiativeId: z.uuid({ error: 'validation.invalid' }),
  reason,
})

export const SuspensionSchema = z.discriminatedUnion('intent', [SuspendSchema, ReinstateSchema])
