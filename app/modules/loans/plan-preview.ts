import { plausibleDate } from '~/utils/dates'
import { isIsoDate } from '~/utils/time'
import { LOAN_LIMITS, type Plan, planInstalments } from './instalments'
import { parseFormNumber } from '~/utils/form-number'
import { parseEurosToCents } from '~/utils/money'

/**
 * The plan a loan request would produce, from the form's text as typed — in the browser, without
 * zod (the page's JavaScript budget). It reads exactly what the request's schema accepts
 * (`plan-preview.test.ts` compares both) and plans with the same `planInstalments` the approval
 * uses, so what is shown before sending is what the approval as asked writes (ADR 074).
 */
/** "1200", "1.200", "1200,50", "1.200,50", "1200.5" → cents; anything the form would refuse (also below 1 € or over the ceiling) → null. */
export function centsOfEuros(text: string): number | null {
  const cents = parseEurosToCents(text)
  return cents !== null && cents >= LOAN_LIMITS.minPrincipalCents && cents <= LOAN_LIMITS.maxPrincipalCents ? cents : null
}

/** Whole months in the allowed range, read as the form's schema reads them (a number); else null. */
export function monthsOf(text: string): number | null {
  const months = parseFormNumber(text)
  return months !== undefined && Number.isInteger(months) && months >= LOAN_LIMITS.minTermMonths && months <= LOAN_LIMITS.maxTermMonths ? months : null
}

export function startDateOf(text: string): string | null {
  const date = text.trim()
  return isIsoDate(date) && plausibleDate(date) ? date : null
}

export interface PlanFields {
  amount: string
  termMonths: string
  startDate: string
}

/**
 * The plan for the typed fields, or null while one of them is not (yet) what the form accepts, or
 * the amount is over the centre's limit (`limitCents`).
 */
export function previewPlan(fields: PlanFields, terms: { interestBasisPoints: number; limitCents: number }): Plan | null {
  const principalCents = centsOfEuros(fields.amount)
  const termMonths = monthsOf(fields.termMonths)
  const startDate = startDateOf(fields.startDate)
  if (principalCents === null || termMonths === null || startDate === null) return null
  if (principalCents > terms.limitCents) return null
  return planInstalments({ principalCents, termMonths, interestBasisPoints: terms.interestBasisPoints, startDate })
}
