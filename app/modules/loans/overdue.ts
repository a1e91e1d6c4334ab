import { localDateOf as localDate } from '~/utils/time'

/**
 * Which instalments are paid, due or overdue (docs/decisions/041-loan-overdue-derived.md).
 * Nothing is stored: confirmed repayments are applied to the instalments in order of due date,
 * and an instalment that is not fully covered after its due day has ended — in the centre's
 * time zone — is overdue.
 */

export type InstalmentStatus = 'paid' | 'partly_paid' | 'open' | 'overdue'

export interface InstalmentState {
  number: number
  dueDate: string
  amountCents: number
  /** how much of this instalment the confirmed repayments cover */
  coveredCents: number
  status: InstalmentStatus
}

export function instalmentStates(
  instalments: readonly { number: number; dueDate: string; amountCents: number }[],
  confirmedCents: number,
  today: string,
): InstalmentState[] {
  let left = confirmedCents
  return [...instalments]
    .sort((a, b) => a.number - b.number)
    .map((instalment) => {
      const covered = Math.max(0, Math.min(left, instalment.amountCents))
      left -= covered
      const status: InstalmentStatus =
        covered === instalment.amountCents
          ? 'paid'
          : instalment.dueDate < today
            ? 'overdue'
            : covered > 0
              ? 'partly_paid'
              : 'open'
      return { ...instalment, coveredCents: covered, status }
    })
}

export function overdueInstalments(
  instalments: readonly { number: number; dueDate: string; amountCents: number }[],
  confirmedCents: number,
  at: Date,
  timeZone: string,
) {
  return instalmentStates(instalments, confirmedCents, localDate(at, timeZone)).filter((i) => i.status === 'overdue')
}

/** What is overdue in cents at a date: due amounts up to yesterday minus what was repaid. */
export function overdueCents(
  instalments: readonly { number: number; dueDate: string; amountCents: number }[],
  confirmedCents: number,
  today: string,
) {
  return instalmentStates(instalments, confirmedCents, today)
    .filter((i) => i.status === 'overdue')
    .reduce((sum, i) => sum + i.amountCents - i.coveredCents, 0)
}
