import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Database, openDatabase } from '#db/connect'
import { rowsOf } from '#db/rows'
import { addMember, makeCentre, makeInitiative, makeManager, makeUser } from '#db/factories'
import { centres, exchangeEvents, exchanges, ledgerEntries, ledgerTransactions } from '#db/schema'
import { settingsOf, updateCentreSettings } from '~/modules/centres/settings.server'
import { rebuildRollups } from '~/modules/reporting/rollups.server'
import { type Actor, logHelpGiven, proposeExchange, transition, type TransitionResult } from '~/modules/exchanges/exchanges.server'
import { type ExchangeAction, type ExchangeState, TRANSITIONS } from '~/modules/exchanges/state-machine'
import { balances, LedgerError, postCorrection } from '~/modules/ledger/ledger.server'
import { inKindCents } from '~/modules/ledger/value'
import { createTestDatabase, onPostgres, type TestDatabase } from '../setup/db'
import { makeExchangeWorld, makeListingRow } from './exchange-world'

/**
 * Concurrency can only be shown on a real PostgreSQL server (PGlite is one connection on one
 * thread): on PGlite these tests skip, saying so.
 */
const postgres = onPostgres()
if (!postgres) {
  console.log('ledger-concurrency: skipped on PGlite (single connection; concurrency is proved on PostgreSQL — set DATABASE_URL)')
}

let database: TestDatabase
let pool: Database
beforeAll(async () => {
  if (!postgres) return
  database = await createTestDatabase()
  pool = await openDatabase({ url: database.url!, migrate: false, poolSize: 60 })
})
afterAll(async () => {
  if (!postgres) return
  await pool.close()
  await database.close()
})

