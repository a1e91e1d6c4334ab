import type { TestApp } from './app'

/**
 * Reading pages as a client that has no browser: the POST forms a page shows (with the values a
 * person would send), its main text, and a cookie jar per visitor over the in-process app.
 */

/** The app's own origin as tests/http/app.ts addresses it. */
export const ORIGIN = 'http://localhost:3000'

export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/

export function decodeEntities(value: string) {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

/** A tag's attributes, lower-case names, entity-decoded values. */
export function attributes(tag: string) {
  const out: Record<string, string> = {}
  for (const m of tag.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) out[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? '')
  return out
}

export interface FormField {
  name: string
  value: string
  numeric: boolean
  hidden: boolean
}
export interface PostForm {
  action: string
  fields: FormField[]
  intents: string[]
}

// A field is taken for a number by its type or input mode, or (when visible and not a select) by its name.
const NUMERIC_NAME = /amount|minutes|hours|cents|euros|value|price|capacity|area|deposit|term|interest|percent|limit|year|count/i

/**
 * The POST forms of a page (logout and the language switch left out), each with its fields as a person
 * would send them: checked boxes only, the selected option, required fields filled with something
 * plausible, and the `intent` values of its buttons gathered as the acts the form offers.
 */
export function postForms(html: string, pageUrl: string): PostForm[] {
  const today = new Date().toISOString().slice(0, 10)
  const forms: PostForm[] = []
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const formAttributes = attributes(m[1]!)
    if ((formAttributes['method'] ?? 'get').toLowerCase() !== 'post') continue
    const action = decodeEntities(formAttributes['action'] || pageUrl)
    if (/^\/(logout|locale)\b/.test(action)) continue
    const fields = new Map<string, FormField>()
    const intents: string[] = []
    for (const t of m[2]!.matchAll(/<(select|textarea)\b([^>]*)>([\s\S]*?)<\/\1>|<(input|button)\b([^>]*)>/g)) {
      const kind = (t[1] ?? t[4])!
      const a = attributes((t[2] ?? t[5])!)
      const name = a['name']
      if (!name || fields.has(name)) {
        if (name === 'intent' && a['value']) intents.push(a['value'])
        continue
      }
      const type = (a['type'] ?? (kind === 'input' ? 'text' : kind)).toLowerCase()
      if (name === 'intent') {
        if (a['value']) intents.push(a['value'])
        continue
      }
      if (type === 'file' || type === 'submit') continue
      if ((type === 'checkbox' || type === 'radio') && !('checked' in a)) continue
      let value = a['value'] ?? ''
      if (kind === 'select') {
        const options = [...(t[3] ?? '').matchAll(/<option\b([^>]*)>/g)].map((o) => attributes(o[1]!))
        value = (options.find((o) => 'selected' in o && o['value']) ?? options.find((o) => o['value']))?.['value'] ?? ''
      }
      if (kind === 'textarea') value = decodeEntities((t[3] ?? '').replace(/<[^>]*>/g, ''))
      const numeric =
        type === 'number' || /numeric|decimal/.test(a['inputmode'] ?? '') || (type !== 'hidden' && kind !== 'select' && NUMERIC_NAME.test(name))
      if (!value && type === 'date') value = today
      if (!value && type === 'datetime-local') value = `${today}T10:00`
      if (!value && type === 'email' && 'required' in a) value = 'someone@example.test'
      if (!value && numeric && 'required' in a) value = '2'
      if (!value && (kind === 'textarea' || type === 'text') && 'required' in a) value = 'Robustheit'
      fields.set(name, { name, value, numeric, hidden: type === 'hidden' })
    }
    forms.push({ action, fields: [...fields.values()], intents: [...new Set(intents)] })
  }
  return forms
}

/** A form's non-empty values, with the intent when given. */
export function valuesOf(form: PostForm, intent?: string) {
  const out: Record<string, string> = {}
  for (const f of form.fields) if (f.value !== '') out[f.name] = f.value
  if (intent) out.intent = intent
  return out
}

/** The text of the page's <main>, without markup or scripts, whitespace folded. */
export function mainText(html: string) {
  const main = /<main\b[\s\S]*?<\/main>/.exec(html)?.[0] ?? html
  return main
    .replace(/<script\b[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

export interface Answer {
  status: number
  location: string | null
  text: string
}

export interface Visitor {
  get: (path: string) => Promise<Answer>
  /** A form POST: url-encoded for a record, multipart for FormData. */
  post: (path: string, body: Record<string, string> | FormData) => Promise<Answer>
  /** A POST of any body with the Content-Type given (bodies a browser's form would never send). */
  postRaw: (path: string, contentType: string, data: string | Uint8Array<ArrayBuffer>) => Promise<Answer>
  /** Puts a cookie into the jar, e.g. one from `TestApp.cookieFor`. */
  setCookie: (cookie: string) => void
}

/**
 * One visitor of the app with a cookie jar: every answer's Set-Cookie is kept (and dropped when the
 * app expires it), every request carries the jar. Requests go to the Host the app is addressed by;
 * POSTs carry that Origin, as a browser's same-site form does: Remix itself refuses (with an error)
 * an action whose Origin differs from its Host. Bodies are always read, so a page that fails while it
 * streams fails here too. Redirects are not followed.
 */
export function visitor(app: TestApp): Visitor {
  const jar = new Map<string, string>()
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';')
      const at = pair.indexOf('=')
      const name = pair.slice(0, at).trim()
      const value = pair.slice(at + 1).trim()
      const expired = attrs.some((a) => {
        const [key = '', v = ''] = a.split('=').map((s) => s.trim())
        if (key.toLowerCase() === 'max-age') return Number(v) <= 0
        if (key.toLowerCase() === 'expires') return Date.parse(v) <= Date.now()
        return false
      })
      if (expired || value === '') jar.delete(name)
      else jar.set(name, value)
    }
  }
  const send = async (path: string, init: RequestInit & { headers: Headers }) => {
    init.headers.set('Host', new URL(ORIGIN).host)
    if (jar.size) init.headers.set('Cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
    const response = await app.fetch(path, init)
    keep(response)
    return { status: response.status, location: response.headers.get('location'), text: await response.text() }
  }
  return {
    get: (path) => send(path, { method: 'GET', headers: new Headers() }),
    // The body sets Content-Type: multipart/form-data with its boundary, or application/x-www-form-urlencoded.
    post: (path, body) =>
      send(path, { method: 'POST', headers: new Headers({ Origin: ORIGIN }), body: body instanceof FormData ? body : new URLSearchParams(body) }),
    postRaw: (path, contentType, data) =>
      send(path, { method: 'POST', headers: new Headers({ Origin: ORIGIN, 'Content-Type': contentType }), body: data }),
    setCookie: (cookie) => {
      const at = cookie.indexOf('=')
      jar.set(cookie.slice(0, at), cookie.slice(at + 1))
    },
  }
}
