// `npm run db:backup -- <file>`: a backup of the configured database.
// PostgreSQL (DATABASE_URL): `pg_dump --format=custom` (restore with `npm run db:restore` or an
// operator's own pg_restore). Embedded PGlite: a gzipped tarball of its data folder, taken with
// PGlite's own dump while no other process holds the folder.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { DataDirLockedError, isAlive, openDatabase } from '../db/connect'
import { clientConnection, hasClientTool, redactUrl } from './db-tools'

const say = (line: string) => console.log(`Viertel db:backup: ${line}`)
const fail = (line: string) => {
  console.error(`Viertel db:backup: ${line}`)
  return 1
}

async function main(argv: string[]): Promise<number> {
  const file = argv.find((a) => !a.startsWith('--'))
  if (!file) return fail('usage: npm run db:backup -- <file>   (PostgreSQL: custom-format dump; PGlite: .tar.gz of the data folder)')
  const force = argv.includes('--force')
  if (existsSync(file) && !force) return fail(`${file} exists already; choose another name or pass --force to overwrite it.`)
  // A backup holds password hashes and the app's secrets: only its owner may read it (and the folder made for it)
  process.umask(0o077)
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const started = Date.now()
  const url = process.env.DATABASE_URL || undefined
  // Written beside the file and renamed at the end: a failed backup never replaces a good one
  const partial = `${path.resolve(file)}.partial-${process.pid}`
  removeAbandoned(path.resolve(file))
  const outcome = await write(partial, url)
  if (outcome !== 0) {
    rmSync(partial, { force: true })
    return outcome
  }
  chmodSync(partial, 0o600)
  renameSync(partial, file)
  const size = statSync(file).size
  say(`done: ${file} (${(size / 1024 / 1024).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
  return 0
}

/** Partial files of earlier backups of this name whose process is gone (killed, machine stopped): no one will finish them. */
function removeAbandoned(file: string) {
  const prefix = `${path.basename(file)}.partial-`
  for (const name of readdirSync(path.dirname(file))) {
    if (!name.startsWith(prefix)) continue
    const pid = Number(name.slice(prefix.length))
    if (Number.isSafeInteger(pid) && pid > 0 && isAlive(pid)) continue
    rmSync(path.join(path.dirname(file), name), { force: true })
    say(`removed ${name}, left by a backup that did not finish.`)
  }
}

async function write(file: string, url: string | undefined): Promise<number> {

  if (url) {
    if (!hasClientTool('pg_dump')) {
      return fail('pg_dump was not found. Install the PostgreSQL client tools of your server’s major version (Debian: apt-get install postgresql-client) and try again.')
    }
    say(`dumping PostgreSQL at ${redactUrl(url)} with pg_dump (custom format)…`)
    const { dbname, env } = clientConnection(url)
    const result = spawnSync('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--file', file, '--dbname', dbname], { stdio: ['ignore', 'inherit', 'inherit'], env })
    if (result.status !== 0) return fail(`pg_dump failed (exit ${result.status ?? result.signal}); nothing was written (an earlier backup of that name is kept).`)
  } else {
    const dataDir = process.env.PGLITE_DATA_DIR || './data/pglite'
    if (!existsSync(dataDir)) return fail(`no embedded database at ${dataDir} (set PGLITE_DATA_DIR).`)
    say(`opening the embedded database in ${dataDir}…`)
    let database
    try {
      database = await openDatabase({ dataDir, migrate: false })
    } catch (error) {
      if (error instanceof DataDirLockedError) return fail(`${error.message} Back up while Viertel is stopped.`)
      throw error
    }
    try {
      say('writing a compressed copy of the data folder…')
      const raw = database.raw as { dumpDataDir: (compression: 'gzip') => Promise<Blob> }
      const blob = await raw.dumpDataDir('gzip')
      writeFileSync(file, Buffer.from(await blob.arrayBuffer()))
    } finally {
      await database.close()
    }
  }
  return 0
}

process.exitCode = await main(process.argv.slice(2))
