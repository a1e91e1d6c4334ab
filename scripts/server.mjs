// Viertel's HTTP server: Remix behind express, with the checks that must run before any
// action (cross-site requests, body limits, bytes that cannot be text), security headers with a
// per-request CSP nonce, one log line per request, and a shutdown that drains open connections
// and closes the worker and the database (docs/decisions/064-request-limits-shutdown-logs.md).
import { AsyncLocalStorage } from 'node:async_hooks'
import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createReadableStreamFromReadable, createRequestHandler } from '@remix-run/node'
import { matchRoutes } from '@remix-run/router'
import compression from 'compression'
import express from 'express'
import { createLogger, loggablePath, requestIdFor } from './logger.mjs'
import { sendResponse } from './send-response.mjs'

const logger = createLogger()
// entry.server.tsx (handleError) writes errors through the same logger: it lives in the build,
// this script does not, so the logger is shared through globalThis.
globalThis.__viertelLogger = logger

const isProduction = process.env.NODE_ENV === 'production'
const port = Number(process.env.PORT ?? 3000)
// Links in e-mails start with PUBLIC_URL, never with a request's Host header. Without it, a production
// server listens on this machine only (the "try it" path of `npm start`), and its links point to
// http://localhost:PORT; listening elsewhere without PUBLIC_URL is refused by the environment check
// (app/utils/env.server.ts). See docs/decisions/060-links-redirects-and-signed-links.md.
const host = process.env.HOST || (isProduction && !process.env.PUBLIC_URL ? 'localhost' : '0.0.0.0')
if (!process.env.HOST) process.env.HOST = host

const vite = isProduction
  ? undefined
  : await import('vite').then((v) => v.createServer({ server: { middlewareMode: true } }))

async function loadBuild() {
  return vite
    ? vite.ssrLoadModule('virtual:remix/server-build')
    : import(new URL('../build/server/index.js', import.meta.url).href)
}

// The embedded database is the "try it" path: an empty one gets the demo centres. On a real
// PostgreSQL server nothing is seeded unless asked for (SEED_DEMO=1). The seed runs in its own
// process (scripts/seed.ts, which leaves a database with centres alone) and closes the database
// before the app opens it, so that the app's build does not carry the demo data (issue #18).
if ((!process.env.DATABASE_URL && process.env.SEED_DEMO !== '0') || process.env.SEED_DEMO === '1') {
  const seed = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), fileURLToPath(new URL('./seed.ts', import.meta.url))], {
    stdio: 'inherit',
  })
  if (seed.status !== 0) {
    console.error(`\nViertel cannot start: seeding the demo data failed (exit ${seed.status ?? seed.signal}).\n`)
    process.exit(seed.status || 1)
  }
}

let build
try {
  console.log(`Viertel: starting (${isProduction ? 'production' : 'development'}), preparing the database…`)
  build = await loadBuild()
} catch (error) {
  if (['DataDirLockedError', 'MigrationMismatchError', 'MigrationFailedError'].includes(error?.name)) {
    console.error(`\nViertel cannot start: ${error.message.replace(/^Viertel: /, '')}\n`)
    process.exit(1)
  }
  if (typeof error?.message === 'string' && error.message.startsWith('Viertel: invalid environment')) {
    console.error(`\n${error.message}\n\nViertel cannot start; see "Configuration" in README.md.\n`)
    process.exit(1)
  }
  throw error
}

// The background worker (e-mail outbox, digests, loan reminders) runs in every app process; more
// can run beside it with `npm run worker` (PostgreSQL). It ships in the server build, exported by
// app/entry.server.tsx. WORKER=0 turns it off. See docs/decisions/031-job-queue.md.
let worker
if (process.env.WORKER !== '0') {
  try {
    const { startConfiguredWorker } = build.entry.module
    worker = await startConfiguredWorker((await globalThis.__viertelDatabase).db)
  } catch (error) {
    console.error(`Viertel: the background worker did not start (${error?.message}); e-mails wait in the outbox. Run \`npm run worker\` or fix the cause.`)
  }
}

