import { and, eq, gt, lte, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '#db/seed/demo'
import { bookings, centres, exchanges, ledgerTransactions, listings, loanInstalments, loans } from '#db/schema'
import { localDateOf } from '~/utils/time'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * Issue #19: the demo's history ends "today" wherever and whenever the demo is started, so the
 * dashboard's current month, the matches and the reminders look alive on any date. Seeded at a
 * date years from now, on the first of a month, everything is dated around that day.
 */
const NOW = new Date('2029-06-01T07:00:00Z') // a Friday, 09:00 in Bremen
const TODAY = localDateOf(NOW, 'Europe/Berlin')
const HOUR = 60 * 60 * 1000

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
  await seedDemo(database.db, { log: () => {}, now: NOW })
}, 180_000)
afterAll(() => database?.close())

describe('the demo seeded on another day', () => {
  it('has help confirmed today in every centre, inside the current month, and nothing after now', async () => {
    const rows = await database.db
      .select({
        slug: centres.slug,
        newest: sql<string>`max(${ledgerTransactions.occurredAt})::text`,
        thisMonth: sql<number>`count(*) filter (where ${ledgerTransactions.occurredAt} >= ${'2029-05-31T22:00:00Z'}::timestamptz)::int`,
      })
      .from(ledgerTransactions)
      .innerJoin(centres, eq(centres.id, ledgerTransactions.centreId))
      .groupBy(centres.slug)
    expect(rows.map((r) => r.slug).sort()).toEqual(['aucoop', 'lagerhaus', 'oekozentrum-verden'])
    for (const row of rows) {
      const newest = new Date(row.newest).getTime()
      expect(newest, row.slug).toBeLessThanOrEqual(NOW.getTime())
      expect(NOW.getTime() - newest, `${row.slug}: newest help ${row.newest}`).toBeLessThan(24 * HOUR)
      expect(row.thisMonth, row.slug).toBeGreaterThanOrEqual(1)
    }
    const [late] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(exchanges)
      .where(sql`${exchanges.createdAt} > ${NOW.toISOString()}::timestamptz or ${exchanges.confirmedAt} > ${NOW.toISOString()}::timestamptz`)
    expect(late!.n).toBe(0)
  })

  it('has no listing whose availability lies wholly before that day', async () => {
    const windows = await database.db
      .select({ title: listings.title, from: listings.availableFrom, until: listings.availableUntil })
      .from(listings)
      .where(sql`${listings.availableUntil} is not null`)
    expect(windows.length).toBeGreaterThanOrEqual(2)
    for (const w of windows) expect(w.until! >= TODAY, `${w.title}: ${w.from}–${w.until}`).toBe(true)
  })

  it('has a running loan with its next instalment due in the coming weeks (reminders to come) and bookings in the coming week', async () => {
    const next = await database.db
      .select({ due: loanInstalments.dueDate })
      .from(loanInstalments)
      .innerJoin(loans, eq(loans.id, loanInstalments.loanId))
      .where(and(eq(loans.state, 'disbursed'), gt(loanInstalments.dueDate, TODAY), lte(loanInstalments.dueDate, localDateOf(new Date(NOW.getTime() + 45 * 24 * HOUR), 'Europe/Berlin'))))
    expect(next.length).toBeGreaterThanOrEqual(1)
    const coming = await database.db
      .select({ startsAt: bookings.startsAt })
      .from(bookings)
      .where(and(gt(bookings.startsAt, NOW), lte(bookings.startsAt, new Date(NOW.getTime() + 14 * 24 * HOUR))))
    expect(coming.length).toBeGreaterThanOrEqual(2)
  })
})
