import { sql } from 'drizzle-orm'
import type { Db } from '../connect'
import { centres } from '../schema'
import { seedBookings } from './bookings'
import { seedExchanges } from './exchanges'
import { seedFinancing } from './financing'
import { DEMO_PASSWORD, seedFoundation } from './foundation'
import { seedListings } from './listings'
import { seedLoans } from './loans'

export { DEMO_PASSWORD }

/** pg_advisory_xact_lock key of the demo seed (the migration lock is 74_210_001). */
const SEED_LOCK = 74_210_002

export interface SeedOptions {
  onlyIfEmpty?: boolean
  log?: (line: string) => void
  /** the moment the demo is seeded at: its history ends here (tests seed at other dates) */
  now?: Date
}

/**
 * The demo: three centres from the study with their initiatives, people, and (as the domains
 * grow) listings, exchanges, loans and bookings. Each domain adds its own part in order.
 */
export async function seedDemo(db: Db, options: SeedOptions = {}) {
  const log = options.log ?? ((line: string) => console.log(`Viertel seed: ${line}`))
  // Two processes starting on one empty PostgreSQL (SEED_DEMO=1) both find it empty: the
  // transaction-scoped advisory lock lets one seed while the other waits, and the one that waited
  // then finds the centres and skips. The check is inside the lock, so it cannot race.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`)
    if (options.onlyIfEmpty) {
      const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(centres)
      if ((row?.n ?? 0) > 0) return false
    }
    log('demo centres, initiatives and people…')
    const now = options.now ?? new Date()
    const foundation = await seedFoundation(tx)
    await seedListings(tx, foundation, now)
    log('exchanges and a year of reciprocity…')
    await seedExchanges(tx, foundation, now)
    log('loans and bookings…')
    await seedLoans(tx, foundation, now)
    await seedBookings(tx, foundation, now)
    await seedFinancing(tx, foundation, now)
    log('done. Log in as member@lagerhaus.test, manager@lagerhaus.test or admin@viertel.test (password viertel-demo).')
    return true
  })
}