/** A whole number from the environment, or the default (a bad value is refused at start). */
function limitFromEnv(name, fallback) {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value <= 0) {
    console.error(`\nViertel cannot start: ${name} must be a positive whole number (got ${JSON.stringify(raw)}).\n`)
    process.exit(1)
  }
  return value
}
// A form is small (1 MiB); a form with photos carries up to 4 photos of 5 MiB and its fields.
const FORM_BODY_LIMIT = limitFromEnv('FORM_BODY_LIMIT_BYTES', 1024 * 1024)
const MULTIPART_BODY_LIMIT = limitFromEnv('MULTIPART_BODY_LIMIT_BYTES', 21 * 1024 * 1024)
const DRAIN_TIMEOUT_MS = limitFromEnv('DRAIN_TIMEOUT_MS', 25_000)
// A page that has no answer after this long gets one: 503, try again (see answerLate below).
const REQUEST_DEADLINE_MS = limitFromEnv('REQUEST_DEADLINE_MS', 30_000)

// The route id of a path, for the log line: the build's route table matched the way Remix does.
function routeTree(routes) {
  const byParent = new Map()
  for (const route of Object.values(routes)) {
    const list = byParent.get(route.parentId) ?? []
    list.push(route)
    byParent.set(route.parentId, list)
  }
  const children = (parentId) =>
    (byParent.get(parentId) ?? []).map((route) => ({
      id: route.id,
      path: route.path,
      index: route.index,
      caseSensitive: route.caseSensitive,
      children: route.index ? undefined : children(route.id),
    }))
  return children(undefined)
}
const routes = build?.routes ? routeTree(build.routes) : []
function routeIdOf(pathname) {
  try {
    decodeURI(pathname) // matchRoutes warns on the console about a path that does not decode

    const matches = matchRoutes(routes, pathname.replace(/\.data$/, '') || '/')
    return matches?.at(-1)?.route.id
  } catch {
    return undefined
  }
}

const app = express()
app.disable('x-powered-by')
if (process.env.TRUST_PROXY) app.set('trust proxy', process.env.TRUST_PROXY)

// Every request: an id (X-Request-Id, also in the load context for the error page), and one log
// line when its response is done. During shutdown every response says `Connection: close`.
// The user id is filled in by the app when it reads the session (app/utils/logger.server.ts).
const requestLog = (globalThis.__viertelRequestLog ??= new AsyncLocalStorage())
const inFlight = new Set()
let stopping = false
app.use((req, res, next) => {
  const started = process.hrtime.bigint()
  const entry = { reqId: requestIdFor(req.get('x-request-id')), userId: undefined }
  res.locals.log = entry
  res.setHeader('X-Request-Id', entry.reqId)
  if (stopping) res.setHeader('Connection', 'close')
  inFlight.add(res)
  let logged = false
  const done = () => {
    if (logged) return
    logged = true
    inFlight.delete(res)
    const path = loggablePath(req.originalUrl)
    const line = {
      reqId: entry.reqId,
      method: req.method,
      path,
      route: res.locals.noRoute ? undefined : routeIdOf(req.path),
      status: res.statusCode,
      ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
      userId: entry.userId,
    }
    if (!res.writableFinished) line.aborted = true
    if (res.statusCode >= 500) logger.warn(line)
    else logger.info(line)
    // the connection is idle once Node has handled this response's end: close it then
    if (stopping) setImmediate(() => server.closeIdleConnections())
  }
  res.on('finish', done)
  res.on('close', done)
  requestLog.run(entry, next)
})

