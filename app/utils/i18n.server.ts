import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createCookie } from '@remix-run/node'
import { createT, DEFAULT_LOCALE, isLocale, LOCALES, type Locale, localeFromAcceptLanguage, type Messages } from './i18n'
import { provideMessages } from './i18n-catalogue'

/**
 * In the app (Vite) the locale files are bundled; scripts run by tsx (seed, admin, bench) have no
 * `import.meta.glob` and read the same files from disk.
 */
function localeFiles(): Record<string, Messages> {
  try {
    return import.meta.glob<Messages>('../locales/*/*.json', { eager: true, import: 'default' })
  } catch {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../locales')
    const found: Record<string, Messages> = {}
    for (const lng of readdirSync(root)) {
      for (const file of readdirSync(path.join(root, lng))) {
        if (file.endsWith('.json')) found[`../locales/${lng}/${file}`] = JSON.parse(readFileSync(path.join(root, lng, file), 'utf8'))
      }
    }
    return found
  }
}

const files = localeFiles()

function buildCatalogue(): Record<Locale, Messages> {
  const catalogue = { de: {}, en: {}, fr: {}, nl: {} } as Record<Locale, Messages>
  for (const [file, messages] of Object.entries(files)) {
    const match = /locales\/(\w+)\/([\w-]+)\.json$/.exec(file)
    if (!match) continue
    const [, lng, domain] = match
    if (isLocale(lng)) catalogue[lng][domain!] = messages
  }
  return catalogue
}

export const catalogue = buildCatalogue()

/**
 * Each language's catalogue as the JSON the browser loads once and caches (ADR 007), named by a
 * hash of its content so a changed catalogue gets a new URL.
 */
export const catalogueJson = Object.fromEntries(
  LOCALES.map((locale) => {
    const json = JSON.stringify(catalogue[locale])
    return [locale, { json, hash: createHash('sha256').update(json).digest('hex').slice(0, 12) }]
  }),
) as Record<Locale, { json: string; hash: string }>

for (const locale of LOCALES) provideMessages(locale, catalogueJson[locale].hash, catalogue[locale])

export function messagesFor(locale: Locale): Messages {
  return catalogue[locale]
}

export function messagesHash(locale: Locale): string {
  return catalogueJson[locale].hash
}

export function getT(locale: Locale) {
  return createT(locale, catalogue[locale])
}

export const localeCookie = createCookie('lng', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
})

/** The language of a request: the user's choice, then the cookie, then the browser's, then German. */
export async function resolveLocale(request: Request, userLocale?: string | null): Promise<Locale> {
  if (isLocale(userLocale)) return userLocale
  const fromCookie: unknown = await localeCookie.parse(request.headers.get('Cookie'))
  if (isLocale(fromCookie)) return fromCookie
  return localeFromAcceptLanguage(request.headers.get('Accept-Language')) ?? DEFAULT_LOCALE
}
