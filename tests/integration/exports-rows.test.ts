import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { centres } from '#db/schema'
import { seedDemo } from '#db/seed/demo'
import { createTestDatabase, type TestDatabase } from '../setup/db'
import { EXPORTS, type ExportName } from '~/modules/reporting/constants'
import type { Cell } from '~/modules/reporting/csv'
import { exportTable } from '~/modules/reporting/exports.server'
import { toRange } from '~/modules/reporting/period'
import type { ReportCentre } from '~/modules/reporting/reporting.server'

/**
 * The exports' rows are typed where they are read, and the statements cast what the drivers answer
 * differently (timestamps, bigint, numeric). This checks the promise on the driver the run uses: a
 * bigint that leaked through as a string would be written as text ("-120000" neutralised into
 * "'-120000"), a timestamp as a string would not be written as ISO time.
 */

const KINDS = ['text', 'number', 'boolean', 'date'] as const
type Kind = (typeof KINDS)[number]
/** A column's kind; `?` where the column may be empty. */
type Expected = Record<string, Kind | `${Kind}?`>

const EXPECTED: Record<ExportName, Expected> = {
  initiatives: {
    id: 'text',
    name: 'text',
    slug: 'text',
    kind: 'text',
    sector: 'text',
    status: 'text',
    since: 'date',
    given_exchanges: 'number',
    given_minutes: 'number',
    given_hours: 'number',
    given_eur: 'number',
    received_exchanges: 'number',
    received_minutes: 'number',
    received_hours: 'number',
    received_eur: 'number',
  },
  listings: {
    id: 'text',
    created_at: 'date',
    initiative: 'text',
    kind: 'text',
    category: 'text',
    title: 'text',
    status: 'text',
    compensation: 'text',
    price_eur: 'number?',
    visibility: 'text',
    published_at: 'date?',
  },
  exchanges: {
    id: 'text',
    at: 'date',
    date: 'text?',
    state: 'text',
    provider: 'text',
    receiver: 'text',
    category: 'text?',
    listing: 'text?',
    title: 'text',
    minutes: 'number?',
    hours: 'number?',
    eur: 'number?',
    counted: 'boolean',
    reversed: 'boolean',
    comment: 'text',
  },
  ledger: {
    entry: 'number',
    transaction: 'text',
    at: 'date',
    kind: 'text',
    account_type: 'text',
    account_id: 'text',
    account: 'text?',
    unit: 'text',
    amount: 'number',
    exchange: 'text?',
    reverses: 'text?',
    reason: 'text?',
  },
  loans: {
    id: 'text',
    created_at: 'date',
    state: 'text',
    lender_kind: 'text',
    lender: 'text?',
    borrower: 'text',
    purpose: 'text',
    principal_eur: 'number',
    interest_percent: 'number',
    term_months: 'number',
    total_eur: 'number?',
    disbursed_at: 'date?',
    repaid_at: 'date?',
    written_off_at: 'date?',
    outstanding_cents: 'number',
    outstanding_eur: 'number',
    overdue_eur: 'number',
  },
}

function kindOf(cell: Cell): Kind | null {
  if (cell === null || cell === undefined) return null
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : 'date'
  if (typeof cell === 'string') return 'text'
  if (typeof cell === 'number') return Number.isFinite(cell) ? 'number' : null
  return 'boolean'
}

let database: TestDatabase
let report: ReportCentre

beforeAll(async () => {
  database = await createTestDatabase()
  await seedDemo(database.db, { log: () => {} })
  const [centre] = await database.db.select().from(centres).where(eq(centres.slug, 'lagerhaus'))
  report = { id: centre!.id, timeZone: centre!.timeZone, hourValueCents: centre!.hourValueCents }
}, 120_000)
afterAll(() => database.close())

describe('export rows', () => {
  it.each(EXPORTS)('%s: each column holds one kind of value on this driver', async (what) => {
    // Everything the demo holds, in pages of 2 so that the sort keys read back from the rows are used too.
    const everything = toRange({ from: '2000-01-01', to: '2100-01-01' }, report.timeZone)
    const table = await exportTable(database.db, report, what, everything, undefined, 2)
    expect(table.columns).toEqual(Object.keys(EXPECTED[what]))
    expect(table.rows.length, `${what} rows`).toBeGreaterThan(0)
    for (const [i, column] of table.columns.entries()) {
      const expected = EXPECTED[what][column]!
      const allowed: (Kind | null)[] = KINDS.filter((k) => k === expected || `${k}?` === expected)
      if (expected.endsWith('?')) allowed.push(null)
      const kinds = new Set(table.rows.map((row) => kindOf(row[i])))
      expect([...kinds].filter((k) => !allowed.includes(k)), `${what}.${column}`).toEqual([])
    }
  })
})
