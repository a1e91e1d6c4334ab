import { describe, expect, it } from 'vitest'
import { planInstalments } from './instalments'
import { instalmentStates, overdueCents, overdueInstalments } from './overdue'

const berlin = 'Europe/Berlin'
// 3 × 100.00 € due 2028-01-31, 2028-02-29 (leap day), 2028-03-31
const plan = planInstalments({ principalCents: 30_000, termMonths: 3, interestBasisPoints: 0, startDate: '2027-12-31' }).instalments

describe('overdue instalments', () => {
  it('is not overdue on its due day, overdue from the next day in the centre\'s zone', () => {
    // 31 Jan, 23:59 in Berlin (22:59 UTC): still the due day
    expect(overdueInstalments(plan, 0, new Date('2028-01-31T22:59:00Z'), berlin)).toEqual([])
    // 1 Feb, 00:00:30 in Berlin (23:00:30 UTC on 31 Jan): overdue in Berlin, not yet in UTC
    expect(overdueInstalments(plan, 0, new Date('2028-01-31T23:00:30Z'), berlin).map((i) => i.number)).toEqual([1])
    expect(overdueInstalments(plan, 0, new Date('2028-01-31T23:00:30Z'), 'UTC')).toEqual([])
  })

  it('treats the leap day as a due day of its own', () => {
    const feb29Evening = new Date('2028-02-29T20:00:00Z') // 21:00 in Berlin, 29 Feb
    expect(overdueInstalments(plan, 10_000, feb29Evening, berlin)).toEqual([])
    const mar1 = new Date('2028-03-01T08:00:00Z')
    expect(overdueInstalments(plan, 10_000, mar1, berlin).map((i) => i.number)).toEqual([2])
  })

  it('applies repayments to the earliest instalments first', () => {
    const states = instalmentStates(plan, 15_000, '2028-03-15')
    expect(states.map((s) => [s.status, s.coveredCents])).toEqual([
      ['paid', 10_000],
      ['overdue', 5_000],
      ['open', 0],
    ])
    expect(overdueCents(plan, 15_000, '2028-03-15')).toBe(5_000)
  })

  it('marks a partly paid instalment that is not yet due as partly paid', () => {
    expect(instalmentStates(plan, 2_500, '2028-01-10')[0]!.status).toBe('partly_paid')
  })

  it('has nothing overdue once all is repaid, even long after', () => {
    expect(overdueInstalments(plan, 30_000, new Date('2030-01-01T00:00:00Z'), berlin)).toEqual([])
  })

  it('handles month ends of short months for loans started on the 31st', () => {
    const short = planInstalments({ principalCents: 40_000, termMonths: 4, interestBasisPoints: 0, startDate: '2026-10-31' }).instalments
    expect(short.map((i) => i.dueDate)).toEqual(['2026-11-30', '2026-12-31', '2027-01-31', '2027-02-28'])
    expect(overdueCents(short, 0, '2026-11-30')).toBe(0)
    expect(overdueCents(short, 0, '2026-12-01')).toBe(10_000)
    expect(overdueCents(short, 10_000, '2027-03-01')).toBe(30_000)
  })
})
