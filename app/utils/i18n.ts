/**
 * Translations: one JSON file per domain and language in app/locales/<lng>/<domain>.json.
 * Keys are `<domain>.<path.in.file>`; `{{name}}` interpolates (`{{name, euros}}`: an amount of
 * money); `key_one`/`key_other` (Intl plural categories) are chosen when a `count` is given.
 */
export const LOCALES = ['de', 'en', 'fr', 'nl'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'de'

export type Messages = Record<string, unknown>
export type TParams = Record<string, string | number>
export type TFunction = (key: string, params?: TParams) => string

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

function lookup(messages: Messages, key: string): string | undefined {
  let node: unknown = messages
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return typeof node === 'string' ? node : undefined
}

// Intl objects are costly to build and every component's `t` needs them: one per language.
const pluralRules = new Map<Locale, Intl.PluralRules>()
const numberFormats = new Map<Locale, Intl.NumberFormat>()
const euroFormats = new Map<Locale, Intl.NumberFormat>()

export function createT(locale: Locale, messages: Messages): TFunction {
  let plural = pluralRules.get(locale)
  if (!plural) pluralRules.set(locale, (plural = new Intl.PluralRules(locale)))
  return (key, params) => {
    let template: string | undefined
    if (params && typeof params.count === 'number') {
      template = lookup(messages, `${key}_${plural.select(params.count)}`) ?? lookup(messages, `${key}_other`)
    }
    template ??= lookup(messages, key)
    if (template === undefined) return key
    if (!params) return template
    return template.replace(/\{\{\s*(\w+)\s*(?:,\s*(euros)\s*)?\}\}/g, (whole, name: string, style?: 'euros') =>
      name in params ? formatParam(locale, params[name]!, style) : whole,
    )
  }
}

/**
 * A number in the reader's format ("50.000"). `{{name, euros}}` marks an amount of money: a
 * fractional one gets its cents ("1.000,50", not "1.000,5"); a whole one stays whole ("5.000").
 */
function formatParam(locale: Locale, value: string | number, style?: 'euros') {
  if (typeof value !== 'number') return value
  if (style === 'euros' && !Number.isInteger(value)) {
    let cents = euroFormats.get(locale)
    if (!cents) euroFormats.set(locale, (cents = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })))
    return cents.format(value)
  }
  let format = numberFormats.get(locale)
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)))
  return format.format(value)
}

/** Picks the best supported language from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | undefined {
  if (!header) return undefined
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';')
      const q = rest.find((p) => p.trim().startsWith('q='))
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 }
    })
    .filter((entry) => entry.tag && !Number.isNaN(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q)
  for (const { tag } of ranked) {
    const base = tag.split('-')[0]
    if (isLocale(base)) return base
  }
  return undefined
}
