import { describe, expect, it } from 'vitest'
import { monthsOf, piecesOf, parsePeriod, previousPeriod, shownLastDay, toRange } from './period'
import { isTimeZone, localDateOf, startOfLocalDay } from '~/utils/time'

const TODAY = '2026-11-25'

describe('parsePeriod', () => {
  it('defaults to the last 12 calendar months, this one included', () => {
    expect(parsePeriod({}, TODAY)).toEqual({ ok: true, period: { preset: 'last12', from: '2025-12-01', to: '2026-12-01' } })
  })

  it('reads this month, a year and a custom range', () => {
    expect(parsePeriod({ period: 'month' }, TODAY)).toEqual({ ok: true, period: { preset: 'month', from: '2026-11-01', to: '2026-12-01' } })
    expect(parsePeriod({ period: 'year', year: '2025' }, TODAY)).toEqual({
      ok: true,
      period: { preset: 'year', year: 2025, from: '2025-01-01', to: '2026-01-01' },
    })
    expect(parsePeriod(new URLSearchParams('from=2025-02-10&to=2025-03-10'), TODAY)).toEqual({
      ok: true,
      period: { preset: 'custom', from: '2025-02-10', to: '2025-03-10' },
    })
  })

  it('reads the last 30 days, today included, across a month and a year end', () => {
    expect(parsePeriod({ period: 'last30' }, TODAY)).toEqual({ ok: true, period: { preset: 'last30', from: '2026-10-27', to: '2026-11-26' } })
    expect(parsePeriod({ period: 'last30' }, '2027-01-03')).toEqual({ ok: true, period: { preset: 'last30', from: '2026-12-05', to: '2027-01-04' } })
    // 2028 is a leap year: February 1st to March 1st are 30 days
    expect(parsePeriod({ period: 'last30' }, '2028-03-01')).toEqual({ ok: true, period: { preset: 'last30', from: '2028-02-01', to: '2028-03-02' } })
    expect(parsePeriod({}, TODAY, 'last30')).toEqual({ ok: true, period: { preset: 'last30', from: '2026-10-27', to: '2026-11-26' } })
    // compared with the 30 days before it
    expect(previousPeriod({ from: '2026-10-27', to: '2026-11-26' })).toEqual({ from: '2026-09-27', to: '2026-10-27' })
  })

  it('turns bad input into field errors', () => {
    expect(parsePeriod({ period: 'decade' }, TODAY)).toEqual({ ok: false, errors: { period: ['validation.choice'] } })
    expect(parsePeriod({ period: 'year', year: '20x5' }, TODAY)).toEqual({ ok: false, errors: { year: ['reporting.errors.year'] } })
    expect(parsePeriod({ from: '2025-02-30', to: '2025-03-01' }, TODAY)).toEqual({ ok: false, errors: { from: ['validation.date'] } })
    expect(parsePeriod({ from: '2025-03-01' }, TODAY)).toEqual({ ok: false, errors: { to: ['validation.required'] } })
    expect(parsePeriod({ from: '2025-03-01', to: '2025-03-01' }, TODAY)).toEqual({ ok: false, errors: { to: ['reporting.errors.order'] } })
    expect(parsePeriod({ from: '2000-01-01', to: '2020-01-01' }, TODAY)).toEqual({ ok: false, errors: { to: ['reporting.errors.tooLong'] } })
  })
})

describe('previousPeriod', () => {
  it('is the same number of whole months before for month periods', () => {
    expect(previousPeriod({ from: '2026-03-01', to: '2026-04-01' })).toEqual({ from: '2026-02-01', to: '2026-03-01' })
    expect(previousPeriod({ from: '2025-12-01', to: '2026-12-01' })).toEqual({ from: '2024-12-01', to: '2025-12-01' })
  })
  it('is the same number of days before otherwise', () => {
    expect(previousPeriod({ from: '2026-03-10', to: '2026-03-20' })).toEqual({ from: '2026-02-28', to: '2026-03-10' })
  })
})

