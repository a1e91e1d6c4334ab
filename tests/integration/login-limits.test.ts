import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { makeUser, TEST_PASSWORD } from '#db/factories'
import type { action as loginAction } from '~/routes/login'
import { createTestDatabase, onPostgres, type TestDatabase } from '../setup/db'

/**
 * The login limits of ADR 061 (issue #13 §5), through the /login action as the server calls it,
 * on this file's database. The clock is Date's (vi.setSystemTime), so waits are passed over
 * without sleeping.
 */

let database: TestDatabase
let action: typeof loginAction
beforeAll(async () => {
  database = await createTestDatabase()
  // ~/utils/db.server takes the handle kept here instead of opening its own
  globalThis.__viertelDatabase = Promise.resolve(database)
  ;({ action } = await import('~/routes/login'))
})
afterAll(() => database.close())
afterEach(() => {
  vi.useRealTimers()
})

let ipCounter = 0
const newIp = () => `192.0.2.${++ipCounter % 250}`
let clock = Date.now()
/** Each test starts on its own clock, days after the last one, so no limit carries over. */
function startClock(at = '10:00:50') {
  clock += 86_400_000
  const day = new Date(clock).toISOString().slice(0, 10)
  clock = Date.parse(`${day}T${at}Z`)
  vi.useFakeTimers({ toFake: ['Date'], now: clock })
}
function advance(seconds: number) {
  clock += seconds * 1000
  vi.setSystemTime(clock)
}

interface Answer {
  status: number
  retryAfter: number | null
  setCookies: string[]
  body: unknown
}

async function login(form: { email: string; password: string }, options: { ip: string; cookie?: string }): Promise<Answer> {
  const headers = new Headers({ 'Content-Type': 'application/x-www-form-urlencoded' })
  if (options.cookie) headers.set('Cookie', options.cookie)
  const request = new Request('http://viertel.test/login', { method: 'POST', headers, body: new URLSearchParams(form) })
  let result: unknown
  try {
    result = await action({ request, params: {}, context: { clientIp: options.ip } })
  } catch (thrown) {
    result = thrown
  }
  if (result instanceof Response) {
    return {
      status: result.status,
      retryAfter: result.headers.get('Retry-After') ? Number(result.headers.get('Retry-After')) : null,
      setCookies: result.headers.getSetCookie(),
      body: null,
    }
  }
  const { data, init } = result as { data: unknown; init?: ResponseInit }
  const h = new Headers(init?.headers)
  return { status: init?.status ?? 200, retryAfter: h.get('Retry-After') ? Number(h.get('Retry-After')) : null, setCookies: h.getSetCookie(), body: data }
}

/** The Cookie header a browser would send back after `answer` (name=value of each cookie set). */
function cookiesFrom(answer: Answer, only?: string) {
  return answer.setCookies
    .map((c) => c.split(';')[0]!)
    .filter((c) => !only || c.startsWith(`${only}=`))
    .join('; ')
}

const WRONG = 'not the password at all'

