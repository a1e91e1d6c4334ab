import { spawnSync } from 'node:child_process'
import { type Database, DataDirLockedError, openDatabase } from '../db/connect'
import { MigrationFailedError, MigrationMismatchError } from '../db/migration-check'

/**
 * Opens the database the app is configured for — DATABASE_URL, else the PGlite folder — migrated,
 * saying which on the way. Null (the reason printed) when another process holds the PGlite folder or
 * the database's migrations are not this build's.
 */
export async function openConfiguredDatabase(command: string, say: (line: string) => void): Promise<Database | null> {
  const url = process.env.DATABASE_URL || undefined
  const dataDir = process.env.PGLITE_DATA_DIR || './data/pglite'
  say(url ? `opening PostgreSQL at ${new URL(url).host}…` : `opening the embedded database in ${dataDir}…`)
  try {
    return await openDatabase(url ? { url } : { dataDir })
  } catch (error) {
    if (error instanceof DataDirLockedError || error instanceof MigrationMismatchError || error instanceof MigrationFailedError) {
      console.error(`Viertel ${command}: ${error.message.replace(/^Viertel: /, '')}`)
      return null
    }
    throw error
  }
}

/** Is a PostgreSQL client program (pg_dump, pg_restore, psql) on the PATH? */
export function hasClientTool(name: string): boolean {
  const result = spawnSync(name, ['--version'], { stdio: 'ignore' })
  return result.status === 0
}

/** The URL without its password, for progress lines. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return `${parsed.host}${parsed.pathname}`
  } catch {
    return '(the configured server)'
  }
}

/**
 * How to hand a connection URL to pg_dump / pg_restore without its password on their command line
 * (which every user of the machine sees in `ps`): the URL without it, and PGPASSWORD beside.
 */
export function clientConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  try {
    const parsed = new URL(url)
    const password = decodeURIComponent(parsed.password)
    parsed.password = ''
    return { dbname: parsed.href, env: password ? { ...process.env, PGPASSWORD: password } : process.env }
  } catch {
    return { dbname: url, env: process.env }
  }
}
