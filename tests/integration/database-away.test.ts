import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/connect'
import { parseEnv } from '../../app/utils/env.server'
import { classifyDatabaseError, isDatabaseUnavailable } from '../../app/utils/db-errors.server'
import { createTestDatabase, onPostgres, type TestDatabase } from '../setup/db'

/**
 * Issue #15 item 3 (ADR 065): when the database goes away, pages, data requests and form posts
 * answer 503 with Retry-After within seconds, on a page in the request's language; the log gets a
 * short line, not a stack per request; when the database is back, pages work again without a
 * restart. The database that goes away is a PostgreSQL server this test starts for itself (never
 * the machine's shared one), with the built app server (`npx remix vite:build`) running on it.
 */

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

describe('connection and statement timeouts', () => {
  it('gives up on a server that accepts the connection but never answers after the connect timeout, as "unavailable"', async () => {
    // A socket that accepts and stays silent: what a hung or black-holed database looks like.
    const sockets: net.Socket[] = []
    const silent = net.createServer((socket) => void sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const { port } = silent.address() as net.AddressInfo
    const database = await openDatabase({ url: `postgres://postgres@127.0.0.1:${port}/none`, migrate: false, connectTimeoutS: 1 })
    const started = performance.now()
    try {
      const error = await database.query('select 1').then(
        () => null,
        (e: unknown) => e,
      )
      const elapsed = performance.now() - started
      expect(error).toMatchObject({ code: 'CONNECT_TIMEOUT' })
      expect(isDatabaseUnavailable(error)).toBe(true)
      expect(elapsed).toBeGreaterThan(800)
      expect(elapsed).toBeLessThan(4_000) // postgres.js's own default would wait 30 s
    } finally {
      await database.close().catch(() => {})
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    }
  }, 20_000)

  it('the app waits 5 s for a connection and 15 s for a statement unless configured', () => {
    expect(parseEnv({})).toMatchObject({ DB_CONNECT_TIMEOUT_S: 5, DB_STATEMENT_TIMEOUT_MS: 15_000 })
    expect(parseEnv({ DB_CONNECT_TIMEOUT_S: '2', DB_STATEMENT_TIMEOUT_MS: '0' })).toMatchObject({
      DB_CONNECT_TIMEOUT_S: 2,
      DB_STATEMENT_TIMEOUT_MS: 0,
    })
    expect(() => parseEnv({ DB_CONNECT_TIMEOUT_S: '0' })).toThrow(/DB_CONNECT_TIMEOUT_S/)
    expect(() => parseEnv({ DB_STATEMENT_TIMEOUT_MS: 'soon' })).toThrow(/DB_STATEMENT_TIMEOUT_MS/)
  })

  describe.runIf(onPostgres())('on PostgreSQL', () => {
    let database: TestDatabase
    beforeAll(async () => {
      database = await createTestDatabase()
    })
    afterAll(async () => {
      await database?.close()
    })

    it('a pool opened with a statement timeout cancels a slower statement (57014: a slow query, not an outage); one without lets it run', async () => {
      const limited = await openDatabase({ url: database.url!, migrate: false, poolSize: 1, statementTimeoutMs: 200 })
      const unlimited = await openDatabase({ url: database.url!, migrate: false, poolSize: 1 })
      try {
        const error = await limited.query('select pg_sleep(0.6)').then(
          () => null,
          (e: unknown) => e,
        )
        expect(error).toMatchObject({ code: '57014' })
        expect(classifyDatabaseError(error)).toBe('timeout')
        expect(isDatabaseUnavailable(error)).toBe(false)
        // scripts and migrations open their connections without one
        await expect(unlimited.query('select pg_sleep(0.6)')).resolves.toHaveLength(1)
      } finally {
        await limited.close()
        await unlimited.close()
      }
    })
  })
})

const runAsPostgres = process.getuid?.() === 0

function pgBin(name: string) {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
  for (const version of versions) {
    const candidate = `/usr/lib/postgresql/${version}/bin/${name}`
    if (existsSync(candidate)) return candidate
  }
  return name
}

/** initdb and pg_ctl refuse to run as root: as root, run them as the postgres user. */
function pgCommand(args: string[]) {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  const result = runAsPostgres
    ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { encoding: 'utf8', timeout: 120_000 })
    : spawnSync('/bin/sh', ['-c', quoted], { encoding: 'utf8', timeout: 120_000 })
  if (result.status !== 0) throw new Error(`${args[0]} failed (${result.status}): ${result.stdout}\n${result.stderr}`)
}

const canRun = onPostgres() && existsSync('/usr/lib/postgresql') && existsSync('build/server/index.js')
if (!onPostgres()) {
  console.log('database-away: the app-server part is skipped on PGlite — the embedded database lives inside the app process and cannot go away')
} else if (!canRun) {
  console.log('database-away: the app-server part is skipped — it needs PostgreSQL binaries in /usr/lib/postgresql and a build (npx remix vite:build)')
}

