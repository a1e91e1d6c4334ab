/**
 * Fills one big centre for the dashboard benchmark (issue 7): 5,000 initiatives and 1,000,000
 * ledger entries (250,000 confirmed exchanges of four entries each, over three years), plus
 * listings, open exchanges and loans so that every figure has something to count.
 *
 *   DATABASE_URL=postgres://… npx tsx scripts/seed-scale-ledger.ts [-- --initiatives 5000 --exchanges 250000]
 *
 * The centre is `scale-ledger`, its manager bench-manager@viertel.test (password BENCH_PASSWORD of
 * seed-scale.ts). Deterministic (seeded random). The exchanges, their ledger transactions and
 * entries and the help facts go in by COPY in one transaction, with the four tables' secondary
 * indexes built after the load (scripts/bulk-load.ts); the per-row triggers and foreign keys are
 * skipped for it (session_replication_role = replica, PostgreSQL superuser only) because every
 * transaction is balanced by construction — the check at the end verifies that every transaction
 * sums to zero per unit — and the help facts the triggers would write are written with them.
 */
import { randomUUID } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import postgres from 'postgres'
import { openDatabase } from '../db/connect'
import { passwordHashFor } from '../db/factories'
import { copyRows, withoutIndexes } from './bulk-load'
import { BENCH_PASSWORD } from './seed-scale'

export const LEDGER_CENTRE = 'scale-ledger'
export const LEDGER_MANAGER = 'bench-manager@viertel.test'

export interface LedgerOptions {
  initiatives: number
  /** confirmed exchanges, four ledger entries each */
  exchanges: number
  months: number
}

function args(): LedgerOptions {
  const out = { initiatives: 5000, exchanges: 250_000, months: 36 }
  const argv = process.argv.slice(2)
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]!.replace(/^--/, '') as keyof typeof out
    if (key in out) out[key] = Number(argv[++i])
  }
  return out
}