describe.skipIf(!postgres)('concurrent confirmation', () => {
  it('50 concurrent confirmations on separate connections write exactly one transaction', async () => {
    const w = await makeExchangeWorld(database.db)
    const logged = await logHelpGiven(database.db, { id: w.provider.user.id }, w.centre.id, {
      initiativeId: w.provider.initiative.id,
      receiverInitiativeId: w.receiver.initiative.id,
      title: 'Hoffest aufgebaut',
      date: '2026-11-20',
      minutes: 180,
    })
    if (!logged.ok) throw new Error('log')
    const id = logged.exchange.id
    const settled = await Promise.allSettled(
      Array.from({ length: 50 }, () => transition(pool.db, { id: w.receiver.user.id }, id, 'confirm')),
    )
    const errors = settled.filter((s) => s.status === 'rejected')
    const results = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
    expect(errors, 'no request failed').toEqual([])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok && r.error === 'alreadyConfirmed')).toHaveLength(49)
    const txs = await database.db.select().from(ledgerTransactions).where(eq(ledgerTransactions.exchangeId, id))
    expect(txs).toHaveLength(1)
    const entries = await database.db.select().from(ledgerEntries).where(eq(ledgerEntries.transactionId, txs[0]!.id))
    expect(entries.map((e) => `${e.unit}:${e.amount}`).sort()).toEqual(['cents:-6000', 'cents:6000', 'minutes:-180', 'minutes:180'])
    const events = await database.db.select().from(exchangeEvents).where(eq(exchangeEvents.exchangeId, id))
    expect(events.map((e) => e.toState)).toEqual(['completed', 'confirmed'])
  })

  it('a receiver confirming and disputing at once: one of them wins, and the ledger holds the help only if the confirmation did', async () => {
    const w = await makeExchangeWorld(database.db)
    const logged = await logHelpGiven(database.db, { id: w.provider.user.id }, w.centre.id, {
      initiativeId: w.provider.initiative.id,
      receiverInitiativeId: w.receiver.initiative.id,
      title: 'Beratung',
      date: '2026-11-20',
      valueCents: 5000,
    })
    if (!logged.ok) throw new Error('log')
    const confirmations = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2
          ? transition(pool.db, { id: w.receiver.user.id }, logged.exchange.id, 'confirm')
          : transition(pool.db, { id: w.receiver.user.id }, logged.exchange.id, 'dispute', { reason: 'Stimmt nicht' }),
      ),
    )
    expect(confirmations.filter((r) => r.ok)).toHaveLength(1)
    const [exchange] = await database.db.select().from(exchanges).where(eq(exchanges.id, logged.exchange.id))
    expect(['confirmed', 'disputed']).toContain(exchange!.state)
    const txs = await database.db.select().from(ledgerTransactions).where(eq(ledgerTransactions.exchangeId, logged.exchange.id))
    expect(txs).toHaveLength(exchange!.state === 'confirmed' ? 1 : 0)
  })

  it('ten reversals of one confirmed help at once: one is written, the others are told it is reversed already', async () => {
    const w = await makeExchangeWorld(database.db)
    const logged = await logHelpGiven(database.db, { id: w.provider.user.id }, w.centre.id, {
      initiativeId: w.provider.initiative.id,
      receiverInitiativeId: w.receiver.initiative.id,
      title: 'Beratung',
      date: '2026-11-20',
      valueCents: 5000,
    })
    if (!logged.ok) throw new Error('log')
    expect(await transition(database.db, { id: w.receiver.user.id }, logged.exchange.id, 'confirm')).toMatchObject({ ok: true })
    const [tx] = await database.db.select().from(ledgerTransactions).where(eq(ledgerTransactions.exchangeId, logged.exchange.id))
    expect(tx, 'the confirmed help in the ledger').toBeDefined()
    const reversals = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        pool.db.transaction((t) => postCorrection(t, w.manager.id, { centreId: w.centre.id, reverses: tx!.id, reason: 'Fehler' })),
      ),
    )
    expect(reversals.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = reversals.filter((r) => r.status === 'rejected')
    expect(refused).toHaveLength(9)
    for (const r of refused) expect(r.reason).toMatchObject({ code: 'alreadyReversed' })
    const written = await database.db.select().from(ledgerTransactions).where(eq(ledgerTransactions.reversesId, tx!.id))
    expect(written).toHaveLength(1)
  })
})

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with WORKLOAD_SEED. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe.skipIf(!postgres)('a random workload', () => {
  it('keeps every invariant of the ledger and of the exchanges', { timeout: 240_000 }, async () => {
    const seed = Number(process.env.WORKLOAD_SEED ?? Math.floor(Math.random() * 2 ** 31))
    const OPERATIONS = Number(process.env.WORKLOAD_OPERATIONS ?? 10_000)
    const BATCH = 12
    // Notifications are tested elsewhere; without them the run stays around a minute on 2 cores.
    const QUIET = { silent: true }
    console.log(`ledger workload: seed ${seed} (replay with WORKLOAD_SEED=${seed}), ${OPERATIONS} operations in batches of ${BATCH}`)
    const random = prng(seed)
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
    const db = database.db

    interface Member { user: Actor; initiativeId: string }
    interface World { centreId: string; hourValueCents: number; members: Member[]; managers: Actor[]; listings: { id: string; initiativeId: string }[] }
    const worlds: World[] = []
    for (const hourValueCents of [2000, 1750]) {
      const centre = await makeCentre(db, { hourValueCents })
      const members: Member[] = []
      for (let i = 0; i < 10; i++) {
        const initiative = await makeInitiative(db, centre.id)
        const user = await makeUser(db)
        await addMember(db, initiative, user.id, 'owner')
        members.push({ user: { id: user.id }, initiativeId: initiative.id })
      }
      // one person in two initiatives, and one member of a suspended initiative
      await addMember(db, { id: members[1]!.initiativeId, centreId: centre.id }, members[0]!.user.id)
      const suspended = await makeInitiative(db, centre.id, { status: 'suspended' })
      const suspendedUser = await makeUser(db)
      await addMember(db, suspended, suspendedUser.id, 'owner')
      const managers = [{ id: (await makeManager(db, centre.id)).id }, { id: (await makeManager(db, centre.id)).id }]
      const listings = []
      for (const m of members) {
        listings.push({ id: (await makeListingRow(db, { id: m.initiativeId, centreId: centre.id }, 'offer')).id, initiativeId: m.initiativeId })
        listings.push({ id: (await makeListingRow(db, { id: m.initiativeId, centreId: centre.id }, 'need')).id, initiativeId: m.initiativeId })
      }
      worlds.push({ centreId: centre.id, hourValueCents, members: [...members, { user: { id: suspendedUser.id }, initiativeId: suspended.id }], managers, listings })
    }
    const outsider: Actor = { id: (await makeUser(db)).id }

    interface Known { id: string; world: World; state: ExchangeState; provider: string; receiver: string; proposerSide: 'provider' | 'receiver' }
    const known: Known[] = []
    const ledgerTxs: { id: string; world: World }[] = []
    /** the expected balances, from the results the module gave back (independent of the ledger's own sums) */
    const model = new Map<string, { minutes: number; cents: number }>()
    const credit = (account: string, unit: 'minutes' | 'cents', amount: number) => {
      const row = model.get(account) ?? { minutes: 0, cents: 0 }
      row[unit] += amount
      model.set(account, row)
    }
    const outcomes = new Map<string, number>()
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
    const errors: unknown[] = []
    const memberOf = (world: World, initiativeId: string) => world.members.find((m) => m.initiativeId === initiativeId)!

    const figures = () => {
      const r = random()
      if (r < 0.45) return { minutes: 15 * (1 + Math.floor(random() * 40)) }
      if (r < 0.75) return { valueCents: 100 * (1 + Math.floor(random() * 300)) }
      return { minutes: 15 * (1 + Math.floor(random() * 40)), valueCents: 50 * (1 + Math.floor(random() * 400)) }
    }
    const ACTIONS_FROM: Record<string, ExchangeAction[]> = {}
    for (const t of TRANSITIONS) (ACTIONS_FROM[t.from] ??= []).push(t.action)

    function actorFor(ex: Known, action: ExchangeAction): Actor {
      const r = random()
      if (r < 0.08) return pick([outsider, ...ex.world.members.map((m) => m.user), ...ex.world.managers])
      const who = TRANSITIONS.find((t) => t.action === action)!.who
      if (who === 'manager') return pick(ex.world.managers)
      const provider = memberOf(ex.world, ex.provider).user
      const receiver = memberOf(ex.world, ex.receiver).user
      if (who === 'provider') return provider
      if (who === 'receiver') return receiver
      if (who === 'eitherSide') return pick([provider, receiver])
      const proposer = ex.proposerSide === 'provider' ? provider : receiver
      const counterpart = ex.proposerSide === 'provider' ? receiver : provider
      return who === 'proposer' ? proposer : counterpart
    }

    function applyResult(ex: Known, result: TransitionResult) {
      if (result.ok) {
        ex.state = result.to
        count(`ok:${result.from}→${result.to}`)
        if (result.ledgerTransactionId) {
          ledgerTxs.push({ id: result.ledgerTransactionId, world: ex.world })
          const minutes = result.exchange.actualMinutes ?? 0
          const cents = inKindCents(minutes, result.exchange.actualValueCents, ex.world.hourValueCents)
          credit(ex.provider, 'minutes', minutes)
          credit(ex.receiver, 'minutes', -minutes)
          credit(ex.provider, 'cents', cents)
          credit(ex.receiver, 'cents', -cents)
        }
      } else {
        count(`refused:${result.error}`)
        if ('state' in result) ex.state = result.state
      }
    }

    function operation(): () => Promise<void> {
      const world = pick(worlds)
      const r = random()
      if (r < 0.12 || known.length < 20) {
        const listing = pick(world.listings)
        const me = pick(world.members.filter((m) => m.initiativeId !== listing.initiativeId))
        return async () => {
          const result = await proposeExchange(pool.db, me.user, world.centreId, { listingId: listing.id, initiativeId: me.initiativeId, message: 'Workload', ...figures() }, QUIET)
          if (!result.ok) return void count(`propose:${result.error}`)
          count('ok:propose')
          const e = result.exchange
          known.push({ id: e.id, world, state: e.state, provider: e.providerInitiativeId, receiver: e.receiverInitiativeId, proposerSide: e.proposerSide })
        }
      }
      if (r < 0.2) {
        const me = pick(world.members)
        const other = pick(world.members.filter((m) => m !== me))
        return async () => {
          const result = await logHelpGiven(pool.db, me.user, world.centreId, {
            initiativeId: me.initiativeId,
            receiverInitiativeId: other.initiativeId,
            title: 'Workload help',
            date: '2026-11-01',
            ...figures(),
          }, QUIET)
          if (!result.ok) return void count(`log:${result.error}`)
          count('ok:log')
          const e = result.exchange
          known.push({ id: e.id, world, state: e.state, provider: e.providerInitiativeId, receiver: e.receiverInitiativeId, proposerSide: e.proposerSide })
        }
      }
      if (r < 0.24) {
        const managers = world.managers
        const candidates = ledgerTxs.filter((t) => t.world === world)
        if (random() < 0.5 && candidates.length) {
          const target = pick(candidates)
          return async () => {
            try {
              const reversal = await pool.db.transaction((tx) => postCorrection(tx, pick(managers).id, { centreId: world.centreId, reverses: target.id, reason: 'Workload reversal' }))
              count('ok:reverse')
              ledgerTxs.push({ id: reversal.id, world })
              const entries = await db.select().from(ledgerEntries).where(eq(ledgerEntries.transactionId, reversal.id))
              for (const e of entries) credit(e.accountId, e.unit, e.amount)
            } catch (error) {
              if (error instanceof LedgerError) count(`reverse:${error.code}`)
              else throw error
            }
          }
        }
        const from = pick(world.members)
        const to = pick(world.members.filter((m) => m !== from))
        const f = figures()
        return async () => {
          const t = await pool.db.transaction((tx) =>
            postCorrection(tx, pick(managers).id, { centreId: world.centreId, reason: 'Workload adjustment', adjustment: { fromInitiativeId: from.initiativeId, toInitiativeId: to.initiativeId, minutes: f.minutes, cents: f.valueCents } }),
          )
          count('ok:adjust')
          ledgerTxs.push({ id: t.id, world })
          credit(to.initiativeId, 'minutes', f.minutes ?? 0)
          credit(from.initiativeId, 'minutes', -(f.minutes ?? 0))
          credit(to.initiativeId, 'cents', f.valueCents ?? 0)
          credit(from.initiativeId, 'cents', -(f.valueCents ?? 0))
        }
      }
      const candidates = known.filter((k) => k.world === world)
      const open = candidates.filter((k) => ACTIONS_FROM[k.state])
      const ex = random() < 0.9 && open.length ? pick(open) : pick(candidates)
      const action = random() < 0.85 && ACTIONS_FROM[ex.state] ? pick(ACTIONS_FROM[ex.state]!) : pick(TRANSITIONS).action
      const actor = actorFor(ex, action)
      const input = { reason: random() < 0.95 ? 'Workload reason' : '', ...(random() < 0.9 ? figures() : {}) }
      return async () => applyResult(ex, await transition(pool.db, actor, ex.id, action, input, QUIET))
    }

    const started = Date.now()
    for (let done = 0; done < OPERATIONS; ) {
      const batch: (() => Promise<void>)[] = []
      while (batch.length < BATCH && done + batch.length < OPERATIONS) {
        const op = operation()
        batch.push(op)
        // now and then the same step twice at once: a race the lock must decide
        if (random() < 0.15 && done + batch.length < OPERATIONS) batch.push(op)
      }
      done += batch.length
      const settled = await Promise.allSettled(batch.map((op) => op()))
      for (const s of settled) if (s.status === 'rejected') errors.push(s.reason)
    }
    console.log(`ledger workload: ${OPERATIONS} operations in ${((Date.now() - started) / 1000).toFixed(1)} s`, Object.fromEntries([...outcomes].sort()))
    expect(errors.map(String), `unexpected errors (seed ${seed})`).toEqual([])

    // 1. every transaction sums to zero per unit, and has entries
    const unbalanced = await database.query(
      `SELECT transaction_id, unit, sum(amount) FROM ledger_entries GROUP BY 1, 2 HAVING sum(amount) <> 0`,
    )
    expect(unbalanced, `seed ${seed}`).toEqual([])
    const empty = await database.query(
      `SELECT t.id FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id GROUP BY t.id HAVING count(e.id) < 2`,
    )
    expect(empty).toEqual([])
    // 2. Σ over each centre = 0
    const centreSums = await database.query<{ centre_id: string; unit: string; total: string }>(
      `SELECT centre_id, unit, sum(amount)::text AS total FROM ledger_entries GROUP BY 1, 2`,
    )
    for (const row of centreSums) expect(Number(row.total), `${row.centre_id} ${row.unit}`).toBe(0)
    // 3. every balance = Σ of its entries = what the operations' results say it should be
    for (const world of worlds) {
      for (const m of world.members) {
        const b = await balances(db, m.initiativeId)
        const [raw] = await database.query<{ minutes: string; cents: string }>(
          `SELECT coalesce(sum(amount) FILTER (WHERE unit = 'minutes'), 0)::text AS minutes,
                  coalesce(sum(amount) FILTER (WHERE unit = 'cents'), 0)::text AS cents
             FROM ledger_entries WHERE account_type = 'initiative' AND account_id = $1`,
          [m.initiativeId],
        )
        expect(b.balance, `balance of ${m.initiativeId} (seed ${seed})`).toEqual({ minutes: Number(raw!.minutes), cents: Number(raw!.cents) })
        expect(b.balance, `model of ${m.initiativeId} (seed ${seed})`).toEqual(model.get(m.initiativeId) ?? { minutes: 0, cents: 0 })
        expect(b.given.minutes - b.received.minutes).toBe(b.balance.minutes)
      }
    }
    // 4. no exchange in an impossible state: its history is a path through the table, ending where it is
    const EDGES = new Set(TRANSITIONS.map((t) => `${t.from}→${t.to}`))
    const all = await db.select().from(exchanges)
    const events = await db.select().from(exchangeEvents).orderBy(exchangeEvents.id)
    const exchangeTxs = await db.select().from(ledgerTransactions).where(eq(ledgerTransactions.kind, 'exchange'))
    const byExchange = new Map<string, typeof events>()
    for (const e of events) byExchange.set(e.exchangeId, [...(byExchange.get(e.exchangeId) ?? []), e])
    for (const ex of all) {
      const history = byExchange.get(ex.id) ?? []
      expect(history.length, `history of ${ex.id}`).toBeGreaterThan(0)
      expect(history[0]!.fromState).toBeNull()
      expect(['proposed', 'completed']).toContain(history[0]!.toState)
      for (let i = 1; i < history.length; i++) {
        expect(history[i]!.fromState, `${ex.id} step ${i} (seed ${seed})`).toBe(history[i - 1]!.toState)
        expect(EDGES.has(`${history[i]!.fromState}→${history[i]!.toState}`), `${ex.id}: ${history[i]!.fromState}→${history[i]!.toState}`).toBe(true)
      }
      expect(history.at(-1)!.toState).toBe(ex.state)
      const written = exchangeTxs.filter((t) => t.exchangeId === ex.id)
      expect(written.length, `ledger transactions of ${ex.id} in state ${ex.state}`).toBe(ex.state === 'confirmed' ? 1 : 0)
    }
    const [counts] = await db
      .select({ confirmed: sql<number>`count(*) filter (where ${exchanges.state} = 'confirmed')::int` })
      .from(exchanges)
    expect(exchangeTxs).toHaveLength(counts!.confirmed)
    expect(outcomes.get('ok:completed→confirmed') ?? 0).toBeGreaterThan(50)
  })
})

