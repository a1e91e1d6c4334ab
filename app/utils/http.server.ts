import { data, type HeadersFunction } from '@remix-run/node'

/** Throws a Response with the status when the condition fails (404 by default). */
export function invariantResponse(
  condition: unknown,
  message = 'Not found',
  init: { status: number } = { status: 404 },
): asserts condition {
  if (!condition) {
    throw new Response(message, { status: init.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  }
}

export function forbidden(message = 'Forbidden'): never {
  throw new Response(message, { status: 403 })
}

export function notFound(message = 'Not found'): never {
  throw new Response(message, { status: 404 })
}

/** Field errors go back with the form's submission result, as 400. */
export function badRequest<T>(body: T) {
  return data(body, { status: 400 })
}

const REDIRECT_BASE = 'http://viertel.invalid'

/**
 * The one judge of redirect targets that come from input (`redirectTo` in forms and queries).
 * Only a path of this site passes, judged the way a browser will read it: resolved against an
 * origin by the URL parser (which drops tabs and newlines and reads `\` as `/`), it must stay on
 * that origin, and the path it gives back (the parser's own, percent-encoded) must not start with
 * `//`, which a browser would read as another host. Control characters (CR/LF would break the
 * header) and anything odd give the fallback, never an error (ADR 060).
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || to.length > 2000 || !to.startsWith('/')) return fallback
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback
  let url: URL
  try {
    url = new URL(to, REDIRECT_BASE)
  } catch {
    return fallback
  }
  if (url.origin !== REDIRECT_BASE) return fallback
  const path = `${url.pathname}${url.search}${url.hash}`
  if (!path.startsWith('/') || path.startsWith('//')) return fallback
  return path
}

export function clientIp(context: unknown): string {
  const ip = (context as { clientIp?: string } | undefined)?.clientIp
  return ip ?? 'unknown'
}

/** No form of Viertel has a field this long (the longest texts allow 4,000 characters), but a legal page's text (`longFields`). */
export const MAX_FIELD_CHARS = 20_000

/**
 * The request's form. A body that is not a readable form (cut-off multipart, a missing boundary)
 * is the client's fault: 400, never a 500. Wrong content types are refused earlier (415, server.mjs),
 * and so are bodies over the size limit (413). A field longer than MAX_FIELD_CHARS is refused here
 * as a whole (400), so no answer echoes it back; shorter values over a schema's own maximum get the
 * message at the field. Invalid UTF-8 is read as U+FFFD (as browsers do) and NUL is refused at the
 * field by parseForm (ADR 064).
 */
export async function readFormData(
  request: Request,
  /** fields allowed to be longer than MAX_FIELD_CHARS, with their own limit (a legal page's text) */
  { longFields = {} }: { longFields?: Record<string, number> } = {},
): Promise<FormData> {
  let formData: FormData
  try {
    formData = await request.formData()
  } catch {
    throw new Response('The form could not be read.', { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  }
  for (const [name, value] of formData.entries()) {
    const limit = Object.hasOwn(longFields, name) ? longFields[name]! : MAX_FIELD_CHARS
    if (name.length > MAX_FIELD_CHARS || (typeof value === 'string' && value.length > limit)) {
      throw new Response(`A form field is longer than ${limit} characters.`, {
        status: 400,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      })
    }
  }
  return formData
}

/**
 * For a page whose action may answer 429 (rate limits): the action's Retry-After reaches the
 * document response too. Re-exported by the route: `export { retryAfterHeaders as headers }`.
 */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After')
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers()
}
