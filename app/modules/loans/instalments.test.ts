import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addMonths, daysInMonth, isIsoDate, localDateOf as localDate, parseIsoDate } from '~/utils/time'
import { interestCents, LOAN_LIMITS, planInstalments } from './instalments'

const principal = fc.integer({ min: LOAN_LIMITS.minPrincipalCents, max: LOAN_LIMITS.maxPrincipalCents })
const term = fc.integer({ min: LOAN_LIMITS.minTermMonths, max: LOAN_LIMITS.maxTermMonths })
const rate = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: LOAN_LIMITS.maxInterestBasisPoints }))
const startDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))

describe('instalment plan (property)', () => {
  it('sums exactly to principal + interest, every instalment positive, at most one cent apart', () => {
    fc.assert(
      fc.property(principal, term, rate, startDate, (p, n, bp, start) => {
        const plan = planInstalments({ principalCents: p, termMonths: n, interestBasisPoints: bp, startDate: start })
        const amounts = plan.instalments.map((i) => i.amountCents)
        expect(amounts).toHaveLength(n)
        expect(amounts.reduce((a, b) => a + b, 0)).toBe(p + plan.interestCents)
        expect(plan.totalCents).toBe(p + plan.interestCents)
        for (const a of amounts) {
          expect(Number.isInteger(a)).toBe(true)
          expect(a).toBeGreaterThan(0)
        }
        expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1)
        expect(plan.interestCents).toBeGreaterThanOrEqual(0)
        if (bp === 0) expect(plan.interestCents).toBe(0)
      }),
      { numRuns: 500 },
    )
  })

  it('falls due monthly: instalment k on the start day k months later, clamped to the month end', () => {
    fc.assert(
      fc.property(term, startDate, (n, start) => {
        const plan = planInstalments({ principalCents: 100_000, termMonths: n, interestBasisPoints: 0, startDate: start })
        const s = parseIsoDate(start)
        let previous = start
        for (const [index, instalment] of plan.instalments.entries()) {
          expect(isIsoDate(instalment.dueDate)).toBe(true)
          expect(instalment.number).toBe(index + 1)
          const d = parseIsoDate(instalment.dueDate)
          const monthsApart = (d.year - s.year) * 12 + (d.month - s.month)
          expect(monthsApart).toBe(index + 1)
          expect(d.day).toBe(Math.min(s.day, daysInMonth(d.year, d.month)))
          expect(instalment.dueDate > previous).toBe(true)
          previous = instalment.dueDate
        }
      }),
      { numRuns: 300 },
    )
  })

  it('interest is monotone in rate and never more than the exact value rounded', () => {
    fc.assert(
      fc.property(principal, term, fc.integer({ min: 0, max: 1999 }), (p, n, bp) => {
        expect(interestCents(p, n, bp + 1)).toBeGreaterThanOrEqual(interestCents(p, n, bp))
        const exact = (p * bp * n) / 120_000
        expect(Math.abs(interestCents(p, n, bp) - exact)).toBeLessThanOrEqual(0.5)
      }),
    )
  })
})

describe('instalment plan (examples)', () => {
  it('splits 100.00 € over 3 months as 33.34, 33.33, 33.33', () => {
    const plan = planInstalments({ principalCents: 10_000, termMonths: 3, interestBasisPoints: 0, startDate: '2026-01-31' })
    expect(plan.instalments).toEqual([
      { number: 1, dueDate: '2026-02-28', amountCents: 3334 },
      { number: 2, dueDate: '2026-03-31', amountCents: 3333 },
      { number: 3, dueDate: '2026-04-30', amountCents: 3333 },
    ])
  })

  it('charges simple interest: 1 200 € at 5 % for 12 months is 60 €', () => {
    const plan = planInstalments({ principalCents: 120_000, termMonths: 12, interestBasisPoints: 500, startDate: '2026-03-15' })
    expect(plan.interestCents).toBe(6_000)
    expect(plan.instalments.every((i) => i.amountCents === 10_500)).toBe(true)
  })

  it('goes through leap years: Jan 31 2028 → Feb 29 2028 → Mar 31', () => {
    const dates = planInstalments({ principalCents: 600, termMonths: 3, interestBasisPoints: 0, startDate: '2027-12-31' }).instalments.map(
      (i) => i.dueDate,
    )
    expect(dates).toEqual(['2028-01-31', '2028-02-29', '2028-03-31'])
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28')
    expect(addMonths('2028-02-29', 48)).toBe('2032-02-29')
  })

  it('refuses what the limits do not allow', () => {
    const ok = { principalCents: 10_000, termMonths: 12, interestBasisPoints: 0, startDate: '2026-01-01' }
    expect(() => planInstalments({ ...ok, principalCents: 0 })).toThrow(RangeError)
    expect(() => planInstalments({ ...ok, principalCents: -5 })).toThrow(RangeError)
    expect(() => planInstalments({ ...ok, principalCents: 10.5 })).toThrow(RangeError)
    expect(() => planInstalments({ ...ok, termMonths: 0 })).toThrow(RangeError)
    expect(() => planInstalments({ ...ok, termMonths: 61 })).toThrow(RangeError)
    expect(() => planInstalments({ ...ok, interestBasisPoints: -1 })).toThrow(RangeError)
    expect(() => planInstalments({ ...ok, startDate: '2026-02-30' })).toThrow(RangeError)
  })
})

describe('localDate', () => {
  it('is the calendar day in the given zone', () => {
    // 23:30 UTC on 31 Jan is already 1 Feb in Berlin, still 31 Jan in New York
    const instant = new Date('2026-01-31T23:30:00Z')
    expect(localDate(instant, 'Europe/Berlin')).toBe('2026-02-01')
    expect(localDate(instant, 'America/New_York')).toBe('2026-01-31')
    expect(localDate(instant, 'UTC')).toBe('2026-01-31')
  })
})
