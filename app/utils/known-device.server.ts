import { createCookie } from '@remix-run/node'
import { deviceUserHash, type KnownDevice } from '~/modules/auth/login.server'
import { getAppSecret } from '~/modules/security/secrets.server'
import { db } from '~/utils/db.server'
import { isProduction, sessionSecrets } from '~/utils/env.server'
import { isUuid } from '~/utils/misc'

/**
 * The known-device cookie (ADR 061): a signed, long-lived, httpOnly cookie naming this browser
 * (a random id) and the accounts that logged in from it with the right password (as hashes of
 * their ids, so the cookie on a shared computer does not say who used it). It grants
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
    // SESSION_SECRET's list, newest first: the newest signs, every listed one still verifies, so a
    // rotation keeps people's known devices (ADR 060); unset: the database's generated secret.
    secrets: sessionSecrets.length > 0 ? sessionSecrets : [await getAppSecret(db, 'known-device')],
    maxAge: YEAR_SECONDS,
  })
  return cookie
}

/** The device as its cookie says, or null (none, tampered with, or malformed). */
export async function readKnownDevice(request: Request): Promise<KnownDevice | null> {
  const value: unknown = await (await deviceCookie()).parse(request.headers.get('Cookie'))
  if (!value || typeof value !== 'object') return null
  const { id, users } = value as { id?: unknown; users?: unknown }
  if (typeof id !== 'string' || !isUuid(id) || !Array.isArray(users)) return null
  return { id, users: users.filter((u): u is string => typeof u === 'string' && /^[0-9a-f]{32}$/.test(u)).slice(0, MAX_ACCOUNTS) }
}

/** After a right password: the Set-Cookie that remembers this account on this device (newest first). */
export async function rememberDevice(device: KnownDevice | null, userId: string): Promise<string> {
  const id = device?.id ?? crypto.randomUUID()
  const me = deviceUserHash(userId)
  const users = [me, ...(device?.users ?? []).filter((u) => u !== me)].slice(0, MAX_ACCOUNTS)
  return (await deviceCookie()).serialize({ id, users })
}
