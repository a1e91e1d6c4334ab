import { sql } from 'drizzle-orm'
import type { Db } from '../connect'
import { centres } from '../schema'
import { seedBookings } from './bookings'
import { seedExchanges } from './exchanges'
import { DEMO_PASSWORD, seedFoundation } from './foundation'
import { seedListings } from './listings'
import { seedLoans } from './loans'

export { DEMO_PASSWORD }



export interface SeedOptions {
  onlyIfEmpty?: boolean
  log?: (line: string) => void
}

/**
 * The demo: three centres from the study with their initiatives, people, and (as the domains
 * grow) listings, exchanges, loans and bookings. Each domain adds its own part in order.
 */
export async function seedDemo(db: Db, options: SeedOptions = {}) {
  const log = options.log ?? ((line: string) => console.log(`Viertel seed: ${line}`))
  if (options.onlyIfEmpty) {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(centres)
    if ((row?.n ?? 0) > 0) return false
  }
  log('demo centres, initiatives and people…')
  await db.transaction(async (tx) => {
    const foundation = await seedFoundation(tx)
    await seedListings(tx, foundation)
    log('exchanges and a year of reciprocity…')
    await seedExchanges(tx, foundation)
    log('loans and bookings…')
    await seedLoans(tx, foundation)
    await seedBookings(tx, foundation)
  })
  log('done. Log in as member@lagerhaus.test, manager@lagerhaus.test or admin@viertel.test (password viertel-demo).')
  return true
}
