// `npm run db:seed`: puts the demo (three centres from the study, their initiatives and people)
// into the configured database — DATABASE_URL, else the PGlite folder — when it has no centres
// yet. A database that already has data is left as it is.
import { DataDirLockedError, openDatabase } from '../db/connect'
import { seedDemo } from '../db/seed/demo'

const say = (line: string) => console.log(`Viertel db:seed: ${line}`)

async function main() {
  const url = process.env.DATABASE_URL || undefined
  const dataDir = process.env.PGLITE_DATA_DIR || './data/pglite'
  say(url ? `opening PostgreSQL at ${new URL(url).host}…` : `opening the embedded database in ${dataDir}…`)
  let database
  try {
    database = await openDatabase(url ? { url } : { dataDir })
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(`Viertel db:seed: ${error.message}`)
      return 1
    }
    throw error
  }
  try {
    say('database ready (migrated).')
    const seeded = await seedDemo(database.db, { onlyIfEmpty: true, log: say })
    if (!seeded) say('the database already has centres: nothing seeded.')
    return 0
  } finally {
    await database.close()
  }
}

process.exitCode = await main()
