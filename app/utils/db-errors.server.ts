/**
 * When the database is away (stopped, restarting, unreachable, out of connections) a request cannot
 * be answered, but it is not a bug either: pages and actions answer 503 with Retry-After and a
 * translated page, and the log gets one short line when it goes away, at most one line per
 * LOG_EVERY_MS while it stays away, and one when it is back — not a stack trace per request
 * (ADR 065).
 */
import { data } from '@remix-run/node'
import type { UnavailablePageData } from '~/components/error-page'
import { getT, resolveLocale } from './i18n.server'
import { logRequestError } from './logger.server'

/** What the browser (and a proxy) is told to wait before trying again. */
export const RETRY_AFTER_S = 10
/** While the database stays away, at most one log line per this many milliseconds. */
export const LOG_EVERY_MS = 10_000

/**
 * `unavailable`: the database cannot be reached or is shutting down / starting — the app is fine.
 * `timeout`: a statement ran into statement_timeout (57014) — the database is there but too slow
 * for this query; also a 503 (try again), but logged as an error with its stack, since a query that
 * slow is something to look at, and it does not count as the database being away.
 */
export type DatabaseFailure = 'unavailable' | 'timeout'

/** Node's socket errors that mean: no database at the other end (now). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ENOENT', // a Unix socket path that is gone
])

/** postgres.js's own connection errors. */
const DRIVER_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT'])

/**
 * SQLSTATEs of unavailability: class 08 (connection exception), admin/crash shutdown (57P01,
 * 57P02), "the database system is starting up / shutting down" (57P03), the database dropped
 * (57P04), class 53 (too many connections, disk full, out of memory), and a server that turns the
 * app's login away: wrong password or no pg_hba entry (28P01, 28000), no such database (3D000),
 * "database is not currently accepting connections" (55000, only with that message: the code is
 * also used for the app's own mistakes). The app cannot answer then either; the operator finds the
 * cause in the one log line.
 */
function isUnavailableSqlState(code: string, message: string) {
  if (code === '55000') return /accepting connections/i.test(message)
  return code.startsWith('08') || code.startsWith('53') || ['57P01', '57P02', '57P03', '57P04', '28P01', '28000', '3D000'].includes(code)
}

/** The error and what it wraps (drizzle's DrizzleQueryError.cause, an AggregateError's errors). */
function* chain(error: unknown, depth = 0): Generator<Record<string, unknown>> {
  if (depth > 5 || error === null || typeof error !== 'object') return
  const record = error as Record<string, unknown>
  yield record
  if ('cause' in record) yield* chain(record.cause, depth + 1)
  if (Array.isArray(record.errors)) for (const inner of record.errors.slice(0, 4)) yield* chain(inner, depth + 1)
}

export function classifyDatabaseError(error: unknown): DatabaseFailure | null {
  for (const link of chain(error)) {
    const code = typeof link.code === 'string' ? link.code : undefined
    if (!code) continue
    if (DRIVER_CODES.has(code) || NETWORK_CODES.has(code)) return 'unavailable'
    if (link.name === 'PostgresError' || /^[0-9A-Z]{5}$/.test(code)) {
      if (isUnavailableSqlState(code, typeof link.message === 'string' ? link.message : '')) return 'unavailable'
      if (code === '57014') return 'timeout'
    }
  }
  return null
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return classifyDatabaseError(error) === 'unavailable'
}

/**
 * A one-line cause for the log: the innermost driver or socket error's code and first line — never
 * drizzle's wrapper, whose message holds the query's parameters (e-mail addresses, tokens).
 */
export function describeDatabaseError(error: unknown): string {
  let best: Record<string, unknown> | undefined
  for (const link of chain(error)) if (typeof link.code === 'string') best = link
  best ??= error !== null && typeof error === 'object' ? (error as Record<string, unknown>) : undefined
  const code = typeof best?.code === 'string' ? best.code : 'unknown'
  const message = typeof best?.message === 'string' ? best.message.split('\n')[0]!.slice(0, 160) : ''
  return message && !message.includes(code) ? `${code}: ${message}` : message || code
}

// ── the "database away" state of this process ────────────────────────────────────────────────

interface Outage {
  since: number
  lastLogged: number
  /** failures since the last line */
  unlogged: number
}

let outage: Outage | null = null
/** A pool connection closed since the database last answered: perhaps the server stopped. */
let suspect = false
type Level = 'warn' | 'info'
type PinoLike = Partial<Record<Level, (record: object) => void>>

/** The server's JSON logger when there is one (scripts/server.mjs, ADR 064), else the console. */
function defaultWriter(line: string, level: Level) {
  const logger = (globalThis as { __viertelLogger?: PinoLike }).__viertelLogger
  const log = logger?.[level]
  if (log) log.call(logger, { msg: line })
  else if (level === 'warn') console.error(line)
  else console.log(line)
}

let write: (line: string, level: Level) => void = defaultWriter

