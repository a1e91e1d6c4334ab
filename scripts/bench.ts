/**
 * Viertel's benchmark: `npm run bench` (after `npm run build` and `npm run seed:scale`).
 *
 *   DATABASE_URL=postgres://…/viertel_bench npm run bench [-- --only search,http --runs 30 --duration 10]
 *   … npm run bench -- --growth postgres://…/viertel_bench1m   (the same on a second database, and a growth table)
 *
 * Runs a list of named measurements against the PostgreSQL database of DATABASE_URL and prints
 * one table. To add one, append to MEASUREMENTS: a name, a line of description, and a `run`
 * that returns rows (use `timed`/`percentile` for latencies and `ctx.server()` for HTTP load;
 * the server is started once, on its own port, and stopped at the end).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { sql } from 'drizzle-orm'
import { type Database, openDatabase } from '../db/connect'
import { getListingViewer, type ListingViewer } from '../app/modules/listings/visibility.server'
import { parseSearchParams } from '../app/modules/listings/schemas'
import { searchListings } from '../app/modules/listings/search.server'
import { BENCH_CENTRE, BENCH_EMAIL, BENCH_PASSWORD } from './seed-scale'
import { countCpu } from './bench-cpu'
import { dashboardMeasurement } from './bench-dashboard'
import { matchingMeasurement } from './bench-matching'
import { viewsMeasurement } from './bench-views'

export interface Row {
  measurement: string
  case: string
  n?: number
  p50?: number
  p95?: number
  reqPerSec?: number
  /** CPU per request of the app server's process and of the local PostgreSQL (scripts/bench-cpu.ts) */
  appCpuMs?: number
  dbCpuMs?: number
  note?: string
}

export interface BenchContext {
  database: Database
  databaseUrl: string
  options: Options
  log: (line: string) => void
  /** The built app, started on its own port with DATABASE_URL, logged in as the bench member. */
  server: () => Promise<{ baseUrl: string; cookie: string; pid?: number }>
}

export interface Measurement {
  name: string
  description: string
  run: (ctx: BenchContext) => Promise<Row[]>
}

interface Options {
  only: string[] | null
  runs: number
  duration: number
  port: number
  /** a second database to measure the same way, for the growth table */
  growth: string | null
}

function parseOptions(): Options {
  const argv = process.argv.slice(2)
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`)
    return i >= 0 ? argv[i + 1] : undefined
  }
  return {
    only: get('only')?.split(',') ?? null,
    runs: Number(get('runs') ?? 30),
    duration: Number(get('duration') ?? 10),
    port: Number(get('port') ?? 3390),
    growth: get('growth') ?? null,
  }
}

export function percentile(values: number[], p: number) {
  if (!values.length) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

/** Twenty things people search for, in the four languages. */
export const SEARCH_QUERIES = [
  'Bohrmaschinen',
  'Räume',
  'Proberaum',
  'Leiter',
  'Hilfe bei der Buchhaltung',
  'Lastenrad',
  'Kleinkredit',
  'Werkstatt Wochenende',
  'Übersetzung',
  'Nähmaschine gesucht',
  'drills',
  'rehearsal rooms',
  'bookkeeping',
  'ladder',
  'perceuses',
  'salle de réunion',
  'comptabilité',
  'boormachines',
  'vergaderruimte',
  'bakfietsen',
]

async function benchViewer(database: Database): Promise<{ viewer: ListingViewer; centreId: string }> {
  const [row] = await database.query<{ user_id: string; centre_id: string }>(
    `select u.id as user_id, c.id as centre_id from users u, centres c where u.email = $1 and c.slug = $2`,
    [BENCH_EMAIL, BENCH_CENTRE],
  )
  if (!row) throw new Error(`No bench data: run npm run seed:scale first (needs ${BENCH_EMAIL} and centre ${BENCH_CENTRE})`)
  const viewer = await getListingViewer(database.db, { id: row.user_id, isAdmin: false }, row.centre_id)
  return { viewer, centreId: row.centre_id }
}

async function searchRows(ctx: BenchContext, name: string, runs: number, withoutIndex: boolean): Promise<Row[]> {
  const { viewer, centreId } = await benchViewer(ctx.database)
  const all: number[] = []
  const rows: Row[] = []
  for (const q of SEARCH_QUERIES) {
    const params = parseSearchParams(new URLSearchParams({ q }))
    const once = async () => {
      if (!withoutIndex) return searchListings(ctx.database.db, viewer, centreId, params)
      return ctx.database.db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_bitmapscan = off`)
        await tx.execute(sql`set local enable_indexscan = off`)
        return searchListings(tx, viewer, centreId, params)
      })
    }
    const first = await once() // warm-up, and the hit count for the table
    const times: number[] = []
    for (let i = 0; i < runs; i++) times.push(await timed(once))
    all.push(...times)
    rows.push({ measurement: name, case: q, n: runs, p50: percentile(times, 50), p95: percentile(times, 95), note: `${first.total}${first.capped ? '+' : ''} hits, ${first.mode}` })
  }
  rows.push({ measurement: name, case: `ALL ${SEARCH_QUERIES.length} queries`, n: all.length, p50: percentile(all, 50), p95: percentile(all, 95) })
  ctx.log(`${name}: p50 ${percentile(all, 50).toFixed(1)} ms, p95 ${percentile(all, 95).toFixed(1)} ms`)
  return rows
}