describe.skipIf(!postgres)('a rebuild of one centre’s roll-ups', () => {
  it('holds back that centre’s postings until it commits, and no other centre’s', async () => {
    const here = await makeExchangeWorld(database.db)
    const there = await makeExchangeWorld(database.db)
    const released = deferred()
    const started = deferred()
    const rebuild = pool.db.transaction(async (tx) => {
      await tx.execute(sql`select viertel_reporting_rebuild(${here.centre.id}::uuid)`)
      started.resolve()
      await released.promise
    })
    await started.promise
    let waiting: ReturnType<typeof logHelp>
    try {
      // another centre logs and confirms help while the rebuild is open
      const other = await logHelp(pool.db, there, 'Regal gebaut', 60)
      expect((await transition(pool.db, { id: there.receiver.user.id }, other.id, 'confirm')).ok).toBe(true)

      // this centre's writer waits on the centre's lock (seen as an advisory lock not granted)…
      let settled = false
      waiting = logHelp(pool.db, here, 'Flyer gefaltet', 60).finally(() => (settled = true))
      await untilAdvisoryWaiters(1)
      expect(settled).toBe(false)
    } finally {
      released.resolve()
    }
    // …and goes on when the rebuild commits; its exchange is counted in the roll-ups
    await rebuild
    const mine = await waiting
    expect((await transition(pool.db, { id: here.receiver.user.id }, mine.id, 'confirm')).ok).toBe(true)
    const [help] = rowsOf<{ minutes: string | number }>(
      await database.db.execute(sql`select h.minutes from reporting_help h join ledger_transactions t on t.id = h.transaction_id
                                    where t.exchange_id = ${mine.id}`),
    )
    expect(Number(help?.minutes)).toBe(60)
    const [counted] = rowsOf<{ n: string | number }>(
      await database.db.execute(sql`select sum(given_minutes) as n from reporting_help_monthly where centre_id = ${here.centre.id}`),
    )
    expect(Number(counted?.n)).toBe(60)
  })

  it('waits for the centre’s open writer before it reads the ledger, and counts what that writer posted', async () => {
    const w = await makeExchangeWorld(database.db)
    const logged = await logHelp(database.db, w, 'Kisten getragen', 45)
    // a writer of this centre holds the lock shared: its exchange step is in an open transaction
    const committed = deferred()
    const inStep = deferred()
    const writer = pool.db.transaction(async (tx) => {
      await tx.execute(sql`update exchanges set state = 'disputed' where id = ${logged.id}`)
      inStep.resolve()
      await committed.promise
    })
    await inStep.promise
    let rebuilt = false
    const rebuild = rebuildRollups(pool.db, [w.centre.slug]).finally(() => (rebuilt = true))
    try {
      await untilAdvisoryWaiters(1)
      expect(rebuilt).toBe(false)
    } finally {
      committed.resolve()
    }
    await writer
    await rebuild
    // the rebuild read the exchanges after the writer committed: the disputed exchange is counted as such
    const counts = rowsOf<{ state: string; n: string | number }>(
      await database.db.execute(sql`select state::text as state, sum(n) as n from reporting_exchange_monthly
                                    where centre_id = ${w.centre.id} and n <> 0 group by state`),
    )
    expect(counts.map((c) => [c.state, Number(c.n)])).toEqual([['disputed', 1]])
  })

  it('a change of time zone waits for an exchange step in progress instead of deadlocking with it', async () => {
    const w = await makeExchangeWorld(database.db)
    const logged = await logHelp(database.db, w, 'Stühle gestellt', 30)
    const [row] = await database.db.select().from(centres).where(eq(centres.id, w.centre.id))
    const settings = settingsOf(row!)
    // the step: the exchange's trigger takes the centre's lock shared; then a row that refers to the centre
    const proceed = deferred()
    const inStep = deferred()
    const step = pool.db.transaction(async (tx) => {
      await tx.execute(sql`update exchanges set state = 'disputed' where id = ${logged.id}`)
      inStep.resolve()
      await proceed.promise
      await tx.execute(sql`insert into reporting_exchange_monthly (centre_id, month, state, n) values (${w.centre.id}, '1999-01-01', 'proposed', 0)`)
    })
    await inStep.promise
    const saved = updateCentreSettings(pool.db, {
      centreId: w.centre.id,
      actorId: w.manager.id,
      settings: {
        moderationMode: settings.moderationMode,
        hourValueEuros: settings.hourValueEuros,
        loanLimitEuros: settings.loanLimitEuros,
        exchangeCapHours: settings.exchangeCapHours,
        exchangeCapEuros: settings.exchangeCapEuros,
        timeZone: 'Europe/Brussels',
        languages: ['de'],
        description: settings.description,
      },
    })
    try {
      await untilAdvisoryWaiters(1)
    } finally {
      proceed.resolve()
    }
    await step
    expect(await saved).toMatchObject({ ok: true, changed: ['timeZone'] })
  })
})