describe('time zones', () => {
  it('starts a local day at local midnight, across DST changes', () => {
    expect(startOfLocalDay('2025-02-01', 'Europe/Berlin').toISOString()).toBe('2025-01-31T23:00:00.000Z')
    expect(startOfLocalDay('2025-07-01', 'Europe/Berlin').toISOString()).toBe('2025-06-30T22:00:00.000Z')
    expect(startOfLocalDay('2025-03-30', 'Europe/Berlin').toISOString()).toBe('2025-03-29T23:00:00.000Z')
    expect(startOfLocalDay('2025-03-31', 'Europe/Berlin').toISOString()).toBe('2025-03-30T22:00:00.000Z')
    expect(startOfLocalDay('2025-02-01', 'UTC').toISOString()).toBe('2025-02-01T00:00:00.000Z')
    expect(startOfLocalDay('2025-02-01', 'America/New_York').toISOString()).toBe('2025-02-01T05:00:00.000Z')
  })

  it('puts 23:30 UTC on January 31st into February in Berlin', () => {
    const range = toRange({ from: '2025-02-01', to: '2025-03-01' }, 'Europe/Berlin')
    const at = new Date('2025-01-31T23:30:00Z')
    expect(at >= range.from && at < range.to).toBe(true)
    expect(localDateOf(at, 'Europe/Berlin')).toBe('2025-02-01')
  })

  it('knows IANA names', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true)
    expect(isTimeZone('Mars/Olympus')).toBe(false)
    expect(isTimeZone('')).toBe(false)
  })
})

describe('monthsOf', () => {
  it('lists the months a period touches', () => {
    expect(monthsOf({ from: '2025-11-15', to: '2026-02-01' })).toEqual(['2025-11-01', '2025-12-01', '2026-01-01'])
  })
})

describe('piecesOf', () => {
  it('keeps whole-month periods whole', () => {
    expect(piecesOf({ from: '2025-01-01', to: '2026-01-01' })).toEqual({ months: { from: '2025-01-01', to: '2026-01-01' }, edges: [] })
  })
  it('cuts the days before the first and after the last whole month', () => {
    expect(piecesOf({ from: '2025-01-20', to: '2025-03-05' })).toEqual({
      months: { from: '2025-02-01', to: '2025-03-01' },
      edges: [
        { from: '2025-01-20', to: '2025-02-01', month: '2025-01-01' },
        { from: '2025-03-01', to: '2025-03-05', month: '2025-03-01' },
      ],
    })
  })
  it('has only edges when no month is whole', () => {
    expect(piecesOf({ from: '2025-01-20', to: '2025-02-10' })).toEqual({
      months: null,
      edges: [
        { from: '2025-01-20', to: '2025-02-01', month: '2025-01-01' },
        { from: '2025-02-01', to: '2025-02-10', month: '2025-02-01' },
      ],
    })
    expect(piecesOf({ from: '2025-01-05', to: '2025-01-20' })).toEqual({ months: null, edges: [{ from: '2025-01-05', to: '2025-01-20', month: '2025-01-01' }] })
    expect(piecesOf({ from: '2025-01-01', to: '2025-01-20' })).toEqual({ months: null, edges: [{ from: '2025-01-01', to: '2025-01-20', month: '2025-01-01' }] })
    expect(piecesOf({ from: '2025-01-05', to: '2025-02-01' })).toEqual({ months: null, edges: [{ from: '2025-01-05', to: '2025-02-01', month: '2025-01-01' }] })
  })
  it('covers every day of a period exactly once', () => {
    for (const [from, to] of [['2024-12-31', '2026-01-02'], ['2025-02-28', '2025-03-01'], ['2025-03-01', '2025-04-01'], ['2025-06-15', '2026-06-15']] as const) {
      const { months, edges } = piecesOf({ from, to })
      const spans = [...edges, ...(months ? [months] : [])].sort((a, b) => a.from.localeCompare(b.from))
      expect(spans[0]!.from).toBe(from)
      expect(spans[spans.length - 1]!.to).toBe(to)
      for (let i = 1; i < spans.length; i++) expect(spans[i]!.from).toBe(spans[i - 1]!.to)
    }
  })
})

describe('shownLastDay', () => {
  it('is today while a period runs, the last day once it is over, and the last day of a period wholly to come', () => {
    expect(shownLastDay({ from: '2026-01-01', to: '2027-01-01' }, '2026-12-07')).toBe('2026-12-07')
    expect(shownLastDay({ from: '2026-12-07', to: '2026-12-08' }, '2026-12-07')).toBe('2026-12-07')
    expect(shownLastDay({ from: '2025-01-01', to: '2026-01-01' }, '2026-12-07')).toBe('2025-12-31')
    expect(shownLastDay({ from: '2026-12-01', to: '2026-12-07' }, '2026-12-07')).toBe('2026-12-06')
    expect(shownLastDay({ from: '2027-01-01', to: '2028-01-01' }, '2026-12-07')).toBe('2027-12-31')
  })
})
