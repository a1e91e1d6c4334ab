import { hmac } from '@oslojs/crypto/hmac'
import { SHA256 } from '@oslojs/crypto/sha2'
import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding'
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { unsubscribeLinkFloors } from '#db/schema'
import { type SigningKey, signingKeys } from '~/modules/security/secrets.server'
import { isUuid } from '~/utils/misc'
import { isNotificationKind, type NotificationKind } from './kinds'
import { setPreference } from './notifications.server'

/**
 * Unsubscribe links work without logging in, so the link itself must prove who and what:
 * `keyId.base64url(userId:kind:issuedAtMs).base64url(HMAC-SHA256(key, …))`. The key comes from a
 * ring that can be rotated (secrets.server.ts). A link works for UNSUBSCRIBE_LINK_DAYS, once (using
 * it raises the person's floor for that kind), and never after the person invalidated their links;
 * after that, changing e-mail settings needs a login. (ADR 060)
 */
export const UNSUBSCRIBE_LINK_DAYS = 60
const DAY = 24 * 60 * 60 * 1000
const PURPOSE = 'unsubscribe'
const ALL_KINDS = '*'

const encoder = new TextEncoder()

function sign(key: SigningKey, body: string) {
  return hmac(SHA256, key.key, encoder.encode(`${PURPOSE}.${key.id}.${body}`))
}

export async function signUnsubscribeToken(
  db: DbOrTx,
  userId: string,
  kind: NotificationKind,
  now = new Date(),
  ring?: SigningKey[],
): Promise<string> {
  const [key] = ring ?? (await signingKeys(db, PURPOSE))
  const body = encodeBase64urlNoPadding(encoder.encode(`${userId}:${kind}:${now.getTime()}`))
  return `${key!.id}.${body}.${encodeBase64urlNoPadding(sign(key!, body))}`
}

export type UnsubscribeLink =
  | { ok: true; userId: string; kind: NotificationKind; issuedAt: Date }
  /** `invalid`: malformed, forged or signed with a key no longer in the ring; `expired`; `used`: used or revoked */
  | { ok: false; error: 'invalid' | 'expired' | 'used' }

/** What a link says, checked: its signature, its age and the person's floors. Changes nothing. */
export async function readUnsubscribeToken(
  db: DbOrTx,
  token: string | undefined,
  now = new Date(),
  ring?: SigningKey[],
): Promise<UnsubscribeLink> {
  const invalid = { ok: false, error: 'invalid' } as const
  if (!token || token.length > 300) return invalid
  const [keyId, body, signature, ...rest] = token.split('.')
  if (!keyId || !body || !signature || rest.length) return invalid
  const key = (ring ?? (await signingKeys(db, PURPOSE))).find((k) => k.id === keyId)
  if (!key) return invalid
  let given: Uint8Array
  let message: string
  try {
    given = decodeBase64urlIgnorePadding(signature)
    message = new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64urlIgnorePadding(body))
  } catch {
    return invalid
  }
  const expected = sign(key, body)
  if (given.length !== expected.length || !constantTimeEqual(given, expected)) return invalid
  const [userId, kind, issued, ...extra] = message.split(':')
  if (extra.length || !isUuid(userId) || !isNotificationKind(kind) || !/^\d{1,15}$/.test(issued ?? '')) return invalid
  const issuedAt = new Date(Number(issued))
  if (issuedAt.getTime() > now.getTime() + 5 * 60 * 1000) return invalid
  if (now.getTime() - issuedAt.getTime() > UNSUBSCRIBE_LINK_DAYS * DAY) return { ok: false, error: 'expired' }
  const floors = await db
    .select({ validAfter: unsubscribeLinkFloors.validAfter })
    .from(unsubscribeLinkFloors)
    .where(and(eq(unsubscribeLinkFloors.userId, userId), inArray(unsubscribeLinkFloors.kind, [kind, ALL_KINDS])))
  if (floors.some((f) => issuedAt.getTime() <= f.validAfter.getTime())) return { ok: false, error: 'used' }
  return { ok: true, userId, kind, issuedAt }
}

/**
 * Unsubscribes with a link, once: the kind's floor is raised to now in the same statement that
 * checks it was below the link's issue time, so of two clicks at once exactly one counts.
 */
export async function redeemUnsubscribeToken(db: DbOrTx, token: string | undefined, now = new Date()): Promise<UnsubscribeLink> {
  const link = await readUnsubscribeToken(db, token, now)
  if (!link.ok) return link
  return db.transaction(async (tx) => {
    const raised = await tx
      .insert(unsubscribeLinkFloors)
      .values({ userId: link.userId, kind: link.kind, validAfter: now })
      .onConflictDoUpdate({
        target: [unsubscribeLinkFloors.userId, unsubscribeLinkFloors.kind],
        set: { validAfter: now },
        setWhere: sql`${unsubscribeLinkFloors.validAfter} < ${link.issuedAt.toISOString()}::timestamptz`,
      })
      .returning({ userId: unsubscribeLinkFloors.userId })
    if (!raised.length) return { ok: false, error: 'used' } as const
    await setPreference(tx, link.userId, link.kind, 'never')
    return link
  })
}

/** "Invalidate my unsubscribe links": every link issued until now stops working. */
export async function revokeUnsubscribeLinks(db: DbOrTx, userId: string, now = new Date()) {
  await db
    .insert(unsubscribeLinkFloors)
    .values({ userId, kind: ALL_KINDS, validAfter: now })
    .onConflictDoUpdate({ target: [unsubscribeLinkFloors.userId, unsubscribeLinkFloors.kind], set: { validAfter: now } })
}
