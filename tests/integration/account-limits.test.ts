import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { users } from '#db/schema'
import {
  authenticate,
  changePassword,
  createUser,
  PASSWORD_GUESSES_PER_WINDOW,
  startSession,
} from '~/modules/auth/accounts.server'
import { validateSessionToken } from '~/modules/auth/session.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const RIGHT = 'right password 1'

/** A person with a password and two sessions: the one guessing (`here`) and another device. */
async function person(name: string) {
  const email = `${name}@example.test`
  const user = await createUser(database.db, { email, name, password: RIGHT })
  const here = await startSession(database.db, user.id)
  const elsewhere = await startSession(database.db, user.id)
  const change = (current: string, now: Date) =>
    changePassword(database.db, user.id, here.session.id, current, 'brand new password', { now })
  const stored = async () => {
    const [row] = await database.db.select().from(users).where(eq(users.id, user.id))
    return { passwordHash: row!.passwordHash, passwordChangedAt: row!.passwordChangedAt }
  }
  return { user, email, here, elsewhere, change, stored }
}

describe('guesses at the current password on /account', () => {
  it('refuses the sixth attempt in a quarter of an hour without trying it, and writes nothing', async () => {
    const gina = await person('gina')
    const before = await gina.stored()
    const start = new Date('2026-03-01T09:00:10Z')
    for (let i = 0; i < PASSWORD_GUESSES_PER_WINDOW; i++) {
      expect(await gina.change(`guess ${i}`, start)).toEqual({ ok: false, error: 'wrongPassword' })
    }
    // even the right password is not checked, ten minutes later still
    expect(await gina.change(RIGHT, start)).toEqual({ ok: false, error: 'tooManyAttempts', retryAfterSeconds: 890 })
    expect(await gina.change(RIGHT, new Date('2026-03-01T09:10:10Z'))).toEqual({
      ok: false,
      error: 'tooManyAttempts',
      retryAfterSeconds: 290,
    })
    // nothing written: same password, no sessions ended
    expect(await gina.stored()).toEqual(before)
    expect(await authenticate(database.db, gina.email, RIGHT)).not.toBeNull()
    expect(await validateSessionToken(database.db, gina.elsewhere.token)).not.toBeNull()
    // the next quarter of an hour, the right password works
    expect(await gina.change(RIGHT, new Date('2026-03-01T09:15:00Z'))).toEqual({ ok: true })
    expect(await authenticate(database.db, gina.email, 'brand new password')).not.toBeNull()
    expect(await validateSessionToken(database.db, gina.elsewhere.token)).toBeNull()
  })

  it('lets the right password through after wrong ones below the limit, and gives back only its own attempt', async () => {
    const hugo = await person('hugo')
    const now = new Date('2026-03-01T10:00:00Z')
    for (let i = 0; i < PASSWORD_GUESSES_PER_WINDOW - 1; i++) {
      expect(await hugo.change(`typo ${i}`, now)).toEqual({ ok: false, error: 'wrongPassword' })
    }
    expect(await hugo.change(RIGHT, now)).toEqual({ ok: true })
    // the four wrong guesses stay counted: one more wrong guess is allowed, the next is not
    expect(await hugo.change('yet another typo', now)).toEqual({ ok: false, error: 'wrongPassword' })
    expect(await hugo.change('brand new password', now)).toMatchObject({ ok: false, error: 'tooManyAttempts' })
  })

  it('counts per person: someone else is not limited by another person’s guesses', async () => {
    const ida = await person('ida')
    const jan = await person('jan')
    const now = new Date('2026-03-01T11:00:00Z')
    for (let i = 0; i < PASSWORD_GUESSES_PER_WINDOW; i++) await ida.change(`guess ${i}`, now)
    expect(await ida.change(RIGHT, now)).toMatchObject({ ok: false, error: 'tooManyAttempts' })
    expect(await jan.change('wrong', now)).toEqual({ ok: false, error: 'wrongPassword' })
    expect(await jan.change(RIGHT, now)).toEqual({ ok: true })
  })

  it('holds when the guesses arrive at once', async () => {
    const kim = await person('kim')
    const before = await kim.stored()
    const now = new Date('2026-03-01T12:00:00Z')
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => kim.change(`guess ${i}`, now)))
    expect(results.filter((r) => !r.ok && r.error === 'wrongPassword')).toHaveLength(PASSWORD_GUESSES_PER_WINDOW)
    expect(results.filter((r) => !r.ok && r.error === 'tooManyAttempts')).toHaveLength(10 - PASSWORD_GUESSES_PER_WINDOW)
    expect(await kim.stored()).toEqual(before)
  })
})
