import { type Database, type Db, openDatabase } from '#db/connect'
import { seedDemo } from '#db/seed/demo'
import { env } from './env.server'

declare global {
  var __viertelDatabase: Promise<Database> | undefined
}

async function start(): Promise<Database> {
  const database = await openDatabase(
    env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.PGLITE_DATA_DIR },
  )
  // The embedded database is the "try it" path: an empty one gets the demo centres.
  // On a real PostgreSQL server nothing is seeded unless asked for (SEED_DEMO=1).
  if ((database.kind === 'pglite' && env.SEED_DEMO !== '0') || env.SEED_DEMO === '1') {
    await seedDemo(database.db, { onlyIfEmpty: true })
  }
  return database
}

// Kept on globalThis so that the dev server's re-evaluation never opens the data folder twice;
// started when this module loads, so the first request does not pay for migrations.
globalThis.__viertelDatabase ??= start()

export const database: Database = await globalThis.__viertelDatabase
export const db: Db = database.db
