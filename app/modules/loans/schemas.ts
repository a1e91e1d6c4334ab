import { z } from 'zod'
import { formNumber } from '~/utils/form-number'
import { parseEurosToCents } from '~/utils/money'
import { isIsoDate } from '~/utils/time'
import { LOAN_LIMITS } from './instalments'
import { DATE_RANGE_ERROR, plausibleDate } from '~/utils/dates'

/**
 * Form schemas of the loan pages. Euros are typed as people write them ("1200", "1.200",
 * "1200,50", "1.200,50", "1200.50": parseEurosToCents, as on the listing form) and kept as integer
 * cents; the rate as a percentage ("2,5") kept in basis points. Messages are translation keys.
 */
const euros = (max: number) =>
  z
    .string({ error: 'validation.required' })
    .trim()
    .min(1)
    .refine((v) => !v.startsWith('-'), { error: 'loans.errors.amountPositive' })
    .refine((v) => v.startsWith('-') || parseEurosToCents(v) !== null, { error: 'validation.number' })
    .transform((v) => parseEurosToCents(v) ?? Number.NaN)
    .refine((cents) => cents >= LOAN_LIMITS.minPrincipalCents, { error: `loans.errors.amountMin` })
    .refine((cents) => cents <= max, { error: `loans.errors.amountMax?max=${max / 100}` })

export const AmountField = euros(LOAN_LIMITS.maxPrincipalCents)

/**
 * An amount above the platform's ceiling is above a centre's lower limit too: a request form's
 * message then names the centre's limit, as the form's hint does, not the ceiling.
 */
export function withCentreLimit<T extends { error?: Record<string, string[] | null> | null }>(result: T, limitCents: number): T {
  const amount = result.error?.amount
  if (limitCents >= LOAN_LIMITS.maxPrincipalCents || !amount?.some((key) => key.startsWith('loans.errors.amountMax'))) return result
  return { ...result, error: { ...result.error, amount: [`loans.errors.overLimit?max=${limitCents / 100}`] } }
}

// a whole number of months; out of range, the message names the range
const Term = formNumber(z.number().int({ error: 'validation.number' }).min(LOAN_LIMITS.minTermMonths).max(LOAN_LIMITS.maxTermMonths))

const Percent = z
  .string()
  .trim()
  .regex(/^\d{1,2}([.,]\d{1,2})?$/, { error: 'validation.number' })
  .transform((v) => Math.round(Number(v.replace(',', '.')) * 100))
  .refine((bp) => bp <= LOAN_LIMITS.maxInterestBasisPoints, { error: 'loans.errors.rateMax' })

const DateField = z
  .string({ error: 'validation.required' })
  .trim()
  .refine(isIsoDate, { error: 'validation.date' })
  .refine(plausibleDate, { error: DATE_RANGE_ERROR })
const Id = z.uuid({ error: 'validation.invalid' })
const Text = (min: number, max: number) => z.string({ error: 'validation.required' }).trim().min(min).max(max)
const OptionalText = z.string().trim().max(1000).optional()

const RequestFields = z.object({
  source: z.enum(['listing', 'fund']),
  listingId: Id.optional(),
  initiativeId: Id,
  amount: AmountField,
  termMonths: Term,
  startDate: DateField,
  purpose: Text(3, 2000),
})
const fromListingOrFund = (v: { source: 'listing' | 'fund'; listingId?: string }) => v.source === 'fund' || v.listingId !== undefined

/** Ask for a loan (against an offer, or to the fund) or offer one (answering a need). */
export const RequestLoanSchema = RequestFields.refine(fromListingOrFund, { path: ['listingId'], error: 'validation.required' })

/** Which button of the request form was pressed: send (also when none is named, as before "show plan") or show the plan. */
export const RequestFormIntentSchema = z.object({ intent: z.enum(['request', 'preview']).optional() })

/**
 * The same form's "show plan" (ADR 074): the figures are checked as for sending, the purpose may
 * still be empty — nothing is saved.
 */
export const PreviewLoanRequestSchema = RequestFields.omit({ purpose: true })
  .extend({ intent: z.literal('preview'), purpose: z.string().optional() })
  .refine(fromListingOrFund, { path: ['listingId'], error: 'validation.required' })

export const ApproveSchema = z.object({
  intent: z.literal('approve'),
  amount: AmountField,
  termMonths: Term,
  interestPercent: Percent.default(0),
  startDate: DateField,
})

/** The borrower accepts a lender's offer as offered: no figures to give. */
export const AcceptSchema = z.object({ intent: z.literal('accept') })

export const DeclineSchema = z.object({ intent: z.literal('decline'), reason: OptionalText })
export const WithdrawSchema = z.object({ intent: z.literal('withdraw'), reason: OptionalText })
export const DisburseSchema = z.object({ intent: z.literal('disburse') })
export const LogRepaymentSchema = z.object({
  intent: z.literal('logRepayment'),
  amount: AmountField,
  paidOn: DateField,
  note: OptionalText,
})
/** A lender's answer to a logged repayment; a confirmation may carry a reason as a rejection does, and ignores it. */
export const ConfirmRepaymentSchema = z.object({ intent: z.literal('confirmRepayment'), repaymentId: Id, reason: OptionalText })
export const RejectRepaymentSchema = z.object({ intent: z.literal('rejectRepayment'), repaymentId: Id, reason: OptionalText })
export const WriteOffSchema = z.object({ intent: z.literal('writeOff'), reason: Text(3, 1000) })
export const PledgeSchema = z.object({
  intent: z.literal('pledge'),
  initiativeId: Id,
  amount: AmountField,
  note: OptionalText,
})

export const AskGuaranteeSchema = z.object({ intent: z.literal('askGuarantee'), initiativeId: Id })

/** Every intent of the loan page, one union: the action parses once and switches on `intent`. */
export const LoanIntentSchema = z.discriminatedUnion('intent', [
  AskGuaranteeSchema,
  ApproveSchema,
  AcceptSchema,
  DeclineSchema,
  WithdrawSchema,
  DisburseSchema,
  LogRepaymentSchema,
  ConfirmRepaymentSchema,
  RejectRepaymentSchema,
  WriteOffSchema,
  PledgeSchema,
])
export type LoanIntent = z.infer<typeof LoanIntentSchema>['intent']
/** The intents the page knows, read off the union (so that a refused form can be told from an unknown act). */
export const LOAN_INTENTS: readonly LoanIntent[] = LoanIntentSchema.options.map((option) => option.shape.intent.value)

export const ContributionSchema = z.object({
  initiativeId: Id,
  amount: euros(100_000_000),
  receivedOn: DateField,
  note: OptionalText,
})

/** "2,5" → 250 basis points, for showing a rate back in a form. */
export { percentFromBasisPoints } from './format'
