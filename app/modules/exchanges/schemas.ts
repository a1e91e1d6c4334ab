import { z } from 'zod'
import { MAX_EXCHANGE_CENTS, MAX_EXCHANGE_MINUTES } from './limits'
import { DATE_RANGE_ERROR, plausibleDate } from '~/utils/dates'

/**
 * Form schemas of the exchange pages. Hours are typed as decimal hours ("1,5" or "1.5") and
 * kept as integer minutes; euros as "12,50" and kept as integer cents. Messages are
 * translation keys.
 */
const decimal = (digits: number) => new RegExp(`^\\d{1,${digits}}([.,]\\d{1,2})?$`)

export const HoursField = z
  .string()
  .trim()
  .regex(decimal(4), { error: 'exchanges.errors.hours' })
  .transform((value) => Math.round(Number(value.replace(',', '.')) * 60))
  .refine((minutes) => minutes >= 1 && minutes <= MAX_EXCHANGE_MINUTES, { error: 'exchanges.errors.hoursRange' })

export const EurosField = z
  .string()
  .trim()
  .regex(decimal(6), { error: 'exchanges.errors.euros' })
  .transform((value) => Math.round(Number(value.replace(',', '.')) * 100))
  .refine((cents) => cents >= 1 && cents <= MAX_EXCHANGE_CENTS, { error: 'exchanges.errors.eurosRange' })

const DateField = z.iso.date({ error: 'validation.date' }).refine(plausibleDate, { error: DATE_RANGE_ERROR })
const Id = z.uuid({ error: 'validation.invalid' })
const Reason = z.string().trim().min(3).max(1000)
const Text = (max: number) => z.string().trim().max(max)

const needsFigures = <T extends { minutes?: number; valueCents?: number }>(value: T) =>
  value.minutes !== undefined || value.valueCents !== undefined
const figuresIssue = { path: ['minutes'], error: 'exchanges.errors.figuresRequired' }

/** Ask for an offer or offer help for a need: the listing decides who provides. */
export const ProposeSchema = z
  .object({
    listingId: Id,
    initiativeId: Id,
    minutes: HoursField.optional(),
    valueCents: EurosField.optional(),
    date: DateField.optional(),
    message: Text(4000).min(1),
  })
  .refine(needsFigures, figuresIssue)

/** Log help given without a listing: my initiative gave, the other received; it waits for their confirmation. */
export const LogHelpSchema = z
  .object({
    initiativeId: Id,
    receiverInitiativeId: Id,
    title: Text(120).min(3),
    description: Text(4000).optional(),
    minutes: HoursField.optional(),
    valueCents: EurosField.optional(),
    date: DateField,
  })
  .refine(needsFigures, figuresIssue)
  .refine((v) => v.initiativeId !== v.receiverInitiativeId, { path: ['receiverInitiativeId'], error: 'exchanges.errors.sameInitiative' })

export const MessageSchema = z.object({
  intent: z.literal('message'),
  body: Text(4000).min(1),
  initiativeId: Id.optional(),
})

export const AcceptSchema = z.object({ intent: z.literal('accept') })
export const WithdrawSchema = z.object({ intent: z.literal('withdraw') })
export const ConfirmSchema = z.object({ intent: z.literal('confirm') })
export const DeclineSchema = z.object({ intent: z.literal('decline'), reason: Text(1000).optional() })
export const DisputeSchema = z.object({ intent: z.literal('dispute'), reason: Reason })
export const CancelSchema = z.object({ intent: z.literal('cancel'), reason: Reason })
export const CompleteSchema = z
  .object({
    intent: z.literal('complete'),
    minutes: HoursField.optional(),
    valueCents: EurosField.optional(),
    date: DateField.optional(),
  })
  .refine(needsFigures, figuresIssue)
export const ResolveConfirmSchema = z.object({
  intent: z.literal('resolveConfirm'),
  reason: Reason,
  minutes: HoursField.optional(),
  valueCents: EurosField.optional(),
})
export const ResolveCancelSchema = z.object({ intent: z.literal('resolveCancel'), reason: Reason })
/** A manager approves a completed exchange (above the cap, or with no one left to confirm for the receiver); figures may be corrected. */
export const ApproveSchema = z.object({
  intent: z.literal('approve'),
  reason: Text(1000).optional(),
  minutes: HoursField.optional(),
  valueCents: EurosField.optional(),
})
export const RejectSchema = z.object({ intent: z.literal('reject'), reason: Reason })

/** Every intent of the exchange page, one union: a message, or a step (manager steps are refused there by role). */
export const ExchangeIntentSchema = z.discriminatedUnion('intent', [
  MessageSchema,
  AcceptSchema,
  DeclineSchema,
  WithdrawSchema,
  CompleteSchema,
  ConfirmSchema,
  DisputeSchema,
  CancelSchema,
  ResolveConfirmSchema,
  ResolveCancelSchema,
  ApproveSchema,
  RejectSchema,
])
export type ExchangeIntent = z.infer<typeof ExchangeIntentSchema>['intent']
export const EXCHANGE_INTENTS: readonly ExchangeIntent[] = ExchangeIntentSchema.options.map((option) => option.shape.intent.value)

/** A manager's correction in the ledger console: reverse a transaction, or move hours/value between two initiatives. */
export const ReverseSchema = z.object({
  intent: z.literal('reverse'),
  transactionId: Id,
  reason: Reason,
})
export const AdjustSchema = z
  .object({
    intent: z.literal('adjust'),
    fromInitiativeId: Id,
    toInitiativeId: Id,
    minutes: HoursField.optional(),
    valueCents: EurosField.optional(),
    reason: Reason,
  })
  .refine(needsFigures, figuresIssue)
  .refine((v) => v.fromInitiativeId !== v.toInitiativeId, { path: ['toInitiativeId'], error: 'exchanges.errors.sameInitiative' })

export const LedgerCorrectionSchema = z.discriminatedUnion('intent', [ReverseSchema, AdjustSchema])
