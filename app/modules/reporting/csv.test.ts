import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BOM, type Cell, COMMA_DIALECT, csvCell, csvDialect, csvFileName, csvHeader, csvRow, csvRows, neutralise, SEMICOLON_DIALECT, toCsv } from './csv'

describe('csvCell', () => {
  it('leaves plain text and numbers alone', () => {
    expect(csvCell('Radwerk')).toBe('Radwerk')
    expect(csvCell(90)).toBe('90')
    expect(csvCell(-90)).toBe('-90')
    expect(csvCell(null)).toBe('')
    expect(csvCell(undefined)).toBe('')
  })

  it('quotes commas, quotes and line breaks (RFC 4180), doubling quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"')
    expect(csvCell('cr\r\nlf')).toBe('"cr\r\nlf"')
    expect(csvCell(' padded ')).toBe('" padded "')
  })

  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+49 421 123', "'+49 421 123"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    // a TAB is another reader's separator as well: the cell is quoted
    ['\tTab', "\"'\tTab\""],
    ['\rCR', "\"'\rCR\""],
  ])('neutralises a formula start: %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected)
  })

  it('neutralises before quoting', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"')
  })

  it('writes dates as ISO instants', () => {
    expect(csvCell(new Date('2025-01-31T23:30:00Z'))).toBe('2025-01-31T23:30:00.000Z')
  })
})

/** Parses one RFC 4180 field back (what a comma reader shows). */
function unquote(field: string) {
  return field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field
}

/** A formula start at the start of a field, once a reader has dropped leading spaces and quotes. */
const FORMULA_FIELD = /^[\s"]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/

/**
 * Every field any of the readers of ADR 062 may cut out of a line: split on `,`, on `;`, on TAB
 * (each blind to quotes, as a reader is in the middle of its own field) or at a line break.
 */
function foreignFields(line: string) {
  return [/[,\r\n\u0085\u2028\u2029]/, /[;\r\n\u0085\u2028\u2029]/, /[\t\r\n\u0085\u2028\u2029]/].flatMap((separator) => line.split(separator))
}

describe("formula starts after another reader's separator (ADR 062)", () => {
  it.each([
    ['x;=2+5', `"x;'=2+5"`],
    ['a,=3+4', `"a,'=3+4"`],
    ['b\t=5+6', `"b\t'=5+6"`],
    ['a\n=1', `"a\n'=1"`],
    ['e\r@A1', `"e\r'@A1"`],
    ['\t=1', `"'\t'=1"`],
    ['c; -7+1', `"c; '-7+1"`],
    ['d;"=8+1"', `"d;""'=8+1"""`],
    [' =10', `" '=10"`],
    ['g\u2028+1', `"g\u2028'+1"`],
    ['\uFF1D1+1', `'\uFF1D1+1`],
    ['h;\u00a0@x', `"h;\u00a0'@x"`],
    ['plain; text, - and = inside', `"plain; text, '- and = inside"`],
  ])('neutralises %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected)
  })

  it('drops controls that no spreadsheet shows, keeping TAB, CR and LF', () => {
    expect(neutralise('a\u0000b\u0007c\u000bd\u000ce\u001bf\u007fg\th')).toBe('abcdefg\th')
  })

  it('keeps numbers, booleans and dates as they are (a negative amount stays a number), but not text that looks like one', () => {
    expect(csvRow([-12.5, -0.25, 0, true, new Date('2026-01-01T00:00:00Z'), '-12.5'])).toBe("-12.5,-0.25,0,true,2026-01-01T00:00:00.000Z,'-12.5\r\n")
  })

  it('leaves no formula start at the start of any field a comma, semicolon or TAB reader may cut, and loses no character (property test)', () => {
    const piece = fc.constantFrom(',', ';', '\t', '\r', '\n', '\r\n', '"', ' ', '\u00a0', "'", '=', '+', '-', '@', '\uFF1D', '\u2028', '\u0085', '\u0000', '\u001b', 'a', '1', 'SUM(A1)', 'ä', '😀')
    const text = fc.oneof(fc.string({ unit: piece, maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 40 }))
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), (cells) => {
        const line = csvRow(cells).slice(0, -2)
        for (const field of foreignFields(line)) expect(field, JSON.stringify(line)).not.toMatch(FORMULA_FIELD)
        for (const cell of cells) {
          const back = unquote(csvCell(cell))
          // only apostrophes were added, and only the invisible controls were taken away
          expect(back.replace(/'/g, '')).toBe(cell.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').replace(/'/g, ''))
        }
      }),
      { numRuns: 2000 },
    )
  })
})

