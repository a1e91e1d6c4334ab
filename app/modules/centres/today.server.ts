import { eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { centres } from '#db/schema'
import { localDateOf } from '~/utils/time'

/** Today's date (YYYY-MM-DD) where the centre is, for "not in the future" checks of things that happened. */
export async function centreToday(db: DbOrTx, centreId: string, now = new Date()): Promise<string> {
  const [centre] = await db.select({ timeZone: centres.timeZone }).from(centres).where(eq(centres.id, centreId))
  return localDateOf(now, centre?.timeZone ?? 'Europe/Berlin')
}
