import { describe, expect, it } from 'vitest'
import { localeCookie } from './i18n.server'
import { localeFromCookieHeader, requestLocale } from './request-locale.server'

describe('requestLocale (without the database, without awaiting)', () => {
  it('reads the language cookie as localeCookie writes it', async () => {
    for (const locale of ['de', 'en', 'fr', 'nl'] as const) {
      const setCookie = await localeCookie.serialize(locale)
      const cookie = setCookie.split(';')[0]!
      expect(localeFromCookieHeader(`other=1; ${cookie}`)).toBe(locale)
    }
  })

  it('falls back to Accept-Language, then German; ignores cookies it did not write', () => {
    const request = (headers: Record<string, string>) => new Request('http://localhost/', { headers })
    expect(requestLocale(request({ 'Accept-Language': 'fr-BE,fr;q=0.9,en;q=0.5' }))).toBe('fr')
    expect(requestLocale(request({ Cookie: 'lng=garbage%00', 'Accept-Language': 'nl' }))).toBe('nl')
    expect(requestLocale(request({ Cookie: `lng=${encodeURIComponent(btoa('"xx"'))}` }))).toBe('de')
    expect(requestLocale(request({}))).toBe('de')
  })
})
