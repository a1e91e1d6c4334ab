import type { PGlite } from '@electric-sql/pglite'
import { afterEach, describe, expect, it } from 'vitest'
import { migrationsFolder, openDatabase, type Database } from '#db/connect'
import { MigrationFailedError, migrationMismatch, MigrationMismatchError, shippedMigrations } from '#db/migration-check'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * The app starts only on a database whose migrations are exactly this build's: one upgraded by a
 * newer Viertel, or one that never got a migration (merged with an older date than one already
 * applied, which drizzle's migrator skips without a word), is refused with a message that says
 * which and what to do. On PostgreSQL and on PGlite, as the app opens them.
 */
const shipped = shippedMigrations(migrationsFolder())
const newest = shipped.at(-1)!
const middle = shipped[Math.floor(shipped.length / 2)]!

describe('migrationMismatch', () => {
  const all = shipped.map((m) => m.when)
  it('is quiet when the database has exactly the shipped migrations', () => {
    expect(migrationMismatch(all, shipped)).toBeNull()
  })
  it('names a database upgraded by a newer version', () => {
    expect(migrationMismatch([...all, newest.when + 1000], shipped)).toMatch(/1 migration\(s\) this version of Viertel does not have.*newer Viertel/)
  })
  it('names a migration that was skipped', () => {
    const problem = migrationMismatch(all.filter((w) => w !== middle.when), shipped)
    expect(problem).toContain(`Migration ${middle.tag} was not applied`)
    expect(problem).toContain('later "when"')
  })
})

let opened: TestDatabase | null = null
afterEach(async () => {
  await opened?.close()
  opened = null
})

/** The test database with `change` made to its migrations table, opened again as the app does (migrating). */
async function reopenAfter(change: string): Promise<Database> {
  opened = await createTestDatabase()
  await opened.query(change)
  if (opened.url) return openDatabase({ url: opened.url, poolSize: 1 })
  const dump = await (opened.raw as PGlite).dumpDataDir('gzip')
  return openDatabase({ dataDir: 'memory://', loadDataDir: dump })
}

describe('opening a database whose migrations differ from the build', () => {
  it('refuses one upgraded by a newer Viertel', async () => {
    const attempt = reopenAfter(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-the-future', ${newest.when + 86_400_000})`)
    await expect(attempt).rejects.toThrow(MigrationMismatchError)
    await expect(attempt).rejects.toThrow(/upgraded by a newer Viertel/)
  }, 60_000)

  it('refuses one that lacks a migration dated before its newest (the migrator would skip it)', async () => {
    const attempt = reopenAfter(`delete from drizzle.__drizzle_migrations where created_at = ${middle.when}`)
    await expect(attempt).rejects.toThrow(new RegExp(`Migration ${middle.tag} was not applied`))
  }, 60_000)

  it('names the migration that fails, with the database’s reason', async () => {
    // Without its row the newest migration runs again, on a database that has what it adds
    // (0020 adds a column: "already exists"); a migration that fails on a real server looks the same.
    const attempt = reopenAfter(`delete from drizzle.__drizzle_migrations where created_at = ${newest.when}`)
    await expect(attempt).rejects.toThrow(MigrationFailedError)
    await expect(attempt).rejects.toThrow(new RegExp(`migration ${newest.tag} failed: .*already exists.*None of the pending migrations was applied`))
  }, 60_000)

  it('opens one that matches', async () => {
    const database = await reopenAfter('select 1')
    expect(await database.query('select 1 as one')).toEqual([{ one: 1 }])
    await database.close()
  }, 60_000)
})
