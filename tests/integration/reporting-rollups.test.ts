import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCentre, makeManager, makeMember } from '#db/factories'
import { rowsOf } from '#db/rows'
import { centres } from '#db/schema'
import { logHelpGiven, transition } from '~/modules/exchanges/exchanges.server'
import { correctLedger } from '~/modules/ledger/ledger.server'
import { rebuildRollups } from '~/modules/reporting/rollups.server'
import { parsePeriod, toRange } from '~/modules/reporting/period'
import { dashboard, network } from '~/modules/reporting/reporting.server'
import { REPORTING_DAILY_CHECK_SQL } from '#db/sql/reporting'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * The manager console's roll-ups (ADR 054/055: reporting_help, reporting_help_monthly,
 * reporting_exchange_monthly), kept by triggers in the same transaction as each ledger posting and
 * exchange change, must equal what the ledger and the exchanges say — after a random workload of
 * help logged, confirmed or not, reversed, adjusted, and a change of the centre's time zone
 * (issue #20: "a test that roll-ups equal the ledger after a random workload"). The expected
 * figures are computed here in JavaScript from the raw rows, not by the database's own rebuild.
 */
let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())
const db = () => database.db

/** A small seeded generator (mulberry32): the same workload on every run and both databases. */
function random(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The first day of the month of `at` in this time zone, as YYYY-MM-01. */
function localMonth(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at)
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}-01`
}

type HelpKey = string
interface HelpSums {
  givenN: number
  givenMinutes: number
  givenCents: number
  receivedN: number
  receivedMinutes: number
  receivedCents: number
}

/** What the ledger says: confirmed exchange transactions not reversed, summed per local month and initiative. */
async function helpFromLedger(centreId: string, timeZone: string) {
  const entries = rowsOf<{ transaction_id: string; at: string | Date; unit: string; amount: string | number; provider: string; receiver: string; reversed: boolean }>(
    await db().execute(sql`
      select e.transaction_id, e.at, e.unit, e.amount, x.provider_initiative_id as provider, x.receiver_initiative_id as receiver,
             exists (select 1 from ledger_transactions r where r.reverses_id = t.id) as reversed
        from ledger_entries e
        join ledger_transactions t on t.id = e.transaction_id and t.kind = 'exchange'
        join exchanges x on x.id = t.exchange_id
       where t.centre_id = ${centreId} and e.amount > 0`),
  )
  const perTransaction = new Map<string, { at: Date; provider: string; receiver: string; minutes: number; cents: number }>()
  for (const e of entries) {
    if (e.reversed) continue
    const t = perTransaction.get(e.transaction_id) ?? { at: new Date(e.at), provider: e.provider, receiver: e.receiver, minutes: 0, cents: 0 }
    if (e.unit === 'minutes') t.minutes += Number(e.amount)
    else t.cents += Number(e.amount)
    perTransaction.set(e.transaction_id, t)
  }
  const sums = new Map<HelpKey, HelpSums>()
  const at = (month: string, initiative: string) => {
    const key = `${month} ${initiative}`
    const s = sums.get(key) ?? { givenN: 0, givenMinutes: 0, givenCents: 0, receivedN: 0, receivedMinutes: 0, receivedCents: 0 }
    sums.set(key, s)
    return s
  }
  for (const t of perTransaction.values()) {
    const month = localMonth(t.at, timeZone)
    const given = at(month, t.provider)
    given.givenN++
    given.givenMinutes += t.minutes
    given.givenCents += t.cents
    const received = at(month, t.receiver)
    received.receivedN++
    received.receivedMinutes += t.minutes
    received.receivedCents += t.cents
  }
  return { sums, days: daySums(perTransaction.values(), timeZone) }
}

/** The centre's help per local day (reporting_help_daily's figures): count, minutes, cents. */
function daySums(help: Iterable<{ at: Date; minutes: number; cents: number }>, timeZone: string) {
  const days = new Map<string, string>()
  const totals = new Map<string, { n: number; minutes: number; cents: number }>()
  for (const t of help) {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t.at)
    const s = totals.get(day) ?? { n: 0, minutes: 0, cents: 0 }
    s.n++
    s.minutes += t.minutes
    s.cents += t.cents
    totals.set(day, s)
  }
  for (const [day, s] of totals) days.set(day, `${s.n} ${s.minutes} ${s.cents}`)
  return days
}

/** What the day roll-up holds (rows all zero, left behind by a reversal, say nothing). */
async function dayRollup(centreId: string) {
  const days = new Map<string, string>()
  for (const r of rowsOf<{ day: string; n: string | number; minutes: string | number; cents: string | number }>(
    await db().execute(sql`select day::text as day, n, minutes, cents from reporting_help_daily where centre_id = ${centreId}`),
  )) {
    if (Number(r.n) || Number(r.minutes) || Number(r.cents)) days.set(r.day, `${Number(r.n)} ${Number(r.minutes)} ${Number(r.cents)}`)
  }
  return days
}

/** What the roll-up holds (rows whose figures are all zero, left behind by a reversal, say nothing). */
async function helpRollup(centreId: string) {
  const rows = rowsOf<Record<string, string | number>>(
    await db().execute(sql`
      select month::text as month, initiative_id, given_n, given_minutes, given_cents, received_n, received_minutes, received_cents
        from reporting_help_monthly where centre_id = ${centreId}`),
  )
  const sums = new Map<HelpKey, HelpSums>()
  for (const r of rows) {
    const s = {
      givenN: Number(r.given_n),
      givenMinutes: Number(r.given_minutes),
      givenCents: Number(r.given_cents),
      receivedN: Number(r.received_n),
      receivedMinutes: Number(r.received_minutes),
      receivedCents: Number(r.received_cents),
    }
    if (Object.values(s).some((v) => v !== 0)) sums.set(`${r.month} ${r.initiative_id}`, s)
  }
  return sums
}

/** Exchanges per local month of the time they belong to (confirmed, else created) and state: from the rows, and from the roll-up. */
async function exchangeCounts(centreId: string, timeZone: string) {
  const rows = rowsOf<{ state: string; confirmed_at: string | Date | null; created_at: string | Date }>(
    await db().execute(sql`select state::text as state, confirmed_at, created_at from exchanges where centre_id = ${centreId}`),
  )
  const expected = new Map<string, number>()
  for (const r of rows) {
    const key = `${localMonth(new Date(r.confirmed_at ?? r.created_at), timeZone)} ${r.state}`
    expected.set(key, (expected.get(key) ?? 0) + 1)
  }
  const rolled = new Map<string, number>()
  for (const r of rowsOf<{ month: string; state: string; n: string | number }>(
    await db().execute(sql`select month::text as month, state::text as state, n from reporting_exchange_monthly where centre_id = ${centreId}`),
  )) {
    if (Number(r.n) !== 0) rolled.set(`${r.month} ${r.state}`, Number(r.n))
  }
  return { expected, rolled }
}

const sorted = <V>(m: Map<string, V>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b))

describe('the console’s roll-ups equal the ledger after a random workload', () => {
  it('help logged, confirmed or left waiting, reversed and adjusted, across months and a change of time zone', async () => {
    const next = random(20261205)
    const centre = await makeCentre(db(), { timeZone: 'Europe/Berlin', hourValueCents: 2000 })
    const since = { createdAt: new Date('2024-01-01T00:00:00Z') }
    const people = [] as Awaited<ReturnType<typeof makeMember>>[]
    for (let i = 0; i < 5; i++) people.push(await makeMember(db(), centre.id, since))
    const manager = await makeManager(db(), centre.id)
    const pick = () => people[Math.floor(next() * people.length)]!
    const confirmedTransactions: string[] = []

    // month ends on purpose: 23:30 UTC on the last day is the next month in Berlin
    const start = Date.UTC(2025, 0, 31, 23, 30)
    let done = 0
    for (let i = 0; i < 60; i++) {
      const giver = pick()
      let taker = pick()
      while (taker === giver) taker = pick()
      const at = new Date(start + Math.floor(next() * 400) * 24 * 3600_000 + (next() < 0.3 ? 0 : Math.floor(next() * 20) * 3600_000))
      const withValue = next() < 0.3
      const logged = await logHelpGiven(db(), { id: giver.user.id }, centre.id, {
        initiativeId: giver.initiative.id,
        receiverInitiativeId: taker.initiative.id,
        title: `Hilfe ${i}`,
        date: at.toISOString().slice(0, 10),
        minutes: 15 + Math.floor(next() * 40) * 15,
        ...(withValue ? { valueCents: 100 + Math.floor(next() * 5000) } : {}),
        at,
      })
      if (!logged.ok) throw new Error(JSON.stringify(logged))
      // most are confirmed (some a day later, across a month end); some wait
      if (next() < 0.8) {
        const confirmedAt = new Date(at.getTime() + (next() < 0.5 ? 0 : 24 * 3600_000))
        const confirmed = await transition(db(), { id: taker.user.id }, logged.exchange.id, 'confirm', {}, { at: confirmedAt })
        if (!confirmed.ok) throw new Error(JSON.stringify(confirmed))
        const [tx] = rowsOf<{ id: string }>(await db().execute(sql`select id from ledger_transactions where exchange_id = ${logged.exchange.id}`))
        confirmedTransactions.push(tx!.id)
        done++
      }
    }
    expect(done).toBeGreaterThan(30)

    // a manager reverses some confirmed help, and moves hours between two initiatives twice (a correction, not help)
    for (const id of confirmedTransactions.filter(() => next() < 0.2)) {
      const reversed = await correctLedger(db(), manager.id, { centreId: centre.id, reason: 'Doppelt erfasst', reverses: id })
      expect(reversed.ok).toBe(true)
    }
    for (let i = 0; i < 2; i++) {
      const adjusted = await correctLedger(db(), manager.id, {
        centreId: centre.id,
        reason: 'Ausgleich',
        adjustment: { fromInitiativeId: people[0]!.initiative.id, toInitiativeId: people[1]!.initiative.id, minutes: 30 },
      })
      expect(adjusted.ok).toBe(true)
    }

    const check = async (timeZone: string) => {
      const [fromLedger, rollup] = [await helpFromLedger(centre.id, timeZone), await helpRollup(centre.id)]
      expect(fromLedger.sums.size).toBeGreaterThan(10)
      expect(sorted(rollup)).toEqual(sorted(fromLedger.sums))
      expect(fromLedger.days.size).toBeGreaterThan(10)
      expect(sorted(await dayRollup(centre.id))).toEqual(sorted(fromLedger.days))
      const { expected, rolled } = await exchangeCounts(centre.id, timeZone)
      expect(sorted(rolled)).toEqual(sorted(expected))
    }
    await check('Europe/Berlin')

    // The dashboard's network reads only the help between two top initiatives and derives the
    // flows to and from "others" from what each gave and received: the same flows as network(),
    // which groups every help row, for any number named and any period (whole months, edge days).
    const report = { id: centre.id, timeZone: 'Europe/Berlin', hourValueCents: 2000 }
    const now = new Date('2026-06-01T12:00:00Z')
    let othersToOthers = 0
    for (const query of [{ period: 'year', year: '2025' }, { from: '2025-02-15', to: '2025-11-20' }, { from: '2025-03-03', to: '2025-03-04' }]) {
      const parsed = parsePeriod(query, '2026-06-01')
      if (!parsed.ok) throw new Error(JSON.stringify(query))
      for (const top of [1, 2, 3, 5]) {
        const d = await dashboard(db(), report, parsed.period, now, top)
        expect(d.network).toEqual(await network(db(), report, toRange(parsed.period, 'Europe/Berlin'), top))
        othersToOthers += d.network.flows.filter((f) => f.providerId === null && f.receiverId === null).length
      }
    }
    expect(othersToOthers).toBeGreaterThan(0)

    // the centre moves to another time zone: the settings rebuild the roll-ups in their transaction
    await db().transaction(async (tx) => {
      await tx.update(centres).set({ timeZone: 'America/New_York' }).where(eq(centres.id, centre.id))
      await tx.execute(sql`select viertel_reporting_monthly_rebuild(${centre.id}::uuid)`)
    })
    await check('America/New_York')

    // and more help after the move is rolled up in the new zone's months
    const late = await logHelpGiven(db(), { id: people[2]!.user.id }, centre.id, {
      initiativeId: people[2]!.initiative.id,
      receiverInitiativeId: people[3]!.initiative.id,
      title: 'Spät',
      date: '2026-02-28', // still February in New York
      minutes: 60,
      at: new Date('2026-03-01T03:00:00Z'),
    })
    if (!late.ok) throw new Error(JSON.stringify(late))
    const confirmed = await transition(db(), { id: people[3]!.user.id }, late.exchange.id, 'confirm', {}, { at: new Date('2026-03-01T03:00:00Z') })
    expect(confirmed.ok).toBe(true)
    await check('America/New_York')

    // `npm run reporting:rebuild`: roll-ups damaged (rows lost, a sum changed, counts gone) are
    // rebuilt from the ledger — only the centres named, and every centre when none is
    const other = await makeCentre(db(), { timeZone: 'Europe/Brussels' })
    const [a, b] = [await makeMember(db(), other.id, since), await makeMember(db(), other.id, since)]
    const elsewhere = await logHelpGiven(db(), { id: a.user.id }, other.id, {
      initiativeId: a.initiative.id,
      receiverInitiativeId: b.initiative.id,
      title: 'Nebenan',
      date: '2025-06-02',
      minutes: 90,
      at: new Date('2025-06-02T10:00:00Z'),
    })
    if (!elsewhere.ok) throw new Error(JSON.stringify(elsewhere))
    expect((await transition(db(), { id: b.user.id }, elsewhere.exchange.id, 'confirm', {}, { at: new Date('2025-06-02T12:00:00Z') })).ok).toBe(true)
    const damage = async (centreId: string) => {
      await db().execute(sql`delete from reporting_help where transaction_id in (select transaction_id from reporting_help where centre_id = ${centreId} limit 3)`)
      await db().execute(sql`update reporting_help_monthly set given_minutes = given_minutes + 7 where centre_id = ${centreId}`)
      await db().execute(sql`delete from reporting_exchange_monthly where centre_id = ${centreId}`)
      await db().execute(sql`update reporting_help_daily set minutes = minutes + 5 where centre_id = ${centreId}`)
    }
    await damage(centre.id)
    await damage(other.id)
    expect(sorted(await helpRollup(centre.id))).not.toEqual(sorted((await helpFromLedger(centre.id, 'America/New_York')).sums))
    const [slug] = rowsOf<{ slug: string }>(await db().execute(sql`select slug from centres where id = ${centre.id}`))
    const seen: string[] = []
    const one = await rebuildRollups(db(), [slug!.slug], (c) => seen.push(c.slug))
    expect(seen).toEqual([slug!.slug])
    expect(one.rebuilt[0]!.helpRows).toBe(confirmedTransactions.length + 1)
    await check('America/New_York')
    // the other centre was not named: still damaged
    expect(sorted(await dayRollup(other.id))).not.toEqual(sorted((await helpFromLedger(other.id, 'Europe/Brussels')).days))
    await rebuildRollups(db())
    const otherFromLedger = await helpFromLedger(other.id, 'Europe/Brussels')
    expect(sorted(await helpRollup(other.id))).toEqual(sorted(otherFromLedger.sums))
    expect(sorted(await dayRollup(other.id))).toEqual(sorted(otherFromLedger.days))
    const counts = await exchangeCounts(other.id, 'Europe/Brussels')
    expect(sorted(counts.rolled)).toEqual(sorted(counts.expected))
    await check('America/New_York')
    // The check on every start (REPORTING_DAILY_CHECK_SQL): day sums that do not add up — none at
    // all but one written by a posting before the first fill, or one changed — are rebuilt.
    const daysNow = sorted((await helpFromLedger(centre.id, 'America/New_York')).days)
    await db().execute(sql`delete from reporting_help_daily where centre_id = ${centre.id} and day <> (select max(day) from reporting_help_daily where centre_id = ${centre.id})`)
    await db().execute(sql`update reporting_help_daily set cents = cents + 1 where centre_id = ${other.id}`)
    expect(sorted(await dayRollup(centre.id))).not.toEqual(daysNow)
    await db().execute(sql.raw(REPORTING_DAILY_CHECK_SQL))
    expect(sorted(await dayRollup(centre.id))).toEqual(daysNow)
    expect(sorted(await dayRollup(other.id))).toEqual(sorted(otherFromLedger.days))

    // an unknown centre: nothing is rebuilt, and it is named
    expect(await rebuildRollups(db(), ['no-such-centre'])).toEqual({ rebuilt: [], unknown: ['no-such-centre'] })
  })
})
