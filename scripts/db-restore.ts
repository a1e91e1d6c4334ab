// `npm run db:restore -- <file> [--force]`: puts a backup made by `npm run db:backup` back.
// PostgreSQL (DATABASE_URL): pg_restore into the database, which must be empty unless --force
// (then what is there is dropped first). PGlite: the tarball becomes the data folder, which must
// be empty or missing unless --force (then it is replaced). Start Viertel afterwards as usual:
// it migrates a restored older backup forward.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import { DataDirLockedError, lockDataDir, openDatabase } from '../db/connect'
import { clientConnection, hasClientTool, redactUrl } from './db-tools'

const say = (line: string) => console.log(`Viertel db:restore: ${line}`)
const fail = (line: string) => {
  console.error(`Viertel db:restore: ${line}`)
  return 1
}

async function main(argv: string[]): Promise<number> {
  const file = argv.find((a) => !a.startsWith('--'))
  const force = argv.includes('--force')
  if (!file) return fail('usage: npm run db:restore -- <file> [--force]')
  if (!existsSync(file)) return fail(`${file} does not exist.`)
  const started = Date.now()
  const url = process.env.DATABASE_URL || undefined

  if (url) {
    if (!hasClientTool('pg_restore')) {
      return fail('pg_restore was not found. Install the PostgreSQL client tools of your server’s major version (Debian: apt-get install postgresql-client) and try again.')
    }
    const target = await openDatabase({ url, migrate: false, poolSize: 1 })
    let tables: number
    let others: number
    try {
      const [row] = await target.query<{ n: number }>(
        `select count(*)::int as n from pg_tables where schemaname = 'public'`,
      )
      tables = row?.n ?? 0
      const [sessions] = await target.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
      )
      others = sessions?.n ?? 0
    } finally {
      await target.close()
    }
    if (tables > 0 && !force) {
      return fail(`the database at ${redactUrl(url)} is not empty (${tables} tables). Restore into an empty database, or pass --force to replace what is there.`)
    }
    // Replacing tables under a running Viertel would mix its writes into the restored data (autovacuum and other server processes do not count)
    if (tables > 0 && others > 0) {
      return fail(`${others} other connection(s) to ${redactUrl(url)} are open (Viertel or its mail worker still running?). Stop them first, then restore.`)
    }
    say(`restoring into PostgreSQL at ${redactUrl(url)} with pg_restore…`)
    const { dbname, env } = clientConnection(url)
    const args = ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', '--dbname', dbname]
    if (tables > 0) args.push('--clean', '--if-exists')
    const result = spawnSync('pg_restore', [...args, file], { stdio: ['ignore', 'inherit', 'inherit'], env })
    if (result.status !== 0) return fail(`pg_restore failed (exit ${result.status ?? result.signal}); the restore was rolled back.`)
  } else {
    const dataDir = process.env.PGLITE_DATA_DIR || './data/pglite'
    // Held until the swap is done: a running Viertel keeps the folder open and would write over the restore
    let release: () => void
    try {
      release = lockDataDir(dataDir)
    } catch (error) {
      if (error instanceof DataDirLockedError) return fail(`${error.message} Stop Viertel before restoring.`)
      throw error
    }
    try {
      const code = await restorePglite(file, dataDir, force)
      if (code !== 0) return code
    } finally {
      release()
    }
  }
  say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s. Start Viertel as usual; it migrates the restored database if it is older.`)
  return 0
}

async function restorePglite(file: string, dataDir: string, force: boolean): Promise<number> {
  const occupied = existsSync(dataDir) && readdirSync(dataDir).length > 0
  if (occupied && !force) {
    return fail(`the embedded database folder ${dataDir} is not empty. Restore into a new folder (PGLITE_DATA_DIR), or pass --force to replace it.`)
  }
  // Unpack into a folder beside the target and swap at the end, so a failed restore leaves the
  // old folder as it was.
  const staging = `${path.resolve(dataDir)}.restoring-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  say(`unpacking ${file} into the embedded database…`)
  // Unpacked here first: a file cut short (a copy that did not finish) gets its own message, and
  // PGlite's loader is never handed a broken stream (it failed a second time, uncaught, with a stack).
  let tar = readFileSync(file)
  if (tar[0] === 0x1f && tar[1] === 0x8b) {
    try {
      tar = gunzipSync(tar)
    } catch (error) {
      return fail(`${file} is cut short or damaged (${(error as Error).message}); it cannot be restored. Take the backup again, or use an earlier one.`)
    }
  }
  if (tar.subarray(257, 262).toString('latin1') !== 'ustar') return fail(`${file} is not a backup made by npm run db:backup (no data folder in it).`)
  let database
  try {
    database = await openDatabase({ dataDir: staging, loadDataDir: new Blob([tar]), migrate: false })
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    if (error instanceof DataDirLockedError) return fail(error.message)
    return fail(`this file is not a PGlite backup that can be loaded (${(error as Error).message}).`)
  }
  try {
    const [row] = await database.query<{ n: number }>(`select count(*)::int as n from pg_tables where schemaname = 'public'`)
    say(`the backup holds ${row?.n ?? 0} tables.`)
  } finally {
    await database.close()
  }
  if (occupied) {
    const old = `${path.resolve(dataDir)}.replaced-${Date.now()}`
    renameSync(dataDir, old)
    say(`the previous folder was moved to ${old} (delete it when you are sure).`)
  } else {
    rmSync(dataDir, { recursive: true, force: true })
  }
  renameSync(staging, dataDir)
  return 0
}

process.exitCode = await main(process.argv.slice(2))