async function load(ctx: BenchContext, path: string, cookie?: string) {
  const { baseUrl, pid } = await ctx.server()
  const latencies: number[] = []
  const instance = autocannon({
    url: `${baseUrl}${path}`,
    connections: 10,
    duration: ctx.options.duration,
    headers: cookie ? { cookie, 'accept-language': 'de' } : { 'accept-language': 'de' },
  })
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime))
  const cpu = countCpu(pid, ctx.databaseUrl)
  const result = await instance
  const { appMs, dbMs } = cpu(result.requests.total)
  const bad = result.non2xx + result.errors + result.timeouts
  if (bad) throw new Error(`${path}: ${bad} failed responses (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`)
  return {
    reqPerSec: result.requests.average,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    n: result.requests.total,
    appCpuMs: appMs,
    dbCpuMs: dbMs,
  }
}

export const MEASUREMENTS: Measurement[] = [
  {
    name: 'search',
    description: 'search top-20 through the app’s search function, GIN index in use',
    run: (ctx) => searchRows(ctx, 'search', ctx.options.runs, false),
  },
  {
    name: 'search-no-index',
    description: 'the same queries with bitmap and index scans switched off (SET LOCAL, in a transaction)',
    run: async (ctx) => {
      // a second or more per query without the index: a few runs tell the ratio
      return searchRows(ctx, 'search-no-index', 3, true)
    },
  },
  {
    name: 'http',
    description: 'listings page for a logged-in member vs. a bare route, autocannon -c 10',
    run: async (ctx) => {
      const { cookie } = await ctx.server()
      const centre = `/c/${BENCH_CENTRE}/listings`
      ctx.log('http: /healthz …')
      const bare = await load(ctx, '/healthz')
      ctx.log('http: landing page …')
      const landing = await load(ctx, '/', cookie)
      ctx.log('http: listings page …')
      const page = await load(ctx, centre, cookie)
      ctx.log('http: listings search …')
      const search = await load(ctx, `${centre}?q=Bohrmaschinen`, cookie)
      // req/s against the bare route's (the issue's target), and the same for CPU per request
      const ratio = (x: { reqPerSec: number; appCpuMs?: number }) => {
        const rate = `${((100 * x.reqPerSec) / bare.reqPerSec).toFixed(0)} % of bare`
        return bare.appCpuMs && x.appCpuMs ? `${rate}; app CPU ${(x.appCpuMs / bare.appCpuMs).toFixed(1)}× bare` : rate
      }
      return [
        { measurement: 'http', case: 'GET /healthz (bare route)', ...bare },
        // a page without any listings code: what every server-rendered page costs in this app
        { measurement: 'http', case: 'GET / (landing page, member)', ...landing, note: ratio(landing) },
        { measurement: 'http', case: `GET ${centre} (member)`, ...page, note: ratio(page) },
        { measurement: 'http', case: `GET ${centre}?q=Bohrmaschinen`, ...search, note: ratio(search) },
      ]
    },
  },
  viewsMeasurement,
  dashboardMeasurement,
  matchingMeasurement,
]

