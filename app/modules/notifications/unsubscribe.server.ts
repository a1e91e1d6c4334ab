import { hmac } from '@oslojs/crypto/hmac'
import { SHA256 } from '@oslojs/crypto/sha2'
import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { decodeBase64, decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding'
import type { DbOrTx } from '#db/connect'
import { getAppSecret } from '~/modules/security/secrets.server'
import { isUuid } from '~/utils/misc'
import { isNotificationKind, type NotificationKind } from './kinds'

/**
 * Unsubscribe links work without logging in, so the link itself must prove who and what:
 * `base64url(userId:kind).base64url(HMAC-SHA256(secret, userId:kind))`. The secret is the
 * database's own `unsubscribe` secret, shared by every app process and worker.
 */
async function key(db: DbOrTx) {
  return decodeBase64(await getAppSecret(db, 'unsubscribe'))
}

const encoder = new TextEncoder()

export async function signUnsubscribeToken(db: DbOrTx, userId: string, kind: NotificationKind): Promise<string> {
  const message = encoder.encode(`${userId}:${kind}`)
  return `${encodeBase64urlNoPadding(message)}.${encodeBase64urlNoPadding(hmac(SHA256, await key(db), message))}`
}

/** The user and kind a token names, or null when it is malformed or its signature is wrong. */
export async function verifyUnsubscribeToken(
  db: DbOrTx,
  token: string | undefined,
): Promise<{ userId: string; kind: NotificationKind } | null> {
  if (!token || token.length > 300) return null
  const [body, signature, ...rest] = token.split('.')
  if (!body || !signature || rest.length) return null
  let message: Uint8Array
  let given: Uint8Array
  try {
    message = decodeBase64urlIgnorePadding(body)
    given = decodeBase64urlIgnorePadding(signature)
  } catch {
    return null
  }
  const expected = hmac(SHA256, await key(db), message)
  if (given.length !== expected.length || !constantTimeEqual(given, expected)) return null
  const [userId, kind] = new TextDecoder().decode(message).split(':')
  if (!isUuid(userId) || !isNotificationKind(kind)) return null
  return { userId, kind }
}
