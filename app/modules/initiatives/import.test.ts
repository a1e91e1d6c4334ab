import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LOCALES } from '~/utils/i18n'
import { checkRow, detectDelimiter, IMPORT_COLUMNS, type ImportColumn, mapHeader, nameKey, parseKind, splitEmails, templateCsv } from './import'
import { INITIATIVE_KINDS } from './kinds'

const locale = (lng: string, ns: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../locales', lng, `${ns}.json`), 'utf8')) as Record<string, Record<string, string>>

const COLUMNS: (ImportColumn | null)[] = ['name', 'kind', 'sector', 'description', 'emails']
const row = (cells: Partial<Record<ImportColumn, string>>) =>
  checkRow(
    COLUMNS.map((c) => cells[c!] ?? ''),
    COLUMNS,
    2,
  )
const good = { name: 'Radwerk', kind: 'Verein', emails: 'a@example.test' }

describe('the import header', () => {
  it.each(LOCALES)('knows the template header of %s (the labels of import.columns)', (lng) => {
    const labels = locale(lng, 'import').columns!
    const header = mapHeader(IMPORT_COLUMNS.map((c) => labels[c]!))
    expect(header.columns).toEqual([...IMPORT_COLUMNS])
    expect(header.missing).toEqual([])
  })

  it('reads English keys in any case, ignores unknown columns, and says which required ones are missing', () => {
    const header = mapHeader(['NAME', 'Website', 'description', 'Name'])
    expect(header.columns).toEqual(['name', null, 'description', null])
    expect(header.ignored).toEqual(['Website'])
    expect(header.repeated).toEqual(['name'])
    expect(header.missing).toEqual(['kind', 'emails'])
  })
})

describe('kinds', () => {
  it.each(LOCALES)('knows every kind label of %s', (lng) => {
    const kinds = locale(lng, 'initiatives').kinds!
    for (const kind of INITIATIVE_KINDS) expect(parseKind(kinds[kind]!)).toBe(kind)
  })
  it('knows the keys and refuses what it does not know', () => {
    expect(parseKind('COOPERATIVE')).toBe('cooperative')
    expect(parseKind('e.V.')).toBe('association')
    expect(parseKind('Stammtisch')).toBeNull()
  })
})

describe('a row', () => {
  it('is new when every cell is fine, and keeps the cells whole', () => {
    const description = 'x'.repeat(4000)
    const r = row({ ...good, sector: 'Fahrräder', description, emails: 'A@Example.test; b@example.test,c@example.test' })
    expect(r.status).toBe('new')
    expect(r.errors).toEqual({})
    expect(r.kind).toBe('association')
    expect(r.description).toBe(description)
    expect(r.emails).toEqual(['a@example.test', 'b@example.test', 'c@example.test'])
  })

  it.each([
    ['missing name', { name: '' }, 'name', 'required'],
    ['short name', { name: 'R' }, 'name', 'tooShort'],
    ['long name', { name: 'R'.repeat(101) }, 'name', 'tooLong'],
    ['missing kind', { kind: '' }, 'kind', 'required'],
    ['unknown kind', { kind: 'Stammtisch' }, 'kind', 'unknownKind'],
    ['long sector', { sector: 's'.repeat(101) }, 'sector', 'tooLong'],
    ['long description', { description: 'd'.repeat(4001) }, 'description', 'tooLong'],
    ['missing e-mails', { emails: ' ' }, 'emails', 'required'],
    ['bad e-mail', { emails: 'a@example.test, nobody@' }, 'emails', 'badEmail'],
    ['repeated e-mail', { emails: 'a@example.test a@EXAMPLE.test' }, 'emails', 'repeatedEmail'],
    ['eleven e-mails', { emails: Array.from({ length: 11 }, (_, i) => `p${i}@example.test`).join(',') }, 'emails', 'tooManyEmails'],
    ['NUL in the name', { name: 'Rad\u0000werk' }, 'name', 'nulByte'],
    ['NUL in the description', { description: 'a\u0000b' }, 'description', 'nulByte'],
  ] as const)('%s is an error at its cell', (_what, cells, column, code) => {
    const r = row({ ...good, ...cells })
    expect(r.status).toBe('invalid')
    expect(r.errors[column]?.map((e) => e.code)).toContain(code)
    expect(Object.keys(r.errors)).toEqual([column])
  })
})

describe('the same initiative', () => {
  it('ignores case, surrounding and repeated spaces, and the form of accents', () => {
    expect(nameKey('  Radwerk   Kollektiv ')).toBe(nameKey('radwerk kollektiv'))
    expect(nameKey('Cafe\u0301 Ölmühle')).toBe(nameKey('café ölmühle'))
    expect(nameKey('Radwerk')).not.toBe(nameKey('Radwerk 2'))
  })
  it('splits addresses on commas, semicolons and spaces', () => {
    expect(splitEmails(' a@x.test;b@x.test , c@x.test\nd@x.test ')).toEqual(['a@x.test', 'b@x.test', 'c@x.test', 'd@x.test'])
  })
})

describe('separators', () => {
  it('takes the most frequent separator outside quotes', () => {
    expect(detectDelimiter('Name;Art;Bereich')).toBe(';')
    expect(detectDelimiter('Name,Kind,Sector')).toBe(',')
    expect(detectDelimiter('"Name, full";Art')).toBe(';')
    expect(detectDelimiter('Name\tKind\tSector')).toBe('\t')
  })
  it('writes the template with a BOM and the separator of the language', () => {
    const labels = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, c.toUpperCase()])) as Record<ImportColumn, string>
    expect(templateCsv(labels, 'de')).toBe('\uFEFFNAME;KIND;SECTOR;DESCRIPTION;EMAILS\r\n')
    expect(templateCsv(labels, 'en')).toBe('\uFEFFNAME,KIND,SECTOR,DESCRIPTION,EMAILS\r\n')
    expect(templateCsv({ ...labels, sector: "Domaine d'activité; x" }, 'fr')).toContain('"Domaine d\'activité; x"')
  })
})