describe.runIf(canRun)('the app while its PostgreSQL server is stopped and started again', () => {
  let dataDir: string
  let pgPort: number
  let appPort: number
  let app: ChildProcess
  let stdout = ''
  let stderr = ''
  const base = () => `http://127.0.0.1:${appPort}`

  const startDatabase = () =>
    pgCommand([
      pgBin('pg_ctl'),
      '-D',
      dataDir,
      '-l',
      path.join(dataDir, 'server.log'),
      '-o',
      `-p ${pgPort} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-w',
      'start',
    ])
  const stopDatabase = () => pgCommand([pgBin('pg_ctl'), '-D', dataDir, '-m', 'fast', '-w', 'stop'])

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'viertel-db-away-'))
    if (runAsPostgres) chownSync(dataDir, Number(spawnSync('id', ['-u', 'postgres']).stdout), Number(spawnSync('id', ['-g', 'postgres']).stdout))
    pgCommand([pgBin('initdb'), '-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'])
    pgPort = await freePort()
    appPort = await freePort()
    startDatabase()

    const env: Record<string, string | undefined> = {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(appPort),
      HOST: '127.0.0.1',
      DATABASE_URL: `postgres://postgres@127.0.0.1:${pgPort}/postgres`,
      SEED_DEMO: '1',
      WORKER: '0',
      REQUEST_DEADLINE_MS: '8000',
      PUBLIC_URL: undefined,
      TEST_DATABASE_URL: undefined,
    }
    app = spawn(process.execPath, ['scripts/server.mjs'], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    app.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    app.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const deadline = Date.now() + 150_000
    while (!stdout.includes('Viertel is running')) {
      if (app.exitCode !== null || Date.now() > deadline) throw new Error(`the app did not start:\n${stdout}\n${stderr}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }, 180_000)

  afterAll(async () => {
    if (app && app.exitCode === null) {
      const exited = new Promise((resolve) => app.once('exit', resolve))
      app.kill('SIGTERM')
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))])
      if (app.exitCode === null) app.kill('SIGKILL')
    }
    if (dataDir) {
      try {
        stopDatabase()
      } catch {
        // already stopped
      }
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 60_000)

  async function timed(pathname: string, init: RequestInit & { language: string }) {
    const started = performance.now()
    const response = await fetch(`${base()}${pathname}`, {
      ...init,
      redirect: 'manual',
      headers: { 'Accept-Language': init.language, ...(init.headers as Record<string, string> | undefined) },
    })
    const body = await response.text()
    return { response, body, ms: performance.now() - started }
  }

  const requests = [
    { name: 'the home page', pathname: '/', init: {} },
    { name: 'a centre page', pathname: '/c/lagerhaus', init: {} },
    { name: 'a centre’s listings', pathname: '/c/lagerhaus/listings', init: {} },
    {
      name: 'a form post to /login',
      pathname: '/login',
      init: {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'email=member%40lagerhaus.test&password=viertel-demo',
      },
    },
    {
      // the action answers 400 without the database; the page after it cannot be built
      name: 'a form post with mistakes to /login',
      pathname: '/login',
      init: {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'email=not-an-address&password=',
      },
    },
  ]
  const pages = {
    de: { title: 'Gerade nicht erreichbar', server: 'Etwas ist schiefgegangen' },
    en: { title: 'Briefly unavailable', server: 'Something went wrong' },
  }
  const latePages = { fr: { title: 'Momentanément indisponible' }, nl: { title: 'Even niet bereikbaar' } }

  it('serves the seeded pages while the database is up', async () => {
    for (const { pathname } of requests.slice(0, 3)) {
      const { response } = await timed(pathname, { language: 'de' })
      expect(response.status, pathname).toBe(200)
    }
  })

  it('answers 503 with Retry-After within seconds, translated by Accept-Language, and logs short lines, while the database is stopped', async () => {
    stopDatabase()
    const logFrom = { out: stdout.length, err: stderr.length }
    const seen: string[] = []
    let failures = 0
    for (const language of ['de', 'en'] as const) {
      for (const { name, pathname, init } of requests) {
        const { response, body, ms } = await timed(pathname, { ...init, language })
        const what = `${name} (${language})`
        seen.push(`${what}: ${response.status} in ${Math.round(ms)} ms`)
        failures++
        expect(response.status, what).toBe(503)
        expect(response.headers.get('retry-after'), what).toBe('10')
        expect(ms, what).toBeLessThan(3_000)
        expect(body, what).toContain(`<html lang="${language}"`)
        // never raw keys such as "errors.server.title"
        expect(body, what).not.toMatch(/errors\.[a-zA-Z]+\.(title|text)|errors\.status/)
        // pages say that Viertel cannot reach its data; the form post's page (no loader ran) at least that it was not the person's fault
        if (init.method === 'POST') expect(body, what).toMatch(new RegExp(`${pages[language].title}|${pages[language].server}`))
        else expect(body, what).toContain(pages[language].title)
      }
      // a client-side navigation's data request
      const data = await timed('/c/lagerhaus.data', { language })
      failures++
      expect(data.response.status, 'GET /c/lagerhaus.data').toBe(503)
      expect(data.response.headers.get('retry-after')).toBe('10')
      expect(data.body).toContain(pages[language].title)
    }
    const readyz = await fetch(`${base()}/readyz`)
    expect(readyz.status).toBe(503)

    const log = `${stderr.slice(logFrom.err)}${stdout.slice(logFrom.out)}`
    const lines = log.split('\n').filter((line) => line.trim())
    // no stack traces: not one "    at …" frame, no query text
    expect(log, log).not.toMatch(/^\s+at /m)
    expect(log).not.toMatch(/Failed query|select /i)
    const outageLines = lines.filter((line) => /database (unavailable|still unavailable)/.test(line))
    expect(outageLines.length, log).toBeGreaterThanOrEqual(1)
    expect(outageLines.length, log).toBeLessThanOrEqual(failures)
    for (const line of lines) expect(line.length, line).toBeLessThan(400)
    console.log(`database-away: ${seen.join('; ')}\nlog while away:\n${log}`)
  }, 120_000)

  it('serves pages again once the database is back, without a restart', async () => {
    startDatabase()
    const deadline = Date.now() + 30_000
    let status = 0
    while (Date.now() < deadline) {
      status = (await timed('/', { language: 'de' })).response.status
      if (status === 200) break
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    expect(status).toBe(200)
    for (const { pathname } of requests.slice(1, 3)) {
      expect((await timed(pathname, { language: 'en' })).response.status, pathname).toBe(200)
    }
    expect((await fetch(`${base()}/readyz`)).status).toBe(200)
    expect(stderr + stdout).toMatch(/database back after \d+ s/)
    expect(app.exitCode).toBeNull()
  }, 60_000)

  it('answers 503 after REQUEST_DEADLINE_MS when the database hangs on an open connection, and recovers when it moves again', async () => {
    // the database is up again (the test before started it)
    for (const { pathname } of requests.slice(0, 3)) expect((await timed(pathname, { language: 'de' })).response.status, pathname).toBe(200)
    // Freeze this test's own PostgreSQL server (postmaster and backends): the app's open connections
    // get no answer and no reset, as with a hung server or a network that drops packets.
    const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
    const backends = spawnSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], { encoding: 'utf8' })
      .stdout.split('\n')
      .map(Number)
      .filter((pid) => pid > 0)
    const frozen = [postmaster, ...backends]
    for (const pid of frozen) process.kill(pid, 'SIGSTOP')
    try {
      // (a bound of its own, so that the server is thawed below even when no answer comes)
      // Three visitors at once: the late page speaks as the app would without its database — the
      // language cookie first, then Accept-Language by its q-values (not by the order of the tags).
      const lngCookie = `lng=${encodeURIComponent(btoa(JSON.stringify('nl')))}`
      const [{ response, body, ms }, byQuality, byCookie] = await Promise.all([
        timed('/c/lagerhaus/listings', { language: 'en', signal: AbortSignal.timeout(30_000) }),
        timed('/c/lagerhaus', { language: 'en;q=0.2, constructor, fr-BE;q=0.8', signal: AbortSignal.timeout(30_000) }),
        timed('/c/lagerhaus', { language: 'en', headers: { Cookie: lngCookie }, signal: AbortSignal.timeout(30_000) }),
      ])
      expect(byQuality.response.status).toBe(503)
      expect(byQuality.body).toContain('<html lang="fr"')
      expect(byQuality.body).toContain(latePages.fr.title)
      expect(byCookie.response.status).toBe(503)
      expect(byCookie.body).toContain('<html lang="nl"')
      expect(byCookie.body).toContain(latePages.nl.title)
      expect(response.status).toBe(503)
      expect(response.headers.get('retry-after')).toBe('10')
      expect(body).toContain('<html lang="en"')
      expect(body).toContain(pages.en.title)
      expect(ms).toBeGreaterThan(7_500)
      expect(ms).toBeLessThan(15_000)
      expect(stdout + stderr).toMatch(/no answer after 8 s/)
    } finally {
      for (const pid of frozen) process.kill(pid, 'SIGCONT')
    }
    const deadline = Date.now() + 30_000
    let status = 0
    while (Date.now() < deadline && status !== 200) {
      status = (await timed('/c/lagerhaus', { language: 'de' })).response.status
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 500))
    }
    expect(status).toBe(200)
    expect(app.exitCode).toBeNull()
  }, 90_000)
})
