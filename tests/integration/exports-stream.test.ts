import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { centres } from '#db/schema'
import { seedDemo } from '#db/seed/demo'
import { EXPORTS, type ExportName } from '~/modules/reporting/constants'
import { toCsv } from '~/modules/reporting/csv'
import { exportCsvStream, exportTable } from '~/modules/reporting/exports.server'
import { toRange } from '~/modules/reporting/period'
import type { ReportCentre } from '~/modules/reporting/reporting.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * The streamed exports (docs/decisions/056-streamed-exports.md): read in keyset pages, the CSV is
 * byte for byte the one read in a single page, also where many rows share their sort time.
 */

let database: TestDatabase
let report: ReportCentre
const db = () => database.db
// Everything the demo holds, whatever day the test runs.
const WIDE = { from: '2000-01-01', to: '2100-01-01' }
const NOW = new Date('2026-06-01T00:00:00Z')
const ONE_PAGE = 1_000_000

async function bytesOf(stream: ReadableStream<Uint8Array>) {
  return Buffer.from(await new Response(stream).arrayBuffer())
}

/** Groups of rows that share the export's sort time (or name): the keyset must order within them by id. */
async function ties(centreId: string): Promise<Record<ExportName, number>> {
  const groups = async (table: string, key: string, where = '') => {
    const result = await db().execute(
      sql`select count(*) as n from (select ${sql.raw(key)} from ${sql.raw(table)}
           where centre_id = ${centreId} ${sql.raw(where)} group by 1 having count(*) > 1) g`,
    )
    const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as { n: string }[]
    return Number(rows[0]!.n)
  }
  return {
    initiatives: await groups('initiatives', 'name'),
    listings: await groups('listings', 'created_at', "and status <> 'draft'"),
    exchanges: await groups('exchanges', 'coalesce(confirmed_at, created_at)'),
    ledger: await groups('ledger_entries', 'at'),
    loans: await groups('loans', 'created_at', "and state <> 'declined'"),
  }
}

beforeAll(async () => {
  database = await createTestDatabase()
  await seedDemo(db(), { log: () => {} })
  const [centre] = await db().select().from(centres).where(eq(centres.slug, 'lagerhaus'))
  report = { id: centre!.id, timeZone: centre!.timeZone, hourValueCents: centre!.hourValueCents }
  // Ties on every sort key: initiatives that share a name, listings, exchanges and loans that share
  // their time to the microsecond (whole hours). The ledger has its own: a transaction's entries share `at`.
  await db().execute(sql`update initiatives set name = 'Gleicher Name' where id in
                           (select id from initiatives where centre_id = ${report.id} order by id limit 4)`)
  await db().execute(sql`update listings set created_at = date_trunc('month', created_at) where centre_id = ${report.id}`)
  await db().execute(sql`update exchanges set created_at = date_trunc('month', created_at),
                                              confirmed_at = date_trunc('month', confirmed_at) where centre_id = ${report.id}`)
  await db().execute(sql`update loans set created_at = date_trunc('year', created_at) where centre_id = ${report.id}`)
}, 120_000)
afterAll(() => database.close())

describe('streamed CSV exports', () => {
  it.each(EXPORTS)('%s: pages of 1, 2 and 3 rows give the same bytes as one page, ties included', async (what) => {
    const range = toRange(WIDE, report.timeZone)
    const tied = await ties(report.id)
    expect(tied[what], `the fixture has ties in ${what}`).toBeGreaterThan(0)
    const whole = await bytesOf(await exportCsvStream(db(), report, what, range, { now: NOW, batchSize: ONE_PAGE }))
    const table = await exportTable(db(), report, what, range, NOW, ONE_PAGE)
    expect(table.rows.length, `${what} rows`).toBeGreaterThanOrEqual(3)
    expect(whole.equals(Buffer.from(toCsv(table.columns, table.rows)))).toBe(true)
    expect([...whole.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    for (const batchSize of [1, 2, 3]) {
      const paged = await bytesOf(await exportCsvStream(db(), report, what, range, { now: NOW, batchSize }))
      expect(paged.length, `${what} in pages of ${batchSize}`).toBe(whole.length)
      expect(paged.equals(whole), `${what} in pages of ${batchSize}`).toBe(true)
    }
    // Each row once: the first column is the row's id.
    const paged = await exportTable(db(), report, what, range, NOW, 2)
    expect(new Set(paged.rows.map((r) => r[0])).size).toBe(table.rows.length)
  })

  it('writes the header of an empty period and ends', async () => {
    const empty = toRange({ from: '2001-01-01', to: '2001-02-01' }, report.timeZone)
    const body = await bytesOf(await exportCsvStream(db(), report, 'ledger', empty, { batchSize: 2 }))
    expect(body.toString('utf8')).toBe('\uFEFFentry,transaction,at,kind,account_type,account_id,account,unit,amount,exchange,reverses,reason\r\n')
  })

  it('fails the stream, and says so, when the database fails mid-way', async () => {
    const own = await createTestDatabase()
    let closed = false
    try {
      await seedDemo(own.db, { log: () => {} })
      const [centre] = await own.db.select().from(centres).where(eq(centres.slug, 'lagerhaus'))
      const mine = { id: centre!.id, timeZone: centre!.timeZone, hourValueCents: centre!.hourValueCents }
      const failures: unknown[] = []
      const stream = await exportCsvStream(own.db, mine, 'ledger', toRange(WIDE, mine.timeZone), { batchSize: 2, onError: (e) => failures.push(e) })
      const reader = stream.getReader()
      const first = await reader.read()
      expect(first.done).toBe(false)
      expect(Buffer.from(first.value!).toString('utf8')).toMatch(/^\uFEFFentry,/)
      await own.close()
      closed = true
      await expect(reader.read()).rejects.toBeTruthy()
      expect(failures).toHaveLength(1)
    } finally {
      if (!closed) await own.close()
    }
  }, 120_000)
})
