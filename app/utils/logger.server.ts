import type { AsyncLocalStorage } from 'node:async_hooks'
import { isRouteErrorResponse } from '@remix-run/react'
import { withoutValues } from './without-values'

export { withoutValues }

/**
 * The app's side of the request log (scripts/logger.mjs, scripts/server.mjs): the server runs each
 * request in an AsyncLocalStorage holding its log entry and puts its pino logger on globalThis (the
 * build and the server script are separate modules). Without the server (tests, scripts) these
 * fall back to nothing and to the console.
 */
interface RequestLogEntry {
  reqId: string
  userId?: string
}
interface Logger {
  error(record: object): void
}
const holder = globalThis as { __viertelRequestLog?: AsyncLocalStorage<RequestLogEntry>; __viertelLogger?: Logger }

/** The signed-in person's id for this request's log line (never the e-mail address). */
export function noteRequestUser(userId: string | undefined) {
  const entry = holder.__viertelRequestLog?.getStore()
  if (entry && userId) entry.userId = userId
}

/** The request id the server gave this request (also its X-Request-Id), from the load context. */
export function requestIdOf(context: unknown): string | undefined {
  const id = (context as { requestId?: unknown } | undefined)?.requestId
  return typeof id === 'string' ? id : undefined
}

/**
 * An error, logged once with its stack and the request id the error page shows. A response the app
 * meant (a 404 for an unknown path, a 405 for a method a route lacks) is no error: its request
 * line says enough.
 */
export function logRequestError(error: unknown, context: unknown, request: Request) {
  if (isRouteErrorResponse(error) && error.status < 500) return
  const reqId = requestIdOf(context)
  const logger = holder.__viertelLogger
  const path = new URL(request.url).pathname
  const loggable = withoutValues(error)
  if (logger) logger.error({ msg: 'request failed', reqId, method: request.method, err: loggable })
  else console.error(`request failed (${reqId ?? 'no id'}) ${request.method} ${path}`, loggable)
}

