import { hmac } from '@oslojs/crypto/hmac'
import { SHA256, sha256 } from '@oslojs/crypto/sha2'
import { decodeBase64, encodeBase64, encodeBase64urlNoPadding } from '@oslojs/encoding'
import { eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { appSecrets } from '#db/schema'
import { sessionSecrets } from '~/utils/env.server'

/**
 * A secret shared by every process of one database: generated once, stored in it.
 */
export async function getAppSecret(db: DbOrTx, name: string): Promise<string> {
  const bytes = new Uint8Array(32)
  crypto.getRandomValues(bytes)
  await db.insert(appSecrets).values({ name, value: encodeBase64(bytes) }).onConflictDoNothing()
  const [row] = await db.select().from(appSecrets).where(eq(appSecrets.name, name))
  return row!.value
}

export interface SigningKey {
  /** names the key inside what it signed, so a verifier picks it without trying every key */
  id: string
  key: Uint8Array
}

const encoder = new TextEncoder()

/** One key per purpose from a secret: signatures for one purpose never verify for another. */
export function deriveKey(secret: Uint8Array, purpose: string): SigningKey {
  const key = hmac(SHA256, secret, encoder.encode(`viertel/${purpose}`))
  return { id: encodeBase64urlNoPadding(sha256(key).slice(0, 6)), key }
}

/**
 * The key ring for signed links of one purpose, newest first: the first key signs, all verify.
 * With SESSION_SECRET set, one key per comma-separated secret (newest first): put a new secret in
 * front to rotate, drop the old one once its links may die; links signed with a secret no longer
 * listed stop working. Unset, the database's generated secret for the purpose is the one key, as
 * before. (ADR 060)
 */
export async function signingKeys(db: DbOrTx, purpose: string, secrets: string[] = sessionSecrets): Promise<SigningKey[]> {
  if (secrets.length) return secrets.map((secret) => deriveKey(encoder.encode(secret), purpose))
  return [deriveKey(decodeBase64(await getAppSecret(db, purpose)), purpose)]
}
