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
const host = process.env.HOST ?? '0.0.0.0'

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

// Cross-site requests never change anything: a non-GET whose Sec-Fetch-Site (or, missing that,
// Origin) says it comes from elsewhere is refused before Remix runs any action.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
app.use((req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next()
  const site = req.get('sec-fetch-site')
  let crossSite = false
  if (site) {
    crossSite = site !== 'same-origin' && site !== 'none'
  } else {
    const origin = req.get('origin')
    if (origin) {
      try {
        crossSite = new URL(origin).host !== req.get('host')
      } catch {
        crossSite = true
      }
    }
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

const handleRequest = createRequestHandler(vite ? () => loadBuild() : build, isProduction ? 'production' : 'development')
async function remix(req, res, next) {
  try {
    const request = createRemixRequest(req, res)
    const response = await handleRequest(request, { cspNonce: res.locals.cspNonce, clientIp: req.ip ?? 'unknown' })
    await sendResponse(res, response)
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
