/**
 * The "views" measurement of `npm run bench` (issue #20): page views the way a browser makes
 * them, beside a bare Remix page measured in the same run.
 *
 * 1. For each page, Chromium first loads another page of the same app (so assets and the public
 *    translation catalogue come from its cache, as for someone already browsing), then the page,
 *    and records the requests of that load that reached the server — the document,
 *    `/__manifest?p=…` of lazy route discovery (cacheable, but its address names the page's
 *    links, so each page with other links asks again), data requests — except static files
 *    (`/assets`, `/map`, favicons).
 * 2. autocannon replays that sequence on 10 connections for the set duration; CPU is read from
 *    /proc for the app server and PostgreSQL (bench-cpu.ts). CPU per view = CPU per request ×
 *    requests per view.
 * 3. The bare page (scripts/bench/bare: one route, one query of 20 rows, the same Remix, React,
 *    `postgres` and future flags) is measured the same way, and every page's CPU per view is
 *    printed as a multiple of it.
 *
 *   DATABASE_URL=postgres://…/viertel_bench npm run bench -- --only views
 * Lazy route discovery is off (ADR 082); VIERTEL_LAZY_DISCOVERY=1 builds both apps with it, to compare.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import autocannon from 'autocannon'
import { chromium } from 'playwright-core'
import type { BenchContext, Measurement, Row } from './bench'
import { percentile } from './bench'
import { countCpu } from './bench-cpu'
import { BENCH_CENTRE } from './seed-scale'

const STATIC = /^\/(assets|map)\/|\/favicon\.(ico|svg)$/

/** The requests of a view that reached the server (paths with their query), after a view of `warmUp`. */
async function requestsOfView(baseUrl: string, path: string, cookie: string | undefined, warmUp: string): Promise<string[]> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' })
  try {
    const context = await browser.newContext({ locale: 'de-DE' })
    if (cookie) {
      const cut = cookie.indexOf('=')
      await context.addCookies([{ name: cookie.slice(0, cut), value: cookie.slice(cut + 1), url: baseUrl }])
    }
    const page = await context.newPage()
    await page.goto(`${baseUrl}${warmUp}`, { waitUntil: 'networkidle' })
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    const reached: string[] = []
    cdp.on('Network.responseReceived', (event: { response: { url: string; fromDiskCache?: boolean; fromPrefetchCache?: boolean; fromServiceWorker?: boolean } }) => {
      const r = event.response
      if (r.fromDiskCache || r.fromPrefetchCache || r.fromServiceWorker) return
      const url = new URL(r.url)
      if (url.origin !== baseUrl || STATIC.test(url.pathname)) return
      reached.push(`${url.pathname}${url.search}`)
    })
    await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' })
    await page.waitForTimeout(300)
    return reached
  } finally {
    await browser.close()
  }
}

async function loadViews(ctx: BenchContext, baseUrl: string, pid: number | undefined, sequence: string[], cookie: string | undefined) {
  const headers = { ...(cookie ? { cookie } : {}), 'accept-language': 'de' }
  const latencies: number[] = []
  // autocannon's `requests`: each connection sends the sequence in order, again and again
  const options = { url: baseUrl, connections: 10, duration: ctx.options.duration, requests: sequence.map((path) => ({ method: 'GET', path, headers })) }
  const instance = autocannon(options as Parameters<typeof autocannon>[0])
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime))
  const cpu = countCpu(pid, ctx.databaseUrl)
  const result = await instance
  const bad = result.non2xx + result.errors + result.timeouts
  if (bad) throw new Error(`${sequence[0]}: ${bad} failed responses (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`)
  const { appMs, dbMs } = cpu(result.requests.total)
  const perView = sequence.length
  return {
    n: Math.floor(result.requests.total / perView),
    reqPerSec: result.requests.average / perView,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    appCpuMs: appMs === undefined ? undefined : appMs * perView,
    dbCpuMs: dbMs === undefined ? undefined : dbMs * perView,
  }
}

