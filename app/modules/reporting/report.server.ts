import { eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { initiatives } from '#db/schema'

export { anonymiseText } from './anonymise'

/** Every initiative name of the centre: what the anonymised report must not show. */
export async function initiativeNames(db: DbOrTx, centreId: string) {
  return db.select({ id: initiatives.id, name: initiatives.name, slug: initiatives.slug }).from(initiatives).where(eq(initiatives.centreId, centreId))
}