function printTable(rows: Row[]) {
  const fmt = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? '' : n.toFixed(digits))
  const table = rows.map((r) => [r.measurement, r.case, r.n?.toString() ?? '', fmt(r.p50), fmt(r.p95), fmt(r.reqPerSec, 0), fmt(r.appCpuMs, 2), fmt(r.dbCpuMs, 2), r.note ?? ''])
  const header = ['measurement', 'case', 'n', 'p50 ms', 'p95 ms', 'req/s', 'app CPU ms/req', 'db CPU ms/req', 'note']
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i >= 2 && i <= 7 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`
  console.log(line(header))
  console.log(`|${widths.map((w, i) => (i >= 2 && i <= 7 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`)
  for (const row of table) console.log(line(row))
  if (rows.some((r) => r.measurement === 'views')) console.log('\nviews: n, req/s and CPU are per page view (all its requests); p50/p95 per request.')
}

async function startServer(port: number, url: string, log: (line: string) => void) {
  if (!existsSync('build/server/index.js')) {
    log('no build found: building the app (npx remix vite:build) …')
    const built = spawnSync('npx', ['remix', 'vite:build'], { stdio: 'inherit' })
    if (built.status !== 0) throw new Error('build failed')
  }
  log(`starting the built server on port ${port} …`)
  const child: ChildProcess = spawn(process.execPath, ['scripts/server.mjs'], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: url, SEED_DEMO: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  const baseUrl = `http://127.0.0.1:${port}`
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`)
    try {
      if ((await fetch(`${baseUrl}/readyz`)).ok) break
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  const login = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    body: new URLSearchParams({ email: BENCH_EMAIL, password: BENCH_PASSWORD }),
    redirect: 'manual',
  })
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => c.startsWith('viertel_session='))
    .join('; ')
  if (login.status !== 302 || !cookie) throw new Error(`bench login failed (${login.status})`)
  // a warm-up so the first measurement does not pay for cold caches
  for (let i = 0; i < 20; i++) await fetch(`${baseUrl}/c/${BENCH_CENTRE}/listings`, { headers: { cookie } }).then((r) => r.arrayBuffer())
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  return { baseUrl, cookie, stop, pid: child.pid }
}

/** Runs the chosen measurements against one database (its own server, stopped at the end). */
async function measure(url: string, options: Options, log: (line: string) => void): Promise<{ rows: Row[]; listings: number }> {
  const database = await openDatabase({ url, poolSize: 2 })
  let server: Awaited<ReturnType<typeof startServer>> | undefined
  const ctx: BenchContext = {
    database,
    databaseUrl: url,
    options,
    log,
    server: async () => {
      server ??= await startServer(options.port, url, log)
      return server
    },
  }
  const [counts] = await database.query<{ listings: number }>('select count(*)::int as listings from listings')
  log(`database ${new URL(url).pathname.slice(1)}: ${counts!.listings} listings; ${SEARCH_QUERIES.length} queries × ${options.runs} runs`)
  const rows: Row[] = []
  try {
    for (const m of MEASUREMENTS.filter((m) => !options.only || options.only.includes(m.name))) {
      log(`${m.name} — ${m.description}`)
      try {
        rows.push(...(await m.run(ctx)))
      } catch (error) {
        // one measurement that cannot run (e.g. its data is missing) must not lose the others
        const message = error instanceof Error ? error.message : String(error)
        log(`${m.name} FAILED: ${message}`)
        rows.push({ measurement: m.name, case: 'FAILED', note: message.split('\n')[0]!.slice(0, 120) })
        process.exitCode = 1
      }
    }
    const overall = (name: string) => rows.find((r) => r.measurement === name && r.case.startsWith('ALL'))
    const withIndex = overall('search')
    const without = overall('search-no-index')
    if (withIndex && without) {
      rows.push({ measurement: 'search ratio', case: 'p50 without index / with index', note: `${(without.p50! / withIndex.p50!).toFixed(1)}×` })
    }
  } finally {
    await server?.stop()
    await database.close()
  }
  return { rows, listings: counts!.listings }
}

/**
 * The growth table (issue #20): each figure measured on both databases, side by side, and how
 * much it grew — how cost grows with the work, e.g. 100k and 1M listings.
 */
export function growthRows(a: { rows: Row[]; listings: number }, b: { rows: Row[]; listings: number }) {
  const fmt = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits))
  const grew = (x: number | undefined, y: number | undefined) => (x && y ? `${(y / x).toFixed(2)}×` : '')
  // a case may name what differs between the databases (a listing's id, the number of listings)
  const same = (x: Row) => `${x.measurement}|${x.case.replace(/[0-9a-f]{8}-[0-9a-f-]*…?/g, '…').replace(/\d+/g, '#')}`
  const out: string[][] = []
  for (const row of a.rows) {
    const other = b.rows.find((r) => same(r) === same(row))
    if (!other) continue
    out.push([
      row.measurement,
      row.case,
      `${fmt(row.p95)} → ${fmt(other.p95)}`,
      grew(row.p95, other.p95),
      `${fmt(row.appCpuMs, 2)} → ${fmt(other.appCpuMs, 2)}`,
      `${fmt(row.dbCpuMs, 2)} → ${fmt(other.dbCpuMs, 2)}`,
      grew((row.appCpuMs ?? 0) + (row.dbCpuMs ?? 0), (other.appCpuMs ?? 0) + (other.dbCpuMs ?? 0)),
    ])
  }
  return out
}

function printGrowth(table: string[][], a: number, b: number) {
  const header = ['measurement', 'case', `p95 ms ${a} → ${b}`, 'p95 grew', 'app CPU ms', 'db CPU ms', 'CPU grew']
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  console.log(`\nGrowth from ${a} to ${b} listings (same measurements, one after the other):`)
  console.log(line(header))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const row of table) console.log(line(row))
}

async function main() {
  const options = parseOptions()
  const url = process.env.DATABASE_URL
  if (!url) {
    console.error('npm run bench needs DATABASE_URL (PostgreSQL, filled by npm run seed:scale); PGlite serves one process only.')
    process.exit(1)
  }
  const log = (line: string) => console.log(`bench: ${line}`)
  const first = await measure(url, options, log)
  console.log('')
  printTable(first.rows)
  // `--growth <url>`: the same measurements on a second database (e.g. 1M listings), then both side by side
  if (options.growth) {
    const second = await measure(options.growth, options, log)
    console.log('')
    printTable(second.rows)
    printGrowth(growthRows(first, second), first.listings, second.listings)
  }
}

await main()
