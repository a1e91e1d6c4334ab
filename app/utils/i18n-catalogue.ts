import type { Locale, Messages } from './i18n'

/**
 * Where `useT` finds a language's messages (ADR 007). The root loader sends only the locale and
 * the catalogue's content hash; the catalogue itself is a JSON resource at a hashed URL that the
 * browser caches for good (`/i18n/<locale>.<hash>.json`).
 *
 * On the server every catalogue is provided once at start (i18n.server.ts). In the browser the
 * page's catalogue is loaded before hydration (entry.client.tsx) and another language's before
 * the root loader's data that names it is used (root clientLoader), so a render never waits.
 */
interface Loaded {
  hash: string
  messages: Messages
}

const provided = new Map<Locale, Loaded>()
const pending = new Map<string, Promise<void>>()
const failed = new Set<string>()

export function messagesUrl(locale: Locale, hash: string) {
  return `/i18n/${locale}.${hash}.json`
}

export function provideMessages(locale: Locale, hash: string, messages: Messages) {
  provided.set(locale, { hash, messages })
}

/** The messages of a language; with a hash, only that version of them. */
export function providedMessages(locale: Locale, hash?: string): Messages | undefined {
  const loaded = provided.get(locale)
  return loaded && (hash === undefined || loaded.hash === hash) ? loaded.messages : undefined
}

/** A catalogue that could not be loaded: the page shows keys rather than waiting forever. */
export function loadFailed(locale: Locale, hash: string) {
  return failed.has(messagesUrl(locale, hash))
}

/** Fetches a catalogue unless the one with this hash is already here. Shared by concurrent callers. */
export function loadMessages(locale: Locale, hash: string): Promise<void> {
  if (provided.get(locale)?.hash === hash) return Promise.resolve()
  const url = messagesUrl(locale, hash)
  let promise = pending.get(url)
  if (!promise) {
    promise = fetch(url, { credentials: 'same-origin' })
      .then((response) => {
        if (!response.ok) throw new Error(`${url}: ${response.status}`)
        return response.json() as Promise<Messages>
      })
      .then(
        (messages) => provideMessages(locale, hash, messages),
        (error: unknown) => {
          failed.add(url)
          console.error(`The ${locale} messages did not load:`, error)
        },
      )
      .finally(() => pending.delete(url))
    pending.set(url, promise)
  }
  return promise
}
