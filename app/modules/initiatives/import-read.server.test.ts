import { describe, expect, it } from 'vitest'
import writeXlsxFile from 'write-excel-file/node'
import { declaredUnpackedSize, encodingOf, ImportFileProblem, readImportRows } from './import-read.server'

async function rows(file: Blob) {
  const out: string[][] = []
  for await (const record of readImportRows(file)) out.push(record)
  return out
}
async function problem(file: Blob) {
  try {
    await rows(file)
  } catch (error) {
    if (error instanceof ImportFileProblem) return error.code
    throw error
  }
  return null
}

describe('reading an import file', () => {
  it('reads UTF-8 with a BOM and semicolons, quoted separators and line breaks in cells', async () => {
    const file = new Blob(['\uFEFFName;Art\r\n"Radwerk; Kollektiv";"Verein\nmit Zeilen"\r\nÖlmühle;Betrieb\r\n'])
    expect(await rows(file)).toEqual([
      ['Name', 'Art'],
      ['Radwerk; Kollektiv', 'Verein\nmit Zeilen'],
      ['Ölmühle', 'Betrieb'],
    ])
  })

  it('reads UTF-8 without a BOM, separated by commas', async () => {
    expect(await rows(new Blob(['Name,Kind\nCafé Ölmühle,cooperative\n']))).toEqual([
      ['Name', 'Kind'],
      ['Café Ölmühle', 'cooperative'],
    ])
  })

  it('reads Windows-1252 from an old Excel (invalid UTF-8), € and ä included', async () => {
    const bytes = Buffer.concat([Buffer.from('Name;Art\r\nK'), Buffer.from([0xe4, 0x73, 0x65, 0x20, 0x80]), Buffer.from(';Verein\r\n')])
    const file = new Blob([bytes])
    expect(await encodingOf(file)).toBe('windows-1252')
    expect(await rows(file)).toEqual([
      ['Name', 'Art'],
      ['Käse €', 'Verein'],
    ])
  })

  it('reads the first sheet of an XLSX workbook, numbers and empty cells as text', async () => {
    const buffer = await writeXlsxFile([
      [{ value: 'Name' }, { value: 'Art' }],
      [{ value: 'Äpfel & Birnen' }, { value: 42 }],
      [null, { value: 'Verein' }],
    ]).toBuffer()
    expect(await rows(new Blob([new Uint8Array(buffer)]))).toEqual([
      ['Name', 'Art'],
      ['Äpfel & Birnen', '42'],
      ['', 'Verein'],
    ])
  })

  it('refuses what it cannot read as a whole: old .xls, a broken zip, an unclosed quote, nothing', async () => {
    expect(await problem(new Blob([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])]))).toBe('oldExcel')
    expect(await problem(new Blob([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])]))).toBe('unreadable')
    expect(await problem(new Blob(['Name;Art\n"Radwerk;Verein\n']))).toBe('unreadable')
    expect(await problem(new Blob(['\r\n\r\n']))).toBe('empty')
    expect(await problem(new Blob([]))).toBe('empty')
  })

  it('reads the unpacked size a zip declares, before unpacking it', async () => {
    const buffer = await writeXlsxFile([[{ value: 'x'.repeat(10_000) }]]).toBuffer()
    const declared = declaredUnpackedSize(new Uint8Array(buffer))
    expect(declared).toBeGreaterThan(10_000)
    expect(declaredUnpackedSize(new TextEncoder().encode('not a zip'))).toBeNull()
  })
})
