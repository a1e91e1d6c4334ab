import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Database, openDatabase } from '#db/connect'
import { rowsOf } from '#db/rows'
import { addMember, makeCentre, makeInitiative, makeManager, makeUser } from '#db/factories'
import { emailOutbox, exchangeMessages, exchanges, initiativeMembers, listings, loginThrottle, notifications } from '#db/schema'
import { takeLoginAttempt } from '~/modules/auth/rate-limits.server'
import { postMessage, proposeExchange } from '~/modules/exchanges/exchanges.server'
import { removeMember } from '~/modules/initiatives/initiatives.server'
import { createListing, InactiveInitiativeError } from '~/modules/listings/listings.server'
import type { ListingValues } from '~/modules/listings/schemas'
import { suspendInitiative } from '~/modules/moderation/suspensions.server'
import { MAX_SAVED_SEARCHES, saveSearch, TooManySavedSearchesError } from '~/modules/notifications/notifications.server'
import { notify } from '~/modules/notifications/notify.server'
import { eraseAccount } from '~/modules/privacy/erasure.server'
import { createTestDatabase, onPostgres, type TestDatabase } from '../setup/db'
import { makeListingRow } from './exchange-world'

/**
 * People acting at the same moment (an independent audit found these, 2026-12-07): each test holds
 * one action at the point where the other could slip past it, lets the other run, then lets go.
 * Concurrency needs a real PostgreSQL server: on PGlite (one connection) these tests skip.
 */
const postgres = onPostgres()
if (!postgres) console.log('people-concurrency: skipped on PGlite (single connection; shown on PostgreSQL — set DATABASE_URL)')

let database: TestDatabase
let pool: Database
beforeAll(async () => {
  if (!postgres) return
  database = await createTestDatabase()
  pool = await openDatabase({ url: database.url!, migrate: false, poolSize: 10 })
})
afterAll(async () => {
  if (!postgres) return
  await pool.close()
  await database.close()
})

/** An initiative with two owners and a member. */
async function twoOwners() {
  const centre = await makeCentre(database.db)
  const initiative = await makeInitiative(database.db, centre.id)
  const [a, b, m] = [await makeUser(database.db), await makeUser(database.db), await makeUser(database.db)]
  await addMember(database.db, initiative, a.id, 'owner')
  await addMember(database.db, initiative, b.id, 'owner')
  await addMember(database.db, initiative, m.id, 'member')
  return { centre, initiative, a, b, m }
}

async function ownersOf(initiativeId: string) {
  const rows = await database.db.select().from(initiativeMembers).where(eq(initiativeMembers.initiativeId, initiativeId))
  return rows.filter((r) => r.role === 'owner').map((r) => r.userId)
}

describe.skipIf(!postgres)('two owners leaving at once', () => {
  it('two owners erasing their accounts at once: the second is told to hand over first, the initiative keeps an owner', async () => {
    const { initiative, a, b } = await twoOwners()
    // A's erasure is held at A's member row (as if slower), B's runs meanwhile
    const held = await holdOpen((tx) => tx.execute(sql`select 1 from initiative_members where user_id = ${a.id} for share`))
    const erasingA = eraseAccount(pool.db, a.id, { by: null })
    await untilLockWaiters(1)
    const erasingB = eraseAccount(pool.db, b.id, { by: null })
    await untilSettledOrLockWaiters(erasingB, 2)
    held.release()
    await held.done
    const results = [await erasingA, await erasingB].map((r) => (r.ok ? 'ok' : r.error)).sort()
    expect(results).toEqual(['ok', 'soleOwner'])
    expect(await ownersOf(initiative.id)).toHaveLength(1)
  })

  it('an owner erasing their account while the other owner leaves the initiative: one of them is refused', async () => {
    const { centre, initiative, a, b } = await twoOwners()
    // A's erasure is held where it deletes the person's rows (the staff table comes before the memberships)
    const held = await holdOpen((tx) => tx.execute(sql`lock table centre_staff in share mode`))
    const erasingA = eraseAccount(pool.db, a.id, { by: null })
    await untilLockWaiters(1)
    const leaving = removeMember(pool.db, { centreId: centre.id, initiativeId: initiative.id, userId: b.id, actorId: b.id })
    await untilSettledOrLockWaiters(leaving, 2)
    held.release()
    await held.done
    const erased = await erasingA
    const left = await leaving
    expect([erased.ok ? 'ok' : erased.error, left.ok ? 'ok' : left.error]).toEqual(['ok', 'lastOwner'])
    expect(await ownersOf(initiative.id)).toEqual([b.id])
  })
})

