/**
 * Match suggestions for one listing, at scale. Target: p95 ≤ 30 ms at 100k listings on PostgreSQL.
 *
 * * In `npm run bench` (measurement `matching`): findMatches for active listings of the
 *   scale seed's centre (`npm run seed:scale` first).
 * * Alone (`DATABASE_URL=postgres://… npx tsx scripts/bench-matching.ts`): fills a throw-away
 *   database with LISTINGS listings (default 100 000) made from the evaluation set's listings in
 *   four languages, times findMatches, drops the database (BENCH_KEEP=1 keeps it, BENCH_DB=name
 *   reuses it).
 */
import { randomBytes } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { type Database, openDatabase } from '../db/connect'
import { findMatches } from '../app/modules/matching/candidates.server'
import { readEvalSet } from '../tests/fixtures/matching-eval/run'
import { MATCHING_POST_SQL } from '../db/sql/matching'
import type { Measurement } from './bench'
import { BENCH_CENTRE } from './seed-scale'

const BUDGET_MS = 30

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

/**
 * Times findMatches for `samples` active listings (after a warm-up on 20 others), picked in the
 * order of a hash of their ids: a spread over the centre that is the same on every run, so two
 * commits compared back to back time the same listings.
 */
async function timeMatches(database: Database, samples: number, centreSlug?: string) {
  const ids = await database.query<{ id: string }>(
    centreSlug
      ? `SELECT l.id FROM listings l JOIN centres c ON c.id = l.centre_id WHERE c.slug = $2 AND l.status = 'active' ORDER BY md5(l.id::text) LIMIT $1`
      : `SELECT id FROM listings WHERE status = 'active' ORDER BY md5(id::text) LIMIT $1`,
    centreSlug ? [samples + 20, centreSlug] : [samples + 20],
  )
  if (ids.length < 21) throw new Error('bench matching: too few active listings (run npm run seed:scale first)')
  for (const { id } of ids.slice(0, 20)) await findMatches(database.db, id)
  const times: number[] = []
  for (const { id } of ids.slice(20)) {
    const t0 = performance.now()
    await findMatches(database.db, id)
    times.push(performance.now() - t0)
  }
  return times
}

export const matchingMeasurement: Measurement = {
  name: 'matching',
  description: `match suggestions for one listing (findMatches: candidate statement + scoring), budget p95 ≤ ${BUDGET_MS} ms`,
  run: async (ctx) => {
    const times = await timeMatches(ctx.database, ctx.options.runs * 5, BENCH_CENTRE)
    const [{ n }] = (await ctx.database.query<{ n: string }>(`SELECT count(*) AS n FROM listings`)) as [{ n: string }]
    const p95 = percentile(times, 95)
    ctx.log(`matching: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`)
    return [
      {
        measurement: 'matching',
        case: `listings of ${BENCH_CENTRE} (${n} listings in all)`,
        n: times.length,
        p50: percentile(times, 50),
        p95,
        note: p95 <= BUDGET_MS ? `within ${BUDGET_MS} ms` : `OVER ${BUDGET_MS} ms budget`,
      },
    ]
  },
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await standalone()

async function standalone() {

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
// A kept database predates later migrations: only the matching function is refreshed there.
const database = await openDatabase({ url: url.toString(), migrate: !reuse })
if (reuse) for (const statement of MATCHING_POST_SQL) await database.query(statement)
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
  const times = await timeMatches(database, samples)
  const [{ n }] = (await database.query<{ n: string }>('SELECT count(*) AS n FROM listings')) as [{ n: string }]
  console.log(
    `match suggestions for one listing (${n} listings, ${samples} samples): p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${percentile(times, 100).toFixed(1)} ms`,
  )
}

}
