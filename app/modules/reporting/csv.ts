/**
 * CSV as spreadsheet programs read it: RFC 4180 (comma, CRLF, fields with a comma, quote or line
 * break in double quotes, quotes doubled), UTF-8 with a byte order mark so that Excel picks the
 * right encoding, and cells that a spreadsheet would run as a formula (`= + - @`, tab, CR at the
 * start) neutralised with a leading apostrophe (OWASP's advice against CSV injection).
 */

export const BOM = '\uFEFF'

export type Cell = string | number | boolean | null | undefined | Date

const FORMULA_START = /^[=+\-@\t\r]/

/** The text of one cell, neutralised and quoted as needed. Numbers stay numbers (a negative amount is not a formula). */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  let text = value instanceof Date ? value.toISOString() : value
  if (FORMULA_START.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvRow(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}

/** The start of a document: the BOM and the header row. */
export function csvHeader(header: readonly string[]): string {
  return BOM + csvRow(header)
}

/** Data rows, one after the other: a batch of a document streamed in pieces. */
export function csvRows(rows: Iterable<readonly Cell[]>): string {
  let out = ''
  for (const row of rows) out += csvRow(row)
  return out
}

/** A whole document: BOM, header row, data rows. */
export function toCsv(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  return csvHeader(header) + csvRows(rows)
}

/** A file name that is safe in a Content-Disposition header: ASCII letters, digits, dot, dash, underscore. */
export function csvFileName(...parts: string[]) {
  const base = parts
    .map((p) =>
      p
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter(Boolean)
    .join('_')
  return `${base || 'export'}.csv`
}
