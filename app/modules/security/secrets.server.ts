import { encodeBase64 } from '@oslojs/encoding'
import { eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { appSecrets } from '#db/schema'

/**
 * A secret shared by every process of one database: generated once, stored in it.
 * SESSION_SECRET, when set, takes precedence (for deployments that rotate secrets themselves).
 */
export async function getAppSecret(db: DbOrTx, name: string): Promise<string> {
  const bytes = new Uint8Array(32)
  crypto.getRandomValues(bytes)
  await db.insert(appSecrets).values({ name, value: encodeBase64(bytes) }).onConflictDoNothing()
  const [row] = await db.select().from(appSecrets).where(eq(appSecrets.name, name))
  return row!.value
}
