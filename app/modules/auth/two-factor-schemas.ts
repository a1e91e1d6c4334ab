import { z } from 'zod'

/** A six-digit code from the app or a recovery code; the module forgives spaces and dashes. */
export const CodeSchema = z.string().trim().min(1).max(64)

export const LoginCodeSchema = z.object({ code: CodeSchema })

export const SecurityIntents = ['confirm', 'disable', 'endSession', 'endOthers', 'centreRule'] as const
export type SecurityIntent = (typeof SecurityIntents)[number]

export const ConfirmSchema = z.object({ intent: z.literal('confirm'), code: CodeSchema })
export const DisableSchema = z.object({ intent: z.literal('disable'), code: CodeSchema })
export const EndSessionSchema = z.object({ intent: z.literal('endSession'), session: z.string().regex(/^[0-9a-f]{32}$/) })
export const CentreRuleSchema = z.object({
  intent: z.literal('centreRule'),
  centreId: z.uuid(),
  require: z.enum(['on', 'off']),
})

export const AdminResetTwoFactorSchema = z.object({
  intent: z.literal('resetTwoFactor'),
  email: z.string().trim().max(254).email(),
})
