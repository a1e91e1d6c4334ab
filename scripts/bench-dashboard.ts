/**
 * The "dashboard" measurement of `npm run bench` (issue 7): the manager dashboard of a centre with
 * 5,000 initiatives and 1,000,000 ledger entries (filled by scripts/seed-scale-ledger.ts) must
 * render in ≤ 300 ms p95 on PostgreSQL.
 *
 * Two cases per period: the reporting module's dashboard() alone (all figures, trends, the monthly
 * series and the network), and the whole page over HTTP from the built app, logged in as the
 * centre's manager, one request at a time (the latency a manager sees).
 *
 *   DATABASE_URL=postgres://…/viertel_bench npx tsx scripts/seed-scale-ledger.ts
 *   DATABASE_URL=postgres://…/viertel_bench npm run bench -- --only dashboard
 *   DATABASE_URL=postgres://…/viertel_bench npx tsx scripts/bench-dashboard.ts   (this one alone)
 */
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { openDatabase } from '../db/connect'
import type { BenchContext, Measurement, Row } from './bench'
import { countCpu } from './bench-cpu'
import { BENCH_PASSWORD } from './seed-scale'
import { LEDGER_CENTRE, LEDGER_MANAGER } from './seed-scale-ledger'
import { dashboard } from '../app/modules/reporting/reporting.server'
import { parsePeriod } from '../app/modules/reporting/period'
import { localDateOf } from '~/utils/time'

const BUDGET_MS = 300
/** A custom year from the 15th to the 15th: eleven whole months and two half ones (ADR 055). */
function customYear(now = new Date()) {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 15))
  const from = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 15))
  return `from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`
}
const PERIODS = ['period=last12', 'period=month', `period=year&year=${new Date().getUTCFullYear() - 1}`, customYear()]

function percentile(values: number[], p: number) {
  if (!values.length) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

async function timed(fn: () => Promise<unknown>) {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

async function managerCookie(baseUrl: string) {
  const login = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    body: new URLSearchParams({ email: LEDGER_MANAGER, password: BENCH_PASSWORD }),
    redirect: 'manual',
  })
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => c.startsWith('viertel_session='))
    .join('; ')
  if (login.status !== 302 || !cookie) throw new Error(`dashboard bench: login of ${LEDGER_MANAGER} failed (${login.status}); run scripts/seed-scale-ledger.ts first`)
  return cookie
}

type Ctx = Pick<BenchContext, 'database' | 'databaseUrl' | 'log'> & { runs: number; server?: BenchContext['server'] }

export async function dashboardRows(ctx: Ctx): Promise<Row[]> {
  const [centre] = await ctx.database.query<{ id: string; time_zone: string; hour_value_cents: number }>(
    'select id, time_zone, hour_value_cents from centres where slug = $1',
    [LEDGER_CENTRE],
  )
  if (!centre) throw new Error(`dashboard bench: no centre ${LEDGER_CENTRE}; run scripts/seed-scale-ledger.ts first`)
  const [size] = await ctx.database.query<{ initiatives: number; entries: number }>(
    'select (select count(*)::int from initiatives where centre_id = $1) as initiatives, (select count(*)::int from ledger_entries where centre_id = $1) as entries',
    [centre.id],
  )
  const note = `${size!.initiatives} initiatives, ${size!.entries} ledger entries`
  const report = { id: centre.id, timeZone: centre.time_zone, hourValueCents: centre.hour_value_cents }
  const rows: Row[] = []
  for (const query of PERIODS) {
    const parsed = parsePeriod(new URLSearchParams(query), localDateOf(new Date(), report.timeZone))
    if (!parsed.ok) throw new Error(query)
    await dashboard(ctx.database.db, report, parsed.period) // warm
    const times: number[] = []
    // one call at a time: the database's CPU over the runs, divided by them, is its CPU per dashboard
    const cpu = countCpu(undefined, ctx.databaseUrl)
    for (let i = 0; i < ctx.runs; i++) times.push(await timed(() => dashboard(ctx.database.db, report, parsed.period)))
    const { dbMs } = cpu(times.length)
    const p95 = percentile(times, 95)
    rows.push({
      measurement: 'dashboard',
      case: `dashboard() ${query}`,
      n: times.length,
      p50: percentile(times, 50),
      p95,
      dbCpuMs: dbMs,
      note: `${note}; ${p95 <= BUDGET_MS ? 'within' : 'OVER'} ${BUDGET_MS} ms`,
    })
    ctx.log(`dashboard(): ${query} p95 ${p95.toFixed(1)} ms${dbMs === undefined ? '' : `, database CPU ${dbMs.toFixed(1)} ms per call`}`)
  }
  if (ctx.server) {
    const { baseUrl } = await ctx.server()
    const cookie = await managerCookie(baseUrl)
    for (const query of PERIODS) {
      const url = `${baseUrl}/c/${LEDGER_CENTRE}/manage?${query}`
      const get = async () => {
        const response = await fetch(url, { headers: { cookie, 'accept-language': 'de' } })
        await response.arrayBuffer()
        if (response.status !== 200) throw new Error(`${url}: ${response.status}`)
      }
      for (let i = 0; i < 3; i++) await get()
      const times: number[] = []
      const cpu = countCpu(undefined, ctx.databaseUrl)
      for (let i = 0; i < ctx.runs; i++) times.push(await timed(get))
      const { dbMs } = cpu(times.length)
      const p95 = percentile(times, 95)
      rows.push({
        measurement: 'dashboard',
        case: `GET /c/${LEDGER_CENTRE}/manage?${query}`,
        n: times.length,
        p50: percentile(times, 50),
        p95,
        dbCpuMs: dbMs,
        note: `${p95 <= BUDGET_MS ? 'within' : 'OVER'} ${BUDGET_MS} ms`,
      })
      ctx.log(`dashboard page: ${query} p95 ${p95.toFixed(1)} ms`)
    }
  }
  return rows
}

export const dashboardMeasurement: Measurement = {
  name: 'dashboard',
  description: 'manager dashboard of a centre with 5,000 initiatives and 1M ledger entries (budget 300 ms p95)',
  run: (ctx) => dashboardRows({ database: ctx.database, databaseUrl: ctx.databaseUrl, log: ctx.log, runs: ctx.options.runs, server: ctx.server }),
}

/** Alone: the module-level measurement (no server), printed as lines. */
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('bench-dashboard needs DATABASE_URL (PostgreSQL)')
  const database = await openDatabase({ url, poolSize: 4 })
  try {
    const rows = await dashboardRows({ database, databaseUrl: url, log: (l) => console.log(`bench: ${l}`), runs: Number(process.env.RUNS ?? 30) })
    for (const r of rows)
      console.log(`${r.case}: n ${r.n}, p50 ${r.p50?.toFixed(1)} ms, p95 ${r.p95?.toFixed(1)} ms, database CPU ${r.dbCpuMs?.toFixed(1) ?? '?'} ms per call — ${r.note}`)
  } finally {
    await database.close()
  }
}
