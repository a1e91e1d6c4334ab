/**
 * Match suggestions for one listing, at scale (`npx tsx scripts/bench-matching.ts`): fills a
 * throw-away PostgreSQL database with LISTINGS listings (default 100 000) made from the
 * evaluation set's vocabulary in four languages, then times findMatches for random listings.
 * Needs DATABASE_URL (a server where it may create and drop a database). Target: p95 ≤ 30 ms.
 */
import { randomBytes } from 'node:crypto'
import { openDatabase } from '../db/connect'
import { findMatches } from '../app/modules/matching/candidates.server'
import { readEvalSet } from '../tests/fixtures/matching-eval/run'

const base = process.env.DATABASE_URL
if (!base) {
  console.error('bench-matching: set DATABASE_URL to a PostgreSQL server (it creates and drops its own database)')
  process.exit(1)
}
const total = Number(process.env.LISTINGS ?? 100_000)
const samples = Number(process.env.SAMPLES ?? 200)
// BENCH_DB=<name> reuses a database a previous run kept with BENCH_KEEP=1 (filling takes a minute).
const reuse = process.env.BENCH_DB
const name = reuse ?? `viertel_bench_match_${randomBytes(4).toString('hex')}`
const adminUrl = new URL(base)
adminUrl.pathname = '/postgres'
const admin = await openDatabase({ url: adminUrl.toString(), migrate: false, poolSize: 1 })
if (!reuse) await admin.query(`CREATE DATABASE "${name}"`)
const url = new URL(base)
url.pathname = `/${name}`
const database = await openDatabase({ url: url.toString() })
try {
  if (!reuse) await fill()
  await measure()
} finally {
  await database.close()
  if (!reuse && !process.env.BENCH_KEEP) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  else console.log(`kept database ${name}`)
  await admin.close()
}

async function fill() {
  const set = readEvalSet()
  const [centre] = await database.query<{ id: string }>(
    `INSERT INTO centres (slug, name, city, country) VALUES ('bench', 'Bench', 'Bremen', 'DE') RETURNING id`,
  )
  await database.query(
    `INSERT INTO initiatives (centre_id, slug, name, kind, status)
     SELECT $1, 'i-' || g, 'Initiative ' || g, 'association', 'active' FROM generate_series(1, 500) g`,
    [centre!.id],
  )
  const templates = JSON.stringify(set.listings.map((l) => ({ ...l, details: l.details })))
  const started = Date.now()
  // Templates × random initiative, with a random suffix so that titles and words vary.
  await database.query(
    `WITH t AS (SELECT row_number() OVER () - 1 AS n, x.* FROM jsonb_to_recordset($2::jsonb)
                  AS x(kind text, category text, language text, title text, description text, details jsonb)),
          i AS (SELECT row_number() OVER () - 1 AS n, id FROM initiatives WHERE centre_id = $1),
          tc AS (SELECT count(*) c FROM t), ic AS (SELECT count(*) c FROM i)
     INSERT INTO listings (centre_id, initiative_id, kind, category, language, title, description, details, status, published_at)
     SELECT $1, i.id, t.kind::listing_kind, t.category::listing_category, t.language, t.title,
            t.description || ' ' || md5(g::text), t.details, 'active', now() - (g % 90) * interval '1 day'
     FROM generate_series(1, $3::int) g, tc, ic
     JOIN t ON true JOIN i ON true
     WHERE t.n = (g::bigint * 7919) % tc.c AND i.n = (g::bigint * 104729) % ic.c`,
    [centre!.id, templates, total],
  )
  await database.query('ANALYZE')
  console.log(`filled ${total} listings in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

async function measure() {
  const ids = await database.query<{ id: string }>(`SELECT id FROM listings ORDER BY random() LIMIT $1`, [samples + 20])
  for (const { id } of ids.slice(0, 20)) await findMatches(database.db, id) // warm up
  const times: number[] = []
  for (const { id } of ids.slice(20)) {
    const t0 = performance.now()
    await findMatches(database.db, id)
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1)
  const [{ n }] = (await database.query<{ n: string }>('SELECT count(*) AS n FROM listings')) as [{ n: string }]
  console.log(`match suggestions for one listing (${n} listings, ${samples} samples): p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`)
}
