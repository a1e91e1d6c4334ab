import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCentre, makeManager, makeMember } from '#db/factories'
import { SESSION_COOKIE } from '~/utils/session-cookie.server'
import { createSession, generateSessionToken } from '~/modules/auth/session.server'
import { logHelpGiven, transition } from '~/modules/exchanges/exchanges.server'
import { toCsv } from '~/modules/reporting/csv'
import type { loader as exportLoader } from '~/routes/c.$centre.manage.export.$file'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * CSV exports opened by a real spreadsheet (issue #13 §5, docs/decisions/062-feeds-and-spreadsheet-safety.md):
 * LibreOffice Calc, headless, reads the file as a German Excel does (`;`), as an English one does
 * (`,`), as a TSV reader does (TAB) and on all three at once, and writes what it made of it as flat ODF XML. No cell may
 * have become a formula, and the amounts must still be numbers.
 */

/** The probes of the issue and their variations: a formula start at a field start for some reader. */
const HOSTILE = [
  'x;=2+5',
  '=1+1',
  '-2+3',
  '@SUM(1)',
  '\t=1',
  'a\n=1',
  '+1',
  '=HYPERLINK("http://x")',
  'a,=3+4',
  'b\t=5+6',
  'c; -7+1',
  'd;"=8+1"',
  'e\r@A1',
  'f\r\n+9',
  ' =10+1',
  'g;\u00a0=11+1',
  'h;=cmd|\' /C calc\'!A0',
]

let soffice: string | null = null
let profile = ''
let work = ''
beforeAll(() => {
  const found = spawnSync('soffice', ['--version'], { encoding: 'utf8' })
  if (found.status === 0) soffice = 'soffice'
  work = mkdtempSync(path.join(tmpdir(), 'viertel-csv-'))
  // its own LibreOffice profile: another soffice on the machine cannot lock this one
  profile = path.join(work, 'profile')
  mkdirSync(profile)
})
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

function skipWithoutSoffice(context: { skip: () => void }) {
  if (soffice) return false
  console.log('skipped: LibreOffice (soffice) is not installed — apt-get install --no-install-recommends libreoffice-calc-nogui')
  context.skip()
  return true
}

interface SheetCell {
  type: string
  value: string | null
  formula: string | null
  text: string
}

const XML_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" }
const unxml = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (e) => XML_ENTITIES[e]!)
const attribute = (attributes: string, name: string) => {
  const match = new RegExp(`${name}="([^"]*)"`).exec(attributes)
  return match ? unxml(match[1]!) : null
}

/** The rows of the first sheet of a flat ODF spreadsheet: each cell's type, value, formula and shown text. */
function sheetRows(fods: string): SheetCell[][] {
  const rows: SheetCell[][] = []
  for (const row of fods.matchAll(/<table:table-row\b[^>]*>([\s\S]*?)<\/table:table-row>/g)) {
    const cells: SheetCell[] = []
    for (const cell of row[1]!.matchAll(/<table:table-cell\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g)) {
      const attributes = cell[1]!
      const paragraphs = [...(cell[2] ?? '').matchAll(/<text:p>([\s\S]*?)<\/text:p>/g)].map((p) =>
        unxml(p[1]!.replace(/<text:tab\/>/g, '\t').replace(/<text:line-break\/>/g, '\n').replace(/<text:s(?: text:c="(\d+)")?\/>/g, (_, n: string | undefined) => ' '.repeat(Number(n ?? 1)))),
      )
      const repeated = Number(attribute(attributes, 'table:number-columns-repeated') ?? 1)
      const one = { type: attribute(attributes, 'office:value-type') ?? 'empty', value: attribute(attributes, 'office:value'), formula: attribute(attributes, 'table:formula'), text: paragraphs.join('\n') }
      for (let i = 0; i < Math.min(repeated, 100); i++) cells.push(one)
    }
    while (cells.length && cells[cells.length - 1]!.type === 'empty') cells.pop()
    if (cells.length) rows.push(cells)
  }
  return rows
}

/** LibreOffice's separator codes; `all` splits on each of the three at once. */
const SEPARATORS = { semicolon: '59', comma: '44', tab: '9', all: '44/59/9' } as const

