import { createContext, useContext } from 'react'
import { DEFAULT_LOCALE, isLocale, type Locale } from './i18n'

/**
 * The language of the request as far as it is known without the database (the language cookie,
 * then Accept-Language): what an error page speaks when the root loader's data is missing — when
 * the root loader failed, or an action's error went up to the root boundary, where no loader runs
 * (ADR 065). The server provides it (entry.server.tsx); in the browser the page's `<html lang>`,
 * which the server rendered from it, is the same answer, so hydration sees the same texts.
 */
export const RequestLocaleContext = createContext<Locale>(DEFAULT_LOCALE)

export function useRequestLocale(): Locale {
  const fromServer = useContext(RequestLocaleContext)
  if (typeof document === 'undefined') return fromServer
  const lang = document.documentElement.lang
  return isLocale(lang) ? lang : DEFAULT_LOCALE
}
