import fc from 'fast-check'
import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { escapeText, foldLine, paramValue, renderCalendar, transitions } from './ical'
import { mondayOf, toLocalInput, zonedToInstant } from '~/utils/time'

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

/**
 * What a text value must read as once parsed (ADR 062), stated apart from the writer: a lone
 * surrogate is U+FFFD, each CRLF, CR or LF one line break, and the other controls (Unicode's Cc but
 * TAB, plus the line and paragraph separators) are gone.
 */
function readAs(value: string) {
  return value
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/\r\n|\r|\n/g, '\n')
    .replace(/[\u2028\u2029]|(?![\t\n])\p{Cc}/gu, '')
}

const octetsOf = (line: string) => Buffer.byteLength(line, 'utf8')

/**
 * The feed's lines as the most lenient program would cut them (any CR or LF ends a line). The
 * writer's own line ends are CRLF only, so a lenient and a strict reader see the same lines.
 */
function checkLines(text: string) {
  expect(text.endsWith('\r\n')).toBe(true)
  const strict = text.slice(0, -2).split('\r\n')
  const lenient = text.slice(0, -2).split(/\r\n|\r|\n/)
  expect(lenient).toEqual(strict)
  for (const line of strict) {
    expect(octetsOf(line), line).toBeLessThanOrEqual(75)
    // a fold never cuts a character in two (no half of a surrogate pair at either end)
    expect(line).not.toMatch(/[\uD800-\uDBFF]$|^ ?[\uDC00-\uDFFF]/)
  }
  return strict
}

/** The one event's property names and its text values, read by ical.js after lenient line cutting. */
function readEvent(text: string) {
  const calendar = parse(text.replace(/\r\n|\r|\n/g, '\r\n'))
  const events = calendar.getAllSubcomponents('vevent')
  expect(events).toHaveLength(1)
  const vevent = events[0]!
  return {
    calendarProperties: calendar.getAllProperties().map((p) => p.name),
    properties: vevent.getAllProperties().map((p) => p.name),
    summary: vevent.getFirstPropertyValue('summary') as string,
    description: (vevent.getFirstPropertyValue('description') as string | null) ?? '',
    location: (vevent.getFirstPropertyValue('location') as string | null) ?? '',
    start: (vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
  }
}

const CALENDAR_PROPERTIES = ['version', 'prodid', 'calscale', 'method', 'x-wr-calname', 'x-wr-timezone']
const EVENT_PROPERTIES = ['uid', 'dtstamp', 'dtstart', 'dtend', 'summary', 'description', 'location', 'status']

function oneEvent(text: string, name = 'Kalender') {
  return renderCalendar({
    name,
    timeZone: berlin,
    now: new Date('2026-06-01T00:00:00Z'),
    events: [{ uid: 'p@viertel', start: new Date('2026-07-15T08:00:00Z'), end: new Date('2026-07-15T10:00:00Z'), summary: text, description: text, location: text, stamp: new Date('2026-06-01T00:00:00Z') }],
  })
}

describe('iCalendar text from people (ADR 062)', () => {
  it.each([
    ['a lone CR', 'x\rATTENDEE:evil'],
    ['a lone LF', 'x\nATTENDEE:evil'],
    ['CRLF', 'x\r\nATTENDEE:evil'],
    ['LF CR', 'x\n\rATTENDEE:evil'],
    ['CR then a folding space', 'x\r ATTENDEE:evil'],
    ['NEL', 'x\u0085ATTENDEE:evil'],
    ['a line separator', 'x\u2028ATTENDEE:evil'],
    ['a paragraph separator', 'x\u2029ATTENDEE:evil'],
    ['VT and FF', 'x\u000b\u000cATTENDEE:evil'],
    ['NUL and ESC', 'x\u0000\u001b[31mATTENDEE:evil'],
    ['an escaped-looking backslash', 'x\\nATTENDEE:evil\\'],
    ['a fake end of the event', 'x\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:evil'],
  ])('keeps %s inside the value: no property is added', (_, value) => {
    const text = oneEvent(value)
    const lines = checkLines(text)
    expect(lines.filter((l) => /^(ATTENDEE|END:VEVENT|BEGIN:VEVENT|SUMMARY:evil)/.test(l))).toEqual(
      lines.filter((l) => /^(END:VEVENT|BEGIN:VEVENT)$/.test(l)),
    )
    const event = readEvent(text)
    expect(event.properties).toEqual(EVENT_PROPERTIES)
    expect(event.summary).toBe(readAs(value))
    expect(event.description).toBe(readAs(value))
    expect(event.location).toBe(readAs(value))
  })

  it('escapes each kind of line break to \\n and drops the other controls, keeping TAB', () => {
    expect(escapeText('a\rb\nc\r\nd\n\re')).toBe('a\\nb\\nc\\nd\\n\\ne')
    expect(escapeText('a\u0000b\u000bc\u000cd\u001be\u007ff\u0085g\u009fh\u2028i\u2029j\tk')).toBe('abcdefghij\tk')
    expect(escapeText('\\;,')).toBe('\\\\\\;\\,')
    expect(escapeText('\uD83D')).toBe('\uFFFD')
    expect(paramValue('Europe/Berlin')).toBe('Europe/Berlin')
    expect(paramValue('a:b;c\r\n"d"')).toBe('"a:b;cd"')
  })

  it('folds at 75 octets between characters: umlauts, emoji, joined emoji, escapes', () => {
    for (const value of ['ä'.repeat(100), '😀'.repeat(40), '👩‍👩‍👧‍👦'.repeat(12), 'x'.repeat(73) + 'ä😀', ',;\\\n'.repeat(40), 'a'.repeat(74) + '€']) {
      const line = `SUMMARY:${escapeText(value)}`
      const folded = foldLine(line)
      expect(folded.split('\r\n ').join('')).toBe(line)
      checkLines(`${folded}\r\n`)
    }
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75))
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`)
  })

  it('round-trips any text: same value back, no line over 75 octets, no property added (property test)', () => {
    const hostile = fc.constantFrom('\r', '\n', '\r\n', '\n\r', ';', ',', '\\', ':', '"', '\t', ' ', '\u0000', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029', 'ä', '€', '😀', '\u200d', '\uD83D', '\uDE00', 'ATTENDEE:evil', 'END:VEVENT', 'BEGIN:VALARM', '\\n', 'ß'.repeat(37))
    const value = fc.oneof(fc.string({ unit: hostile, maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: fc.oneof(hostile, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 120 }))
    fc.assert(
      fc.property(value, value, (text, name) => {
        const calendar = oneEvent(text, name)
        checkLines(calendar)
        const event = readEvent(calendar)
        expect(event.calendarProperties).toEqual(CALENDAR_PROPERTIES)
        expect(event.properties).toEqual(EVENT_PROPERTIES.filter((p) => text !== '' || (p !== 'description' && p !== 'location')))
        expect(event.summary).toBe(readAs(text))
        expect(event.description).toBe(readAs(text))
        expect(event.location).toBe(readAs(text))
        expect(event.start).toBe('2026-07-15T08:00:00.000Z')
      }),
      { numRuns: 300 },
    )
  })
})
