import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type { Sql } from 'postgres'
import { MigrationFailedError, MigrationMismatchError, migrationMismatch, shippedMigrations } from './migration-check'
import * as schema from './schema'
import { POST_SQL, PRE_SQL } from './sql'

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>
/** A transaction handle fits everywhere a Db does, so module functions can join a caller's transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type DbOrTx = Db | Tx

export interface Database {
  db: Db
  kind: 'postgres' | 'pglite'
  /** The driver's own client (PGlite instance or postgres.js Sql), for tests and scripts. */
  raw: unknown
  /** Run raw SQL (tests, scripts); returns rows. */
  query: <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>
  close: () => Promise<void>
}

export interface OpenOptions {
  /** postgres://… ; when absent, an embedded PGlite is used. */
  url?: string
  /** PGlite data folder, or `memory://`. */
  dataDir?: string
  /** A PGlite snapshot (from dumpDataDir) to start from instead of an empty folder. */
  loadDataDir?: Blob
  migrate?: boolean
  poolSize?: number
  /**
   * PostgreSQL: seconds to wait for a new connection (TCP, TLS, log-in) before its queries fail.
   * Unset: postgres.js's 30 s. The app sets a few (DB_CONNECT_TIMEOUT_S, ADR 065).
   */
  connectTimeoutS?: number
  /**
   * PostgreSQL: statement_timeout (ms) of the pool's connections. Unset or 0: none — scripts (seeding
   * at scale, benchmarks) and migrations may run long; the app asks for one (DB_STATEMENT_TIMEOUT_MS).
   */
  statementTimeoutMs?: number
  /**
   * PostgreSQL: the longest wait (seconds) before the pool tries a failed connection again. postgres.js
   * waits 3^n/100 s after the n-th failure in a row, up to 20 s — a request while the database is
   * away waited that long before its own attempt failed. Unset: postgres.js's own backoff.
   */
  maxReconnectDelayS?: number
  /** PostgreSQL: called when one of the pool's connections closes (the server went away, or its lifetime ended). */
  onConnectionClosed?: () => void
}

const MIGRATION_LOCK = 74_210_001

export function migrationsFolder(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'db', 'migrations')
    if (existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate
    const here = path.join(dir, 'migrations')
    if (existsSync(path.join(here, 'meta', '_journal.json'))) return here
    dir = path.dirname(dir)
  }
  const fromCwd = path.resolve('db/migrations')
  if (existsSync(fromCwd)) return fromCwd
  throw new Error('Viertel: cannot find db/migrations (run from the project folder)')
}

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options)
}

async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
  const { default: postgres } = await import('postgres')
  const { drizzle } = await import('drizzle-orm/postgres-js')
  if (options.migrate !== false) {
    const single = postgres(url, {
      max: 1,
      onnotice: () => {},
      ...(options.connectTimeoutS ? { connect_timeout: options.connectTimeoutS } : {}),
    })
    try {
      const { migrate } = await import('drizzle-orm/postgres-js/migrator')
      await single`select pg_advisory_lock(${MIGRATION_LOCK})`
      try {
        for (const statement of PRE_SQL) await single.unsafe(statement)
        const applied = async () => (await single`select created_at from drizzle.__drizzle_migrations`).map((r) => Number(r.created_at))
        await naming(() => migrate(drizzle(single), { migrationsFolder: migrationsFolder() }), applied)
        await checkMigrations(applied)
        for (const statement of POST_SQL) await single.unsafe(statement)
      } finally {
        await single`select pg_advisory_unlock(${MIGRATION_LOCK})`
      }
    } finally {
      await single.end()
    }
  }
  const client = postgres(url, {
    max: options.poolSize ?? 10,
    onnotice: () => {},
    ...(options.connectTimeoutS ? { connect_timeout: options.connectTimeoutS } : {}),
    ...(options.onConnectionClosed ? { onclose: options.onConnectionClosed } : {}),
    ...(options.maxReconnectDelayS !== undefined ? { backoff: reconnectDelay(options.maxReconnectDelayS) } : {}),
    connection: {
      // Statements are prepared (below), but each is still planned with its parameters' values:
      // a generic plan cannot know how selective a search's words or a centre are (ADR 057).
      plan_cache_mode: 'force_custom_plan',
      // No parallel workers: on a server that answers many requests at once they add CPU to each
      // statement (a worker process per scan) for a latency the other requests pay for (ADR 091).
      max_parallel_workers_per_gather: '0',
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
  })
  const db = drizzle(preparing(client), { schema }) as unknown as Db
  return {
    db,
    kind: 'postgres',
    raw: client,
    query: async (text, params = []) => (await client.unsafe(text, params as never[])) as never,
    close: () => client.end({ timeout: 5 }),
  }
}

/**
 * Runs the migrator; when a migration fails, says which one (drizzle names only its SQL) and that
 * nothing of the pending migrations stayed (they run in one transaction).
 */
