import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../db/connect'
import { seedDemo } from '../../db/seed/demo'
import { createTestDatabase, onPostgres, type TestDatabase } from '../setup/db'

/**
 * Two app processes starting on one empty PostgreSQL with SEED_DEMO=1 both try to seed the demo:
 * one must seed it, the other must find it done and go on (before: a duplicate-key crash).
 */
describe.runIf(onPostgres())('demo seed under concurrency', () => {
  let database: TestDatabase
  const processes: Database[] = []

  beforeAll(async () => {
    database = await createTestDatabase()
    for (let i = 0; i < 2; i++) processes.push(await openDatabase({ url: database.url!, migrate: false, poolSize: 2 }))
  })
  afterAll(async () => {
    for (const p of processes) await p.close()
    await database?.close()
  })

  it('seeds once when two processes start at the same moment; the other skips without error', async () => {
    const results = await Promise.allSettled(processes.map((p) => seedDemo(p.db, { onlyIfEmpty: true, log: () => {} })))
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled'])
    const seeded = results.map((r) => (r as PromiseFulfilledResult<boolean>).value).sort()
    expect(seeded).toEqual([false, true])
    const [row] = await database.query<{ n: number }>(`select count(*)::int as n from centres`)
    expect(row!.n).toBe(3)
  })
})

describe.skipIf(onPostgres())('demo seed under concurrency (PGlite)', () => {
  it.skip('needs a PostgreSQL server: one embedded database is one process, so two cannot start on it', () => {})
})