describe.skipIf(!postgres)('an erasure beside a message', () => {
  it('a message to a person whose account is being erased goes through, and so does the erasure', async () => {
    const centre = await makeCentre(database.db)
    const theirs = await makeInitiative(database.db, centre.id)
    const ours = await makeInitiative(database.db, centre.id)
    const anna = await makeUser(database.db, { name: 'Anna Keller' })
    const otto = await makeUser(database.db, { name: 'Otto Sommer' })
    const viktor = await makeUser(database.db, { name: 'Viktor Hahn' })
    await addMember(database.db, theirs, anna.id, 'owner')
    await addMember(database.db, theirs, otto.id, 'owner')
    await addMember(database.db, ours, viktor.id, 'owner')
    // the exchange's title carries Anna's name, so her erasure scrubs the exchange's row
    const listing = await makeListingRow(database.db, theirs, 'offer', { title: 'Nachhilfe mit Anna Keller' })
    const proposed = await proposeExchange(database.db, { id: viktor.id }, centre.id, { listingId: listing.id, initiativeId: ours.id, minutes: 60, message: 'Gern!' })
    if (!proposed.ok) throw new Error('not proposed')
    // the erasure holds Anna's row and is held before its scrub; the message locks the exchange and then
    // notifies Anna (her row); the erasure's scrub then needs the exchange: one of the two is a deadlock's victim
    const held = await holdOpen((tx) => tx.execute(sql`lock table centre_staff in share mode`))
    const erasing = eraseAccount(pool.db, anna.id, { by: null })
    await untilLockWaiters(1)
    const writing = postMessage(pool.db, { id: viktor.id }, proposed.exchange.id, { body: 'Wann passt es dir?' })
    await untilSettledOrLockWaiters(writing, 2)
    held.release()
    await held.done
    const settled = await Promise.allSettled([erasing, writing])
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value.ok : String(s.reason)))).toEqual([true, true])
    const messages = await database.db.select().from(exchangeMessages).where(eq(exchangeMessages.exchangeId, proposed.exchange.id))
    expect(messages.map((m) => m.body)).toContain('Wann passt es dir?')
  })
})

