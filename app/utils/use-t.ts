import { useRouteLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import type { loader as rootLoader } from '~/root'
import { createT, DEFAULT_LOCALE, type Locale, type Messages } from './i18n'
import { loadFailed, loadMessages, providedMessages } from './i18n-catalogue'

export function useLocale(): Locale {
  return useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
}

/**
 * Translations in components. The root loader names the page's language and its catalogue's hash;
 * the catalogue is already here on the server and, in the browser, from before hydration (ADR 007).
 * When a navigation switches the language, the render waits (Suspense, inside the router's
 * transition, so the page stays as it was) until that language's catalogue has arrived.
 */
export function useT() {
  const data = useRouteLoaderData<typeof rootLoader>('root')
  const locale = data?.locale ?? DEFAULT_LOCALE
  const hash = data?.messagesHash
  let messages = hash ? providedMessages(locale, hash) : undefined
  if (!messages && hash && !loadFailed(locale, hash)) {
    // Suspense: React retries this render once the promise settles
    throw loadMessages(locale, hash)
  }
  // Without the root's data (its loader failed) there are no messages, on the server as in the browser.
  messages ??= {}
  return useMemo(() => createT(locale, messages as Messages), [locale, messages])
}
