import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * Reads made once per page load. Remix hands each loader its own copy of the Request, so a memo
 * keyed on the Request object holds for one loader only; the root, the centre layout and the page
 * each looked up the session (and the centre) again. scripts/server.mjs runs every GET and HEAD
 * request in a fresh scope (an AsyncLocalStorage shared through globalThis, as the build and the
 * server script are separate modules), so the loaders of one request share these reads.
 *
 * Only requests that change nothing get a scope: after an action, a loader must see what the
 * action did. Without a scope (POST, tests, scripts) every call reads afresh.
 */
type Scope = Map<string, Promise<unknown>>

const holder = globalThis as { __viertelRequestScope?: AsyncLocalStorage<Scope> }
export const requestScope = (holder.__viertelRequestScope ??= new AsyncLocalStorage<Scope>())

export function oncePerRequest<T>(key: string, read: () => Promise<T>): Promise<T> {
  const scope = requestScope.getStore()
  if (!scope) return read()
  let pending = scope.get(key) as Promise<T> | undefined
  if (!pending) {
    pending = read()
    scope.set(key, pending)
  }
  return pending
}
