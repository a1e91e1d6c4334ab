import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCentre, makeInitiative } from '#db/factories'
import { seedDemo } from '#db/seed/demo'
import { listCentres } from '~/modules/centres/centres.server'
import { listActiveInitiatives } from '~/modules/initiatives/initiatives.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * The landing page (`/`, listCentres) says how many initiatives each centre has; the centre's own
 * page (`/c/:centre`, listActiveInitiatives) lists them. Both must tell the same number (issue #19:
 * the landing said "0 Initiativen" for every demo centre while the centre pages showed 4 and 8).
 */
let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
  await seedDemo(database.db, { log: () => {} })
}, 120_000)
afterAll(() => database.close())
const db = () => database.db

async function landingCount(centreId: string) {
  const landing = await listCentres(db())
  const row = landing.find((c) => c.id === centreId)
  if (!row) throw new Error(`centre ${centreId} is not on the landing page`)
  return row.activeInitiatives
}

describe('the landing page’s initiative counts', () => {
  it('equal the number of initiatives each demo centre’s page lists', async () => {
    const landing = await listCentres(db())
    const demo = landing.filter((c) => ['lagerhaus', 'oekozentrum-verden', 'aucoop'].includes(c.slug))
    expect(demo.length).toBe(3)
    const pairs = await Promise.all(
      landing.map(async (c) => ({ slug: c.slug, landing: c.activeInitiatives, page: (await listActiveInitiatives(db(), c.id)).length })),
    )
    expect(pairs.map((p) => [p.slug, p.landing])).toEqual(pairs.map((p) => [p.slug, p.page]))
    // not trivially equal: the demo centres have initiatives
    expect(pairs.every((p) => p.page > 0)).toBe(true)
  })

  it('count only active initiatives of the centre itself, and zero for a centre without any', async () => {
    const full = await makeCentre(db(), { name: 'Zählzentrum Voll' })
    const neighbour = await makeCentre(db(), { name: 'Zählzentrum Nachbar' })
    const empty = await makeCentre(db(), { name: 'Zählzentrum Leer' })
    for (let i = 0; i < 3; i++) await makeInitiative(db(), full.id, { status: 'active' })
    for (const status of ['applied', 'suspended', 'left', 'rejected'] as const) await makeInitiative(db(), full.id, { status })
    await makeInitiative(db(), neighbour.id, { status: 'active' })
    await makeInitiative(db(), neighbour.id, { status: 'applied' })

    expect(await landingCount(full.id)).toBe(3)
    expect(await landingCount(neighbour.id)).toBe(1)
    expect(await landingCount(empty.id)).toBe(0)
    for (const centre of [full, neighbour, empty]) {
      expect(await landingCount(centre.id)).toBe((await listActiveInitiatives(db(), centre.id)).length)
    }
  })

  it('lists every centre once', async () => {
    const landing = await listCentres(db())
    expect(landing.length).toBeGreaterThanOrEqual(6)
    expect(new Set(landing.map((c) => c.id)).size).toBe(landing.length)
  })
})
