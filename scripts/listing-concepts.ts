// `npm run concepts:apply`: brings every listing's concepts under the vocabulary as it is now
// (ADR 083, 094) — run it after the vocabulary changed. Listings never given concepts (written before
// chips, imported, seeded at scale) get the recogniser's; the others keep what their author decided
// (the chips they kept, and not those they removed) and follow the recogniser for the rest: what it
// finds now is added, what it no longer finds goes. Then every saved search's concepts are brought in
// line with its words. Opens the database like the app does (DATABASE_URL, else the PGlite folder).
// Safe to run again and to interrupt; a listing its author saves meanwhile is left as they saved it.
import { openConfiguredDatabase } from './db-tools'
import { applyRecognisedConcepts } from '../app/modules/matching/listing-concepts.server'
import { refreshSavedSearchConcepts } from '../app/modules/notifications/notifications.server'

const say = (line: string) => console.log(`Viertel concepts:apply: ${line}`)

async function main() {
  const database = await openConfiguredDatabase('concepts:apply', say)
  if (!database) return 1
  try {
    const started = Date.now()
    let told = 0
    const progress = (checked: number) => {
      if (checked - told < 10_000) return
      told = checked
      say(`${checked} listings checked so far …`)
    }
    const result = await applyRecognisedConcepts(database.db, { progress })
    say(
      `done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.recognised} listing(s) given the recogniser's concepts for the first time, ` +
        `${result.refreshed} brought under the vocabulary as it is now.`,
    )
    const searches = await refreshSavedSearchConcepts(database.db)
    say(`${searches} saved search(es) given the concepts their words name now.`)
    return 0
  } finally {
    await database.close()
  }
}

process.exitCode = await main()
