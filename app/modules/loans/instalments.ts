import { addMonths, isIsoDate } from '~/utils/time'

/**
 * The instalment plan of a loan (docs/decisions/040-loan-interest-and-rounding.md).
 *
 * Interest is simple (flat) interest on the principal for the whole term, in basis points per
 * year: interest = principal × rate × months / 12, rounded half up to the cent once. The total
 * (principal + interest) is split into `termMonths` equal instalments in whole cents; the
 * remainder cents go one each to the first instalments, so instalments differ by at most one
 * cent and their sum is exactly the total. Instalment k is due k months after the start date.
 */

export const LOAN_LIMITS = {
  minPrincipalCents: 100,
  /** a hard ceiling; each centre's own `loan_limit_cents` is usually lower */
  maxPrincipalCents: 10_000_000,
  minTermMonths: 1,
  maxTermMonths: 60,
  /** 20 % a year */
  maxInterestBasisPoints: 2_000,
} as const

export interface PlanInput {
  principalCents: number
  termMonths: number
  /** per year; 100 = 1 % */
  interestBasisPoints: number
  /** `YYYY-MM-DD`: the day the money is handed over (or planned to be) */
  startDate: string
}

export interface PlannedInstalment {
  number: number
  dueDate: string
  amountCents: number
}

export interface Plan {
  interestCents: number
  totalCents: number
  instalments: PlannedInstalment[]
}

export function interestCents(principalCents: number, termMonths: number, interestBasisPoints: number) {
  // principal ≤ 1e7, rate ≤ 2e3, term ≤ 60: the product stays far below 2^53, so this is exact.
  const numerator = principalCents * interestBasisPoints * termMonths
  const denominator = 10_000 * 12
  return Math.floor((2 * numerator + denominator) / (2 * denominator))
}

export function checkPlanInput(input: PlanInput) {
  const { principalCents, termMonths, interestBasisPoints, startDate } = input
  if (!Number.isSafeInteger(principalCents) || principalCents < LOAN_LIMITS.minPrincipalCents || principalCents > LOAN_LIMITS.maxPrincipalCents) {
    throw new RangeError(`principal out of range: ${principalCents}`)
  }
  if (!Number.isSafeInteger(termMonths) || termMonths < LOAN_LIMITS.minTermMonths || termMonths > LOAN_LIMITS.maxTermMonths) {
    throw new RangeError(`term out of range: ${termMonths}`)
  }
  if (!Number.isSafeInteger(interestBasisPoints) || interestBasisPoints < 0 || interestBasisPoints > LOAN_LIMITS.maxInterestBasisPoints) {
    throw new RangeError(`interest out of range: ${interestBasisPoints}`)
  }
  if (!isIsoDate(startDate)) throw new RangeError(`start date is not a date: ${startDate}`)
}

export function planInstalments(input: PlanInput): Plan {
  checkPlanInput(input)
  const { principalCents, termMonths, interestBasisPoints, startDate } = input
  const interest = interestCents(principalCents, termMonths, interestBasisPoints)
  const total = principalCents + interest
  // principal ≥ 100 cents and term ≤ 60 months: every instalment is at least one cent.
  const base = Math.floor(total / termMonths)
  const remainder = total - base * termMonths
  const instalments = Array.from({ length: termMonths }, (_, i) => ({
    number: i + 1,
    dueDate: addMonths(startDate, i + 1),
    amountCents: base + (i < remainder ? 1 : 0),
  }))
  return { interestCents: interest, totalCents: total, instalments }
}
