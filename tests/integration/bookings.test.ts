import ICAL from 'ical.js'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '#db/connect'
import { addMember, makeCentre, makeMember, makeUser } from '#db/factories'
import { bookings, exchanges, icalFeeds, listings } from '#db/schema'
import {
  cancelBooking,
  createFeed,
  decideBooking,
  BOOKING_WEEKS_YEARS,
  getBookingPanel,
  listMyBookings,
  requestBooking,
  revokeFeed,
} from '~/modules/bookings/bookings.server'
import { renderFeed } from '~/modules/bookings/feeds.server'
import { removeMember } from '~/modules/initiatives/initiatives.server'
import { RequestBookingSchema } from '~/modules/bookings/schemas'
import { parseForm } from '~/utils/forms.server'
import { createTestDatabase, onPostgres, type TestDatabase } from '../setup/db'

let database: TestDatabase
let db: TestDatabase['db']
beforeAll(async () => {
  database = await createTestDatabase()
  db = database.db
})
afterAll(() => database.close())

const NOW = new Date('2030-06-01T08:00:00Z')
const actor = (user: { id: string }) => ({ id: user.id })

async function world() {
  const centre = await makeCentre(db)
  const owner = await makeMember(db, centre.id)
  const first = await makeMember(db, centre.id)
  const second = await makeMember(db, centre.id)
  const other = await makeCentre(db)
  const foreign = await makeMember(db, other.id)
  const [room] = await db
    .insert(listings)
    .values({
      centreId: centre.id,
      initiativeId: owner.initiative.id,
      kind: 'offer',
      category: 'room',
      title: 'Proberaum',
      details: { category: 'room', capacity: 8 },
      status: 'active',
      bookable: true,
    })
    .returning()
  return { centre, owner, first, second, other, foreign, room: room! }
}

type World = Awaited<ReturnType<typeof world>>
function request(w: World, who: World['first'], start: string, end: string, purpose = 'Bandprobe') {
  return requestBooking(db, actor(who.user), w.centre.id, { listingId: w.room.id, initiativeId: who.initiative.id, start, end, purpose }, { now: NOW })
}

