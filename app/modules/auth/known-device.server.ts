import { createCookie } from '@remix-run/node'
import { getAppSecret } from '~/modules/security/secrets.server'
import { db } from '~/utils/db.server'
import { env, isProduction } from '~/utils/env.server'
import { isUuid } from '~/utils/misc'

/**
 * The known-device cookie (ADR 061): a signed, long-lived, httpOnly cookie naming this browser
 * (a random id) and the accounts that logged in from it with the right password. It grants
 * nothing by itself: it only lets a right password through while the account waits after
 * someone else's wrong guesses. A shared computer remembers its last few people.
 */
const MAX_ACCOUNTS = 5
const YEAR_SECONDS = 365 * 24 * 60 * 60

let cookie: ReturnType<typeof createCookie> | undefined
async function deviceCookie() {
  cookie ??= createCookie('viertel_device', {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isProduction,
    secrets: [env.SESSION_SECRET ?? (await getAppSecret(db, 'known-device'))],
    maxAge: YEAR_SECONDS,
  })
  return cookie
}

export interface KnownDevice {
  id: string
  userIds: string[]
}

/** The device as its cookie says, or null (none, tampered with, or malformed). */
export async function readKnownDevice(request: Request): Promise<KnownDevice | null> {
  const value: unknown = await (await deviceCookie()).parse(request.headers.get('Cookie'))
  if (!value || typeof value !== 'object') return null
  const { id, userIds } = value as { id?: unknown; userIds?: unknown }
  if (typeof id !== 'string' || !isUuid(id) || !Array.isArray(userIds)) return null
  return { id, userIds: userIds.filter((u): u is string => typeof u === 'string' && isUuid(u)).slice(0, MAX_ACCOUNTS) }
}

/** After a right password: the Set-Cookie that remembers this account on this device (newest first). */
export async function rememberDevice(device: KnownDevice | null, userId: string): Promise<string> {
  const id = device?.id ?? crypto.randomUUID()
  const userIds = [userId, ...(device?.userIds ?? []).filter((u) => u !== userId)].slice(0, MAX_ACCOUNTS)
  return (await deviceCookie()).serialize({ id, userIds })
}
