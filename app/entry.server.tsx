import { PassThrough } from 'node:stream'
import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { NonceContext } from './utils/nonce'
import { handleDatabaseError, unavailableDataResponse, unavailableStatus } from './utils/db-errors.server'
import { logRequestError, requestIdOf } from './utils/logger.server'
import { RequestIdContext } from './utils/request-id'
import { RequestLocaleContext } from './utils/request-locale'
import { requestLocale } from './utils/request-locale.server'

export const streamTimeout = 5_000

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = (loadContext as { cspNonce?: string }).cspNonce ?? ''
  responseStatusCode = unavailableStatus(loadContext, responseStatusCode, responseHeaders) // database away: 503 + Retry-After
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode
  return new Promise((resolve, reject) => {
    let shellRendered = false
    let body: PassThrough | undefined
    const timer = setTimeout(() => abort(), streamTimeout + 1_000)
    const start = () => {
      shellRendered = true
      body = new PassThrough()
      responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
      pipe(body)
    }
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RequestLocaleContext.Provider value={requestLocale(request)}>
          <RequestIdContext.Provider value={requestIdOf(loadContext)}>
            <RemixServer context={remixContext} url={request.url} nonce={nonce} />
          </RequestIdContext.Provider>
        </RequestLocaleContext.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        onShellReady() {
          if (!waitForAll) start()
        },
        onAllReady() {
          // Rendered to the end: the abort timer would only keep this render (its tree and
          // output) alive for seconds more, ≈ 600 of them at 100 pages a second.
          clearTimeout(timer)
          if (waitForAll) start()
        },
        onShellError(error: unknown) {
          clearTimeout(timer)
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          // the visitor left while the page was streaming ("The destination stream closed early"):
          // not an error of the app; the request's log line says aborted
          if (request.signal.aborted || body?.destroyed) return
          if (shellRendered) logRequestError(error, loadContext, request)
        },
      },
    )
  })
}

export function handleError(error: unknown, { request, context }: { request: Request; context: AppLoadContext }) {
  if (request.signal.aborted) return
  if (handleDatabaseError(error, context)) return // database away: one short line, not a stack (ADR 065)
  logRequestError(error, context, request) // once, with the stack and the request id the error page shows (ADR 064)
}

export function handleDataRequest(response: Response, { context }: { context: AppLoadContext }) {
  return unavailableDataResponse(context, response)
}

// The background worker ships in the server build, so the app server starts it without loading
// source files at run time (scripts/server.mjs reads it from `build.entry.module`).
export { startConfiguredWorker } from './modules/notifications/worker.server'