describe('booking a room', () => {
  it('request → accept ties an accepted exchange; an overlapping request is "already booked"; cancelling frees the slot', async () => {
    const w = await world()
    const a = await request(w, w.first, '2030-06-10T10:00', '2030-06-10T12:00')
    expect(a.ok).toBe(true)
    if (!a.ok) return
    // stored as instants: 10:00 in Berlin (summer) is 08:00 UTC
    expect(a.booking.startsAt.toISOString()).toBe('2030-06-10T08:00:00.000Z')
    const [exchange] = await db.select().from(exchanges).where(eq(exchanges.id, a.booking.exchangeId!))
    expect(exchange).toMatchObject({ state: 'proposed', providerInitiativeId: w.owner.initiative.id, receiverInitiativeId: w.first.initiative.id, proposedMinutes: 120 })

    // the requester cannot accept their own request; the owner can
    expect(await decideBooking(db, actor(w.first.user), w.centre.id, a.booking.id, 'accept')).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(await decideBooking(db, actor(w.owner.user), w.centre.id, a.booking.id, 'accept')).toMatchObject({ ok: true, booking: { state: 'accepted' } })
    const [accepted] = await db.select().from(exchanges).where(eq(exchanges.id, a.booking.exchangeId!))
    expect(accepted!.state).toBe('accepted')

    // a second member asks for an overlapping slot: refused at once
    expect(await request(w, w.second, '2030-06-10T11:00', '2030-06-10T13:00')).toEqual({ ok: false, error: 'alreadyBooked' })
    // touching slots are fine (half-open ranges)
    expect(await request(w, w.second, '2030-06-10T12:00', '2030-06-10T13:00')).toMatchObject({ ok: true })

    expect(await cancelBooking(db, actor(w.first.user), w.centre.id, a.booking.id, 'Probe fällt aus')).toMatchObject({ ok: true, booking: { state: 'cancelled' } })
    const [cancelled] = await db.select().from(exchanges).where(eq(exchanges.id, a.booking.exchangeId!))
    expect(cancelled!.state).toBe('cancelled')
    expect(await request(w, w.second, '2030-06-10T11:00', '2030-06-10T12:00')).toMatchObject({ ok: true })
  })

  it('lets the database refuse the second of two overlapping accepts (also on PGlite, one after the other)', async () => {
    const w = await world()
    const a = await request(w, w.first, '2030-06-11T09:00', '2030-06-11T11:00')
    const b = await request(w, w.second, '2030-06-11T10:00', '2030-06-11T12:00')
    if (!a.ok || !b.ok) throw new Error('requests')
    expect(await decideBooking(db, actor(w.owner.user), w.centre.id, b.booking.id, 'accept')).toMatchObject({ ok: true })
    expect(await decideBooking(db, actor(w.owner.user), w.centre.id, a.booking.id, 'accept')).toEqual({ ok: false, error: 'alreadyBooked' })
    const [still] = await db.select().from(bookings).where(eq(bookings.id, a.booking.id))
    expect(still!.state).toBe('requested') // nothing half-written
    const [exchange] = await db.select().from(exchanges).where(eq(exchanges.id, a.booking.exchangeId!))
    expect(exchange!.state).toBe('proposed')
    expect(await decideBooking(db, actor(w.owner.user), w.centre.id, a.booking.id, 'decline')).toMatchObject({ ok: true, booking: { state: 'declined' } })
    const [declined] = await db.select().from(exchanges).where(eq(exchanges.id, a.booking.exchangeId!))
    expect(declined!.state).toBe('declined')
  })

  it('refuses bad times with field errors and writes nothing', async () => {
    const w = await world()
    const cases: [string, string, string][] = [
      ['2030-06-10T12:00', '2030-06-10T10:00', 'end'],
      ['2030-06-10T12:00', '2030-06-10T12:00', 'end'],
      ['2030-06-01T10:00', '2030-07-15T10:00', 'end'],
      ['2020-01-01T10:00', '2020-01-01T12:00', 'start'],
      ['2030-02-30T10:00', '2030-03-01T12:00', 'start'],
    ]
    for (const [start, end, field] of cases) {
      const result = await request(w, w.first, start, end)
      expect(result, `${start} – ${end}`).toMatchObject({ ok: false, error: 'invalid' })
      expect(result.ok === false && result.error === 'invalid' && result.fieldErrors[field]).toBeTruthy()
    }
    expect(await db.select().from(bookings).where(eq(bookings.listingId, w.room.id))).toEqual([])
    const form = new FormData()
    for (const [k, v] of Object.entries({ intent: 'request', initiativeId: 'nope', start: 'morgen', end: '', purpose: '' })) form.set(k, v)
    const parsed = parseForm(form, RequestBookingSchema)
    const errors = (parsed as { error?: Record<string, string[] | null> }).error ?? {}
    expect(Object.keys(errors).sort()).toEqual(['end', 'initiativeId', 'purpose', 'start'])
  })

  it('hides bookings from other centres and strangers (notFound), and an own listing cannot be booked', async () => {
    const w = await world()
    const a = await request(w, w.first, '2030-06-12T10:00', '2030-06-12T12:00')
    if (!a.ok) throw new Error('request')
    expect(await decideBooking(db, actor(w.foreign.user), w.other.id, a.booking.id, 'accept')).toEqual({ ok: false, error: 'notFound' })
    expect(await decideBooking(db, actor(w.owner.user), w.other.id, a.booking.id, 'accept')).toEqual({ ok: false, error: 'notFound' })
    expect(await decideBooking(db, actor(w.second.user), w.centre.id, a.booking.id, 'accept')).toEqual({ ok: false, error: 'notFound' })
    expect(await cancelBooking(db, actor(w.second.user), w.centre.id, a.booking.id, 'nicht meins')).toEqual({ ok: false, error: 'notFound' })
    expect(await decideBooking(db, actor(w.owner.user), w.centre.id, 'not-a-uuid', 'accept')).toEqual({ ok: false, error: 'notFound' })
    expect(
      await requestBooking(db, actor(w.foreign.user), w.other.id, { listingId: w.room.id, initiativeId: w.foreign.initiative.id, start: '2030-06-12T10:00', end: '2030-06-12T11:00', purpose: 'x y z' }, { now: NOW }),
    ).toEqual({ ok: false, error: 'notFound' })
    expect(await request(w, w.owner, '2030-06-12T14:00', '2030-06-12T15:00')).toMatchObject({ ok: false, error: 'invalid' })
    // another initiative's id in the form
    expect(
      await requestBooking(db, actor(w.second.user), w.centre.id, { listingId: w.room.id, initiativeId: w.first.initiative.id, start: '2030-06-12T14:00', end: '2030-06-12T15:00', purpose: 'Fremd' }, { now: NOW }),
    ).toEqual({ ok: false, error: 'notFound' })
  })
})