describe.skipIf(!postgres)('a suspension while something is written for the initiative', () => {
  /** An initiative with a member and a live listing, and a manager of its centre. */
  async function suspendable() {
    const centre = await makeCentre(database.db, { moderationMode: 'post' })
    const manager = await makeManager(database.db, centre.id)
    const initiative = await makeInitiative(database.db, centre.id)
    const member = await makeUser(database.db)
    await addMember(database.db, initiative, member.id, 'owner')
    const old = await makeListingRow(database.db, initiative, 'offer', { title: 'Alt' })
    return { centre, manager, initiative, member, old }
  }
  /** The suspension, held after it has locked the initiative (at the listings it hides). */
  async function suspending(w: Awaited<ReturnType<typeof suspendable>>) {
    const held = await holdOpen((tx) => tx.execute(sql`select 1 from listings where id = ${w.old.id} for share`))
    const suspension = suspendInitiative(pool.db, { centreId: w.centre.id, actorId: w.manager.id, initiativeId: w.initiative.id, reason: 'Werbung' })
    await untilLockWaiters(1)
    return { held, suspension }
  }

  it('a listing sent as its initiative is suspended is refused, and none of the initiative’s listings stays live', async () => {
    const w = await suspendable()
    const { held, suspension } = await suspending(w)
    // the route looked at the membership before the suspension (the initiative was active then)
    const membership = { initiative: { id: w.initiative.id, centreId: w.centre.id, status: 'active' } }
    const creating = createListing(pool.db, membership, { id: w.centre.id, moderationMode: 'post' }, w.member.id, listingValues(), [], [])
    await untilSettledOrLockWaiters(creating, 2)
    held.release()
    await held.done
    expect(await suspension).toMatchObject({ ok: true })
    await expect(creating).rejects.toBeInstanceOf(InactiveInitiativeError)
    const live = await database.db.select().from(listings).where(eq(listings.initiativeId, w.initiative.id))
    expect(live.filter((l) => l.status === 'active')).toEqual([])
  })

  it('an exchange proposed as the proposing initiative is suspended is refused', async () => {
    const w = await suspendable()
    const other = await makeInitiative(database.db, w.centre.id)
    // someone of theirs who could answer (a proposal nobody could answer is refused before any lock)
    await addMember(database.db, other, (await makeUser(database.db)).id)
    const theirs = await makeListingRow(database.db, other, 'offer', { title: 'Lastenrad leihen' })
    const { held, suspension } = await suspending(w)
    const proposing = proposeExchange(pool.db, { id: w.member.id }, w.centre.id, { listingId: theirs.id, initiativeId: w.initiative.id, minutes: 60, message: 'Am Samstag?' })
    await untilSettledOrLockWaiters(proposing, 2)
    held.release()
    await held.done
    expect(await suspension).toMatchObject({ ok: true })
    expect(await proposing).toMatchObject({ ok: false, error: 'notFound' })
    expect(await database.db.select().from(exchanges).where(eq(exchanges.listingId, theirs.id))).toEqual([])
  })
})

function listingValues(): ListingValues {
  return {
    kind: 'offer',
    category: 'skill',
    title: 'Neues Angebot',
    description: 'Fahrräder reparieren',
    language: 'de',
    compensation: 'reciprocal',
    priceCents: null,
    availableFrom: null,
    availableUntil: null,
    visibility: 'public',
    bookable: false,
    details: { category: 'skill', estimatedHours: 2 },
  } as ListingValues
}

describe.skipIf(!postgres)('a notice to a person whose account is being erased', () => {
  it('is neither kept nor e-mailed to the address they had', async () => {
    const centre = await makeCentre(database.db)
    const initiative = await makeInitiative(database.db, centre.id)
    const anna = await makeUser(database.db, { name: 'Anna Keller' })
    const other = await makeUser(database.db)
    await addMember(database.db, initiative, anna.id, 'owner')
    await addMember(database.db, initiative, other.id, 'owner')
    // the erasure holds Anna's row and is held before it finishes
    const held = await holdOpen((tx) => tx.execute(sql`lock table centre_staff in share mode`))
    const erasing = eraseAccount(pool.db, anna.id, { by: null })
    await untilLockWaiters(1)
    // meanwhile something happens that tells her at once by e-mail (her address is read before the erasure commits)
    const telling = pool.db.transaction((tx) =>
      notify(tx, { userIds: [anna.id], centreId: centre.id, kind: 'application.decided', payload: { variant: 'admitted', initiative: 'X', centre: 'Y', note: null, url: '/' } }),
    )
    await untilSettledOrLockWaiters(telling, 2)
    held.release()
    await held.done
    expect(await erasing).toMatchObject({ ok: true })
    expect(await telling).toEqual([])
    const mail = await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, anna.email))
    expect(mail).toEqual([])
    expect(await database.db.select().from(notifications).where(eq(notifications.userId, anna.id))).toEqual([])
  })
})

