const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Ids in URLs and forms are checked before they reach the database (a bad uuid is a 404, not a 500). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}

/** A URL-safe slug from a name: lower case, ASCII, hyphens. */
export function slugify(name: string): string {
  return name
    // German umlauts as German writes them without: Köln → koeln, not koln (before accents are
    // dropped). After a vowel the dots are a Dutch or French diaeresis (coöperatie), simply dropped.
    .normalize('NFC')
    .replace(/(?<![aeiouAEIOU])[äöüÄÖÜ]/g, (c) => ({ ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue' })[c]!)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
}
