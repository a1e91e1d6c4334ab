import { localParts, offsetMinutes } from '~/utils/time'

/**
 * iCalendar (RFC 5545) text, written by hand: events carry DTSTART/DTEND in the centre's local
 * time with a TZID, and the calendar carries a VTIMEZONE for that zone built from the zone's
 * real transitions (from Intl) over the years the events span. Lines end in CRLF and are folded
 * at 75 octets; every text value goes through `escapeText` and every parameter value through
 * `paramValue`, so nothing a person typed can end a line or start a property
 * (docs/decisions/062-feeds-and-spreadsheet-safety.md).
 */

export interface CalendarEvent {
  uid: string
  start: Date
  end: Date
  summary: string
  description?: string
  location?: string
  /** when the booking was last changed */
  stamp: Date
  status?: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED'
}

export interface CalendarInput {
  name: string
  timeZone: string
  events: CalendarEvent[]
  /** the years the VTIMEZONE must cover when there are no events */
  now?: Date
}

/** A surrogate without its other half: not a character, written as U+FFFD (as UTF-8 encoding would). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
/** Every line break a calendar program might honour: CRLF, a lone CR, a lone LF. */
const LINE_BREAK = /\r\n|\r|\n/g
/**
 * Control characters (C0 but TAB, DEL, C1 with NEL) and the Unicode line and paragraph separators:
 * RFC 5545 allows none of them in a value, and some readers take them for line ends.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/g

/**
 * A TEXT value (RFC 5545 3.3.11): each line break (CRLF, CR or LF) becomes `\n`, other control
 * characters are dropped, backslash, semicolon and comma are escaped. The result holds no CR or LF.
 */
export function escapeText(value: string) {
  return value
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(LINE_BREAK, '\n')
    .replace(CONTROL, '')
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))
}

/** A parameter value (RFC 5545 3.1): no controls or DQUOTE; quoted when it holds `:`, `;` or `,`. */
export function paramValue(value: string) {
  const safe = value.replace(LONE_SURROGATE, '\uFFFD').replace(LINE_BREAK, '').replace(CONTROL, '').replace(/"/g, '')
  return /[:;,]/.test(safe) ? `"${safe}"` : safe
}

/** The UTF-8 length of one code point (a lone surrogate is written as U+FFFD, three octets). */
function octets(codePoint: number) {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4
}

/** Folds a content line at 75 octets (UTF-8), never inside a character. */
export function foldLine(line: string) {
  const pieces: string[] = []
  let start = 0
  let size = 0
  let index = 0
  for (const char of line) {
    const bytes = octets(char.codePointAt(0)!)
    const limit = pieces.length === 0 ? 75 : 74 // continuation lines start with a space
    if (size + bytes > limit) {
      pieces.push(line.slice(start, index))
      start = index
      size = 0
    }
    size += bytes
    index += char.length
  }
  pieces.push(line.slice(start))
  return pieces.join('\r\n ')
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0')

function utcStamp(d: Date) {
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
}

export function localStamp(d: Date, timeZone: string) {
  const p = localParts(d, timeZone)
  return `${pad(p.year, 4)}${pad(p.month)}${pad(p.day)}T${pad(p.hour)}${pad(p.minute)}${pad(p.second)}`
}

function offsetText(minutes: number) {
  const sign = minutes < 0 ? '-' : '+'
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}${pad(Math.abs(minutes) % 60)}`
}

/** The instants in [from, to) at which the zone's offset changes, to the minute. */
export function transitions(timeZone: string, from: Date, to: Date) {
  const found: { at: Date; before: number; after: number }[] = []
  const step = 6 * 3_600_000
  let t = from.getTime()
  let offset = offsetMinutes(new Date(t), timeZone)
  while (t < to.getTime()) {
    const next = t + step
    const nextOffset = offsetMinutes(new Date(next), timeZone)
    if (nextOffset !== offset) {
      let lo = t
      let hi = next
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000
        if (offsetMinutes(new Date(mid), timeZone) === offset) lo = mid
        else hi = mid
      }
      found.push({ at: new Date(hi), before: offset, after: nextOffset })
      offset = nextOffset
    }
    t = next
  }
  return found
}

export function vtimezone(timeZone: string, fromYear: number, toYear: number) {
  const from = new Date(Date.UTC(fromYear, 0, 1))
  const to = new Date(Date.UTC(toYear + 1, 0, 1))
  const lines = ['BEGIN:VTIMEZONE', `TZID:${escapeText(timeZone)}`]
  const initial = offsetMinutes(from, timeZone)
  const changes = transitions(timeZone, from, to)
  // What holds from the start of the range until the first change.
  const firstIsDaylight = changes.length > 0 && changes[0]!.after < initial
  lines.push(
    `BEGIN:${firstIsDaylight ? 'DAYLIGHT' : 'STANDARD'}`,
    `DTSTART:${pad(fromYear - 1, 4)}0101T000000`,
    `TZOFFSETFROM:${offsetText(initial)}`,
    `TZOFFSETTO:${offsetText(initial)}`,
    `END:${firstIsDaylight ? 'DAYLIGHT' : 'STANDARD'}`,
  )
  for (const change of changes) {
    const kind = change.after > change.before ? 'DAYLIGHT' : 'STANDARD'
    // DTSTART is the onset in the local time that was in force just before it.
    const localBefore = new Date(change.at.getTime() + change.before * 60_000)
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${utcStamp(localBefore).slice(0, -1)}`,
      `TZOFFSETFROM:${offsetText(change.before)}`,
      `TZOFFSETTO:${offsetText(change.after)}`,
      `END:${kind}`,
    )
  }
  lines.push('END:VTIMEZONE')
  return lines
}

export function renderCalendar(input: CalendarInput) {
  const years = input.events.flatMap((e) => [e.start.getUTCFullYear(), e.end.getUTCFullYear()])
  const nowYear = (input.now ?? new Date()).getUTCFullYear()
  const fromYear = Math.min(nowYear, ...years)
  const toYear = Math.max(nowYear, ...years)
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Viertel//Bookings//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(input.name)}`,
    `X-WR-TIMEZONE:${escapeText(input.timeZone)}`,
    ...vtimezone(input.timeZone, fromYear, toYear),
  ]
  const tzid = paramValue(input.timeZone)
  for (const event of input.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(event.uid)}`,
      `DTSTAMP:${utcStamp(event.stamp)}`,
      `DTSTART;TZID=${tzid}:${localStamp(event.start, input.timeZone)}`,
      `DTEND;TZID=${tzid}:${localStamp(event.end, input.timeZone)}`,
      `SUMMARY:${escapeText(event.summary)}`,
    )
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`)
    if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`)
    lines.push(`STATUS:${event.status ?? 'CONFIRMED'}`, 'END:VEVENT')
  }
  lines.push('END:VCALENDAR')
  return `${lines.map(foldLine).join('\r\n')}\r\n`
}
