import { readFileSync } from 'node:fs'
import { inject } from 'vitest'
import { type Database, openDatabase } from '../../db/connect'
import { adminUrl, databaseUrl, testDatabaseBaseUrl } from './urls'

export type TestDatabase = Database & {
  /** postgres:// URL of this test's own database (PostgreSQL only), for extra connections. */
  url: string | null
}

let counter = 0

/**
 * A fresh, migrated, empty database for one test file: a clone of the run's template on
 * PostgreSQL, or a PGlite loaded from the run's snapshot.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject('pgTemplate')
  const base = testDatabaseBaseUrl()
  if (template && base) {
    const name = `viertel_t_${inject('runId')}_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`
    const admin = await openDatabase({ url: adminUrl(base), migrate: false, poolSize: 1 })
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`)
    const url = databaseUrl(base, name)
    const database = await openDatabase({ url, migrate: false })
    return {
      ...database,
      url,
      close: async () => {
        await database.close()
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
        await admin.close()
      },
    }
  }
  const snapshot = inject('pgliteSnapshot')
  if (!snapshot) throw new Error('No test database: global setup did not run')
  const database = await openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([readFileSync(snapshot)]), migrate: false })
  return { ...database, url: null }
}

/** True when the tests run on a real PostgreSQL server (concurrency can only be proved there). */
export function onPostgres() {
  return Boolean(inject('pgTemplate'))
}
