import { and, eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { initiatives, listings } from '#db/schema'
import { isUuid } from '~/utils/misc'

/**
 * The listing an exchange, a booking or a loan is asked for, with its initiative: one reader for the
 * three (issue #18). Each caller then says which listings it takes (exchanges: active, not a loan;
 * bookings: a bookable room or tool offer; loans: an active loan listing). Null when the id is not a
 * listing of this centre.
 */
export async function listingOfCentre(db: DbOrTx, centreId: string, listingId: string) {
  if (!isUuid(listingId)) return null
  const [row] = await db
    .select({
      id: listings.id,
      centreId: listings.centreId,
      visibility: listings.visibility,
      title: listings.title,
      kind: listings.kind,
      category: listings.category,
      status: listings.status,
      bookable: listings.bookable,
      details: listings.details,
      availableFrom: listings.availableFrom,
      availableUntil: listings.availableUntil,
      initiativeId: listings.initiativeId,
      initiativeName: initiatives.name,
      initiativeStatus: initiatives.status,
    })
    .from(listings)
    .innerJoin(initiatives, eq(initiatives.id, listings.initiativeId))
    .where(and(eq(listings.id, listingId), eq(listings.centreId, centreId)))
  return row ?? null
}