describe.skipIf(!postgres)('crossing help between two initiatives', () => {
  it('a reversal of B → A beside a reversal of A → B in the same month: both go through, without a deadlock', async () => {
    const w = await makeExchangeWorld(database.db)
    const [lo, hi] = [w.provider, w.receiver].sort((a, b) => (a.initiative.id < b.initiative.id ? -1 : 1)) as [typeof w.provider, typeof w.provider]
    // help both ways in one month, confirmed: lo → hi and hi → lo
    const confirmed = async (from: typeof lo, to: typeof lo, title: string) => {
      const logged = await logHelpGiven(database.db, { id: from.user.id }, w.centre.id, {
        initiativeId: from.initiative.id,
        receiverInitiativeId: to.initiative.id,
        title,
        date: '2026-11-20',
        minutes: 60,
      })
      if (!logged.ok) throw new Error(`help not logged: ${title}`)
      const done = await transition(database.db, { id: to.user.id }, logged.exchange.id, 'confirm')
      if (!done.ok) throw new Error(`help not confirmed: ${title}`)
      const [t] = await database.db.select().from(ledgerTransactions).where(eq(ledgerTransactions.exchangeId, logged.exchange.id))
      return t!.id
    }
    const upward = await confirmed(lo, hi, 'Regal gebaut')
    const downward = await confirmed(hi, lo, 'Flyer gestaltet')
    const [{ month }] = rowsOf<{ month: string }>(
      await database.db.execute(sql`select month::text as month from reporting_help_monthly where centre_id = ${w.centre.id} limit 1`),
    ) as [{ month: string }]

    // The upward reversal, caught between the two monthly rows it touches: it holds the first in
    // key order (lo's) and has not yet touched hi's.
    const holding = deferred()
    const goOn = deferred()
    const first = pool.db.transaction(async (tx) => {
      await tx.execute(sql`update reporting_help_monthly set given_n = given_n
                            where centre_id = ${w.centre.id} and month = ${month}::date and initiative_id = ${lo.initiative.id}`)
      holding.resolve()
      await goOn.promise
      await postCorrection(tx, w.manager.id, { centreId: w.centre.id, reason: 'Doppelt erfasst', reverses: upward })
    })
    await holding.promise
    // meanwhile another reversal, of the downward help (hi gave to lo); run once, as correctLedger's
    // retry of a deadlock would hide one
    const second = pool.db.transaction((tx) => postCorrection(tx, w.manager.id, { centreId: w.centre.id, reason: 'Falsch gebucht', reverses: downward }))
    try {
      await untilRowLockWaiters(1)
    } finally {
      goOn.resolve()
    }
    const settled = await Promise.allSettled([first, second])
    expect(settled.map((s) => (s.status === 'rejected' ? String((s.reason as { cause?: { code?: string } }).cause?.code ?? s.reason) : 'ok'))).toEqual(['ok', 'ok'])
    // nothing left of either help in the month's sums
    const sums = rowsOf<{ given: string | number; received: string | number }>(
      await database.db.execute(sql`select sum(given_minutes) as given, sum(received_minutes) as received
                                    from reporting_help_monthly where centre_id = ${w.centre.id}`),
    )[0]!
    expect([Number(sums.given), Number(sums.received)]).toEqual([0, 0])
  })
})

