/**
 * Amounts of euros as people type them in forms, in any of Viertel's languages, and back.
 */

/**
 * "12", "12,5", "12.50", "1.234,56", "1,234.56" → cents; null when it is not an amount of euros
 * with at most two decimals.
 */
export function parseEurosToCents(input: string): number | null {
  const text = input.trim().replace(/\s|€/g, '')
  if (!/^\d[\d.,]*$/.test(text)) return null
  let normalised: string
  const lastComma = text.lastIndexOf(',')
  const lastDot = text.lastIndexOf('.')
  if (lastComma >= 0 && lastDot >= 0) {
    // Both: the later one is the decimal mark, the other groups thousands.
    normalised = lastComma > lastDot ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '')
  } else if (lastComma >= 0) {
    normalised = /^\d{1,3}(,\d{3})+$/.test(text) && text.split(',').length > 2 ? text.replace(/,/g, '') : text.replace(',', '.')
  } else if (/^\d{1,3}(\.\d{3})+$/.test(text)) {
    normalised = text.replace(/\./g, '') // "1.500" is fifteen hundred euros, as written in German
  } else {
    normalised = text
  }
  if (!/^\d+(\.\d{1,2})?$/.test(normalised)) return null
  const [whole, fraction = ''] = normalised.split('.')
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
  return Number.isSafeInteger(cents) ? cents : null
}

/** Cents for a form field: plain digits with a dot, never ambiguous for parseEurosToCents. */
export function centsToEuroInput(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return ''
  return cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2)
}
