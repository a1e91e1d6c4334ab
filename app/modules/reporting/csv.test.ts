import { describe, expect, it } from 'vitest'
import { BOM, type Cell, csvCell, csvFileName, csvHeader, csvRow, csvRows, toCsv } from './csv'

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
    ['\tTab', "'\tTab"],
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

describe('csvFileName', () => {
  it('keeps a safe ASCII name', () => {
    expect(csvFileName('Ökozentrum Verden', 'exchanges', '2025-01-01', '2026-01-01')).toBe(
      'Okozentrum-Verden_exchanges_2025-01-01_2026-01-01.csv',
    )
    expect(csvFileName('"; rm -rf', '')).toBe('rm--rf.csv')
  })
})
