import { DEFAULT_LOCALE, isLocale, type Locale, localeFromAcceptLanguage } from './i18n'

/**
 * The request's language without the database and without awaiting (the render starts at once):
 * the `lng` cookie (written by localeCookie in i18n.server.ts: JSON, base64, URI-encoded, unsigned),
 * then Accept-Language, then German. The account's own language needs the database; a person who
 * chose one also has the cookie.
 */
export function requestLocale(request: Request): Locale {
  return localeFromCookieHeader(request.headers.get('Cookie')) ?? localeFromAcceptLanguage(request.headers.get('Accept-Language')) ?? DEFAULT_LOCALE
}

export function localeFromCookieHeader(header: string | null): Locale | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const [name, ...rest] = part.split('=')
    if (name?.trim() !== 'lng') continue
    try {
      const value: unknown = JSON.parse(atob(decodeURIComponent(rest.join('=').trim())))
      if (isLocale(value)) return value
    } catch {
      // not a cookie we wrote
    }
  }
  return undefined
}
