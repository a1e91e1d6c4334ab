import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, onPostgres, type TestDatabase } from '../setup/db'

/**
 * The built app server (scripts/server.mjs, `npx remix vite:build` first) over real sockets, on a
 * database of its own (a fresh PGlite directory, or this file's PostgreSQL test database):
 * body limits (issue #15 item 2), bytes that cannot be text (item 4), one log line per request
 * (item 7) and the drain on SIGTERM (item 5, last: it stops the server).
 *
 * SERVER_DIR runs another checkout's server (with its own build), to see these tests fail there.
 */
const serverDir = process.env.SERVER_DIR || process.cwd()
const canRun = existsSync(path.join(serverDir, 'build/server/index.js'))
if (!canRun) console.log('server-limits-shutdown-logs: skipped — it needs a build (npx remix vite:build)')

const MiB = 1024 * 1024

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

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
  ms: number
}

describe.runIf(canRun)('the app server: limits, bad bytes, logs, shutdown', () => {
  let database: TestDatabase | undefined
  let dataDir: string | undefined
  let port: number
  let app: ChildProcess
  let stdout = ''
  let stderr = ''
  let exit: Promise<number | null>
  const origin = () => `http://127.0.0.1:${port}`

  beforeAll(async () => {
    port = await freePort()
    const env: Record<string, string | undefined> = {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_DEMO: '1',
      WORKER: '0',
      DRAIN_TIMEOUT_MS: '20000',
      PUBLIC_URL: undefined,
      TEST_DATABASE_URL: undefined,
      LOG_FORMAT: undefined,
      LOG_LEVEL: undefined,
    }
    if (onPostgres()) {
      database = await createTestDatabase()
      env.DATABASE_URL = database.url!
    } else {
      dataDir = mkdtempSync(path.join(tmpdir(), 'viertel-server-'))
      env.DATABASE_URL = undefined
      env.PGLITE_DATA_DIR = dataDir
    }
    app = spawn(process.execPath, ['scripts/server.mjs'], { cwd: serverDir, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    exit = new Promise((resolve) => app.once('exit', (code) => resolve(code)))
    app.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    app.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const deadline = Date.now() + 150_000
    while (!stdout.includes('Viertel is running')) {
      if (app.exitCode !== null || Date.now() > deadline) throw new Error(`the app did not start:\n${stdout}\n${stderr}`)
      await settle(200)
    }
  }, 180_000)

  afterAll(async () => {
    if (app && app.exitCode === null) {
      app.kill('SIGKILL')
      await exit
    }
    await database?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }, 60_000)

  /** One request on its own connection; the body is sent whole (or not at all). */
  function send(
    method: string,
    pathname: string,
    { body, headers = {} }: { body?: string | Buffer; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const started = performance.now()
    return new Promise((resolve, reject) => {
      const request = http.request(`${origin()}${pathname}`, {
        method,
        agent: false,
        headers: {
          ...(body !== undefined && !headers['Transfer-Encoding'] ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}),
          ...(method === 'POST' ? { Origin: origin(), 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
          ...headers,
        },
      })
      request.on('response', (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () =>
          resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString(), ms: performance.now() - started }),
        )
      })
      request.on('error', reject)
      request.end(body)
    })
  }

  /** The spawned server's resident memory, in bytes. */
  function serverRss() {
    const status = readFileSync(`/proc/${app.pid}/status`, 'utf8')
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) * 1024
  }

  /** A POST announcing `size` bytes, streamed in 64 KiB pieces until the server answers (or the size is sent). */
  function announceHugeBody(size: number, type = 'application/x-www-form-urlencoded'): Promise<Answer & { sent: number }> {
    const started = performance.now()
    const piece = Buffer.alloc(64 * 1024, 'a')
    return new Promise((resolve) => {
      let sent = 0
      let answered = false
      const request = http.request(`${origin()}/login`, {
        method: 'POST',
        agent: false,
        headers: { Origin: origin(), 'Content-Type': type, 'Content-Length': String(size) },
      })
      request.on('response', (response) => {
        answered = true
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString(), ms: performance.now() - started, sent })
          request.destroy()
        })
      })
      request.on('error', () => {
        if (!answered) resolve({ status: 0, headers: {}, body: '', ms: performance.now() - started, sent })
      })
      const pump = () => {
        while (!answered && sent < size) {
          const chunk = piece.subarray(0, Math.min(piece.length, size - sent))
          sent += chunk.length
          if (!request.write(chunk)) return void request.once('drain', pump)
        }
        if (sent >= size) request.end()
      }
      pump()
    })
  }

  /** The JSON log lines the server wrote so far. */
  function logLines() {
    return stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
  }

  async function login(email: string) {
    const answer = await send('POST', '/login', { body: new URLSearchParams({ email, password: 'viertel-demo' }).toString() })
    const cookie = [answer.headers['set-cookie'] ?? []].flat().find((line) => line.startsWith('viertel_session='))
    expect(cookie, `login of ${email}: ${answer.status}`).toBeDefined()
    return cookie?.split(';')[0] ?? ''
  }

  describe('limits', () => {
    it('a 50 MB form to /login is answered 413 within two seconds, before it is read, four at once, memory nearly flat', async () => {
      await send('GET', '/login') // warm: the first page render allocates for good
      const before = serverRss()
      const answers = await Promise.all([1, 2, 3, 4].map(() => announceHugeBody(50 * 1000 * 1000)))
      await settle(300)
      const grown = serverRss() - before
      for (const answer of answers) {
        expect(answer.status).toBe(413)
        expect(answer.headers.connection).toBe('close')
        expect(answer.ms).toBeLessThan(2_000)
        expect(answer.body.length).toBeLessThan(200)
        // Answered before the body was read: the client got no further than what the sockets
        // buffer (a few MB), never the whole 50 MB.
        expect(answer.sent).toBeLessThan(25 * 1000 * 1000)
      }
      // Reading the four bodies would cost 200 MB. The bound leaves room for what a busy machine's
      // allocator and JIT add under four connections (CI once saw 20.2 MiB; 20 MiB was too tight).
      expect(grown).toBeLessThan(64 * MiB)
    })

    it('a form just over 1 MiB is 413; a chunked body without a length is 411', async () => {
      expect((await send('POST', '/login', { body: `email=${'a'.repeat(MiB)}` })).status).toBe(413)
      const chunked = await send('POST', '/login', { body: 'email=a&password=b', headers: { 'Transfer-Encoding': 'chunked' } })
      expect(chunked.status).toBe(411)
    })

    it('a multipart form has its own limit (photos): 2 MiB reaches the app, 22 MiB is 413', async () => {
      const boundary = 'viertelboundary'
      const multipart = (bytes: number) =>
        Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
          Buffer.alloc(bytes, 1),
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ])
      const type = `multipart/form-data; boundary=${boundary}`
      const small = await send('POST', '/login', { body: multipart(2 * MiB), headers: { 'Content-Type': type } })
      expect(small.status).not.toBe(413)
      expect(small.status).toBeLessThan(500)
      const large = await announceHugeBody(22 * MiB, type)
      expect(large.status).toBe(413)
    })

    it('a field of 900,000 characters is refused (400) and not echoed back', async () => {
      const answer = await send('POST', '/login', { body: `email=${'a'.repeat(900_000)}&password=x` })
      expect(answer.status).toBe(400)
      expect(answer.body.length).toBeLessThan(100_000)
      expect(answer.body).not.toContain('a'.repeat(5_000))
    })
  })

  describe('bad bytes', () => {
    /** Every route of app/routes as a path (flat routes), with its dynamic segments' names. */
    function routePaths() {
      return readdirSync(path.join(serverDir, 'app/routes'))
        .filter((file) => /\.tsx?$/.test(file) && !file.includes('.test.'))
        .map((file) =>
          file
            .replace(/\.tsx?$/, '')
            .replace(/\[\.\]/g, '\u0001')
            .split('.')
            .filter((segment) => !segment.startsWith('_'))
            .map((segment) => segment.replace(/_$/, '').replace(/\u0001/g, '.'))
            .filter((segment) => segment !== ''),
        )
    }
    const GOOD: Record<string, string> = { $centre: 'lagerhaus', $id: '00000000-0000-4000-8000-000000000000', $slug: 'radwerk-kollektiv' }
    const fill = (segments: string[], bad: number, value: string) =>
      `/${segments.map((segment, i) => (i === bad ? value : segment.startsWith('$') ? (GOOD[segment] ?? 'x') : segment)).join('/')}`

    it('every route with %00, %FF, %C0%80 or a control character in a dynamic segment → 404, never 500', async () => {
      const wrong: string[] = []
      let tried = 0
      for (const segments of routePaths()) {
        for (const [i, segment] of segments.entries()) {
          if (!segment.startsWith('$')) continue
          for (const bad of ['%00', 'lager%00haus', '%FF', 'a%FFb', '%C0%80', '%0A', 'x%7F', '%E2%82']) {
            const url = fill(segments, i, bad)
            tried++
            const answer = await send('GET', url)
            if (answer.status !== 404) wrong.push(`${url} → ${answer.status}`)
          }
        }
      }
      expect(tried).toBeGreaterThan(100)
      expect(wrong).toEqual([])
    }, 120_000)

    it('every route with NUL or invalid UTF-8 in the query → 400, never 500; good text in the query passes', async () => {
      const wrong: string[] = []
      for (const segments of routePaths()) {
        const base = fill(segments, -1, '')
        for (const query of ['q=%00', 'q=a%00b', 'page=%FF', 'q=%C3', '%00=1', 'q=%E2%82%AC&x=%FF']) {
          const answer = await send('GET', `${base}?${query}`)
          if (answer.status !== 400) wrong.push(`${base}?${query} → ${answer.status}`)
        }
      }
      expect(wrong).toEqual([])
      expect((await send('GET', '/c/lagerhaus/listings?q=caf%C3%A9+%E2%82%AC')).status).toBe(200)
      // the answer is a page in the visitor's language, as the app's own would be
      const french = await send('GET', '/c/lagerhaus/listings?q=%00', { headers: { 'Accept-Language': 'fr-BE, en;q=0.5' } })
      expect(french.status).toBe(400)
      expect(french.headers['content-type']).toMatch(/^text\/html/)
      expect(french.body).toContain('<html lang="fr"')
      expect(french.body).toContain("<h1>Cela n'a pas fonctionné</h1>")
      const german = await send('GET', '/c/lager%00haus')
      expect(german.status).toBe(404)
      expect(german.body).toContain('<h1>Nicht gefunden</h1>')
    }, 120_000)

    it('a request target that is not a path, or a Host that is no host name, is 400 (it was a 500 from Express)', async () => {
      /** The status of one request written as it stands on a connection of its own. */
      const raw = (head: string) =>
        new Promise<number>((resolve, reject) => {
          const socket = net.connect(port, '127.0.0.1', () => socket.end(`${head}\r\nConnection: close\r\n\r\n`))
          let text = ''
          socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')))
          socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)))
          socket.on('error', reject)
        })
      const heads = [
        `GET http://127.0.0.1:${port}/c/lagerhaus HTTP/1.1\r\nHost: 127.0.0.1:${port}`,
        'GET http://evil.example/ HTTP/1.1\r\nHost: evil.example',
        'GET * HTTP/1.1\r\nHost: localhost',
        'OPTIONS * HTTP/1.1\r\nHost: localhost',
        'GET / HTTP/1.1\r\nHost: localhost:99999',
        'GET / HTTP/1.1\r\nHost: [::1',
      ]
      const answers = []
      for (const head of heads) answers.push(`${head.split('\r\n').join(' | ')} → ${await raw(head)}`)
      expect(answers).toEqual(heads.map((head) => `${head.split('\r\n').join(' | ')} → 400`))
      expect((await send('GET', '/c/lagerhaus/listings')).status).toBe(200)
    })

    it('GET /c/lager%00haus/listings is 404 (it was a 500: PostgreSQL refuses 0x00 in text)', async () => {
      expect((await send('GET', '/c/lager%00haus/listings')).status).toBe(404)
    })

    it('every form on the pages of a member and a manager, posted with NUL (or invalid UTF-8) in every field, is never a 500', async () => {
      const attributes = (tag: string) => {
        const found: Record<string, string> = {}
        for (const [, name = '', value = ''] of tag.matchAll(/([a-zA-Z-]+)="([^"]*)"/g)) found[name.toLowerCase()] = value.replaceAll('&amp;', '&')
        return found
      }
      const failures: string[] = []
      let posted = 0
      const people: [string, string[]][] = [
        ['member@lagerhaus.test', ['/account', '/account/security', '/c/lagerhaus/listings/new', '/c/lagerhaus/exchanges/new', '/c/lagerhaus/loans/new', '/c/lagerhaus/join', '/c/lagerhaus/searches', '/notifications/settings']],
        ['manager@lagerhaus.test', ['/c/lagerhaus/manage/settings', '/c/lagerhaus/manage/initiatives', '/c/lagerhaus/manage/ledger', '/c/lagerhaus/manage/erasure', '/c/lagerhaus/manage/applications', '/c/lagerhaus/loans/fund', '/c/lagerhaus/listings']],
      ]
      for (const [email, pages] of people) {
        const cookie = await login(email)
        // the detail pages of the first listing, exchange and loan the person sees
        for (const list of ['/c/lagerhaus/listings', '/c/lagerhaus/exchanges', '/c/lagerhaus/loans']) {
          const html = (await send('GET', list, { headers: { Cookie: cookie } })).body
          const first = new RegExp(`href="(${list}/[0-9a-f-]{36})"`).exec(html)?.[1]
          if (first) pages.push(first)
        }
        for (const page of pages) {
          const html = (await send('GET', page, { headers: { Cookie: cookie } })).body
          for (const [form, open] of [...html.matchAll(/<form\b([^>]*)>[\s\S]*?<\/form>/g)].map((m) => [m[0], m[1] ?? ''] as const)) {
            const formAttributes = attributes(open)
            if ((formAttributes.method ?? 'get').toLowerCase() !== 'post') continue
            const action = formAttributes.action || page
            if (action.startsWith('/logout') || formAttributes.enctype === 'multipart/form-data') continue
            const fields = new Set<string>()
            const intents = new Set<string>()
            for (const [tag] of form.matchAll(/<(input|select|textarea|button)\b[^>]*>/g)) {
              const field = attributes(tag)
              if (!field.name || field.type === 'file') continue
              if (tag.startsWith('<button')) intents.add(`${field.name}=${encodeURIComponent(field.value ?? '')}`)
              else fields.add(field.name)
            }
            for (const intent of intents.size > 0 ? intents : ['']) {
              for (const bad of ['%00', 'a%00b', '%FF%FE', '%C0%80']) {
                const body = [intent, ...[...fields].map((name) => `${encodeURIComponent(name)}=${bad}`)].filter(Boolean).join('&')
                const answer = await send('POST', action, { body, headers: { Cookie: cookie } })
                posted++
                if (answer.status >= 500) failures.push(`${email} ${action} ${body.slice(0, 120)} → ${answer.status}`)
              }
            }
          }
        }
      }
      expect(posted).toBeGreaterThan(40)
      expect(failures).toEqual([])
    }, 300_000)
  })

  describe('logs', () => {
    it('one JSON line per request: time, request id (= X-Request-Id), method, path without query, route id, status, ms, user id', async () => {
      const cookie = await login('member@lagerhaus.test')
      const answer = await send('GET', '/c/lagerhaus/listings?q=secret-query-word', { headers: { Cookie: cookie } })
      const reqId = String(answer.headers['x-request-id'])
      expect(reqId).toMatch(/^[A-Za-z0-9-]{8,64}$/)
      await settle(100)
      const line = logLines().find((entry) => entry.reqId === reqId)!
      expect(line).toMatchObject({ method: 'GET', path: '/c/lagerhaus/listings', route: 'routes/c.$centre.listings._index', status: 200 })
      expect(typeof line.time).toBe('string')
      expect(typeof line.ms).toBe('number')
      expect(line.userId).toMatch(/^[0-9a-f-]{36}$/)
      expect(logLines().filter((entry) => entry.reqId === reqId)).toHaveLength(1)
    })

    it('an incoming X-Request-Id is kept when short and plain, replaced otherwise', async () => {
      expect((await send('GET', '/healthz', { headers: { 'X-Request-Id': 'proxy-1234-abcd' } })).headers['x-request-id']).toBe('proxy-1234-abcd')
      const forged = await send('GET', '/healthz', { headers: { 'X-Request-Id': 'bad id"}\\n{' } })
      expect(forged.headers['x-request-id']).toMatch(/^[A-Za-z0-9-]{8,64}$/)
      const long = await send('GET', '/healthz', { headers: { 'X-Request-Id': 'a'.repeat(200) } })
      expect(long.headers['x-request-id']).not.toBe('a'.repeat(200))
    })

    it('no e-mail address, password, query, body or link token in any line; 404 and 405 without a stack', async () => {
      await send('GET', '/invite/TOKENSECRET0123456789abcdef')
      await send('GET', '/unsubscribe/TOKENSECRET0123456789abcdef?x=1')
      await send('GET', '/reset-password/TOKENSECRET0123456789abcdef')
      await send('GET', '/ical/TOKENSECRET0123456789abcdef.ics')
      await send('POST', '/login', { body: 'email=member%40lagerhaus.test&password=wrong-BODYSECRET' })
      const missing = await send('GET', '/no-such-page-here')
      expect(missing.status).toBe(404)
      const method = await send('PUT', '/healthz')
      expect([404, 405]).toContain(method.status)
      await settle(200)
      // (the demo seed's own start-up text names the demo logins; the log lines are checked)
      const logText = logLines()
        .map((line) => JSON.stringify(line))
        .join('\n')
      expect(logText).not.toContain('TOKENSECRET')
      expect(logText).not.toContain('BODYSECRET')
      expect(logText).not.toContain('secret-query-word')
      expect(logText).not.toMatch(/[A-Za-z0-9._%+-]+(@|%40)[A-Za-z0-9.-]+\.[a-z]{2,}/)
      for (const line of logLines()) {
        if (typeof line.path === 'string') expect(line.path).not.toContain('?')
      }
      const lines = logLines().filter((entry) => entry.reqId === missing.headers['x-request-id'] || entry.reqId === method.headers['x-request-id'])
      expect(lines).toHaveLength(2)
      for (const line of lines) expect(line.err).toBeUndefined()
      expect(stderr).not.toMatch(/\n\s+at /)
    })
  })

  it('a visitor who leaves while a page is streaming is not an error in the log', async () => {
    const cookie = await login('member@lagerhaus.test')
    const pages = ['/c/lagerhaus/listings', '/network', '/c/lagerhaus', '/c/lagerhaus/matches']
    const before = stdout.length
    for (let round = 0; round < 6; round++) {
      for (const pathname of pages) {
        // read the first bytes of the page, then reset the connection (what a closed tab does)
        await new Promise<void>((resolve) => {
          const socket = net.connect(port, '127.0.0.1', () => {
            socket.write(`GET ${pathname} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\n\r\n`)
          })
          socket.once('data', () => {
            socket.resetAndDestroy()
            resolve()
          })
          socket.once('error', () => resolve())
        })
      }
    }
    await settle(500)
    const written = stdout.slice(before) + stderr
    expect(written).not.toContain('destination stream closed early')
    const errors = written
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg?: string })
      .filter((line) => line.level >= 50)
    expect(errors).toEqual([])
  })

  describe('shutdown (stops the server)', () => {
    it('SIGTERM: an idle keep-alive socket is closed at once, a request in flight for 11 s ends normally with Connection: close, no new connection, exit 0 soon after', async () => {
      // an idle keep-alive connection
      const idle = net.connect(port, '127.0.0.1')
      await new Promise((resolve) => idle.once('connect', resolve))
      let idleData = ''
      idle.on('data', (chunk: Buffer) => (idleData += chunk.toString()))
      idle.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`)
      await settle(300)
      expect(idleData).toMatch(/^HTTP\/1\.1 200/)
      const idleClosed = new Promise<number>((resolve) => idle.once('close', () => resolve(performance.now())))

      // a slow request: its headers are in, half of its body is not
      const body = new URLSearchParams({ email: 'member@lagerhaus.test', password: 'viertel-demo' }).toString()
      const slow = http.request(`${origin()}/login`, {
        method: 'POST',
        agent: false,
        headers: { Origin: origin(), 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(body.length) },
      })
      const slowAnswer = new Promise<http.IncomingMessage>((resolve, reject) => {
        slow.once('response', resolve)
        slow.once('error', reject)
      })
      slow.on('error', () => undefined) // reported through slowAnswer
      slow.write(body.slice(0, 10))
      await settle(300)

      const signalled = performance.now()
      app.kill('SIGTERM')
      expect((await idleClosed) - signalled).toBeLessThan(1_000)

      // no new connections
      await settle(200)
      await expect(send('GET', '/healthz')).rejects.toThrow(/ECONNREFUSED|ECONNRESET|socket hang up/)

      // the request in flight still gets its whole answer, also after more than 10 s (the force exit
      // of before): the server waits up to DRAIN_TIMEOUT_MS (20 s here)
      await settle(11_000 - (performance.now() - signalled))
      slow.end(body.slice(10))
      const response = await slowAnswer
      response.resume()
      expect(response.statusCode).toBeGreaterThanOrEqual(200)
      expect(response.statusCode).toBeLessThan(400)
      expect(response.headers['set-cookie']?.some((line) => line.startsWith('viertel_session='))).toBe(true)
      expect(response.headers.connection).toBe('close')

      const code = await Promise.race([exit, settle(10_000).then(() => 'still running')])
      expect(code).toBe(0)
      expect(performance.now() - signalled).toBeLessThan(15_000)
      expect(logLines().some((line) => line.msg === 'stopped')).toBe(true)
    }, 45_000)
  })
})