describe('week view', () => {
  it('shows accepted slots to everyone, requests and details only to those involved', async () => {
    const w = await world()
    const a = await request(w, w.first, '2030-06-13T10:00', '2030-06-13T12:00', 'Geheim')
    const b = await request(w, w.first, '2030-06-14T10:00', '2030-06-14T12:00')
    if (!a.ok || !b.ok) throw new Error('requests')
    await decideBooking(db, actor(w.owner.user), w.centre.id, a.booking.id, 'accept')
    const forStranger = await getBookingPanel(db, actor(w.second.user), w.centre.id, w.room.id, { week: '2030-06-13', now: NOW })
    expect(forStranger!.week.monday).toBe('2030-06-10')
    expect(forStranger!.week.days).toHaveLength(7)
    expect(forStranger!.slots).toHaveLength(1)
    expect(forStranger!.slots[0]).toMatchObject({ state: 'accepted', purpose: null, initiativeName: null })
    const forOwner = await getBookingPanel(db, actor(w.owner.user), w.centre.id, w.room.id, { week: '2030-06-13', now: NOW })
    expect(forOwner!.slots.map((s) => [s.state, s.canDecide])).toEqual([
      ['accepted', false],
      ['requested', true],
    ])
    expect(forOwner!.slots[0]!.purpose).toBe('Geheim')
    const nextWeek = await getBookingPanel(db, null, w.centre.id, w.room.id, { week: '2030-06-17', now: NOW })
    expect(nextWeek!.slots).toEqual([])
    expect(await getBookingPanel(db, null, w.other.id, w.room.id, { now: NOW })).toBeNull()
    // a week out of reach (the last days of year 9999: the next week would be in year 10000) shows this week
    for (const week of ['9999-12-27', '9999-12-31', '0001-01-01', `${2030 + BOOKING_WEEKS_YEARS + 1}-06-13`]) {
      expect((await getBookingPanel(db, null, w.centre.id, w.room.id, { week, now: NOW }))!.week.monday, week).toBe('2030-05-27')
    }
    expect((await getBookingPanel(db, null, w.centre.id, w.room.id, { week: `${2030 + BOOKING_WEEKS_YEARS}-06-13`, now: NOW }))!.week.days).toHaveLength(7)
    const mine = await listMyBookings(db, actor(w.first.user), w.centre.id, { now: NOW })
    expect(mine.bookings.map((x) => x.state)).toEqual(['accepted', 'requested'])
  })
})