function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Builds the `scale-ledger` centre; `npm run seed:scale` calls it too (`--ledger-exchanges`). */
export async function seedLedger(url: string, options: LedgerOptions) {
  // Migrate (and run the idempotent SQL) first, with the app's own code.
  await (await openDatabase({ url, poolSize: 1 })).close()
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  const started = Date.now()
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`
  try {
    const [present] = await sql<{ id: string }[]>`select id from centres where slug = ${LEDGER_CENTRE}`
    if (present) {
      const [n] = await sql<{ n: number }[]>`select count(*)::int as n from ledger_entries where centre_id = ${present.id}`
      console.log(`seed-scale-ledger: ${LEDGER_CENTRE} is already there (${n!.n} ledger entries); nothing to do`)
      return
    }
    const hash = await passwordHashFor(BENCH_PASSWORD)
    const [centre] = await sql<{ id: string }[]>`
      insert into centres (slug, name, city, country, time_zone, hour_value_cents, founding_year, legal_form, funding_mix)
      values (${LEDGER_CENTRE}, 'Großes Projektezentrum (Benchmark)', 'Bremen', 'DE', 'Europe/Berlin', 2000, 1985, 'e. V.', 'Mieten, Zuschüsse, Spenden')
      returning id`
    const centreId = centre!.id
    const [manager] = await sql<{ id: string }[]>`
      insert into users (email, name, password_hash) values (${LEDGER_MANAGER}, 'Bench Manager', ${hash})
      on conflict (lower(email)) do update set name = excluded.name returning id`
    await sql`insert into centre_staff (centre_id, user_id) values (${centreId}, ${manager!.id}) on conflict do nothing`

    const ids = Array.from({ length: options.initiatives }, () => randomUUID())
    for (let start = 0; start < ids.length; start += 10_000) {
      const part = ids.slice(start, start + 10_000)
      await sql`
        insert into initiatives (id, centre_id, slug, name, kind, status, created_at, decided_at)
        select id, ${centreId}, 'bench-' || n, 'Initiative ' || n, 'association', 'active', now() - interval '4 years', now() - interval '4 years'
          from unnest(${sql.array(part)}::uuid[], ${sql.array(part.map((_, i) => start + i))}::int[]) as t(id, n)`
    }
    console.log(`  ${ids.length} initiatives (${elapsed()})`)

    // Some initiatives help a lot: a skewed choice, like real centres. The exchanges are drawn four
    // times from the same seed, once for each table they fill by COPY, instead of being held in memory.
    const now = Date.now()
    const span = options.months * 30.4 * 86_400_000
    const run = randomUUID().slice(0, 8)
    const idOf = (group: string, n: number) => `${run}-0000-4000-${group}-${n.toString(16).padStart(12, '0')}`
    function* exchangesDrawn() {
      const rnd = random(7_2026)
      const pickInitiative = () => ids[Math.floor(ids.length * rnd() ** 2)]!
      for (let n = 0; n < options.exchanges; n++) {
        const provider = pickInitiative()
        let receiver = pickInitiative()
        while (receiver === provider) receiver = ids[Math.floor(rnd() * ids.length)]!
        const minutes = 15 * (1 + Math.floor(rnd() * 32))
        const at = new Date(now - rnd() * span)
        yield { id: idOf('8000', n), tx: idOf('9000', n), provider, receiver, minutes, cents: Math.floor((minutes * 2000 + 30) / 60), at, n }
      }
    }
    const step = Math.max(10_000, 10 ** Math.floor(Math.log10(Math.max(options.exchanges, 1))) / 2)
    const told = (table: string, n: number) => {
      if ((n + 1) % step === 0 || n + 1 === options.exchanges) console.log(`  ${table} ${n + 1}/${options.exchanges} exchanges (${elapsed()})`)
    }
    await sql.begin(async (tx) => {
      // balanced by construction: the per-row triggers and foreign keys are skipped for the load
      await tx`set local session_replication_role = replica`
      await withoutIndexes(
        tx,
        ['exchanges', 'ledger_transactions', 'ledger_entries', 'reporting_help'],
        async () => {
          await copyRows(
            tx,
            'exchanges',
            ['id', 'centre_id', 'provider_initiative_id', 'receiver_initiative_id', 'proposer_side', 'title', 'proposed_minutes', 'actual_minutes',
              'state', 'created_at', 'updated_at', 'completed_at', 'confirmed_at'],
            (function* () {
              for (const x of exchangesDrawn()) {
                const at = x.at.getTime()
                yield [x.id, centreId, x.provider, x.receiver, 'provider', 'Hilfe', x.minutes, x.minutes, 'confirmed',
                  new Date(at - 86_400_000).toISOString(), x.at.toISOString(), new Date(at - 3_600_000).toISOString(), x.at.toISOString()]
                told('exchanges', x.n)
              }
            })(),
          )
          await copyRows(
            tx,
            'ledger_transactions',
            ['id', 'centre_id', 'kind', 'exchange_id', 'created_by', 'occurred_at', 'created_at'],
            (function* () {
              for (const x of exchangesDrawn()) {
                yield [x.tx, centreId, 'exchange', x.id, manager!.id, x.at.toISOString(), x.at.toISOString()]
                told('ledger transactions of', x.n)
              }
            })(),
          )
          await copyRows(
            tx,
            'ledger_entries',
            ['transaction_id', 'centre_id', 'account_type', 'account_id', 'unit', 'amount', 'at'],
            (function* () {
              for (const x of exchangesDrawn()) {
                const at = x.at.toISOString()
                yield [x.tx, centreId, 'initiative', x.provider, 'minutes', x.minutes, at]
                yield [x.tx, centreId, 'initiative', x.receiver, 'minutes', -x.minutes, at]
                yield [x.tx, centreId, 'initiative', x.provider, 'cents', x.cents, at]
                yield [x.tx, centreId, 'initiative', x.receiver, 'cents', -x.cents, at]
                told('ledger entries (4 each) of', x.n)
              }
            })(),
          )
          // the help facts the triggers would have written (ADR 054): the credit side of each exchange
          await copyRows(
            tx,
            'reporting_help',
            ['transaction_id', 'centre_id', 'at', 'provider_id', 'receiver_id', 'minutes', 'cents', 'reversed'],
            (function* () {
              for (const x of exchangesDrawn()) {
                yield [x.tx, centreId, x.at.toISOString(), x.provider, x.receiver, x.minutes, x.cents, false]
                told('help facts of', x.n)
              }
            })(),
          )
        },
        (line) => console.log(`  ${line} (${elapsed()})`),
      )
    })

    // Open exchanges, listings and a few loans, so that every figure counts something.
    await sql`
      insert into exchanges (centre_id, provider_initiative_id, receiver_initiative_id, proposer_side, title, proposed_minutes, state, created_at, updated_at)
      select ${centreId}, ids[1 + (n * 7) % cardinality(ids)], ids[1 + (n * 13 + 1) % cardinality(ids)], 'provider', 'Offen', 60,
             (array['proposed','accepted','declined','cancelled'])[1 + n % 4]::exchange_state, now() - (n % 700) * interval '1 day', now()
        from generate_series(1, 5000) n, (select ${sql.array(ids)}::uuid[] as ids) i
       where ids[1 + (n * 7) % cardinality(ids)] <> ids[1 + (n * 13 + 1) % cardinality(ids)]`
    await sql`
      insert into listings (centre_id, initiative_id, kind, category, title, details, status, created_at, published_at, concepts)
      select ${centreId}, ids[1 + n % cardinality(ids)], (array['offer','need'])[1 + n % 2]::listing_kind, 'other', 'Eintrag ' || n,
             jsonb_build_object('category', 'other'), 'active', now() - (n % 1000) * interval '1 day', now() - (n % 1000) * interval '1 day', '{}'
        from generate_series(1, 20000) n, (select ${sql.array(ids)}::uuid[] as ids) i`
    console.log(`  open exchanges and listings (${elapsed()})`)
    const [check] = await sql<{ bad: number; entries: number }[]>`
      select (select count(*)::int from (select transaction_id, unit from ledger_entries where centre_id = ${centreId}
                group by transaction_id, unit having sum(amount) <> 0) x) as bad,
             (select count(*)::int from ledger_entries where centre_id = ${centreId}) as entries`
    if (check!.bad) throw new Error(`${check!.bad} unbalanced transactions`)
    console.log(`  monthly sums … (${elapsed()})`)
    await sql`select viertel_reporting_monthly_rebuild(${centreId}::uuid)`
    await sql`analyze`
    console.log(`done in ${elapsed()}: ${LEDGER_CENTRE} has ${options.initiatives} initiatives and ${check!.entries} ledger entries; manager ${LEDGER_MANAGER}`)
  } finally {
    await sql.end()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('seed-scale-ledger needs DATABASE_URL (PostgreSQL)')
  await seedLedger(url, args())
}
