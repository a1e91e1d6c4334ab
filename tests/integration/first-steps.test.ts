import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeInitiative, makeUser } from '#db/factories'
import { centres } from '#db/schema'
import { seedDemo } from '#db/seed/demo'
import { createCentre } from '~/modules/centres/centres.server'
import { firstSteps } from '~/modules/centres/first-steps.server'
import { settingsOf, updateCentreSettings } from '~/modules/centres/settings.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'
import { makeListingRow } from './exchange-world'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
  await seedDemo(database.db, { log: () => {} })
}, 120_000)
afterAll(() => database.close())

const doneOf = (result: Awaited<ReturnType<typeof firstSteps>>) => Object.fromEntries(result!.steps.map((s) => [s.step, s.done]))

describe('first steps of a centre (read off its data)', () => {
  it('the demo centres are set up: nothing left to do', async () => {
    for (const slug of ['lagerhaus', 'oekozentrum-verden', 'aucoop']) {
      const [centre] = await database.db.select().from(centres).where(eq(centres.slug, slug))
      const result = await firstSteps(database.db, centre!.id)
      expect(result, slug).toMatchObject({ allDone: true })
      expect(Object.values(doneOf(result)), slug).toEqual([true, true, true, true, true])
    }
  })

  it('a centre the admin just created has every step open, and each step is done by the act that does it', async () => {
    const db = database.db
    const admin = await makeUser(db, { isAdmin: true })
    const manager = await makeUser(db)
    const centre = await createCentre(db, admin.id, {
      slug: `neu-${Date.now().toString(36)}`,
      name: 'Neues Haus',
      city: 'Gent',
      country: 'BE',
      moderationMode: 'pre',
      hourValueCents: 2250,
    })
    const fresh = await firstSteps(db, centre.id)
    expect(fresh).toMatchObject({ allDone: false, hourValueCents: 2250, moderationMode: 'pre' })
    expect(doneOf(fresh)).toEqual({ profile: false, moderation: false, initiatives: false, listing: false, financing: false })

    // The manager saves the settings with a description: the profile and the mode (it is in that form).
    const settings = settingsOf(centre)
    const base = { ...settings, languages: ['de' as const], legalForm: undefined, fundingMix: undefined, foundingYear: undefined }
    await updateCentreSettings(db, { centreId: centre.id, actorId: manager.id, settings: { ...base, description: 'Ein Haus für alle.' } })
    expect(doneOf(await firstSteps(db, centre.id))).toEqual({ profile: true, moderation: true, initiatives: false, listing: false, financing: false })

    // A legal form alone is not the financing step; with the funding mix it is.
    await updateCentreSettings(db, { centreId: centre.id, actorId: manager.id, settings: { ...base, description: 'Ein Haus für alle.', legalForm: 'e.V.' } })
    expect(doneOf(await firstSteps(db, centre.id)).financing).toBe(false)
    await updateCentreSettings(db, {
      centreId: centre.id,
      actorId: manager.id,
      settings: { ...base, description: 'Ein Haus für alle.', legalForm: 'e.V.', fundingMix: 'Mieten und Spenden' },
    })
    expect(doneOf(await firstSteps(db, centre.id)).financing).toBe(true)

    // An application that waits is not yet an initiative of the house; an active one is.
    const applied = await makeInitiative(db, centre.id, { status: 'applied' })
    expect(doneOf(await firstSteps(db, centre.id)).initiatives).toBe(false)
    const active = await makeInitiative(db, centre.id, { status: 'active' })
    expect(doneOf(await firstSteps(db, centre.id)).initiatives).toBe(true)

    // A draft is not a listing yet; a posted one is.
    await makeListingRow(db, active, 'offer', { status: 'draft' })
    expect(doneOf(await firstSteps(db, centre.id)).listing).toBe(false)
    await makeListingRow(db, applied, 'need', { status: 'pending' })
    const done = await firstSteps(db, centre.id)
    expect(done).toMatchObject({ allDone: true })
  })

  it('another centre’s data does not count, and an unknown centre has no steps', async () => {
    const db = database.db
    const admin = await makeUser(db, { isAdmin: true })
    const centre = await createCentre(db, admin.id, { slug: `leer-${Date.now().toString(36)}`, name: 'Leeres Haus', city: 'Bremen', country: 'DE' })
    expect((await firstSteps(db, centre.id))!.allDone).toBe(false)
    expect(await firstSteps(db, '00000000-0000-4000-8000-000000000000')).toBeNull()
  })
})
