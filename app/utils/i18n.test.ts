import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DATE_RANGE_ERROR } from './dates'
import { translateError } from './forms'
import { createT, localeFromAcceptLanguage, LOCALES } from './i18n'

const root = path.resolve(__dirname, '../locales')

function keys(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix]
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

function catalogue(locale: string) {
  const dir = path.join(root, locale)
  return Object.fromEntries(
    readdirSync(dir).map((file) => [file.replace('.json', ''), JSON.parse(readFileSync(path.join(dir, file), 'utf8'))]),
  )
}

describe('translations', () => {
  const de = catalogue('de')
  const reference = new Set(keys(de))

  it('German has keys at all', () => {
    expect(reference.size).toBeGreaterThan(50)
  })

  for (const locale of LOCALES.filter((l) => l !== 'de')) {
    it(`${locale} has exactly the keys German has`, () => {
      const own = new Set(keys(catalogue(locale)))
      expect([...reference].filter((k) => !own.has(k)), `missing in ${locale}`).toEqual([])
      expect([...own].filter((k) => !reference.has(k)), `only in ${locale}`).toEqual([])
    })
  }

  it('every text has the placeholders (and their styles) German has, in every language', () => {
    const placeholders = (catalogueOf: Record<string, unknown>) => {
      const byKey = new Map<string, string>()
      const walk = (node: unknown, prefix: string) => {
        if (typeof node === 'string') byKey.set(prefix, [...node.matchAll(/\{\{\s*(\w+)\s*(,\s*\w+\s*)?\}\}/g)].map((m) => m[0].replace(/\s/g, '')).sort().join(' '))
        else for (const [k, v] of Object.entries(node as Record<string, unknown>)) walk(v, prefix ? `${prefix}.${k}` : k)
      }
      walk(catalogueOf, '')
      return byKey
    }
    const german = placeholders(de)
    for (const locale of LOCALES.filter((l) => l !== 'de')) {
      const own = placeholders(catalogue(locale))
      const differ = [...german].filter(([key, names]) => own.has(key) && own.get(key) !== names && !/_(one|other|zero|two|few|many)$/.test(key))
      expect(differ.map(([key]) => `${locale}: ${key}`)).toEqual([])
    }
  })

  it('every key used as a literal in the code exists in German', () => {
    const used = new Set<string>()
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name)
        if (entry.isDirectory()) walk(full)
        else if (/\.(tsx?|ts)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
          const source = readFileSync(full, 'utf8')
          for (const match of source.matchAll(/\bt\(\s*'([a-z][\w]*\.[\w.]+)'/g)) used.add(match[1]!)
          for (const match of source.matchAll(/key: '([a-z][\w]*\.[\w.]+)'/g)) used.add(match[1]!)
        }
      }
    }
    walk(path.resolve(__dirname, '..'))
    const plurals = (k: string) => reference.has(`${k}_one`) || reference.has(`${k}_other`)
    expect([...used].filter((k) => !reference.has(k) && !plurals(k))).toEqual([])
  })
})

describe('createT', () => {
  const t = createT('en', { a: { hello: 'Hello {{name}}', n_one: '{{count}} thing', n_other: '{{count}} things' } })
  it('interpolates and pluralises', () => {
    expect(t('a.hello', { name: 'Ada' })).toBe('Hello Ada')
    expect(t('a.n', { count: 1 })).toBe('1 thing')
    expect(t('a.n', { count: 1200 })).toBe('1,200 things')
  })
  it('gives an amount of money marked {{name, euros}} its cents when it has any', () => {
    const money = { m: { left: 'Offen: {{max, euros}} €', count: '{{max}} Stück' } }
    expect(createT('de', money)('m.left', { max: 1000.5 })).toBe('Offen: 1.000,50 €')
    expect(createT('de', money)('m.left', { max: 5000 })).toBe('Offen: 5.000 €')
    expect(createT('en', money)('m.left', { max: 83.375 })).toBe('Offen: 83.38 €')
    expect(createT('de', money)('m.count', { max: 1000.5 })).toBe('1.000,5 Stück')
  })
  it('returns the key when a message is missing', () => {
    expect(t('a.missing')).toBe('a.missing')
  })
})

describe('translateError', () => {
  it('shows quantities in the reader’s format and years as years, in all four languages', () => {
    for (const locale of LOCALES) {
      const validation = JSON.parse(readFileSync(path.join('app/locales', locale, 'validation.json'), 'utf8')) as Record<string, string>
      const t = createT(locale, { validation })
      const range = translateError(t, DATE_RANGE_ERROR)
      expect(range, locale).toContain('1900')
      expect(range, locale).toContain('2199')
      expect(translateError(t, 'validation.tooLong?maximum=50000'), locale).not.toContain('50000')
    }
  })
})

describe('localeFromAcceptLanguage', () => {
  it('picks the best supported language by quality', () => {
    expect(localeFromAcceptLanguage('es-ES,es;q=0.9,nl;q=0.8,en;q=0.7')).toBe('nl')
    expect(localeFromAcceptLanguage('fr-BE')).toBe('fr')
    expect(localeFromAcceptLanguage('ja')).toBeUndefined()
    expect(localeFromAcceptLanguage(null)).toBeUndefined()
  })
})
