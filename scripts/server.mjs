// Viertel's HTTP server: Remix behind express, with the checks that must run before any
// action (cross-site requests), security headers with a per-request CSP nonce, and a clean
// shutdown that closes the database.
import { AsyncLocalStorage } from 'node:async_hooks'
import crypto from 'node:crypto'
// The adapter's request builder (it honours "trust proxy" and aborts loaders when the client goes);
// the response is written by our own sendResponse, with back-pressure.
import { createRemixRequest } from '@remix-run/express/dist/server.js'
import { createRequestHandler } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { sendResponse } from './send-response.mjs'

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

let build
try {
  console.log(`Viertel: starting (${isProduction ? 'production' : 'development'}), preparing the database…`)
  build = await loadBuild()
} catch (error) {
  if (error?.name === 'DataDirLockedError') {
    console.error(`\nViertel cannot start: ${error.message}\n`)
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

const app = express()
app.disable('x-powered-by')
if (process.env.TRUST_PROXY) app.set('trust proxy', process.env.TRUST_PROXY)
app.use(compression())

app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString('base64')
  res.locals.cspNonce = nonce
  const scriptSrc = vite ? `'self' 'unsafe-inline'` : `'self' 'nonce-${nonce}'`
  const connectSrc = vite ? `'self' ws: wss:` : `'self'`
  res.setHeader(
    'Content-Security-Policy',
    [
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
    ].join('; '),
  )
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin')
  res.setHeader('X-Frame-Options', 'DENY')
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
  app.use(express.static('build/client', { maxAge: '1h' }))
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

const handleRequest = createRequestHandler(vite ? () => loadBuild() : build, isProduction ? 'production' : 'development')
async function remix(req, res, next) {
  try {
    const request = createRemixRequest(req, res)
    const response = await handleRequest(request, { cspNonce: res.locals.cspNonce, clientIp: req.ip ?? 'unknown' })
    await sendResponse(res, keepPersonalResponsesPrivate(req, response))
  } catch (error) {
    next(error)
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

let stopping = false
async function shutdown(signal) {
  if (stopping) return
  stopping = true
  console.log(`Viertel: ${signal} received, finishing open requests…`)
  const forced = setTimeout(() => process.exit(1), 10_000)
  forced.unref()
  server.close(async () => {
    try {
      await worker?.stop()
      const database = await globalThis.__viertelDatabase
      await database?.close()
    } finally {
      await vite?.close()
      process.exit(0)
    }
  })
  server.closeIdleConnections?.()
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