describe('toCsv', () => {
  it('starts with a BOM and ends rows with CRLF', () => {
    const text = toCsv(['a', 'b'], [[1, 'x,y'], ['=1', null]])
    expect(text.startsWith(BOM)).toBe(true)
    expect(text.slice(1)).toBe('a,b\r\n1,"x,y"\r\n\'=1,\r\n')
    expect(csvRow(['ä', 'ß'])).toBe('ä,ß\r\n')
  })

  it('is the header and the batches of rows, concatenated (BOM and header once)', () => {
    const header = ['id', 'at', 'comment']
    const rows: Cell[][] = [
      [1, new Date('2025-01-31T23:30:00Z'), '=SUM(A1)'],
      [2, null, 'a,b'],
      [3, undefined, 'say "hi"\nthere'],
      [-4, true, ' padded '],
      [5, false, '@cmd'],
    ]
    const whole = toCsv(header, rows)
    for (const size of [1, 2, 3, 5, 10]) {
      let pieces = csvHeader(header)
      for (let i = 0; i < rows.length; i += size) pieces += csvRows(rows.slice(i, i + size))
      expect(pieces).toBe(whole)
    }
    expect(whole.split(BOM)).toHaveLength(2)
    expect(whole.match(/id,at,comment\r\n/g)).toHaveLength(1)
    expect(csvRows([])).toBe('')
    expect(toCsv(header, [])).toBe(`${BOM}id,at,comment\r\n`)
  })
})

describe('the dialect of the reader (#19: a German Excel opens a comma file all in column A)', () => {
  it('is ";" with decimal commas for German, French and Dutch, "," with points for English', () => {
    for (const locale of ['de', 'fr', 'nl']) expect(csvDialect(locale)).toEqual(SEMICOLON_DIALECT)
    expect(csvDialect('en')).toEqual(COMMA_DIALECT)
  })

  it('follows an explicit choice over the language, and ignores a choice it does not know', () => {
    expect(csvDialect('de', 'comma')).toEqual(COMMA_DIALECT)
    expect(csvDialect('en', 'semicolon')).toEqual(SEMICOLON_DIALECT)
    expect(csvDialect('en', 'tab')).toEqual(COMMA_DIALECT)
    expect(csvDialect('de', '')).toEqual(SEMICOLON_DIALECT)
  })

  it('separates with ";" and writes decimal commas, quoting a text with ";" or ","; BOM stays', () => {
    const csv = toCsv(['Name', 'Euro'], [['Radwerk; Kollektiv', -12.5], ['a,b', 3], ['=1+1', 0.25]], SEMICOLON_DIALECT)
    expect(csv).toBe(`${BOM}Name;Euro\r\n"Radwerk; Kollektiv";-12,5\r\n"a,b";3\r\n'=1+1;0,25\r\n`)
  })
})

describe('csvFileName', () => {
  it('keeps a safe ASCII name', () => {
    expect(csvFileName('Ökozentrum Verden', 'exchanges', '2025-01-01', '2026-01-01')).toBe(
      'Okozentrum-Verden_exchanges_2025-01-01_2026-01-01.csv',
    )
    expect(csvFileName('"; rm -rf', '')).toBe('rm--rf.csv')
  })
})