describe.skipIf(!postgres)('the login throttle', () => {
  it('an attempt whose throttle row is cleared under it (a right password elsewhere) is counted, not an error', async () => {
    const key = `login:account:race-${Date.now()}@example.test`
    await database.db.insert(loginThrottle).values({ key })
    // another request holds the row, then clears it (a correct password) and commits
    const held = await holdOpen(
      (tx) => tx.execute(sql`select 1 from login_throttle where key = ${key} for update`),
      (tx) => tx.delete(loginThrottle).where(eq(loginThrottle.key, key)),
    )
    const attempt = takeLoginAttempt(pool.db, key, new Date())
    await untilLockWaiters(1)
    held.release()
    await held.done
    expect(await attempt).toEqual({ allowed: true })
    const rows = rowsOf<{ failures: number }>(await database.db.execute(sql`select failures from login_throttle where key = ${key}`))
    expect(rows.map((r) => Number(r.failures))).toEqual([1])
  })
})

describe.skipIf(!postgres)('saving a search twice at once', () => {
  it('two saves at the 20th place (a double submit, two tabs): one is stored, the other is told the cap is reached', async () => {
    const centre = await makeCentre(database.db)
    const person = await makeUser(database.db)
    for (let i = 1; i < MAX_SAVED_SEARCHES; i++) await saveSearch(database.db, person.id, centre.id, { words: `Suche ${i}`, kind: null, category: null })
    // Inserts into saved searches wait: the first save is held after it has counted, the second comes meanwhile
    const held = await holdOpen((tx) => tx.execute(sql`lock table saved_searches in share mode`))
    const first = saveSearch(pool.db, person.id, centre.id, { words: 'Lastenrad', kind: null, category: null })
    await untilLockWaiters(1)
    const second = saveSearch(pool.db, person.id, centre.id, { words: 'Beamer', kind: null, category: null })
    await untilSettledOrLockWaiters(second, 2)
    held.release()
    await held.done
    const results = (await Promise.allSettled([first, second])).map((r) =>
      r.status === 'fulfilled' ? 'saved' : r.reason instanceof TooManySavedSearchesError ? 'cap' : String(r.reason),
    )
    expect(results.sort()).toEqual(['cap', 'saved'])
    const [row] = rowsOf<{ n: string | number }>(await database.db.execute(sql`select count(*) as n from saved_searches where user_id = ${person.id}`))
    expect(Number(row!.n)).toBe(MAX_SAVED_SEARCHES)
  })
})

type Tx = Parameters<Parameters<Database['db']['transaction']>[0]>[0]

/** A transaction that runs `first`, then stays open until released, then runs `last` and commits. */
async function holdOpen(first: (tx: Tx) => Promise<unknown>, last: (tx: Tx) => Promise<unknown> = async () => {}) {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let holding!: () => void
  const isHolding = new Promise<void>((resolve) => (holding = resolve))
  const done = pool.db.transaction(async (tx) => {
    await first(tx)
    holding()
    await released
    await last(tx)
  })
  await isHolding
  return { release, done }
}

async function lockWaiters() {
  const [row] = rowsOf<{ n: string | number }>(
    await database.db.execute(sql`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`),
  )
  return Number(row!.n)
}

/** Waits until `n` statements of this database wait for a lock. */
async function untilLockWaiters(n: number) {
  for (let i = 0; i < 100 && (await lockWaiters()) < n; i++) await new Promise((r) => setTimeout(r, 50))
  expect(await lockWaiters()).toBe(n)
}

/** Waits until `action` has finished (it slipped past) or waits for a lock itself (n waiters in all). */
async function untilSettledOrLockWaiters(action: Promise<unknown>, n: number) {
  let settled = false
  void action.then(
    () => (settled = true),
    () => (settled = true),
  )
  for (let i = 0; i < 100 && !settled && (await lockWaiters()) < n; i++) await new Promise((r) => setTimeout(r, 50))
  expect(settled || (await lockWaiters()) >= n).toBe(true)
}
