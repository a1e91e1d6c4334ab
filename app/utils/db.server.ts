import { type Database, type Db, openDatabase } from '#db/connect'
import { noteConnectionClosed, noteDatabaseBack } from './db-errors.server'
import { env } from './env.server'

declare global {
  var __viertelDatabase: Promise<Database> | undefined
}

async function start(): Promise<Database> {
  const database = await openDatabase(
    env.DATABASE_URL
      ? {
          url: env.DATABASE_URL,
          // No request waits a minute for a database that is away, or for one runaway query (ADR 065).
          connectTimeoutS: env.DB_CONNECT_TIMEOUT_S,
          statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
          maxReconnectDelayS: 1,
          onConnectionClosed: noteConnectionClosed,
        }
      : { dataDir: env.PGLITE_DATA_DIR },
  )
  // The demo data is seeded by scripts/server.mjs before the build loads (scripts/seed.ts), so
  // that the production build does not carry db/seed (issue #18).
  return database
}

// Kept on globalThis so that the dev server's re-evaluation never opens the data folder twice;
// started when this module loads, so the first request does not pay for migrations.
globalThis.__viertelDatabase ??= start()

export const database: Database = await globalThis.__viertelDatabase
export const db: Db = database.db

/**
 * One round trip to the database: resolves when it answers, throws the driver's error when not.
 * Tells the "database away" state when it is back (app/utils/db-errors.server.ts).
 */
export async function checkDatabase() {
  await database.query('select 1')
  noteDatabaseBack()
}
