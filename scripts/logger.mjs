// The server's log: one JSON line per request (pino), written when the response is done.
// What a line may hold is decided here, in one place: no query strings, no bodies, no e-mail
// addresses, and the secret part of a link (/invite/:token, /ical/:file, …) replaced by "…".
// LOG_FORMAT=pretty prints the same records as short human lines (development); LOG_LEVEL sets
// the level (info). See docs/decisions/064-request-limits-shutdown-logs.md.
import crypto from 'node:crypto'
import pino from 'pino'

/** Paths whose second segment is a secret: a token in a link, the feed key in an iCal file name. */
const SECRET_FIRST = new Set(['unsubscribe', 'invite', 'confirm-email', 'reset-password', 'verify-email', 'ical'])

/**
 * The request's path for the log: no query, secrets cut out, control characters shown escaped, at
 * most 200 characters. The router reads "/INVITE/…", "//invite/…" and "/%69nvite/…" as the invite
 * page too, so the first segment is compared as the router sees it: everything after it goes.
 */
export function loggablePath(url) {
  const raw = String(url ?? '/').split('?')[0].split('#')[0]
  const [, slashes, first, rest] = /^(\/*)([^/]*)(.*)$/s.exec(raw)
  let name = first
  try {
    name = decodeURIComponent(first)
  } catch {
    // not valid percent-encoding: compared as written
  }
  const secret = SECRET_FIRST.has(name.toLowerCase()) && rest.replace(/\/+/g, '') !== ''
  const redacted = secret ? `${slashes}${first}/…` : raw
  const visible = redacted.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  return visible.length > 200 ? `${visible.slice(0, 200)}…` : visible
}

const INCOMING_ID = /^[A-Za-z0-9-]{8,64}$/

/**
 * The request id: one sent by a proxy in front (X-Request-Id) when it is short and plain
 * ([A-Za-z0-9-], 8–64 characters), otherwise a new random one.
 */
export function requestIdFor(incoming) {
  if (typeof incoming === 'string' && INCOMING_ID.test(incoming)) return incoming
  return crypto.randomBytes(9).toString('base64url').replace(/[_]/g, 'x').replace(/-/g, 'y')
}

const PRETTY_LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' }

/**
 * A pino destination that prints each record as one short line for a person (LOG_FORMAT=pretty).
 * @param {{ write(text: string): unknown }} [out]
 */
export function prettyDestination(out = process.stdout) {
  return {
    write(line) {
      let record
      try {
        record = JSON.parse(line)
      } catch {
        out.write(line)
        return
      }
      const { level, time, msg, reqId, method, path, status, ms, route, userId, err } = record
      const clock = typeof time === 'string' ? time.slice(11, 23) : new Date(time).toISOString().slice(11, 23)
      const parts = [clock, PRETTY_LEVELS[level] ?? level]
      if (method && status !== undefined) parts.push(`${method} ${path} → ${status} ${ms} ms`)
      if (msg) parts.push(msg)
      if (route) parts.push(`[${route}]`)
      if (userId) parts.push(`user=${userId}`)
      if (reqId) parts.push(`id=${reqId}`)
      out.write(`${parts.join(' ')}\n`)
      if (err?.stack) out.write(`${err.stack}\n`)
    },
  }
}

/** @param {{ format?: string, level?: string, destination?: import('pino').DestinationStream }} [options] */
export function createLogger({ format = process.env.LOG_FORMAT, level = process.env.LOG_LEVEL || 'info', destination } = {}) {
  const options = {
    level,
    base: undefined, // no pid/hostname on every line
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
  }
  if (destination) return pino(options, destination)
  return format === 'pretty' ? pino(options, prettyDestination()) : pino(options, pino.destination({ sync: true }))
}