/** Opens the CSV in LibreOffice with one separator (UTF-8, quotes `"`, formulas evaluated as by default) and reads back the sheet; `german` reads numbers as a German Calc does (decimal comma). */
function openIn(csv: string | Buffer, separator: keyof typeof SEPARATORS, name: string, german = false) {
  const dir = path.join(work, `${name}-${separator}`)
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${name}.csv`)
  writeFileSync(file, csv)
  const run = spawnSync(
    soffice!,
    [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', `--infilter=CSV:${SEPARATORS[separator]},34,76,1,,${german ? 1031 : 1033}`, '--convert-to', 'fods', '--outdir', dir, file],
    { encoding: 'utf8', timeout: 60_000 },
  )
  if (run.status !== 0) throw new Error(`soffice failed: ${run.stderr}`)
  const fods = readFileSync(path.join(dir, `${name}.fods`), 'utf8')
  return { fods, rows: sheetRows(fods) }
}

function expectNoFormula(sheet: { fods: string; rows: SheetCell[][] }, label: string) {
  expect(sheet.rows.length, label).toBeGreaterThan(1)
  expect(sheet.fods.match(/table:formula="[^"]*"/g) ?? [], label).toEqual([])
  expect(sheet.rows.flat().filter((c) => c.formula), label).toEqual([])
}

/** Opens the CSV with each separator, expecting no formula in any of them. */
function openAll(csv: string | Buffer, name: string) {
  const sheets = {} as Record<keyof typeof SEPARATORS, ReturnType<typeof openIn>>
  for (const separator of Object.keys(SEPARATORS) as (keyof typeof SEPARATORS)[]) {
    sheets[separator] = openIn(csv, separator, name)
    expectNoFormula(sheets[separator], `${name}, ${separator}`)
  }
  return sheets
}

describe('a CSV with hostile cells in LibreOffice Calc', () => {
  it('has no formula when opened with ";", ",", TAB or all three as the separator; amounts stay numbers and texts keep their characters', { timeout: 120_000 }, (context) => {
    if (skipWithoutSoffice(context)) return
    const csv = toCsv(['n', 'text', 'amount'], HOSTILE.map((text, i) => [i, text, -i - 0.25]))
    const sheets = openAll(csv, 'probes')
    const [header, ...rows] = sheets.comma.rows
    expect(header!.map((c) => c.text)).toEqual(['n', 'text', 'amount'])
    expect(rows).toHaveLength(HOSTILE.length)
    rows.forEach((row, i) => {
      expect(row[0]).toMatchObject({ type: 'float', value: String(i) })
      // the text is all there: only apostrophes were added
      expect(row[1]!.type).toBe('string')
      expect(row[1]!.text.replace(/'/g, ''), JSON.stringify(HOSTILE[i])).toBe(HOSTILE[i]!.replace(/'/g, '').replace(/\r\n|\r/g, '\n'))
      expect(row[2]).toMatchObject({ type: 'float', value: String(-i - 0.25) })
    })
  })
})

describe('the exchanges export route opened in LibreOffice Calc', () => {
  let database: TestDatabase
  let loader: typeof exportLoader
  beforeAll(async () => {
    database = await createTestDatabase()
    // ~/utils/db.server takes the handle kept here instead of opening its own
    globalThis.__viertelDatabase = Promise.resolve(database)
    ;({ loader } = await import('~/routes/c.$centre.manage.export.$file'))
  })
  afterAll(async () => {
    globalThis.__viertelDatabase = undefined
    await database?.close()
  })

  it('streams a file in which no title, comment or name becomes a formula, with the minutes and euros as numbers', { timeout: 120_000 }, async (context) => {
    const { db } = database
    const centre = await makeCentre(db, { timeZone: 'Europe/Berlin', hourValueCents: 2000 })
    const manager = await makeManager(db, centre.id)
    const provider = await makeMember(db, centre.id, { name: '@SUM(1);=1+1' })
    const receiver = await makeMember(db, centre.id, { name: '-2+3' })
    for (const [i, text] of HOSTILE.entries()) {
      const logged = await logHelpGiven(db, { id: provider.user.id }, centre.id, {
        initiativeId: provider.initiative.id,
        receiverInitiativeId: receiver.initiative.id,
        title: `${text} ${i}`,
        description: text,
        date: '2026-02-10',
        minutes: 30 + i,
        valueCents: 1000 + i * 5,
        at: new Date(Date.UTC(2026, 1, 10, 10, i)),
      })
      if (!logged.ok) throw new Error(JSON.stringify(logged))
      // confirmed, so the ledger export has its entries (the provider's positive, the receiver's negative)
      const confirmed = await transition(db, { id: receiver.user.id }, logged.exchange.id, 'confirm', {}, { at: new Date(Date.UTC(2026, 1, 11, 10, i)) })
      if (!confirmed.ok) throw new Error(JSON.stringify(confirmed))
    }
    const token = generateSessionToken()
    await createSession(db, token, manager.id)
    async function download(file: string, sep = 'comma') {
      const response = await loader({
        request: new Request(`http://viertel.test/c/${centre.slug}/manage/export/${file}?from=2026-02-01&to=2026-03-01${sep ? `&sep=${sep}` : ''}`, { headers: { Cookie: `${SESSION_COOKIE}=${token}` } }),
        params: { centre: centre.slug, file },
        context: {},
      })
      expect(response.status).toBe(200)
      expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
      return Buffer.from(await response.arrayBuffer())
    }
    const csv = await download('exchanges.csv')
    const ledgerCsv = await download('ledger.csv')
    // without a choice, the manager's language decides: German, so `;` and decimal commas
    const germanCsv = await download('exchanges.csv', '')
    const germanHeader = germanCsv.toString('utf8').split('\r\n')[0]!
    expect(germanHeader).toContain(';')
    expect(germanHeader).not.toContain(',')
    if (skipWithoutSoffice(context)) return
    {
      const german = openIn(germanCsv, 'semicolon', 'exchanges-de', true)
      expectNoFormula(german, 'exchanges, German')
      const [header, ...rows] = german.rows
      const eur = header!.findIndex((c) => c.text === 'eur')
      expect(rows).toHaveLength(HOSTILE.length)
      expect(rows.map((r) => r[eur]).sort((a, b) => Number(a!.value) - Number(b!.value))).toEqual(
        HOSTILE.map((_, i) => expect.objectContaining({ type: 'float', value: String((1000 + i * 5) / 100) })),
      )
    }
    const [header, ...rows] = openAll(csv, 'exchanges').comma.rows
    const col = (name: string) => header!.findIndex((c) => c.text === name)
    expect(rows).toHaveLength(HOSTILE.length)
    const byMinutes = new Map(rows.map((r) => [Number(r[col('minutes')]!.value), r]))
    for (const [i, text] of HOSTILE.entries()) {
      const row = byMinutes.get(30 + i)!
      expect(row, text).toBeDefined()
      expect(row[col('minutes')]!.type).toBe('float')
      expect(row[col('eur')]).toMatchObject({ type: 'float', value: String((1000 + i * 5) / 100) })
      // (the exchanges module trims what it stores)
      expect(row[col('comment')]!.text.replace(/'/g, ''), JSON.stringify(text)).toBe(text.trim().replace(/'/g, '').replace(/\r\n|\r/g, '\n'))
      expect(row[col('provider')]!.text).toBe("'@SUM(1);'=1+1")
      expect(row[col('receiver')]!.text).toBe("'-2+3")
    }

    // the ledger's negative amounts are numbers, not neutralised text
    expectNoFormula(openIn(ledgerCsv, 'semicolon', 'ledger'), 'ledger')
    const ledger = openIn(ledgerCsv, 'comma', 'ledger')
    expectNoFormula(ledger, 'ledger')
    const [ledgerHeader, ...entries] = ledger.rows
    const amount = ledgerHeader!.findIndex((c) => c.text === 'amount')
    const amounts = entries.map((r) => r[amount]!)
    expect(amounts.filter((c) => c.type === 'float' && Number(c.value) < 0).length).toBeGreaterThanOrEqual(HOSTILE.length)
    expect(amounts.every((c) => c.type === 'float')).toBe(true)
    expect(entries.map((r) => r[ledgerHeader!.findIndex((c) => c.text === 'account')]!.text)).toContain("'-2+3")
  })
})