// Bytes that cannot be text never reach the app: a path segment that does not decode (a bad
// %-escape, invalid UTF-8) or decodes to a control character (NUL, CR, …) names no page: 404.
// A query value that does not decode, or holds NUL (PostgreSQL refuses 0x00 in text): 400.
const CONTROL = /[\u0000-\u001f\u007f]/
function decodes(text, forbidden) {
  try {
    return !forbidden.test(decodeURIComponent(text))
  } catch {
    return false
  }
}
// Pages answered here, before Remix (a bad request target, a late answer): a plain page with the
// title and text of the catalogue's errors (app/locales/*/errors.json) in the visitor's language.
const ERROR_TEXTS = Object.fromEntries(
  ['de', 'en', 'fr', 'nl'].map((locale) => [locale, JSON.parse(readFileSync(new URL(`../app/locales/${locale}/errors.json`, import.meta.url), 'utf8'))]),
)
// The app's own order without the database (app/utils/request-locale.server.ts): the language
// cookie the app wrote (`lng`, base64 of a JSON string), then Accept-Language by its q-values,
// then German.
function visitorLocale(req) {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [name, ...rest] = part.split('=')
    if (name?.trim() !== 'lng') continue
    try {
      const value = JSON.parse(Buffer.from(decodeURIComponent(rest.join('=').trim()), 'base64').toString('utf8'))
      if (typeof value === 'string' && Object.hasOwn(ERROR_TEXTS, value)) return value
    } catch {
      // not a cookie the app wrote
    }
  }
  const ranked = (req.get('accept-language') ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.find((param) => param.trim().startsWith('q='))
      return { base: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q.trim().slice(2)) : 1 }
    })
    .filter(({ base, q }) => base && q > 0)
    .sort((a, b) => b.q - a.q)
  return ranked.find(({ base }) => Object.hasOwn(ERROR_TEXTS, base))?.base ?? 'de'
}
const escapeHtml = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c])
/** Answers `status` with the catalogue's `errors.<key>` title and text as a small HTML page. */
function plainPage(req, res, status, key) {
  const locale = visitorLocale(req)
  const { title, text } = ERROR_TEXTS[locale][key]
  res.status(status).set('Cache-Control', 'no-store')
  res.type('html').send(
    `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
      `<title>${escapeHtml(title)}</title></head><body>` +
      `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`,
  )
}

app.use((req, res, next) => {
  const url = req.originalUrl
  const queryAt = url.indexOf('?')
  const rawPath = queryAt === -1 ? url : url.slice(0, queryAt)
  if (!rawPath.split('/').every((segment) => decodes(segment, CONTROL))) {
    res.locals.noRoute = true
    plainPage(req, res, 404, 'notFound')
    return
  }
  if (queryAt !== -1) {
    const parts = url.slice(queryAt + 1).split(/[&=]/)
    if (!parts.every((part) => decodes(part.replaceAll('+', ' '), /\u0000/))) {
      // a NUL byte or bytes that are not UTF-8 text in the query
      plainPage(req, res, 400, 'badRequest')
      return
    }
  }
  next()
})

// Node closes a `Connection: close` socket as soon as the answer is written; with the client's
// unread body still arriving, that close is a reset, and a reset can make the client lose the answer
// it has not read yet. So for a refused body the close waits ("lingering close"): the answer goes
// out with a FIN, what still arrives is read and dropped (Node discards the unread request body),
// and the socket is destroyed when the client closes, or after LINGER_MS at the latest.
const LINGER_MS = 2_000
function lingerOnClose(socket) {
  socket.destroySoon = function destroySoon() {
    if (this.writable) this.end()
    const timer = setTimeout(() => this.destroy(), LINGER_MS)
    timer.unref()
    this.once('close', () => clearTimeout(timer))
    this.once('end', () => this.destroy())
  }
}

// Bodies are refused by their announced length, before a byte of them is read: a form over
// FORM_BODY_LIMIT_BYTES, a multipart form (photos) over MULTIPART_BODY_LIMIT_BYTES → 413. A body
// without a length (chunked) → 411: browsers always send Content-Length with a form. The
// connection is closed after the answer, so the rest of a large body is not read.
app.use((req, res, next) => {
  const length = req.get('content-length')
  const chunked = req.get('transfer-encoding') !== undefined
  if (length === undefined && !chunked) return next()
  const refuse = (status, text) => {
    res.setHeader('Connection', 'close')
    lingerOnClose(req.socket)
    res.status(status).type('text/plain').send(text)
  }
  if (length === undefined) return refuse(411, 'Send the body with a Content-Length.')
  const type = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase()
  const limit = type === 'multipart/form-data' ? MULTIPART_BODY_LIMIT : FORM_BODY_LIMIT
  if (Number(length) > limit) return refuse(413, `The request is too large (at most ${limit} bytes).`)
  next()
})

app.use(compression())

/** The one page other websites may frame: a centre's widget, which sends its own policy (issue #17). */
const EMBED_PATH = /^\/c\/[^/]+\/embed\/?$/

app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString('base64')
  res.locals.cspNonce = nonce
  const scriptSrc = vite ? `'self' 'unsafe-inline'` : `'self' 'nonce-${nonce}'`
  const connectSrc = vite ? `'self' ws: wss:` : `'self'`
  const policy = [
    `default-src 'self'`,
    `script-src ${scriptSrc}`,
    // Inline style attributes are needed by server-rendered SVG charts; scripts stay strict.
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src ${connectSrc}`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    `base-uri 'self'`,
    `object-src 'none'`,
  ].join('; ')
  if (EMBED_PATH.test(req.path)) {
    // The widget's route names the sites that may frame it in its own Content-Security-Policy.
    // Any answer that comes without one (an error page) gets the usual policy and DENY here.
    const writeHead = res.writeHead
    res.writeHead = function (...args) {
      if (!res.getHeader('Content-Security-Policy')) {
        res.setHeader('Content-Security-Policy', policy)
        res.setHeader('X-Frame-Options', 'DENY')
      }
      return writeHead.apply(this, args)
    }
  } else {
    res.setHeader('Content-Security-Policy', policy)
    res.setHeader('X-Frame-Options', 'DENY')
  }
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()')
  if (isProduction) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
  next()
})

