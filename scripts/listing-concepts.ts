// `npm run concepts:apply`: gives every listing without concepts the recogniser's (ADR 083), as
// if its author had kept the suggested chips — for listings written before chips existed, imported
// or seeded at scale — and brings every listing's search tokens in line with its concepts (a
// concept removed from the vocabulary), and every saved search's concepts in line with its words.
// Opens the database like the app does (DATABASE_URL, else the PGlite folder). Safe to run again and to interrupt: a listing with concepts is never changed
// by the first step, and an author's choice is never overwritten.
import { openConfiguredDatabase } from './db-tools'
import { applyRecognisedConcepts } from '../app/modules/matching/listing-concepts.server'
import { refreshSavedSearchConcepts } from '../app/modules/notifications/notifications.server'

const say = (line: string) => console.log(`Viertel concepts:apply: ${line}`)

async function main() {
  const database = await openConfiguredDatabase('concepts:apply', say)
  if (!database) return 1
  try {
    const started = Date.now()
    const result = await applyRecognisedConcepts(database.db, { progress: (done) => say(`${done} listings given concepts so far …`) })
    say(
      `done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.recognised} listing(s) given the recogniser's concepts, ` +
        `${result.refreshed} brought in line with the vocabulary.`,
    )
    const searches = await refreshSavedSearchConcepts(database.db)
    say(`${searches} saved search(es) given the concepts their words name now.`)
    return 0
  } finally {
    await database.close()
  }
}

process.exitCode = await main()
