// `npm run reporting:rebuild [-- --centre <slug> …]`: rebuilds the manager console's roll-ups
// (help facts, month sums, exchange counts) of the named centres, or of all, from the ledger and
// the exchanges — after a restore from an old backup, a bulk load that bypassed the triggers, or a
// fault. Ledger postings and exchange changes wait while a centre is rebuilt (13 s for 250,000
// confirmed exchanges, 1M ledger entries, on PostgreSQL here); the dashboard keeps reading. Opens the database like the app does
// (DATABASE_URL, else the PGlite folder). Safe to repeat.
import { openConfiguredDatabase } from './db-tools'
import { rebuildRollups } from '../app/modules/reporting/rollups.server'

const say = (line: string) => console.log(`Viertel reporting:rebuild: ${line}`)

function slugsOf(args: readonly string[]): string[] | null {
  const slugs: string[] = []
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--centre' || !args[i + 1]) return null
    slugs.push(args[++i]!)
  }
  return slugs
}

async function main() {
  const slugs = slugsOf(process.argv.slice(2))
  if (!slugs) {
    console.error('Usage: npm run reporting:rebuild [-- --centre <slug> [--centre <slug> …]]')
    return 2
  }
  const database = await openConfiguredDatabase('reporting:rebuild', say)
  if (!database) return 1
  try {
    const started = Date.now()
    say(slugs.length ? `rebuilding ${slugs.join(', ')} …` : 'rebuilding every centre …')
    const { rebuilt, unknown } = await rebuildRollups(database.db, slugs, (c) =>
      say(`${c.slug}: ${c.helpRows} help row(s) from the ledger, ${c.monthlyRows} month sum(s), ${c.seconds.toFixed(1)} s`),
    )
    if (unknown.length) {
      console.error(`Viertel reporting:rebuild: no centre ${unknown.map((s) => `"${s}"`).join(', ')}; nothing rebuilt.`)
      return 1
    }
    say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${rebuilt.length} centre(s).`)
    return 0
  } finally {
    await database.close()
  }
}

process.exitCode = await main()
