import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../db/connect'
import { seedDemo } from '../../db/seed/demo'
import { createTestDatabase, onPostgres, type TestDatabase } from '../setup/db'
import { clientConnection } from '../../scripts/db-tools'
import { adminUrl, databaseUrl, testDatabaseBaseUrl } from '../setup/urls'

/**
 * A backup is worth what its restore gives back: a seeded database is backed up with
 * `npm run db:backup`, restored with `npm run db:restore` into a fresh database, the app's
 * start-up (migrations and the SQL beside them) runs on it, and every table's row count and the
 * ledger's sums must be the same. On PostgreSQL also an operator's plain `pg_dump | psql`.
 */

/** Each case starts the backup and restore scripts (tsx) and opens databases: slow on a busy machine. */
const SLOW = 180_000

const work = mkdtempSync(path.join(tmpdir(), 'viertel-backup-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

function script(name: 'db-backup' | 'db-restore', args: string[], env: Record<string, string>) {
  const result = spawnSync('npx', ['tsx', `scripts/${name}.ts`, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` }
}

interface Fingerprint {
  rows: Record<string, number>
  ledger: { unit: string; total: string; positive: string }[]
  searchHits: number
}

async function fingerprint(database: Database): Promise<Fingerprint> {
  const tables = await database.query<{ tablename: string }>(
    `select tablename from pg_tables where schemaname = 'public' order by tablename`,
  )
  const rows: Record<string, number> = {}
  for (const { tablename } of tables) {
    const [row] = await database.query<{ n: number }>(`select count(*)::int as n from "${tablename}"`)
    rows[tablename] = row!.n
  }
  const ledger = await database.query<{ unit: string; total: string; positive: string }>(
    `select unit::text as unit, sum(amount)::text as total, sum(greatest(amount, 0))::text as positive
       from ledger_entries group by unit order by unit`,
  )
  // the search column and the search functions must work on the restored database
  const [hits] = await database.query<{ n: number }>(
    `select count(*)::int as n from listings where search @@ viertel_search_query('Buchhaltung')`,
  )
  return { rows, ledger, searchHits: hits!.n }
}

async function expectSameAfterStart(open: () => Promise<Database>, before: Fingerprint) {
  // What the app does when it starts: migrate (a no-op here) and run the SQL beside the migrations.
  const restored = await open()
  try {
    const after = await fingerprint(restored)
    expect(after.rows).toEqual(before.rows)
    expect(after.ledger).toEqual(before.ledger)
    expect(after.searchHits).toBe(before.searchHits)
  } finally {
    await restored.close()
  }
}

describe.runIf(onPostgres())('backup and restore on PostgreSQL', () => {
  let source: TestDatabase
  let before: Fingerprint
  const base = testDatabaseBaseUrl()!
  const created: string[] = []
  let admin: Database

  async function freshDatabase() {
    const name = `viertel_restore_${process.pid}_${created.length}_${Math.random().toString(36).slice(2, 7)}`
    await admin.query(`CREATE DATABASE "${name}"`)
    created.push(name)
    return databaseUrl(base, name)
  }

  beforeAll(async () => {
    admin = await openDatabase({ url: adminUrl(base), migrate: false, poolSize: 1 })
    source = await createTestDatabase()
    await seedDemo(source.db, { log: () => {} })
    before = await fingerprint(source)
    expect(before.rows.ledger_entries).toBeGreaterThan(0)
    expect(before.searchHits).toBeGreaterThan(0)
  }, SLOW)
  afterAll(async () => {
    await source?.close()
    for (const name of created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await admin?.close()
  })

  it('db:backup and db:restore give back every row and the ledger’s sums', async () => {
    const file = path.join(work, 'pg.dump')
    const backup = script('db-backup', [file], { DATABASE_URL: source.url! })
    expect(backup.output).toContain('done')
    expect(backup.status).toBe(0)
    // it holds password hashes: readable by its owner only
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const target = await freshDatabase()
    const restore = script('db-restore', [file], { DATABASE_URL: target })
    expect(restore.status, restore.output).toBe(0)
    await expectSameAfterStart(() => openDatabase({ url: target }), before)
  }, SLOW)

  it('an operator’s plain pg_dump | psql restores too (functions do not depend on the search path)', async () => {
    const file = path.join(work, 'plain.sql')
    const dump = spawnSync('pg_dump', ['--no-owner', '--no-privileges', '--file', file, '--dbname', source.url!], { encoding: 'utf8' })
    expect(dump.status, dump.stderr).toBe(0)
    const target = await freshDatabase()
    const load = spawnSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-f', file, target], { encoding: 'utf8' })
    expect(load.status, load.stderr).toBe(0)
    await expectSameAfterStart(() => openDatabase({ url: target }), before)
  }, SLOW)

  it('refuses to restore over a database that has data, and says how', async () => {
    const file = path.join(work, 'pg.dump')
    const restore = script('db-restore', [file], { DATABASE_URL: source.url! })
    expect(restore.status).toBe(1)
    expect(restore.output).toMatch(/not empty.*--force/s)
    expect((await fingerprint(source)).rows).toEqual(before.rows)
  }, SLOW)

  it('with --force, refuses while another connection (a running Viertel) uses the database', async () => {
    const file = path.join(work, 'pg.dump')
    await source.query('select 1') // this test's own pool stands for the running app
    const restore = script('db-restore', [file, '--force'], { DATABASE_URL: source.url! })
    expect(restore.status, restore.output).toBe(1)
    expect(restore.output).toMatch(/other connection.*Stop them first/s)
    expect((await fingerprint(source)).rows).toEqual(before.rows)
  }, SLOW)

  it('a backup that fails keeps the earlier file of that name, even with --force', async () => {
    const file = path.join(work, 'pg.dump')
    const earlier = readFileSync(file)
    const broken = databaseUrl(base, `viertel_missing_${process.pid}`)
    const backup = script('db-backup', [file, '--force'], { DATABASE_URL: broken })
    expect(backup.status).toBe(1)
    expect(backup.output).toMatch(/pg_dump failed.*earlier backup/s)
    expect(readFileSync(file).equals(earlier)).toBe(true)
  }, SLOW)
})

describe('backup and restore of the embedded database', () => {
  const sourceDir = path.join(work, 'pglite-source')
  const targetDir = path.join(work, 'pglite-target')
  const file = path.join(work, 'pglite.tar.gz')
  let before: Fingerprint

  beforeAll(async () => {
    const source = await openDatabase({ dataDir: sourceDir })
    try {
      await seedDemo(source.db, { log: () => {} })
      before = await fingerprint(source)
    } finally {
      await source.close()
    }
  }, SLOW)

  it('db:backup and db:restore give back every row and the ledger’s sums', async () => {
    // what a backup killed half-way left (its process is gone): removed by the next one
    const abandoned = `${file}.partial-2147483646`
    writeFileSync(abandoned, 'half a backup')
    const backup = script('db-backup', [file], { DATABASE_URL: '', PGLITE_DATA_DIR: sourceDir })
    expect(backup.status, backup.output).toBe(0)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(existsSync(abandoned)).toBe(false)
    const restore = script('db-restore', [file], { DATABASE_URL: '', PGLITE_DATA_DIR: targetDir })
    expect(restore.status, restore.output).toBe(0)
    await expectSameAfterStart(() => openDatabase({ dataDir: targetDir }), before)
  }, SLOW)

  it('refuses to restore over a folder that has data, and leaves it as it was', async () => {
    const restore = script('db-restore', [file], { DATABASE_URL: '', PGLITE_DATA_DIR: sourceDir })
    expect(restore.status).toBe(1)
    expect(restore.output).toMatch(/not empty.*--force/s)
    const source = await openDatabase({ dataDir: sourceDir, migrate: false })
    try {
      expect((await fingerprint(source)).rows).toEqual(before.rows)
    } finally {
      await source.close()
    }
  }, SLOW)

  it('says so when a backup is cut short (a copy that did not finish) or is no backup, and creates nothing', async () => {
    const cut = path.join(work, 'cut.tar.gz')
    const whole = readFileSync(file)
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)))
    const into = path.join(work, 'pglite-from-cut')
    const restore = script('db-restore', [cut], { DATABASE_URL: '', PGLITE_DATA_DIR: into })
    expect(restore.status, restore.output).toBe(1)
    expect(restore.output).toMatch(/cut short or damaged.*use an earlier one/s)
    expect(restore.output).not.toMatch(/\n\s+at /) // no stack trace
    writeFileSync(cut, 'hello\n')
    const text = script('db-restore', [cut], { DATABASE_URL: '', PGLITE_DATA_DIR: into })
    expect(text.status, text.output).toBe(1)
    expect(text.output).toContain('is not a backup made by npm run db:backup')
    expect(existsSync(into)).toBe(false)
  }, SLOW)

  it('with --force, refuses while Viertel has the folder open, and leaves it as it was', async () => {
    const running = await openDatabase({ dataDir: sourceDir, migrate: false })
    try {
      const restore = script('db-restore', [file, '--force'], { DATABASE_URL: '', PGLITE_DATA_DIR: sourceDir })
      expect(restore.status, restore.output).toBe(1)
      expect(restore.output).toMatch(/already in use.*Stop Viertel before restoring/s)
      expect((await fingerprint(running)).rows).toEqual(before.rows)
    } finally {
      await running.close()
    }
  }, SLOW)
})

describe('handing the connection to pg_dump and pg_restore', () => {
  it('keeps the password off their command line (ps shows it to every user) and hands it in PGPASSWORD', () => {
    const { dbname, env } = clientConnection('postgres://viertel:s%40cret%20pw@db.example:5433/viertel?sslmode=require')
    expect(dbname).toBe('postgres://viertel@db.example:5433/viertel?sslmode=require')
    expect(env.PGPASSWORD).toBe('s@cret pw')
    expect(clientConnection('postgres://viertel@db.example/viertel').env.PGPASSWORD).toBe(process.env.PGPASSWORD)
  })
})
