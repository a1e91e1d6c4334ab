import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * SESSION_SECRET may list several secrets, newest first (ADR 060). The known-device cookie (ADR
 * 061) and the toast cookie must take the list: signed with the newest, still read with the older
 * ones — before, they used the whole comma-separated string as one secret, so adding a secret made
 * every known device unknown (and the lockout it protects against applied to everyone again).
 */
const OLD = 'old-secret-0123456789abcdef'
const NEW = 'new-secret-fedcba9876543210'

let database: TestDatabase
const savedSecret = process.env.SESSION_SECRET
beforeAll(async () => {
  database = await createTestDatabase()
  globalThis.__viertelDatabase = Promise.resolve(database)
})
afterAll(async () => {
  if (savedSecret === undefined) delete process.env.SESSION_SECRET
  else process.env.SESSION_SECRET = savedSecret
  vi.resetModules()
  globalThis.__viertelDatabase = undefined
  await database.close()
})

async function withSecret(secret: string) {
  process.env.SESSION_SECRET = secret
  vi.resetModules()
  return {
    device: await import('~/utils/known-device.server'),
    toast: await import('~/utils/toast.server'),
  }
}

function cookieHeader(setCookie: string) {
  return new Request('http://localhost/', { headers: { Cookie: setCookie.split(';')[0]! } })
}

describe('cookies across a rotation of SESSION_SECRET', () => {
  it('a known device remembered under the old secret is still known after the new one is put in front', async () => {
    const before = await withSecret(OLD)
    const setCookie = await before.device.rememberDevice(null, '3f1c1d7e-5a2b-4c3d-8e9f-0a1b2c3d4e5f')
    const known = await before.device.readKnownDevice(cookieHeader(setCookie))
    expect(known?.users).toHaveLength(1)

    const during = await withSecret(`${NEW},${OLD}`)
    expect(await during.device.readKnownDevice(cookieHeader(setCookie))).toEqual(known)

    // once the old secret is dropped, its cookies are no longer believed
    const after = await withSecret(NEW)
    expect(await after.device.readKnownDevice(cookieHeader(setCookie))).toBeNull()
  })

  it('a toast set under the old secret is still shown after the rotation', async () => {
    const before = await withSecret(OLD)
    const setCookie = await before.toast.toastHeader({ type: 'success', key: 'common.saved' })
    const during = await withSecret(`${NEW},${OLD}`)
    const read = await during.toast.readToast(cookieHeader(setCookie))
    expect(read.toast).toMatchObject({ type: 'success', key: 'common.saved' })
  })
})