/** A promise and what settles it: a step held open until the test lets it go on. */
function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((settle) => (resolve = settle))
  return { promise, resolve }
}

/** Help given by the world's provider to its receiver, logged and waiting for the receiver's confirmation. */
async function logHelp(db: Database['db'], w: Awaited<ReturnType<typeof makeExchangeWorld>>, title: string, minutes: number) {
  const logged = await logHelpGiven(db, { id: w.provider.user.id }, w.centre.id, {
    initiativeId: w.provider.initiative.id,
    receiverInitiativeId: w.receiver.initiative.id,
    title,
    date: '2026-11-20',
    minutes,
  })
  if (!logged.ok) throw new Error(`help not logged: ${title}`)
  return logged.exchange
}

/** Polls until this database has `n` advisory locks waiting (a writer or a rebuild held back). */
async function untilAdvisoryWaiters(n: number) {
  const waiters = async () =>
    Number(
      rowsOf<{ n: string | number }>(
        await database.db.execute(sql`select count(*) as n from pg_locks l join pg_database d on d.oid = l.database
                                      where d.datname = current_database() and l.locktype = 'advisory' and not l.granted`),
      )[0]!.n,
    )
  for (let i = 0; i < 100 && (await waiters()) < n; i++) await new Promise((r) => setTimeout(r, 50))
  expect(await waiters()).toBe(n)
}

/** Waits until `n` statements of this database wait for a row or transaction lock. */
async function untilRowLockWaiters(n: number) {
  const waiters = async () =>
    Number(
      rowsOf<{ n: string | number }>(
        await database.db.execute(sql`select count(*) as n from pg_stat_activity
                                      where datname = current_database() and wait_event_type = 'Lock' and wait_event in ('transactionid', 'tuple')`),
      )[0]!.n,
    )
  for (let i = 0; i < 100 && (await waiters()) < n; i++) await new Promise((r) => setTimeout(r, 50))
  expect(await waiters()).toBe(n)
}