describe('per-account limit on failed logins', () => {
  it("an attacker's 12 wrong passwords do not stop the owner on a device that logged in before", async () => {
    startClock()
    const owner = await makeUser(database.db)
    const first = await login({ email: owner.email, password: TEST_PASSWORD }, { ip: newIp() })
    expect(first.status).toBe(302)
    const device = cookiesFrom(first, 'viertel_device')
    expect(device).toMatch(/^viertel_device=.+/)
    const deviceCookie = first.setCookies.find((c) => c.startsWith('viertel_device='))!
    expect(deviceCookie).toMatch(/HttpOnly/i)
    expect(deviceCookie).toMatch(/SameSite=Lax/i)
    expect(deviceCookie).toMatch(/Max-Age=\d{7,}/) // long-lived: months, not a session
    // it does not say whose it is (a shared computer's cookie names no one)
    const value = decodeURIComponent(device.slice('viertel_device='.length)).split('.')[0]!
    expect(Buffer.from(value, 'base64').toString('utf8')).not.toContain(owner.id)

    const attacker: number[] = []
    for (let i = 0; i < 12; i++) {
      attacker.push((await login({ email: owner.email, password: WRONG }, { ip: newIp() })).status)
      advance(1)
    }
    expect(attacker.slice(0, 5)).toEqual([400, 400, 400, 400, 400])
    expect(attacker.slice(5)).toEqual(Array(7).fill(429))

    // a new device with the right password waits like everyone else …
    const stranger = await login({ email: owner.email, password: TEST_PASSWORD }, { ip: newIp() })
    expect(stranger.status).toBe(429)
    // … the owner's own device does not
    const again = await login({ email: owner.email, password: TEST_PASSWORD }, { ip: newIp(), cookie: device })
    expect(again.status).toBe(302)
    expect(again.setCookies.some((c) => c.startsWith('viertel_session='))).toBe(true)
  })

  it('a known-device cookie works only for the account that logged in with it, and only if it is intact', async () => {
    startClock()
    const owner = await makeUser(database.db)
    const other = await makeUser(database.db)
    const device = cookiesFrom(await login({ email: owner.email, password: TEST_PASSWORD }, { ip: newIp() }), 'viertel_device')
    for (let i = 0; i < 5; i++) await login({ email: other.email, password: WRONG }, { ip: newIp() })
    // the owner's device is not a known device for `other`
    expect((await login({ email: other.email, password: TEST_PASSWORD }, { ip: newIp(), cookie: device })).status).toBe(429)
    for (let i = 0; i < 5; i++) await login({ email: owner.email, password: WRONG }, { ip: newIp() })
    // a forged cookie (signature cut off) counts as none
    const forged = device.replace(/\.[^.]+$/, '.AAAA')
    expect((await login({ email: owner.email, password: TEST_PASSWORD }, { ip: newIp(), cookie: forged })).status).toBe(429)
  })

  it('a known device has a limit of its own: its wrong guesses earn it the same waits', async () => {
    startClock()
    const owner = await makeUser(database.db)
    const device = cookiesFrom(await login({ email: owner.email, password: TEST_PASSWORD }, { ip: newIp() }), 'viertel_device')
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await login({ email: owner.email, password: WRONG }, { ip: newIp(), cookie: device })).status)
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429])
    // the account itself was not touched: a new device with the right password gets in
    expect((await login({ email: owner.email, password: TEST_PASSWORD }, { ip: newIp() })).status).toBe(302)
  })

  it('failures earn growing waits: 1 minute after the 5th, doubling, at most 15 minutes, with Retry-After and a message at the field', async () => {
    startClock()
    const owner = await makeUser(database.db)
    const guess = () => login({ email: owner.email, password: WRONG }, { ip: newIp() })
    for (let i = 0; i < 5; i++) expect((await guess()).status).toBe(400)
    const waits: number[] = []
    for (let round = 0; round < 7; round++) {
      const refused = await guess()
      expect(refused.status).toBe(429)
      waits.push(refused.retryAfter!)
      advance(refused.retryAfter!)
      expect((await guess()).status).toBe(400) // the wait is over: one more guess is tried
    }
    expect(waits).toEqual([60, 120, 240, 480, 900, 900, 900])
    const refused = await guess()
    const fieldErrors = (refused.body as { result: { error: Record<string, string[]> } }).result.error
    expect(fieldErrors.password).toEqual(['auth.errors.tooManyLogins?count=15'])
  })

  it('the wait runs from the failure, not by the clock minute (no fresh start at :00)', async () => {
    startClock('10:00:50')
    const owner = await makeUser(database.db)
    for (let i = 0; i < 5; i++) await login({ email: owner.email, password: WRONG }, { ip: newIp() })
    advance(15) // 10:01:05, a new clock minute
    const refused = await login({ email: owner.email, password: TEST_PASSWORD }, { ip: newIp() })
    expect(refused.status).toBe(429)
    expect(refused.retryAfter).toBe(45)
    advance(45)
    expect((await login({ email: owner.email, password: TEST_PASSWORD }, { ip: newIp() })).status).toBe(302)
  })

  it('unknown addresses are throttled like known ones (the limit tells nothing about who has an account)', async () => {
    startClock()
    const email = `nobody-${Date.now()}@example.test`
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await login({ email, password: WRONG }, { ip: newIp() })).status)
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429])
  })

  it('a right password ends the wait of the failures before it', async () => {
    startClock()
    const owner = await makeUser(database.db)
    for (let i = 0; i < 4; i++) await login({ email: owner.email, password: WRONG }, { ip: newIp() })
    expect((await login({ email: owner.email, password: TEST_PASSWORD }, { ip: newIp() })).status).toBe(302)
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await login({ email: owner.email, password: WRONG }, { ip: newIp() })).status)
    expect(statuses).toEqual([400, 400, 400, 400, 400])
  })

  it('concurrent guesses are counted one after the other: 20 at once, only 5 are tried', async () => {
    startClock()
    const owner = await makeUser(database.db)
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => login({ email: owner.email, password: WRONG }, { ip: newIp() }).then((a) => a.status)),
    )
    expect(statuses.filter((s) => s === 400)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(15)
    if (!onPostgres()) console.info('PGlite has one connection: the 20 attempts were concurrent in the app, serial in the database')
  })
})

describe('per-address limit', () => {
  it('100 people logging in right from one address within a minute all get in', async () => {
    startClock('10:00:05')
    const ip = newIp()
    const people = await Promise.all(Array.from({ length: 100 }, () => makeUser(database.db)))
    const statuses: number[] = []
    for (const person of people) {
      statuses.push((await login({ email: person.email, password: TEST_PASSWORD }, { ip })).status)
      advance(0.3)
    }
    expect(statuses).toEqual(Array(100).fill(302))
  }, 120_000)

  it('counts failures only, 100 in a sliding minute: the count does not start afresh when the clock minute turns', async () => {
    startClock('10:00:00')
    const ip = newIp()
    const guess = () => login({ email: `guess-${clock}-${Math.random()}@example.test`, password: WRONG }, { ip })
    const statuses: number[] = []
    for (let i = 0; i < 100; i++) {
      // a new address each time, so no account's own limit is reached
      statuses.push((await guess()).status)
      advance(0.5) // 100 failures between 10:00:00 and 10:00:49.5
    }
    expect(statuses).toEqual(Array(100).fill(400))
    const refused = await guess()
    expect(refused.status).toBe(429)
    expect(refused.retryAfter).toBeGreaterThan(0)
    expect(refused.retryAfter).toBeLessThanOrEqual(70)

    advance(12) // 10:01:02: a fixed window would allow 100 more here; the sliding one a handful
    let tried = 0
    while ((await guess()).status === 400) tried++
    expect(tried).toBeLessThanOrEqual(5)

    // a person of the house whose browser logged in before is not held by the address's limit
    const resident = await makeUser(database.db)
    const device = cookiesFrom(await login({ email: resident.email, password: TEST_PASSWORD }, { ip: newIp() }), 'viertel_device')
    expect((await login({ email: resident.email, password: TEST_PASSWORD }, { ip })).status).toBe(429)
    expect((await login({ email: resident.email, password: TEST_PASSWORD }, { ip, cookie: device })).status).toBe(302)
    // once the failures have slid out of the last minute, the address is free again
    advance(120)
    expect((await guess()).status).toBe(400)
  }, 120_000)
})
