import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCentre, makeMember } from '#db/factories'
import { listings } from '#db/schema'
import { createFeed, decideBooking, requestBooking } from '~/modules/bookings/bookings.server'
import type { loader as feedLoader } from '~/routes/ical.$file'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * The calendar feed route, /ical/<token>.ics, with names and purposes that try to end a line and
 * start a property of their own (issue #13 §5, docs/decisions/062-feeds-and-spreadsheet-safety.md).
 * The route is called as the server calls it, on this file's database.
 */

let database: TestDatabase
let loader: typeof feedLoader
beforeAll(async () => {
  database = await createTestDatabase()
  // ~/utils/db.server takes the handle kept here instead of opening its own
  globalThis.__viertelDatabase = Promise.resolve(database)
  ;({ loader } = await import('~/routes/ical.$file'))
})
afterAll(async () => {
  globalThis.__viertelDatabase = undefined
  await database.close()
})

const actor = (user: { id: string }) => ({ id: user.id })

/** A local wall time some days from now, as the booking form sends it. */
function daysAhead(days: number, hour: number) {
  const d = new Date(Date.now() + days * 86_400_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(hour)}:00`
}

async function get(token: string) {
  const response = await loader({ request: new Request(`http://viertel.test/ical/${token}.ics`), params: { file: `${token}.ics` }, context: {} })
  return response
}

const HOSTILE = {
  title: 'x\rATTENDEE:evil',
  owner: 'Werkstatt\u2028ORGANIZER:mailto:evil@example.test',
  requester: 'Band\nATTENDEE;CN=evil:mailto:evil@example.test\r',
  purpose: 'Probe\r\nEND:VEVENT\rBEGIN:VEVENT\nSUMMARY:evil\u001b\u000b\u0085',
}

async function hostileWorld() {
  const { db } = database
  const centre = await makeCentre(db)
  const owner = await makeMember(db, centre.id, { name: HOSTILE.owner })
  const guest = await makeMember(db, centre.id, { name: HOSTILE.requester })
  const [room] = await db
    .insert(listings)
    .values({ centreId: centre.id, initiativeId: owner.initiative.id, kind: 'offer', category: 'room', title: HOSTILE.title, details: { category: 'room', capacity: 8 }, status: 'active', bookable: true })
    .returning()
  const booked = await requestBooking(db, actor(guest.user), centre.id, { listingId: room!.id, initiativeId: guest.initiative.id, start: daysAhead(5, 10), end: daysAhead(5, 12), purpose: HOSTILE.purpose })
  if (!booked.ok) throw new Error(`booking refused: ${JSON.stringify(booked)}`)
  expect(await decideBooking(db, actor(owner.user), centre.id, booked.booking.id, 'accept')).toMatchObject({ ok: true })
  return { centre, owner, guest, room: room! }
}

/** Each line as a strict reader (CRLF) and as a lenient one (any CR or LF) cuts it: they must agree. */
function linesOf(text: string) {
  expect(text.endsWith('\r\n')).toBe(true)
  const strict = text.slice(0, -2).split('\r\n')
  expect(text.slice(0, -2).split(/\r\n|\r|\n/)).toEqual(strict)
  for (const line of strict) expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(75)
  return strict
}

function eventsOf(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text.replace(/\r\n|\r|\n/g, '\r\n')))
  return calendar.getAllSubcomponents('vevent')
}

describe('the calendar feed route with hostile names', () => {
  it('keeps a lone CR, LF, CRLF and other controls inside the values of a listing feed: one event, no added property', async () => {
    const w = await hostileWorld()
    const feed = await createFeed(database.db, actor(w.owner.user), w.centre.id, { type: 'listing', id: w.room.id })
    if (!feed.ok) throw new Error('feed')
    const response = await get(feed.token)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8')
    const text = await response.text()
    const lines = linesOf(text)
    expect(lines.filter((l) => /^(ATTENDEE|ORGANIZER|SUMMARY:evil)/i.test(l))).toEqual([])
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1)
    const events = eventsOf(text)
    expect(events).toHaveLength(1)
    const event = events[0]!
    expect(event.getAllProperties().map((p) => p.name)).toEqual(['uid', 'dtstamp', 'dtstart', 'dtend', 'summary', 'description', 'location', 'status'])
    expect(event.getFirstPropertyValue('summary')).toContain('x\nATTENDEE:evil')
    expect(event.getFirstPropertyValue('summary')).toContain('Band\nATTENDEE;CN=evil:mailto:evil@example.test\n')
    expect(event.getFirstPropertyValue('description')).toBe('Probe\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:evil')
    expect(event.getFirstPropertyValue('location')).toBe('WerkstattORGANIZER:mailto:evil@example.test')
  })

  it('does the same for an initiative feed', async () => {
    const w = await hostileWorld()
    const feed = await createFeed(database.db, actor(w.guest.user), w.centre.id, { type: 'initiative', id: w.guest.initiative.id })
    if (!feed.ok) throw new Error('feed')
    const response = await get(feed.token)
    expect(response.status).toBe(200)
    const text = await response.text()
    expect(linesOf(text).filter((l) => /^(ATTENDEE|ORGANIZER|SUMMARY:evil)/i.test(l))).toEqual([])
    const events = eventsOf(text)
    expect(events).toHaveLength(1)
    expect(events[0]!.getAllProperties().map((p) => p.name)).toEqual(['uid', 'dtstamp', 'dtstart', 'dtend', 'summary', 'description', 'location', 'status'])
  })

  it('answers an unknown or malformed token with a plain 404', async () => {
    expect((await get('x'.repeat(32))).status).toBe(404)
    expect((await get('..%2F..%2Fetc')).status).toBe(404)
    const response = await loader({ request: new Request('http://viertel.test/ical/abc'), params: { file: 'abc' }, context: {} })
    expect(response.status).toBe(404)
  })
})