describe('iCal feeds', () => {
  function parse(text: string) {
    const component = new ICAL.Component(ICAL.parse(text))
    for (const tz of component.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz)
    return component.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
  }

  it('serves accepted bookings at their local times under a secret token, stored only as a hash, revocable', async () => {
    const w = await world()
    const a = await request(w, w.first, '2030-06-20T18:00', '2030-06-20T21:30', 'Konzertprobe')
    const b = await request(w, w.second, '2030-12-04T09:00', '2030-12-04T10:00', 'Winter')
    const c = await request(w, w.second, '2030-06-21T09:00', '2030-06-21T10:00', 'Nur angefragt')
    if (!a.ok || !b.ok || !c.ok) throw new Error('requests')
    await decideBooking(db, actor(w.owner.user), w.centre.id, a.booking.id, 'accept')
    await decideBooking(db, actor(w.owner.user), w.centre.id, b.booking.id, 'accept')

    expect(await createFeed(db, actor(w.first.user), w.centre.id, { type: 'listing', id: w.room.id })).toEqual({ ok: false, error: 'notFound' })
    const created = await createFeed(db, actor(w.owner.user), w.centre.id, { type: 'listing', id: w.room.id })
    if (!created.ok) throw new Error('feed')
    const stored = await db.select().from(icalFeeds).where(eq(icalFeeds.subjectId, w.room.id))
    expect(stored).toHaveLength(1)
    expect(stored[0]!.tokenHash).not.toContain(created.token)
    expect(stored[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/)

    const text = await renderFeed(db, created.token, { now: NOW })
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20300620T180000')
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20301204T090000')
    const events = parse(text!)
    expect(events.map((e) => e.description)).toEqual(['Konzertprobe', 'Winter'])
    expect(events[0]!.startDate.toJSDate().toISOString()).toBe('2030-06-20T16:00:00.000Z')
    expect(events[0]!.endDate.toJSDate().toISOString()).toBe('2030-06-20T19:30:00.000Z')
    expect(events[1]!.startDate.toJSDate().toISOString()).toBe('2030-12-04T08:00:00.000Z')

    // the initiative feed of the requester holds its own booking only
    const mine = await createFeed(db, actor(w.first.user), w.centre.id, { type: 'initiative', id: w.first.initiative.id })
    if (!mine.ok) throw new Error('feed')
    expect(parse((await renderFeed(db, mine.token, { now: NOW }))!).map((e) => e.description)).toEqual(['Konzertprobe'])
    expect(await createFeed(db, actor(w.second.user), w.centre.id, { type: 'initiative', id: w.first.initiative.id })).toEqual({ ok: false, error: 'notFound' })

    // re-creating replaces the old URL; revoking ends it
    const again = await createFeed(db, actor(w.owner.user), w.centre.id, { type: 'listing', id: w.room.id })
    if (!again.ok) throw new Error('feed')
    expect(await renderFeed(db, created.token, { now: NOW })).toBeNull()
    expect(await renderFeed(db, again.token, { now: NOW })).not.toBeNull()
    await revokeFeed(db, actor(w.owner.user), w.centre.id, { type: 'listing', id: w.room.id })
    expect(await renderFeed(db, again.token, { now: NOW })).toBeNull()
    expect(await renderFeed(db, 'x'.repeat(32), { now: NOW })).toBeNull()
    expect(await renderFeed(db, '../../etc', { now: NOW })).toBeNull()
  })

  it('a feed stops when the person who made it leaves the initiative (its URL was shown to them alone)', async () => {
    const w = await world()
    const booked = await request(w, w.first, '2030-06-20T18:00', '2030-06-20T21:30', 'Vertrauliche Supervision')
    if (!booked.ok) throw new Error('request')
    await decideBooking(db, actor(w.owner.user), w.centre.id, booked.booking.id, 'accept')
    const colleague = await makeUser(db)
    await addMember(db, w.owner.initiative, colleague.id, 'owner')
    const feed = await createFeed(db, actor(colleague), w.centre.id, { type: 'listing', id: w.room.id })
    if (!feed.ok) throw new Error('feed')
    expect(await renderFeed(db, feed.token, { now: NOW })).toContain('Vertrauliche Supervision')
    const left = await removeMember(db, { centreId: w.centre.id, initiativeId: w.owner.initiative.id, userId: colleague.id, actorId: colleague.id })
    expect(left).toEqual({ ok: true })
    expect(await renderFeed(db, feed.token, { now: NOW })).toBeNull()
  })

  it('uses the centre\'s own time zone', async () => {
    const centre = await makeCentre(db, { timeZone: 'Europe/Lisbon' })
    const owner = await makeMember(db, centre.id)
    const guest = await makeMember(db, centre.id)
    const [tool] = await db
      .insert(listings)
      .values({ centreId: centre.id, initiativeId: owner.initiative.id, kind: 'offer', category: 'tool', title: 'Bohrmaschine', details: { category: 'tool', condition: 'good' }, status: 'active', bookable: true })
      .returning()
    const booked = await requestBooking(db, actor(guest.user), centre.id, { listingId: tool!.id, initiativeId: guest.initiative.id, start: '2030-07-01T10:00', end: '2030-07-01T11:00', purpose: 'Regal' }, { now: NOW })
    if (!booked.ok) throw new Error('request')
    expect(booked.booking.startsAt.toISOString()).toBe('2030-07-01T09:00:00.000Z')
    await decideBooking(db, actor(owner.user), centre.id, booked.booking.id, 'accept')
    const feed = await createFeed(db, actor(owner.user), centre.id, { type: 'listing', id: tool!.id })
    if (!feed.ok) throw new Error('feed')
    const text = (await renderFeed(db, feed.token, { now: NOW }))!
    expect(text).toContain('DTSTART;TZID=Europe/Lisbon:20300701T100000')
    expect(parse(text)[0]!.startDate.toJSDate().toISOString()).toBe('2030-07-01T09:00:00.000Z')
  })
})

describe('concurrency (PostgreSQL only)', () => {
  it('20 concurrent accepts of overlapping bookings: exactly one is accepted', async (context) => {
    if (!onPostgres() || !database.url) {
      console.log('skipped: concurrency needs a real PostgreSQL server (PGlite is single-connection)')
      context.skip()
      return
    }
    const w = await world()
    const requests = []
    for (let i = 0; i < 20; i++) {
      const who = i % 2 ? w.first : w.second
      const hour = 10 + (i % 3)
      const r = await request(w, who, `2030-06-25T${hour}:00`, `2030-06-25T${hour + 2}:30`)
      if (!r.ok) throw new Error(JSON.stringify(r))
      requests.push(r.booking.id)
    }
    const pool = await openDatabase({ url: database.url, migrate: false, poolSize: 30 })
    try {
      const results = await Promise.all(requests.map((id) => decideBooking(pool.db, actor(w.owner.user), w.centre.id, id, 'accept')))
      expect(results.filter((r) => r.ok)).toHaveLength(1)
      expect(results.filter((r) => !r.ok && r.error === 'alreadyBooked')).toHaveLength(19)
      const accepted = await db.select().from(bookings).where(and(eq(bookings.listingId, w.room.id), eq(bookings.state, 'accepted')))
      expect(accepted).toHaveLength(1)
      const acceptedExchanges = await db.select().from(exchanges).where(and(eq(exchanges.listingId, w.room.id), eq(exchanges.state, 'accepted')))
      expect(acceptedExchanges).toHaveLength(1)
    } finally {
      await pool.close()
    }
  })
})
