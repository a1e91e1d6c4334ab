/**
 * Bringing a centre's existing initiatives in from a spreadsheet (issue #19, ADR 072): the pure
 * part — which column is which, what a cell may hold, when two names are the same initiative.
 * Shared with the browser for its types and limits; the reading of files and the database live in
 * import-read.server.ts and import.server.ts.
 */
import { z } from 'zod'
import { INITIATIVE_KINDS, type InitiativeKind } from './kinds'

export * from './import-constants'
import { IMPORT_COLUMNS, IMPORT_LIMITS, REQUIRED_COLUMNS, type ImportColumn } from './import-constants'

/** The page's two steps; the confirmation names the file it confirms by its SHA-256 (ADR 072). */
export const ImportIntentSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('preview') }),
  z.object({ intent: z.literal('confirm'), sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'validation.invalid' }) }),
])

/** Header words, compared by headerKey: the template's own labels in de/en/fr/nl and what people tend to write. */
const HEADER_ALIASES: Record<ImportColumn, string[]> = {
  name: ['name', 'initiative', 'initiativename', 'nameder initiative', 'nom', 'nomdelinitiative', 'naam', 'naamvaninitiatief', 'initiatief'],
  kind: ['kind', 'type', 'art', 'typ', 'soort', 'form', 'rechtsform'],
  sector: [
    'sector',
    'sektor',
    'fieldofwork',
    'field',
    'bereich',
    'arbeitsfeld',
    'arbeitsbereich',
    'branche',
    'secteur',
    'domaine',
    'domainedactivite',
    'werkveld',
    'branche',
  ],
  description: ['description', 'beschreibung', 'beschrijving', 'omschrijving', 'descriptif'],
  emails: [
    'emails',
    'email',
    'contactemails',
    'contactemail',
    'contacts',
    'contact',
    'kontakt',
    'kontakte',
    'kontaktemails',
    'kontaktemail',
    'emailadressen',
    'emailadresse',
    'courriel',
    'courriels',
    'emailsdecontact',
    'adressesemail',
    'contactemailadressen',
    'emailadres',
  ],
}

/** A header cell reduced to its letters and digits: `Kontakt-E-Mails` → `kontaktemails`, `Coopérative` → `cooperative`. */
export function headerKey(cell: string): string {
  return cell
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

const HEADER_LOOKUP = new Map<string, ImportColumn>(
  IMPORT_COLUMNS.flatMap((column) => HEADER_ALIASES[column].map((alias) => [headerKey(alias), column] as const)),
)

export interface HeaderMap {
  /** per cell of the header: the column it is, or null (ignored) */
  columns: (ImportColumn | null)[]
  missing: ImportColumn[]
  /** header cells that are not one of ours (shown, not an error) */
  ignored: string[]
  /** a column named twice: the first one counts */
  repeated: ImportColumn[]
}

export function mapHeader(cells: string[]): HeaderMap {
  const seen = new Set<ImportColumn>()
  const ignored: string[] = []
  const repeated: ImportColumn[] = []
  const columns = cells.map((cell) => {
    const column = HEADER_LOOKUP.get(headerKey(cell)) ?? null
    if (!column) {
      if (cell.trim()) ignored.push(cell.trim())
      return null
    }
    if (seen.has(column)) {
      repeated.push(column)
      return null
    }
    seen.add(column)
    return column
  })
  return { columns, missing: REQUIRED_COLUMNS.filter((c) => !seen.has(c)), ignored, repeated }
}

/** Kinds as people write them: the keys and the labels of all four languages (initiatives.kinds). */
const KIND_ALIASES: Record<InitiativeKind, string[]> = {
  enterprise: ['enterprise', 'company', 'business', 'betrieb', 'unternehmen', 'firma', 'entreprise', 'onderneming', 'bedrijf'],
  cooperative: ['cooperative', 'coop', 'genossenschaft', 'eg', 'kooperative', 'coopérative', 'coöperatie', 'cooperatie'],
  association: ['association', 'verein', 'ev', 'vereniging', 'stichting'],
  project: ['project', 'projekt', 'projet', 'initiative'],
  other: ['other', 'sonstiges', 'sonstige', 'andere', 'autre', 'anders', 'overig'],
}
const KIND_LOOKUP = new Map<string, InitiativeKind>(
  INITIATIVE_KINDS.flatMap((kind) => KIND_ALIASES[kind].map((alias) => [headerKey(alias), kind] as const)),
)

export function parseKind(cell: string): InitiativeKind | null {
  return KIND_LOOKUP.get(headerKey(cell)) ?? null
}

/**
 * When two names are the same initiative: case, accents of composed/decomposed forms and runs of
 * spaces do not count (`Radwerk  kollektiv` = `Radwerk Kollektiv`). This is what "the same" means
 * for duplicates within a file, against the centre's initiatives and for re-importing (ADR 072).
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('und')
}

const EmailSchema = z.string().max(IMPORT_LIMITS.emailMax).email()

/** A cell of addresses: separated by commas, semicolons, spaces or line breaks; lower-cased as accounts are. */
export function splitEmails(cell: string): string[] {
  return cell
    .split(/[\s,;]+/)
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean)
}

export type CellErrorCode =
  | 'required'
  | 'tooShort'
  | 'tooLong'
  | 'nulByte'
  | 'unknownKind'
  | 'badEmail'
  | 'tooManyEmails'
  | 'repeatedEmail'
  | 'duplicateInFile'

export interface CellError {
  code: CellErrorCode
  /** the bad address, the limit, or the row this one repeats */
  detail?: string | number
}

