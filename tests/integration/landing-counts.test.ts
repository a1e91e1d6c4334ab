import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCentre, makeInitiative } from '#db/factories'
import { seedDemo } from '#db/seed/demo'
import { LANDING_CENTRES, landingCentres, listCentres } from '~/modules/centres/centres.server'
import { listActiveInitiatives } from '~/modules/initiatives/initiatives.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * The landing page (`/`, landingCentres) and the admin's list (listCentres) say how many initiatives
 * each centre has; the centre's own page (`/c/:centre`, listActiveInitiatives) lists them. All must
 * tell the same number (issue #19: the landing said "0 Initiativen" for every demo centre while the
 * centre pages showed 4 and 8). The landing page shows the first LANDING_CENTRES centres by name.
 */
let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
  await seedDemo(database.db, { log: () => {} })
}, 120_000)
afterAll(() => database.close())
const db = () => database.db

async function landingCount(centreId: string) {
  const landing = (await landingCentres(db())).centres
  const row = landing.find((c) => c.id === centreId)
  if (!row) throw new Error(`centre ${centreId} is not on the landing page`)
  const admin = (await listCentres(db())).find((c) => c.id === centreId)
  expect(admin?.activeInitiatives).toBe(row.activeInitiatives)
  return row.activeInitiatives
}

describe('the landing page’s initiative counts', () => {
  it('equal the number of initiatives each demo centre’s page lists', async () => {
    const { centres: landing, total } = await landingCentres(db())
    expect(total).toBe(landing.length) // three demo centres: all shown
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

  it('lists every centre once (admin)', async () => {
    const landing = await listCentres(db())
    expect(landing.length).toBeGreaterThanOrEqual(6)
    expect(new Set(landing.map((c) => c.id)).size).toBe(landing.length)
  })

  it('the landing page shows the first centres by name and says how many there are; the rest are on /network', async () => {
    for (let i = 0; i < LANDING_CENTRES; i++) await makeCentre(db(), { name: `Zentrum Zz ${String(i).padStart(2, '0')}` })
    const every = await listCentres(db())
    expect(every.length).toBeGreaterThan(LANDING_CENTRES)
    const { centres: shown, total } = await landingCentres(db())
    expect(total).toBe(every.length)
    expect(shown.map((c) => c.name)).toEqual(every.map((c) => c.name).slice(0, LANDING_CENTRES))
    expect(shown.map((c) => c.activeInitiatives)).toEqual(every.slice(0, LANDING_CENTRES).map((c) => c.activeInitiatives))
    expect(shown.some((c) => c.activeInitiatives > 0)).toBe(true)
  })
})