/** Tests may take the lines. */
export function setDatabaseLogWriter(writer: (line: string, level: Level) => void) {
  write = writer
}

/**
 * Whether the database should be asked before a page relies on it: the last thing this process saw
 * of it was a failure, or a connection closed since it last answered (a stopped server closes them
 * all). The root loader then checks first, so even the first page after a stop is the 503 page.
 */
export function databaseSeemsDown(): boolean {
  return outage !== null || suspect
}

/** The pool says a connection closed (also at the end of its lifetime, every 30–60 minutes: one check more). */
export function noteConnectionClosed() {
  suspect = true
}

/** A request failed because the database is away: the first failure logs, then one line per LOG_EVERY_MS. */
export function noteDatabaseFailure(error: unknown, now = Date.now()) {
  if (!outage) {
    outage = { since: now, lastLogged: now, unlogged: 0 }
    write(`Viertel: database unavailable (${describeDatabaseError(error)}); answering 503 with Retry-After: ${RETRY_AFTER_S} until it is back`, 'warn')
    return
  }
  outage.unlogged++
  if (now - outage.lastLogged < LOG_EVERY_MS) return
  const seconds = Math.round((now - outage.since) / 1000)
  write(`Viertel: database still unavailable after ${seconds} s (${outage.unlogged} failed requests since the last line; ${describeDatabaseError(error)})`, 'warn')
  outage.lastLogged = now
  outage.unlogged = 0
}

/** A query succeeded: if the database was away, say it is back. */
export function noteDatabaseBack(now = Date.now()) {
  suspect = false
  if (!outage) return
  const seconds = Math.round((now - outage.since) / 1000)
  outage = null
  write(`Viertel: database back after ${seconds} s`, 'info')
}

// ── what entry.server.tsx calls ─────────────────────────────────────────────────────────────

/**
 * Requests that failed on the database, by their load context (scripts/server.mjs makes one per
 * request; Remix hands the same object to loaders, actions, handleError, handleRequest and
 * handleDataRequest, while the Request itself is copied for the loaders after an action and for
 * data requests). handleError sees the raw error; the render only a sanitised one.
 */
const failedRequests = new WeakSet<object>()

function markFailed(context: unknown) {
  if (context !== null && typeof context === 'object') failedRequests.add(context)
}

function hasFailed(context: unknown) {
  return context !== null && typeof context === 'object' && failedRequests.has(context)
}

/**
 * For handleError: a database failure marks the request (it becomes a 503) and, when the database
 * is away, is logged here in one short line. Returns true when nothing more should be logged.
 */
export function handleDatabaseError(error: unknown, context: unknown): boolean {
  const failure = classifyDatabaseError(error)
  if (!failure) return false
  markFailed(context)
  if (failure === 'timeout') return false
  noteDatabaseFailure(error)
  return true
}

/**
 * For handleRequest: the status of a page whose loaders or action failed on the database is 503,
 * with Retry-After — also when an action had answered first (a 400 for a form's mistakes).
 */
export function unavailableStatus(context: unknown, status: number, headers: Headers): number {
  if (status !== 503 && !hasFailed(context)) return status
  if (!headers.has('Retry-After')) headers.set('Retry-After', String(RETRY_AFTER_S))
  headers.set('Cache-Control', 'no-store')
  return 503
}

/** For handleDataRequest (client navigations and form posts with JavaScript): the same for `.data` answers. */
export function unavailableDataResponse(context: unknown, response: Response): Response {
  const headers = new Headers(response.headers)
  const status = unavailableStatus(context, response.status, headers)
  if (status === response.status && headers.get('Retry-After') === response.headers.get('Retry-After')) return response
  return new Response(response.body, { status, statusText: 'Service Unavailable', headers })
}

// ── the page ────────────────────────────────────────────────────────────────────────────────

/**
 * What the root loader throws when the database is away: a 503 whose data carries the page's
 * texts, already translated into the request's language (cookie or Accept-Language — the
 * account's saved language would need the database). The root ErrorBoundary renders them as they
 * are, on the server and again in the browser, without the root loader's data or a catalogue.
 * Null when the error is not the database's.
 */
export async function unavailableResponse(request: Request, context: unknown, error: unknown) {
  const failure = classifyDatabaseError(error)
  if (!failure) return null
  markFailed(context)
  if (failure === 'unavailable') noteDatabaseFailure(error)
  else logRequestError(error, context, request) // a slow query: once, with its stack and the request id
  const locale = await resolveLocale(request)
  const t = getT(locale)
  const page: UnavailablePageData = {
    kind: 'database-unavailable',
    locale,
    status: t('errors.status', { status: 503 }),
    title: t('errors.unavailable.title'),
    text: t('errors.unavailable.text'),
    retry: t('errors.unavailable.retry'),
  }
  return data(page, { status: 503, headers: { 'Retry-After': String(RETRY_AFTER_S), 'Cache-Control': 'no-store' } })
}