export type RowStatus = 'new' | 'exists' | 'invalid'

export interface ImportRow {
  /** the row number as a spreadsheet shows it: the header is row 1 */
  row: number
  name: string
  kind: InitiativeKind | null
  /** the kind cell as written, shown when it is not one we know */
  kindText: string
  sector: string
  description: string
  emails: string[]
  errors: Partial<Record<ImportColumn, CellError[]>>
  status: RowStatus
}

/** A spreadsheet's cells as text; trimmed, since a stray space is never meant. */
function cellOf(cells: string[], columns: (ImportColumn | null)[], column: ImportColumn): string {
  const index = columns.indexOf(column)
  return index < 0 ? '' : (cells[index] ?? '').trim()
}

export function isBlankRow(cells: string[]): boolean {
  return cells.every((cell) => !cell.trim())
}

/** One data row checked on its own (duplicates and existing names are judged by the caller, who sees the whole file). */
export function checkRow(cells: string[], columns: (ImportColumn | null)[], row: number): ImportRow {
  const errors: Partial<Record<ImportColumn, CellError[]>> = {}
  const add = (column: ImportColumn, error: CellError) => (errors[column] ??= []).push(error)
  const text = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, cellOf(cells, columns, c)])) as Record<ImportColumn, string>
  for (const column of IMPORT_COLUMNS) {
    // PostgreSQL cannot store U+0000 in text; the cell is refused rather than silently changed.
    if (text[column].includes('\u0000')) add(column, { code: 'nulByte' })
  }
  const name = text.name.replace(/\u0000/g, '')
  if (!name) add('name', { code: 'required' })
  else if (name.length < IMPORT_LIMITS.nameMin) add('name', { code: 'tooShort', detail: IMPORT_LIMITS.nameMin })
  else if (name.length > IMPORT_LIMITS.nameMax) add('name', { code: 'tooLong', detail: IMPORT_LIMITS.nameMax })

  const kind = text.kind ? parseKind(text.kind) : null
  if (!text.kind) add('kind', { code: 'required' })
  else if (!kind) add('kind', { code: 'unknownKind' })

  if (text.sector.length > IMPORT_LIMITS.sectorMax) add('sector', { code: 'tooLong', detail: IMPORT_LIMITS.sectorMax })
  if (text.description.length > IMPORT_LIMITS.descriptionMax) {
    add('description', { code: 'tooLong', detail: IMPORT_LIMITS.descriptionMax })
  }

  const emails = splitEmails(text.emails.replace(/\u0000/g, ''))
  if (!emails.length) add('emails', { code: 'required' })
  if (emails.length > IMPORT_LIMITS.emailsPerRow) add('emails', { code: 'tooManyEmails', detail: IMPORT_LIMITS.emailsPerRow })
  const seen = new Set<string>()
  for (const email of emails) {
    if (!EmailSchema.safeParse(email).success) add('emails', { code: 'badEmail', detail: email.slice(0, 80) })
    else if (seen.has(email)) add('emails', { code: 'repeatedEmail', detail: email })
    seen.add(email)
  }

  return {
    row,
    // A cell over its limit is kept only as far as the preview can show it; valid cells are whole.
    name: name.slice(0, IMPORT_LIMITS.nameMax + 20),
    kind,
    kindText: text.kind.slice(0, 40),
    sector: text.sector.slice(0, IMPORT_LIMITS.sectorMax + 20),
    description: text.description.slice(0, IMPORT_LIMITS.descriptionMax + 20),
    emails: [...seen].slice(0, IMPORT_LIMITS.emailsPerRow + 1),
    errors,
    status: Object.keys(errors).length ? 'invalid' : 'new',
  }
}

/** The preview shows the start of a long description; the import takes it whole. */
export const PREVIEW_DESCRIPTION_CHARS = 280

export function errorCount(row: ImportRow): number {
  return Object.values(row.errors).reduce((sum, list) => sum + (list?.length ?? 0), 0)
}

/**
 * The separator of a CSV file, from its header line: the one of `;`, `,` and tab that occurs most
 * outside quotes. German, French and Dutch Excel write `;`, English Excel `,`.
 */
export function detectDelimiter(firstLine: string): ';' | ',' | '\t' {
  const counts = { ';': 0, ',': 0, '\t': 0 }
  let quoted = false
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted
    else if (!quoted && char in counts) counts[char as keyof typeof counts]++
  }
  if (counts['\t'] > counts[';'] && counts['\t'] > counts[',']) return '\t'
  return counts[';'] >= counts[','] && counts[';'] > 0 ? ';' : ','
}

/** What the preview says about the whole file. */
export interface ImportSummary {
  sha256: string
  fileName: string
  rows: number
  newRows: number
  existingRows: number
  invalidRows: number
  cellErrors: number
  ignoredColumns: string[]
  /** when exactly this file (by its SHA-256) was imported into this centre before */
  importedBefore: { at: string; by: string | null } | null
}

export type ImportFileError = 'noFile' | 'tooLarge' | 'tooManyRows' | 'unreadable' | 'empty' | 'oldExcel' | 'missingColumns'

/**
 * The template: a header row in the person's language (the reader knows all four and the English
 * keys), with the separator their spreadsheet expects — `;` except in English — and a BOM, so
 * Excel opens it as UTF-8.
 */
export function templateCsv(labels: Record<ImportColumn, string>, locale: string): string {
  const separator = locale === 'en' ? ',' : ';'
  const quote = (cell: string) => (/[";,\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)
  return `\uFEFF${IMPORT_COLUMNS.map((column) => quote(labels[column])).join(separator)}\r\n`
}