// Cross-site requests never change anything: a non-GET is refused before Remix runs any action when
// its Sec-Fetch-Site says it comes from elsewhere, or when its Origin is not this site's own: not
// parseable ("null", garbage), another scheme, host or port. Both are checked when both are sent, so
// `Sec-Fetch-Site: same-origin` does not vouch for a foreign Origin. Always a 403, never a 500.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const publicOrigin = (() => {
  try {
    return process.env.PUBLIC_URL ? new URL(process.env.PUBLIC_URL).origin : null
  } catch {
    return null
  }
})()
function isCrossSite(req) {
  const site = req.get('sec-fetch-site')
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true
  const origin = req.get('origin')
  if (origin === undefined) return false
  const host = req.get('host')
  if (!host) return true
  let url
  try {
    url = new URL(origin)
  } catch {
    return true
  }
  // The Origin header is exactly an origin: anything more (a path, credentials, spaces) is forged.
  if (url.origin !== origin) return true
  // Remix refuses (with an error, a 500) an action whose Origin host differs from X-Forwarded-Host,
  // or Host when that is missing: refuse those here first, as a 403.
  const forwardedHost = req.get('x-forwarded-host')?.split(',')[0]?.trim()
  if (url.host !== (forwardedHost || host)) return true
  return origin !== publicOrigin && (url.protocol !== `${req.protocol}:` || url.host !== host)
}
app.use((req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next()
  let crossSite
  try {
    crossSite = isCrossSite(req)
  } catch {
    crossSite = true
  }
  if (crossSite) {
    res.status(403).type('text/plain').send('Cross-site request refused.')
    return
  }
  // Every action reads a form: any other body is refused here rather than failing inside one.
  const type = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase()
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined
  if (hasBody && type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
    res.status(415).type('text/plain').send('Send a form (application/x-www-form-urlencoded or multipart/form-data).')
    return
  }
  next()
})

if (vite) {
  app.use(vite.middlewares)
} else {
  app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }))
  app.use(staticFilesOnly('build/client', express.static('build/client', { maxAge: '1h' })))
}