/** Builds (when missing) and starts the bare Remix page on its own port. */
async function startBare(ctx: BenchContext, port: number) {
  if (!existsSync('scripts/bench/bare/build/server/index.js')) {
    ctx.log('views: building the bare Remix page (scripts/bench/bare) …')
    const built = spawnSync('npx', ['remix', 'vite:build', '--config', 'scripts/bench/bare/vite.config.ts'], { stdio: 'inherit' })
    if (built.status !== 0) throw new Error('bare page build failed')
  }
  const child: ChildProcess = spawn(process.execPath, ['scripts/bench/bare/server.mjs'], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: ctx.databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const baseUrl = `http://127.0.0.1:${port}`
  for (let i = 0; i < 60; i++) {
    if (child.exitCode !== null) throw new Error('bare page server exited')
    try {
      if ((await fetch(baseUrl)).ok) break
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  for (let i = 0; i < 50; i++) await fetch(baseUrl).then((r) => r.arrayBuffer())
  return {
    baseUrl,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

export const viewsMeasurement: Measurement = {
  name: 'views',
  description: 'page views as a browser makes them (document + /__manifest and data requests), CPU per view beside a bare Remix page',
  run: async (ctx) => {
    const app = await ctx.server()
    const [listing] = await ctx.database.query<{ id: string }>(
      `select l.id from listings l join centres c on c.id = l.centre_id where c.slug = $1 and l.status = 'active' order by l.published_at desc limit 1`,
      [BENCH_CENTRE],
    )
    const bare = await startBare(ctx, ctx.options.port + 1)
    const rows: Row[] = []
    try {
      const cases: { name: string; baseUrl: string; pid: number | undefined; path: string; cookie?: string; warmUp?: string }[] = [
        { name: 'bare Remix page (1 query, 20 rows)', baseUrl: bare.baseUrl, pid: bare.pid, path: '/', warmUp: '/?warm-up' },
        { name: 'landing page (member)', baseUrl: app.baseUrl, pid: app.pid, path: '/', cookie: app.cookie, warmUp: '/imprint' },
        { name: 'listings page (member)', baseUrl: app.baseUrl, pid: app.pid, path: `/c/${BENCH_CENTRE}/listings`, cookie: app.cookie },
        { name: 'listings search (member)', baseUrl: app.baseUrl, pid: app.pid, path: `/c/${BENCH_CENTRE}/listings?q=Bohrmaschinen`, cookie: app.cookie },
        ...(listing
          ? [{ name: 'a listing (member)', baseUrl: app.baseUrl, pid: app.pid, path: `/c/${BENCH_CENTRE}/listings/${listing.id}`, cookie: app.cookie }]
          : []),
        { name: 'exchanges list (member)', baseUrl: app.baseUrl, pid: app.pid, path: `/c/${BENCH_CENTRE}/exchanges`, cookie: app.cookie },
      ]
      let bareCpu: number | undefined
      for (const c of cases) {
        const sequence = await requestsOfView(c.baseUrl, c.path, c.cookie, c.warmUp ?? '/')
        if (!sequence.length) throw new Error(`${c.path}: the browser made no request that reached the server`)
        ctx.log(`views: ${c.name} — ${sequence.length} request(s) a view: ${sequence.map((s) => s.slice(0, 60)).join(', ')}`)
        const result = await loadViews(ctx, c.baseUrl, c.pid, sequence, c.cookie)
        bareCpu ??= result.appCpuMs
        const extra = sequence.slice(1).map((s) => s.split('?')[0]).join(', ')
        const multiple = bareCpu && result.appCpuMs ? `app CPU ${(result.appCpuMs / bareCpu).toFixed(1)}× bare` : ''
        rows.push({
          measurement: 'views',
          case: `${c.name}: GET ${c.path.length > 48 ? `${c.path.slice(0, 45)}…` : c.path}`,
          ...result,
          note: [multiple, extra ? `+ ${extra}` : 'document only'].filter(Boolean).join('; '),
        })
      }
    } finally {
      await bare.stop()
    }
    return rows
  },
}