async function naming(run: () => Promise<unknown>, applied: () => Promise<number[]>) {
  try {
    await run()
  } catch (error) {
    const newest = await applied().then((whens) => Math.max(0, ...whens), () => 0)
    const pending = shippedMigrations(migrationsFolder()).filter((m) => m.when > newest)
    // the statement that failed tells which of the pending migrations it was
    const statement = (error as { query?: unknown }).query
    const { readMigrationFiles } = await import('drizzle-orm/migrator')
    const holding =
      typeof statement === 'string'
        ? readMigrationFiles({ migrationsFolder: migrationsFolder() }).find((m) => m.folderMillis > newest && m.sql.includes(statement))
        : undefined
    const failed = (holding && pending.find((m) => m.when === holding.folderMillis)) ?? pending[0]
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause)
    throw new MigrationFailedError(
      `Viertel: migration ${failed?.tag ?? '(unknown)'} failed: ${reason}. None of the pending migrations was applied; the database is as it was.`,
      { cause: error },
    )
  }
}

/** After migrating: the database's migrations and this build's must be the same set (db/migration-check.ts). */
async function checkMigrations(applied: () => Promise<number[]>) {
  const problem = migrationMismatch(await applied(), shippedMigrations(migrationsFolder()))
  if (problem) throw new MigrationMismatchError(`Viertel: ${problem}`)
}

/** postgres.js's backoff (seconds after the n-th failed connection in a row, with jitter), capped. */
function reconnectDelay(maxSeconds: number) {
  return (retries: number) => Math.min((0.5 + Math.random() / 2) * (3 ** retries / 100), maxSeconds)
}

/**
 * drizzle's query builder asks postgres.js for an unnamed statement unless the query is given a
 * name, so PostgreSQL parses and plans it afresh on every call (and postgres.js waits for a
 * Describe round trip first). The app's queries come in a bounded set of shapes (IN lists vary in
 * length; postgres.js recycles a connection, and its statements, after 30–60 minutes), so this
 * hands drizzle a client whose statements are all prepared: postgres.js keeps one per connection
 * and query text, so a repeated query is parsed once per connection and sent in one round trip
 * instead of two (ADR 057). Transactions and savepoints get the same client.
 */
function preparing<T extends Sql>(sql: T): T {
  return new Proxy(sql, {
    get(target, key, receiver) {
      if (key === 'unsafe') {
        return (query: string, params?: never[], options?: object) => target.unsafe(query, params, { ...options, prepare: true })
      }
      if (key === 'begin' || key === 'savepoint') {
        return (...args: unknown[]) => {
          const callback = args.pop() as (inner: Sql) => unknown
          const method = Reflect.get(target, key, receiver) as (...a: unknown[]) => unknown
          return method.call(target, ...args, (inner: Sql) => callback(preparing(inner)))
        }
      }
      return Reflect.get(target, key, receiver)
    },
  })
}

async function openPglite(options: OpenOptions): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite')
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent')
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm')
  const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist')
  const { drizzle } = await import('drizzle-orm/pglite')

  const dataDir = options.dataDir ?? 'memory://'
  const release = dataDir.startsWith('memory://') ? () => {} : lockDataDir(dataDir)
  let client: InstanceType<typeof PGlite>
  try {
    client = await PGlite.create({
      dataDir,
      loadDataDir: options.loadDataDir,
      extensions: { unaccent, pg_trgm, btree_gist },
    })
  } catch (error) {
    release()
    throw error
  }
  const db = drizzle(client, { schema }) as unknown as Db
  if (options.migrate !== false) {
    const { migrate } = await import('drizzle-orm/pglite/migrator')
    for (const statement of PRE_SQL) await client.exec(statement)
    try {
      const applied = async () =>
        (await client.query<{ created_at: string }>('select created_at from drizzle.__drizzle_migrations')).rows.map((r) => Number(r.created_at))
      await naming(() => migrate(drizzle(client), { migrationsFolder: migrationsFolder() }), applied)
      await checkMigrations(applied)
    } catch (error) {
      await client.close()
      release()
      throw error
    }
    for (const statement of POST_SQL) await client.exec(statement)
  }
  return {
    db,
    kind: 'pglite',
    raw: client,
    query: async (text, params = []) => (await client.query(text, params)).rows as never,
    close: async () => {
      await client.close()
      release()
    },
  }
}

/**
 * PGlite has no lock between processes: two processes on one folder both "work" and one's
 * writes are lost. We take a lock file beside the folder and refuse to start when a live
 * process holds it.
 */
const heldHere = new Set<string>()

export function lockDataDir(dataDir: string): () => void {
  const absolute = path.resolve(dataDir)
  if (heldHere.has(absolute)) throw new DataDirLockedError(absolute, process.pid)
  mkdirSync(path.dirname(absolute), { recursive: true })
  const lockFile = `${absolute}.lock`
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' })
      heldHere.add(absolute)
      let released = false
      const release = () => {
        if (released) return
        released = true
        heldHere.delete(absolute)
        try {
          if (readFileSync(lockFile, 'utf8') === String(process.pid)) rmSync(lockFile)
        } catch {
          // already gone
        }
      }
      process.once('exit', release)
      return release
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number(readFileSync(lockFile, 'utf8'))
      // A lock with our own pid that we do not hold is left from an earlier process that had it.
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new DataDirLockedError(absolute, holder)
      }
      rmSync(lockFile, { force: true }) // stale: its process is gone
    }
  }
  throw new DataDirLockedError(absolute, 0)
}

/** Is a process with this pid running (ours or another user's)? */
export function isAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The database folder ${dataDir} is already in use by another Viertel process (pid ${pid}). ` +
        `Stop that process first, or set PGLITE_DATA_DIR to another folder. ` +
        `(The embedded database cannot be shared between processes.)`,
    )
    this.name = 'DataDirLockedError'
  }
}