/**
 * Static files only at the addresses of static files (issue #20): the names at the top of the
 * client build (favicons, `map/`), read once at start. Every other request — every page — goes
 * straight to the app, without the disk `stat` express.static made first (≈ 3 % of a page's CPU in
 * the outside measurement). A file added under public/ is served after the next build and start.
 */
function staticFilesOnly(dir, serve) {
  const entries = readdirSync(dir, { withFileTypes: true }).filter((e) => e.name !== 'assets')
  const files = new Set(entries.filter((e) => e.isFile()).map((e) => `/${e.name}`))
  const folders = entries.filter((e) => e.isDirectory()).map((e) => `/${e.name}/`)
  return (req, res, next) => (files.has(req.path) || folders.some((f) => req.path.startsWith(f)) ? serve(req, res, next) : next())
}

// What depends on the session is nobody else's: a response to a request that carries a session
// cookie, or one that sets a cookie, is `private, no-store` (no shared cache keeps it, the browser
// does not store it either: the back button after logout, a shared computer). A route that said
// more strictly `no-store` keeps its own header; one that declared itself `public` (the translation
// catalogue, a public listing's photo) does not depend on the session and keeps its caching. Pages,
// data requests and resource routes (CSV, iCal) all pass here; static assets do not.
const SESSION_COOKIE = /(?:^|;\s*)viertel_session=[^;\s]/
function keepPersonalResponsesPrivate(req, response) {
  const personal = SESSION_COOKIE.test(req.get('cookie') ?? '') || response.headers.has('set-cookie')
  if (!personal) return response
  const current = (response.headers.get('cache-control') ?? '').toLowerCase()
  if (current.includes('no-store') && current.includes('private')) return response
  if (/(^|[\s,])public([\s,]|$)/.test(current) && !response.headers.has('set-cookie')) return response
  try {
    response.headers.set('Cache-Control', 'private, no-store')
    return response
  } catch {
    // immutable headers (a fetched Response): copy it
    const headers = new Headers(response.headers)
    headers.set('Cache-Control', 'private, no-store')
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
  }
}

// The Remix Request of an express request: the host as express resolves it (it honours "trust
// proxy"), the port from X-Forwarded-Host or Host, the whole original path; loaders and actions are
// aborted when the client goes before the response is done. The response is written by our own
// sendResponse, with back-pressure.
class BadRequestTarget extends Error {}

