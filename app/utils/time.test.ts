import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, addMonths, daysBetween, formatSpan, isCalendarDate, isIsoDate, isTimeZone, localDateOf, mondayOf, offsetMinutes, startOfLocalDay, toLocalInput, zonedToInstant } from './time'

const ZONES = ['Europe/Berlin', 'Europe/Brussels', 'America/Santiago', 'America/Havana', 'Asia/Beirut', 'Pacific/Chatham', 'UTC']
const day = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))

describe('calendar dates', () => {
  it('checks real dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true)
    expect(isIsoDate('2023-02-29')).toBe(false)
    expect(isIsoDate('2024-13-01')).toBe(false)
    expect(isCalendarDate('1999-12-31')).toBe(false)
    expect(isCalendarDate('2026-12-04')).toBe(true)
  })

  it('adds months clamped to the month, counted from the original day', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28')
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29')
    expect(addMonths('2026-01-31', 2)).toBe('2026-03-31')
    expect(addMonths('2026-03-01', -3)).toBe('2025-12-01')
  })

  it('adds days and counts them back', () => {
    fc.assert(fc.property(day, fc.integer({ min: -4000, max: 4000 }), (d, n) => daysBetween(d, addDays(d, n)) === n))
  })

  it('finds the Monday of a week', () => {
    expect(mondayOf('2026-12-04')).toBe('2026-11-30')
    expect(mondayOf('2026-11-30')).toBe('2026-11-30')
    expect(mondayOf('2026-12-06')).toBe('2026-11-30')
  })
})

describe('time zones', () => {
  it('knows zones and refuses others', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true)
    expect(isTimeZone('Mars/Olympus')).toBe(false)
    expect(isTimeZone('x'.repeat(100))).toBe(false)
    expect(isTimeZone(42)).toBe(false)
  })

  it('reads Berlin’s offset in winter and summer', () => {
    expect(offsetMinutes(new Date('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(60)
    expect(offsetMinutes(new Date('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe(120)
  })

  it('starts every local day at its first instant, also where midnight is skipped', () => {
    fc.assert(
      fc.property(day, fc.constantFrom(...ZONES), (d, zone) => {
        const start = startOfLocalDay(d, zone)
        expect(localDateOf(start, zone)).toBe(d)
        expect(localDateOf(new Date(start.getTime() - 1000), zone)).toBe(addDays(d, -1))
      }),
      { numRuns: 400 },
    )
  })

  it('moves a skipped spring time forward and takes the earlier of an autumn repeat', () => {
    // Berlin 2026: 02:00 → 03:00 on 29 March, 03:00 → 02:00 on 25 October
    expect(zonedToInstant('2026-03-29T02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T01:30:00.000Z')
    expect(zonedToInstant('2026-10-25T02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-10-25T00:30:00.000Z')
    expect(zonedToInstant('2026-02-30T10:00', 'Europe/Berlin')).toBeNull()
  })

  it('round-trips a wall-clock time through an instant', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom(...ZONES), (d, h, m, zone) => {
        const local = `${d}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`
        const instant = zonedToInstant(local, zone)!
        const back = toLocalInput(instant, zone)
        // equal, unless the time did not exist that day (then it lands after the gap)
        expect(back >= local).toBe(true)
      }),
      { numRuns: 300 },
    )
  })
})

describe('formatSpan', () => {
  const zone = 'Europe/Berlin'
  const withDate = new Intl.DateTimeFormat('de', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone })
  const timeOnly = new Intl.DateTimeFormat('de', { timeStyle: 'short', timeZone: zone })
  it('names the end’s date only when the span ends on another day where the centre is', () => {
    expect(formatSpan(new Date('2027-03-01T09:00Z'), new Date('2027-03-01T11:00Z'), zone, withDate, timeOnly)).toBe('01.03.2027, 10:00 – 12:00')
    expect(formatSpan(new Date('2027-03-01T09:00Z'), new Date('2027-03-04T15:00Z'), zone, withDate, timeOnly)).toBe('01.03.2027, 10:00 – 04.03.2027, 16:00')
    // 23:30 UTC on the 1st is already the 2nd in Berlin
    expect(formatSpan(new Date('2027-03-01T20:00Z'), new Date('2027-03-01T23:30Z'), zone, withDate, timeOnly)).toBe('01.03.2027, 21:00 – 02.03.2027, 00:30')
  })
})
