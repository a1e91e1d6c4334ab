/**
 * Reading an uploaded spreadsheet into rows of text cells (ADR 072). CSV is parsed as a stream
 * (csv-parse), one record at a time, so a file of 11,000 rows never becomes 11,000 objects at
 * once; XLSX (read-excel-file) is bounded by the file's limit and by the unpacked size its zip
 * directory declares, checked before anything is unpacked.
 */
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { parse } from 'csv-parse'
import { readSheet } from 'read-excel-file/node'
import { detectDelimiter, type ImportFileError, MAX_IMPORT_ROWS } from './import'

export class ImportFileProblem extends Error {
  constructor(readonly code: ImportFileError) {
    super(`import file: ${code}`)
  }
}

/** A sheet's XML is roughly ten times its zipped size; this is far above any honest 20 MB workbook. */
const MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024
/** One CSV record (a row with a 4,000-character description fits many times over). */
const MAX_RECORD_BYTES = 256 * 1024

export type Encoding = 'utf-8' | 'windows-1252'
export type FileFormat = 'csv' | 'xlsx'

async function* chunksOf(file: Blob): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      yield value
    }
  } finally {
    reader.releaseLock()
  }
}

export async function sha256Of(file: Blob): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of chunksOf(file)) hash.update(chunk)
  return hash.digest('hex')
}

export async function formatOf(file: Blob): Promise<FileFormat> {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer())
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx'
  // The binary .xls of Excel 97–2003 (an OLE compound file): we ask for .xlsx or .csv instead.
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) throw new ImportFileProblem('oldExcel')
  return 'csv'
}

/**
 * UTF-8 (with or without BOM) when every byte sequence is valid UTF-8; otherwise the file came
 * from an older Excel that saved "CSV" in the Windows code page, which is read as windows-1252.
 * Decided over the whole file in one streamed pass that keeps nothing.
 */
export async function encodingOf(file: Blob): Promise<Encoding> {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  try {
    for await (const chunk of chunksOf(file)) decoder.decode(chunk, { stream: true })
    decoder.decode()
    return 'utf-8'
  } catch {
    return 'windows-1252'
  }
}

async function* textOf(file: Blob, encoding: Encoding): AsyncGenerator<string> {
  // The decoder drops a UTF-8 BOM at the start (ignoreBOM is false by default).
  const decoder = new TextDecoder(encoding)
  for await (const chunk of chunksOf(file)) {
    const text = decoder.decode(chunk, { stream: true })
    if (text) yield text
  }
  const rest = decoder.decode()
  if (rest) yield rest
}

/** The CSV's records as arrays of cells, header first. */
async function* csvRecords(file: Blob): AsyncGenerator<string[]> {
  const text = textOf(file, await encodingOf(file))
  // The separator is read off the header line, so the parser starts once that line is in.
  let buffered = ''
  let next = await text.next()
  while (!next.done) {
    buffered += next.value
    if (/[\r\n]/.test(buffered)) break
    next = await text.next()
  }
  if (!buffered.trim()) throw new ImportFileProblem('empty')
  const firstLine = buffered.split(/\r?\n|\r/, 1)[0] ?? ''
  const parser = parse({
    delimiter: detectDelimiter(firstLine),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_BYTES,
  })
  // Stopped when the reader stops early (a file over the row limit), so no write waits for ever.
  const stop = new AbortController()
  const feeding = (async () => {
    const write = async (part: string) => {
      if (!parser.write(part)) await once(parser, 'drain', { signal: stop.signal })
    }
    await write(buffered)
    if (!next.done) {
      for await (const part of text) {
        if (stop.signal.aborted) return
        await write(part)
      }
    }
    parser.end()
  })().catch((error: unknown) => {
    if (!stop.signal.aborted) parser.destroy(error instanceof Error ? error : new Error(String(error)))
  })
  try {
    for await (const record of parser as AsyncIterable<string[]>) yield record
  } catch {
    // An unclosed quote at the end, a record over the size limit: the file as a whole is unreadable.
    throw new ImportFileProblem('unreadable')
  } finally {
    stop.abort()
    parser.destroy()
    await feeding
  }
}

/**
 * The unpacked size the zip's central directory declares for all its entries, or null when the
 * directory cannot be found (not a zip, or a ZIP64 one, whose sizes we do not read).
 */
export function declaredUnpackedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const lowest = Math.max(0, bytes.length - 22 - 0xffff)
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) !== 0x06054b50) continue
    const entries = view.getUint16(at + 10, true)
    let offset = view.getUint32(at + 16, true)
    if (entries === 0xffff || offset === 0xffffffff) return null
    let total = 0
    for (let i = 0; i < entries; i++) {
      if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null
      const size = view.getUint32(offset + 24, true)
      if (size === 0xffffffff) return null
      total += size
      offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true)
    }
    return total
  }
  return null
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  return String(value)
}

async function* xlsxRecords(file: Blob): AsyncGenerator<string[]> {
  const bytes = Buffer.from(await file.arrayBuffer())
  const unpacked = declaredUnpackedSize(bytes)
  if (unpacked === null) throw new ImportFileProblem('unreadable')
  if (unpacked > MAX_XLSX_UNPACKED_BYTES) throw new ImportFileProblem('tooLarge')
  let sheet: unknown[][]
  try {
    sheet = await readSheet(bytes)
  } catch {
    throw new ImportFileProblem('unreadable')
  }
  for (const row of sheet) yield row.map(cellText)
}

/**
 * The file's rows as text cells, the header first. Throws ImportFileProblem for a file that
 * cannot be read at all (old .xls, broken zip, unclosed quote, no header, too many rows).
 */
export async function* readImportRows(file: Blob): AsyncGenerator<string[]> {
  const format = await formatOf(file)
  let count = 0
  for await (const record of format === 'xlsx' ? xlsxRecords(file) : csvRecords(file)) {
    // header + MAX_IMPORT_ROWS data rows
    if (++count > MAX_IMPORT_ROWS + 1) throw new ImportFileProblem('tooManyRows')
    yield record
  }
  if (count === 0) throw new ImportFileProblem('empty')
}
