import { and, eq } from 'drizzle-orm'
import { decideBooking, requestBooking } from '~/modules/bookings/bookings.server'
import { addDays, localDateOf, mondayOf } from '~/utils/time'
import type { Tx } from '../connect'
import { listings } from '../schema'
import type { FoundationSeed } from './foundation'

/**
 * Bookings of the Lagerhaus rehearsal room next week, made through the bookings module (each
 * with its exchange): Radwerk's evening accepted, the Druckerei's request waiting for Viertelklang.
 * Silent, as the demo exchanges and loans are: nobody is told of demo data (no notice, no e-mail).
 */
export async function seedBookings(tx: Tx, foundation: FoundationSeed, now = new Date()) {
  const centre = foundation.centres['lagerhaus']!
  const [room] = await tx
    .select({ id: listings.id, initiativeId: listings.initiativeId })
    .from(listings)
    .where(and(eq(listings.centreId, centre.id), eq(listings.category, 'room'), eq(listings.kind, 'offer'), eq(listings.bookable, true)))
    .limit(1)
  if (!room) return
  const owner = foundation.users['owner:lagerhaus/viertelklang']!
  const nextMonday = addDays(mondayOf(localDateOf(now, 'Europe/Berlin')), 7)
  const book = async (who: string, day: number, from: string, to: string, purpose: string) => {
    const result = await requestBooking(
      tx,
      { id: foundation.users[`owner:lagerhaus/${who}`]!.id },
      centre.id,
      { listingId: room.id, initiativeId: foundation.initiatives[`lagerhaus/${who}`]!.id, start: `${addDays(nextMonday, day)}T${from}`, end: `${addDays(nextMonday, day)}T${to}`, purpose },
      { now, silent: true },
    )
    if (!result.ok) throw new Error(`demo booking failed: ${JSON.stringify(result)}`)
    return result.booking
  }
  const accepted = await book('radwerk', 1, '18:00', '21:00', 'Werkstattabend mit Musik')
  const decided = await decideBooking(tx, { id: owner.id }, centre.id, accepted.id, 'accept', null, { silent: true })
  if (!decided.ok) throw new Error(`demo booking accept failed: ${JSON.stringify(decided)}`)
  await book('druckerei-ostertor', 3, '19:00', '22:00', 'Lesung mit Zine-Release')
  const saturday = await book('sprachcafe', 5, '10:00', '13:00', 'Sprachcafé-Frühstück mit Musik')
  const second = await decideBooking(tx, { id: owner.id }, centre.id, saturday.id, 'accept', null, { silent: true })
  if (!second.ok) throw new Error(`demo booking accept failed: ${JSON.stringify(second)}`)
}
