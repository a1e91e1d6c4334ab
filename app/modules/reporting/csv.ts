/**
 * CSV as spreadsheet programs read it: RFC 4180 (comma or semicolon, CRLF, fields with a comma, quote or line
 * break in double quotes, quotes doubled), UTF-8 with a byte order mark so that Excel picks the
 * right encoding, and text that a spreadsheet would run as a formula neutralised with an
 * apostrophe (OWASP's advice against CSV injection).
 *
 * A spreadsheet does not always split where we do: a German Excel splits on `;`, a TSV reader on
 * TAB, and neither honours our quotes in the middle of one of its fields. So a formula start is
 * neutralised wherever any of those readers may begin a field: at the start of the text and after
 * each `,` `;` TAB or line break, with spaces and quotes in between
 * (docs/decisions/062-feeds-and-spreadsheet-safety.md).
 */

export const BOM = '\uFEFF'

/**
 * How a person's spreadsheet splits a file it opens by double-click: Excel takes the list separator
 * of the system's region, which is `;` wherever the decimal separator is a comma (German, French,
 * Dutch), and `,` in English. Numbers then carry the region's decimal separator too, or a German
 * Excel reads 12.5 as text or a date.
 */
export type CsvDialect = { separator: ',' | ';'; decimal: '.' | ',' }
export const COMMA_DIALECT: CsvDialect = { separator: ',', decimal: '.' }
export const SEMICOLON_DIALECT: CsvDialect = { separator: ';', decimal: ',' }
export const CSV_SEPARATORS = ['semicolon', 'comma'] as const
export type CsvSeparator = (typeof CSV_SEPARATORS)[number]

/** The dialect of a language, or of an explicit choice (`?sep=comma|semicolon`), which wins. */
export function csvDialect(locale: string, choice?: string | null): CsvDialect {
  if (choice === 'comma') return COMMA_DIALECT
  if (choice === 'semicolon') return SEMICOLON_DIALECT
  return locale === 'en' ? COMMA_DIALECT : SEMICOLON_DIALECT
}

export type Cell = string | number | boolean | null | undefined | Date

/**
 * A formula start (`= + - @`, and their full-width forms, which East Asian Excel reads alike) where
 * some reader begins a field: at the start, or after a separator one may split on (comma,
 * semicolon, TAB) or a line break (CR, LF, NEL, U+2028/2029), with any spaces and double quotes
 * between. The apostrophe goes right before the formula start.
 */
const FORMULA_AT_FIELD_START = /(^|[,;\t\r\n\u0085\u2028\u2029])([\s"]*)(?=[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/g
/** OWASP's other two: a cell that starts with TAB or CR gets the apostrophe in front as well. */
const BLANK_START = /^[\t\r]/
/** Controls no spreadsheet shows (C0 but TAB, CR, LF; DEL); some cut the cell at a NUL. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g
/** What makes a field need quotes: our separator, a quote, a line break, or another reader's separator. */
const NEEDS_QUOTES = /[",;\t\r\n\u0085\u2028\u2029]/

/** Text as a spreadsheet must read it: no controls, no formula at the start of any field. */
export function neutralise(text: string): string {
  const safe = text.replace(CONTROL, '').replace(FORMULA_AT_FIELD_START, "$1$2'")
  return BLANK_START.test(safe) ? `'${safe}` : safe
}

/**
 * The text of one cell, neutralised and quoted as needed. Numbers, booleans and dates are written
 * by the app and stay as they are (a negative amount is a number, not a formula); every string is
 * text from somewhere and is neutralised, even one that looks like a number.
 */
export function csvCell(value: Cell, dialect: CsvDialect = COMMA_DIALECT): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).replace('.', dialect.decimal) : ''
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (value instanceof Date) return value.toISOString()
  const text = neutralise(value)
  return NEEDS_QUOTES.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvRow(cells: readonly Cell[], dialect: CsvDialect = COMMA_DIALECT): string {
  return `${cells.map((cell) => csvCell(cell, dialect)).join(dialect.separator)}\r\n`
}

/** The start of a document: the BOM and the header row. */
export function csvHeader(header: readonly string[], dialect: CsvDialect = COMMA_DIALECT): string {
  return BOM + csvRow(header, dialect)
}

/** Data rows, one after the other: a batch of a document streamed in pieces. */
export function csvRows(rows: Iterable<readonly Cell[]>, dialect: CsvDialect = COMMA_DIALECT): string {
  let out = ''
  for (const row of rows) out += csvRow(row, dialect)
  return out
}

/** A whole document: BOM, header row, data rows. */
export function toCsv(header: readonly string[], rows: Iterable<readonly Cell[]>, dialect: CsvDialect = COMMA_DIALECT): string {
  return csvHeader(header, dialect) + csvRows(rows, dialect)
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
