import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { escapeText, foldLine, renderCalendar, transitions } from './ical'
import { mondayOf, toLocalInput, zonedToInstant } from './time'

const berlin = 'Europe/Berlin'

function parse(text: string) {
  const component = new ICAL.Component(ICAL.parse(text))
  for (const tz of component.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz)
  return component
}

describe('time in a zone', () => {
  it('maps local wall time to instants across both DST changes', () => {
    expect(zonedToInstant('2026-07-15T10:00', berlin)!.toISOString()).toBe('2026-07-15T08:00:00.000Z')
    expect(zonedToInstant('2026-01-15T10:00', berlin)!.toISOString()).toBe('2026-01-15T09:00:00.000Z')
    // 29 March 2026: 02:30 does not exist in Berlin; it moves forward by the gap
    expect(zonedToInstant('2026-03-29T02:30', berlin)!.toISOString()).toBe('2026-03-29T01:30:00.000Z')
    // 25 October 2026: 02:30 happens twice; the earlier (summer time) is taken
    expect(zonedToInstant('2026-10-25T02:30', berlin)!.toISOString()).toBe('2026-10-25T00:30:00.000Z')
    expect(zonedToInstant('2026-02-30T10:00', berlin)).toBeNull()
    expect(zonedToInstant('not a time', berlin)).toBeNull()
  })

  it('round-trips through the form value', () => {
    expect(toLocalInput(new Date('2026-07-15T08:00:00Z'), berlin)).toBe('2026-07-15T10:00')
    expect(mondayOf('2026-11-29')).toBe('2026-11-23')
    expect(mondayOf('2026-11-23')).toBe('2026-11-23')
  })

  it('finds Berlin\'s two changes of 2026 to the minute', () => {
    const found = transitions(berlin, new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'))
    expect(found.map((f) => [f.at.toISOString(), f.before, f.after])).toEqual([
      ['2026-03-29T01:00:00.000Z', 60, 120],
      ['2026-10-25T01:00:00.000Z', 120, 60],
    ])
  })
})

describe('iCalendar text', () => {
  it('escapes and folds as RFC 5545 says', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne')
    const long = `SUMMARY:${'ä'.repeat(60)}`
    const folded = foldLine(long)
    for (const line of folded.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75)
    expect(folded.split('\r\n ').join('')).toBe(long)
  })

  it('parses with ical.js and keeps the bookings at their local times in Berlin, summer and winter', () => {
    const text = renderCalendar({
      name: 'Proberaum, Viertelklang',
      timeZone: berlin,
      now: new Date('2026-06-01T00:00:00Z'),
      events: [
        { uid: 'a@viertel', start: new Date('2026-07-15T08:00:00Z'), end: new Date('2026-07-15T10:30:00Z'), summary: 'Probe; Band', stamp: new Date('2026-06-01T00:00:00Z') },
        { uid: 'b@viertel', start: new Date('2026-12-03T17:00:00Z'), end: new Date('2026-12-03T19:00:00Z'), summary: 'Workshop', description: 'Zeile 1\nZeile 2', stamp: new Date('2026-06-01T00:00:00Z') },
      ],
    })
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text).not.toMatch(/[^\r]\n/)
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20260715T100000')
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20261203T180000')
    const calendar = parse(text)
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
    expect(events).toHaveLength(2)
    const [summer, winter] = events as [ICAL.Event, ICAL.Event]
    expect(summer.summary).toBe('Probe; Band')
    expect(summer.startDate.zone?.tzid).toBe(berlin)
    expect(summer.startDate.toJSDate().toISOString()).toBe('2026-07-15T08:00:00.000Z')
    expect(summer.endDate.toJSDate().toISOString()).toBe('2026-07-15T10:30:00.000Z')
    expect(winter.startDate.toJSDate().toISOString()).toBe('2026-12-03T17:00:00.000Z')
    expect(winter.description).toBe('Zeile 1\nZeile 2')
  })

  it('works for a zone without daylight saving and one south of the equator', () => {
    for (const [zone, iso, local] of [
      ['Asia/Kolkata', '2026-07-15T08:00:00Z', '20260715T133000'],
      ['Australia/Sydney', '2026-01-15T08:00:00Z', '20260115T190000'],
    ] as const) {
      const text = renderCalendar({ name: 'x', timeZone: zone, events: [{ uid: `${zone}@v`, start: new Date(iso), end: new Date(new Date(iso).getTime() + 3_600_000), summary: 's', stamp: new Date(iso) }] })
      expect(text).toContain(`DTSTART;TZID=${zone}:${local}`)
      const event = new ICAL.Event(parse(text).getFirstSubcomponent('vevent')!)
      expect(event.startDate.toJSDate().toISOString()).toBe(new Date(iso).toISOString())
    }
  })
})
