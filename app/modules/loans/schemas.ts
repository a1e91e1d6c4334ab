import { z } from 'zod'
import { isIsoDate } from './dates'
import { LOAN_LIMITS } from './instalments'
import { DATE_RANGE_ERROR, plausibleDate } from '~/utils/dates'

/**
 * Form schemas of the loan pages. Euros are typed as "1200" or "1.200,50"-free decimals
 * ("1200,50" / "1200.50") and kept as integer cents; the rate as a percentage ("2,5") kept in
 * basis points. Messages are translation keys.
 */
const EUROS = /^\d{1,9}([.,]\d{1,2})?$/

const euros = (max: number) =>
  z
    .string({ error: 'validation.required' })
    .trim()
    .min(1)
    .refine((v) => !v.startsWith('-'), { error: 'loans.errors.amountPositive' })
    .refine((v) => v.startsWith('-') || EUROS.test(v), { error: 'validation.number' })
    .transform((v) => Math.round(Number(v.replace(',', '.')) * 100))
    .refine((cents) => cents >= LOAN_LIMITS.minPrincipalCents, { error: `loans.errors.amountMin` })
    .refine((cents) => cents <= max, { error: `loans.errors.amountMax?max=${max / 100}` })

export const AmountField = euros(LOAN_LIMITS.maxPrincipalCents)

const Term = z.coerce
  .number({ error: 'validation.number' })
  .int({ error: 'validation.number' })
  .min(LOAN_LIMITS.minTermMonths)
  .max(LOAN_LIMITS.maxTermMonths)

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

/** Ask for a loan (against an offer, or to the fund) or offer one (answering a need). */
export const RequestLoanSchema = z
  .object({
    source: z.enum(['listing', 'fund']),
    listingId: Id.optional(),
    initiativeId: Id,
    amount: AmountField,
    termMonths: Term,
    startDate: DateField,
    purpose: Text(3, 2000),
  })
  .refine((v) => v.source === 'fund' || v.listingId !== undefined, { path: ['listingId'], error: 'validation.required' })

export const ApproveSchema = z.object({
  intent: z.literal('approve'),
  amount: AmountField,
  termMonths: Term,
  interestPercent: Percent.default(0),
  startDate: DateField,
})

/** The borrower accepts a lender's offer as offered: no figures to give. */
export const AcceptSchema = z.object({ intent: z.literal('accept') })

export const DeclineSchema = z.object({ intent: z.enum(['decline', 'withdraw']), reason: z.string().trim().max(1000).optional() })
export const DisburseSchema = z.object({ intent: z.literal('disburse') })
export const LogRepaymentSchema = z.object({
  intent: z.literal('logRepayment'),
  amount: AmountField,
  paidOn: DateField,
  note: z.string().trim().max(1000).optional(),
})
export const DecideRepaymentSchema = z.object({
  intent: z.enum(['confirmRepayment', 'rejectRepayment']),
  repaymentId: Id,
  reason: z.string().trim().max(1000).optional(),
})
export const WriteOffSchema = z.object({ intent: z.literal('writeOff'), reason: Text(3, 1000) })
export const PledgeSchema = z.object({
  intent: z.literal('pledge'),
  initiativeId: Id,
  amount: AmountField,
  note: z.string().trim().max(1000).optional(),
})

export const AskGuaranteeSchema = z.object({ intent: z.literal('askGuarantee'), initiativeId: Id })

export const LOAN_INTENTS = ['askGuarantee', 'approve', 'accept', 'decline', 'withdraw', 'disburse', 'logRepayment', 'confirmRepayment', 'rejectRepayment', 'writeOff', 'pledge'] as const
export type LoanIntent = (typeof LOAN_INTENTS)[number]

export const ContributionSchema = z.object({
  initiativeId: Id,
  amount: euros(100_000_000),
  receivedOn: DateField,
  note: z.string().trim().max(1000).optional(),
})

/** "2,5" → 250 basis points, for showing a rate back in a form. */
export { percentFromBasisPoints } from './format'
