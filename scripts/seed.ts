// `npm run db:seed`: puts the demo (three centres from the study, their initiatives and people)
// into the configured database — DATABASE_URL, else the PGlite folder — when it has no centres
// yet. A database that already has data is left as it is.
import { openConfiguredDatabase } from './db-tools'
import { seedDemo } from '../db/seed/demo'

const say = (line: string) => console.log(`Viertel db:seed: ${line}`)

async function main() {
  const database = await openConfiguredDatabase('db:seed', say)
  if (!database) return 1
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
