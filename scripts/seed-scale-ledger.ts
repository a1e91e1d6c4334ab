/**
 * Fills one big centre for the dashboard benchmark (issue 7): 5,000 initiatives and 1,000,000
 * ledger entries (250,000 confirmed exchanges of four entries each, over three years), plus
 * listings, open exchanges and loans so that every figure has something to count.
 *
 *   DATABASE_URL=postgres://… npx tsx scripts/seed-scale-ledger.ts [-- --initiatives 5000 --exchanges 250000]
 *
 * The centre is `scale-ledger`, its manager bench-manager@viertel.test (password BENCH_PASSWORD of
 * seed-scale.ts). Deterministic (seeded random). Rows are written in big unnest() batches; the
 * ledger's per-row balance triggers are skipped for the bulk load (session_replication_role =
 * replica, PostgreSQL superuser only) because every transaction is balanced by construction —
 * the check at the end verifies that every transaction sums to zero per unit.
 */
import { randomUUID } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import postgres from 'postgres'
import { openDatabase } from '../db/connect'
import { passwordHashFor } from '../db/factories'
import { BENCH_PASSWORD } from './seed-scale'

export const LEDGER_CENTRE = 'scale-ledger'
export const LEDGER_MANAGER = 'bench-manager@viertel.test'

function args() {
  const out = { initiatives: 5000, exchanges: 250_000, batch: 10_000, months: 36 }
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

async function main() {
  const options = args()
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('seed-scale-ledger needs DATABASE_URL (PostgreSQL)')
  // Migrate (and run the idempotent SQL) first, with the app's own code.
  await (await openDatabase({ url, poolSize: 1 })).close()
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  const rnd = random(7_2026)
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
    for (let start = 0; start < ids.length; start += options.batch) {
      const part = ids.slice(start, start + options.batch)
      await sql`
        insert into initiatives (id, centre_id, slug, name, kind, status, created_at, decided_at)
        select id, ${centreId}, 'bench-' || n, 'Initiative ' || n, 'association', 'active', now() - interval '4 years', now() - interval '4 years'
          from unnest(${sql.array(part)}::uuid[], ${sql.array(part.map((_, i) => start + i))}::int[]) as t(id, n)`
    }
    console.log(`  ${ids.length} initiatives (${elapsed()})`)

    // Some initiatives help a lot: a skewed choice, like real centres.
    const pickInitiative = () => ids[Math.floor(ids.length * rnd() ** 2)]!
    const now = Date.now()
    const span = options.months * 30.4 * 86_400_000
    await sql`set session_replication_role = replica`
    for (let start = 0; start < options.exchanges; start += options.batch) {
      const count = Math.min(options.batch, options.exchanges - start)
      const ex = { id: [] as string[], provider: [] as string[], receiver: [] as string[], minutes: [] as number[], at: [] as string[], tx: [] as string[] }
      for (let i = 0; i < count; i++) {
        const provider = pickInitiative()
        let receiver = pickInitiative()
        while (receiver === provider) receiver = ids[Math.floor(rnd() * ids.length)]!
        ex.id.push(randomUUID())
        ex.tx.push(randomUUID())
        ex.provider.push(provider)
        ex.receiver.push(receiver)
        ex.minutes.push(15 * (1 + Math.floor(rnd() * 32)))
        ex.at.push(new Date(now - rnd() * span).toISOString())
      }
      await sql.begin(async (tx) => {
        await tx`
          insert into exchanges (id, centre_id, provider_initiative_id, receiver_initiative_id, proposer_side, title,
                                 proposed_minutes, actual_minutes, state, created_at, updated_at, completed_at, confirmed_at)
          select id, ${centreId}, p, r, 'provider', 'Hilfe', m, m, 'confirmed', at - interval '1 day', at, at - interval '1 hour', at
            from unnest(${tx.array(ex.id)}::uuid[], ${tx.array(ex.provider)}::uuid[], ${tx.array(ex.receiver)}::uuid[],
                        ${tx.array(ex.minutes)}::int[], ${tx.array(ex.at)}::timestamptz[]) as t(id, p, r, m, at)`
        await tx`
          insert into ledger_transactions (id, centre_id, kind, exchange_id, created_by, occurred_at, created_at)
          select tid, ${centreId}, 'exchange', xid, ${manager!.id}, at, at
            from unnest(${tx.array(ex.tx)}::uuid[], ${tx.array(ex.id)}::uuid[], ${tx.array(ex.at)}::timestamptz[]) as t(tid, xid, at)`
        await tx`
          insert into ledger_entries (transaction_id, centre_id, account_type, account_id, unit, amount, at)
          select tid, ${centreId}, 'initiative', e.account, e.unit, e.amount, at
            from unnest(${tx.array(ex.tx)}::uuid[], ${tx.array(ex.provider)}::uuid[], ${tx.array(ex.receiver)}::uuid[],
                        ${tx.array(ex.minutes)}::int[], ${tx.array(ex.at)}::timestamptz[]) as t(tid, p, r, m, at)
            cross join lateral (values (p, 'minutes', m::bigint), (r, 'minutes', -m::bigint),
                                       (p, 'cents', ((m * 2000 + 30) / 60)::bigint), (r, 'cents', -((m * 2000 + 30) / 60)::bigint)) as e(account, unit, amount)`
      })
      console.log(`  exchanges ${start + count}/${options.exchanges} (${elapsed()})`)
    }
    await sql`set session_replication_role = origin`

    // Open exchanges, listings and a few loans, so that every figure counts something.
    await sql`
      insert into exchanges (centre_id, provider_initiative_id, receiver_initiative_id, proposer_side, title, proposed_minutes, state, created_at, updated_at)
      select ${centreId}, a.id, b.id, 'provider', 'Offen', 60, (array['proposed','accepted','declined','cancelled'])[1 + n % 4]::exchange_state,
             now() - (n % 700) * interval '1 day', now()
        from generate_series(1, 5000) n
        join lateral (select id from initiatives where centre_id = ${centreId} order by id offset (n * 7) % 4999 limit 1) a on true
        join lateral (select id from initiatives where centre_id = ${centreId} order by id offset (n * 13 + 1) % 4999 limit 1) b on true
       where a.id <> b.id`
    await sql`
      insert into listings (centre_id, initiative_id, kind, category, title, details, status, created_at, published_at)
      select ${centreId}, i.id, (array['offer','need'])[1 + n % 2]::listing_kind, c.category::listing_category, 'Eintrag ' || n,
             jsonb_build_object('category', 'other'), 'active', now() - (n % 1000) * interval '1 day', now() - (n % 1000) * interval '1 day'
        from generate_series(1, 20000) n
        cross join lateral (select 'other' as category) c
        join lateral (select id from initiatives where centre_id = ${centreId} order by id offset n % 5000 limit 1) i on true`
    const [check] = await sql<{ bad: number; entries: number }[]>`
      select (select count(*)::int from (select transaction_id, unit from ledger_entries where centre_id = ${centreId}
                group by transaction_id, unit having sum(amount) <> 0) x) as bad,
             (select count(*)::int from ledger_entries where centre_id = ${centreId}) as entries`
    if (check!.bad) throw new Error(`${check!.bad} unbalanced transactions`)
    // The bulk load bypassed the triggers that keep the help facts and the monthly sums (ADR 054,
    // 055): write the facts here — not left to the next start's backfill, which only fills an
    // empty table, so a start during this load left it half done — then the monthly sums of help
    // and exchanges in one pass each.
    console.log(`  help facts and monthly sums … (${elapsed()})`)
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`
      await tx`
        insert into reporting_help (transaction_id, centre_id, at, provider_id, receiver_id, minutes, cents, reversed)
        select t.id, t.centre_id, t.occurred_at, x.provider_initiative_id, x.receiver_initiative_id,
               coalesce(sum(e.amount) filter (where e.unit = 'minutes'), 0), coalesce(sum(e.amount) filter (where e.unit = 'cents'), 0), false
          from ledger_transactions t
          join exchanges x on x.id = t.exchange_id
          join ledger_entries e on e.transaction_id = t.id and e.amount > 0
         where t.centre_id = ${centreId} and t.kind = 'exchange'
         group by t.id, x.provider_initiative_id, x.receiver_initiative_id
        on conflict (transaction_id) do nothing`
    })
    await sql`select viertel_reporting_monthly_rebuild(${centreId}::uuid)`
    await sql`analyze`
    console.log(`done in ${elapsed()}: ${LEDGER_CENTRE} has ${options.initiatives} initiatives and ${check!.entries} ledger entries; manager ${LEDGER_MANAGER}`)
  } finally {
    await sql.end()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