function remixRequestOf(req, res) {
  const portOf = (value) => {
    const port = Number.parseInt(value?.split(':')[1] ?? '', 10)
    return Number.isSafeInteger(port) ? port : undefined
  }
  const port = portOf(req.get('x-forwarded-host')) ?? portOf(req.get('host'))
  // a request target that is not a path ("GET *", "GET http://…") or a Host that is no host name
  // ("local host", "[::1", port 99999) makes no URL: the client's mistake, answered 400 by remix()
  if (!req.originalUrl.startsWith('/')) throw new BadRequestTarget()
  let url
  try {
    url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`)
  } catch {
    throw new BadRequestTarget()
  }
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one)
  }
  const controller = new AbortController()
  let finished = false
  res.on('finish', () => (finished = true))
  res.on('close', () => {
    if (!finished) controller.abort()
  })
  const init = { method: req.method, headers, signal: controller.signal }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    init.body = createReadableStreamFromReadable(req)
    init.duplex = 'half'
  }
  return { request: new Request(url.href, init), abort: () => controller.abort() }
}

// When the database stops answering on connections already open (a hung server, a network that
// drops packets without a reset), a statement waits for TCP to give up: many minutes, and the
// server-side statement_timeout cannot help. The page then gets an answer from here: 503 with
// Retry-After and the "briefly unavailable" text in the visitor's language, after
// REQUEST_DEADLINE_MS counted from the end of the request's body (a slow upload is not late).
function answerLate(req, res) {
  res.set('Retry-After', '10').set('Connection', 'close')
  plainPage(req, res, 503, 'unavailable')
}

/** Resolves to 'late' once the request has waited REQUEST_DEADLINE_MS since its body was read. */
function deadlineOf(req) {
  let timer
  const late = new Promise((resolve) => {
    const start = () => {
      timer = setTimeout(() => resolve('late'), REQUEST_DEADLINE_MS)
      timer.unref()
    }
    if (req.method === 'GET' || req.method === 'HEAD' || req.readableEnded) start()
    else req.once('end', start)
  })
  return { late, clear: () => clearTimeout(timer) }
}

const handleRequest = createRequestHandler(vite ? () => loadBuild() : build, isProduction ? 'production' : 'development')
async function remix(req, res, next) {
  try {
    const { request, abort } = remixRequestOf(req, res)
    const answer = handleRequest(request, {
      cspNonce: res.locals.cspNonce,
      clientIp: req.ip ?? 'unknown',
      requestId: res.locals.log.reqId,
    })
    const deadline = deadlineOf(req)
    const response = await Promise.race([answer, deadline.late])
    deadline.clear()
    if (response === 'late') {
      logger.warn({ msg: `no answer after ${REQUEST_DEADLINE_MS / 1000} s (database not answering?): answered 503`, reqId: res.locals.log.reqId })
      abort()
      // the app's answer, when it comes, goes nowhere
      answer.then((late) => late.body?.cancel().catch(() => {}), () => {})
      if (!res.headersSent) answerLate(req, res)
      return
    }
    await sendResponse(res, keepPersonalResponsesPrivate(req, response))
  } catch (error) {
    // the request target or Host is not a URL
    if (error instanceof BadRequestTarget) plainPage(req, res, 400, 'badRequest')
    else next(error)
  }
}
// The loaders of one GET share reads such as the session and the centre (app/utils/request-scope.server.ts);
// a request that may change something gets no scope, so its loaders read afresh after the action.
const requestScope = (globalThis.__viertelRequestScope ??= new AsyncLocalStorage())
app.all('*', (req, res, next) =>
  SAFE_METHODS.has(req.method) && req.method !== 'OPTIONS' ? requestScope.run(new Map(), () => remix(req, res, next)) : remix(req, res, next),
)

const server = app.listen(port, host, () => {
  console.log(`Viertel is running on http://localhost:${port}`)
})
// An idle keep-alive connection stays open longer than a client or proxy keeps one to reuse it
// (deploy/Caddyfile: 30 s): with Node's default of 5 s, a proxy or a test client could send a
// request into a socket the server was closing at that moment and get a reset (a 502 for a
// visitor; seen as ECONNRESET in a journey). Shutdown still closes idle connections at once.
server.keepAliveTimeout = 65_000
server.headersTimeout = 66_000

// Shutdown (SIGTERM/SIGINT): stop accepting, close idle keep-alive connections at once and each
// one as its request finishes (every response from now on says `Connection: close`), wait for the
// requests in flight up to DRAIN_TIMEOUT_MS, then stop the worker and close the database: exit 0.
// Only when the drain time runs out are the last connections cut: exit 1.
async function shutdown(signal) {
  if (stopping) return
  stopping = true
  logger.info({ msg: `${signal} received, draining`, inFlight: inFlight.size, drainTimeoutMs: DRAIN_TIMEOUT_MS })
  for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close')
  const forced = setTimeout(() => {
    logger.error({ msg: 'drain time ran out, cutting connections', inFlight: inFlight.size })
    server.closeAllConnections()
    process.exit(1)
  }, DRAIN_TIMEOUT_MS)
  forced.unref()
  server.close(async () => {
    let code = 0
    try {
      await worker?.stop()
      const database = await globalThis.__viertelDatabase
      await database?.close()
      logger.info({ msg: 'stopped' })
    } catch (error) {
      code = 1
      logger.error({ msg: 'shutdown failed', err: error })
    } finally {
      await vite?.close()
      process.exit(code)
    }
  })
  server.closeIdleConnections()
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
