import { useRouteLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import type { loader as rootLoader } from '~/root'
import { createT, DEFAULT_LOCALE, type Locale, type Messages } from './i18n'

export function useLocale(): Locale {
  return useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
}

/** Translations in components: the messages of the page's language come with the root loader. */
export function useT() {
  const data = useRouteLoaderData<typeof rootLoader>('root')
  const locale = data?.locale ?? DEFAULT_LOCALE
  const messages = data?.messages
  return useMemo(() => createT(locale, (messages ?? {}) as Messages), [locale, messages])
}
