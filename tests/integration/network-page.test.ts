import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCentre, makeMember } from '#db/factories'
import { centres, listings } from '#db/schema'
import { seedDemo } from '#db/seed/demo'
import { reportCentre } from '~/modules/reporting/console.server'
import { saveFinancingYear } from '~/modules/reporting/financing.server'
import { centrePlaces, countNetwork, networkTable } from '~/modules/reporting/network-page.server'
import { CentreSettingsSchema } from '~/modules/centres/settings-schemas'
import { settingsOf, updateCentreSettings } from '~/modules/centres/settings.server'
import { parseForm } from '~/utils/forms.server'
import { eq } from 'drizzle-orm'
import { presetPeriod, toRange } from '~/modules/reporting/period'
import { figures } from '~/modules/reporting/reporting.server'
import { localDateOf } from '~/utils/time'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * `/network` (issue #17 §2) shows the dashboard's own figures, one source of truth: each row's
 * exchanges, hours, in-kind value and active initiatives equal `figures()` of that centre over its
 * last 12 months (the dashboard's `last12` period in the centre's time zone).
 */
let database: TestDatabase
const NOW = new Date()
beforeAll(async () => {
  database = await createTestDatabase()
  await seedDemo(database.db, { log: () => {}, now: NOW })
}, 120_000)
afterAll(() => database.close())
const db = () => database.db

describe('the network table', () => {
  it('gives each centre the figures the dashboard computes for its last 12 months', async () => {
    const table = await countNetwork(db(), NOW)
    const all = await db().select().from(centres)
    expect(table.rows.map((r) => r.id).sort()).toEqual(all.map((c) => c.id).sort())
    for (const centre of all) {
      const row = table.rows.find((r) => r.id === centre.id)!
      const period = presetPeriod('last12', localDateOf(NOW, centre.timeZone))
      const f = await figures(db(), reportCentre(centre), toRange(period, centre.timeZone), NOW)
      expect([row.slug, row.exchanges, row.minutes, row.cents, row.activeInitiatives]).toEqual([
        centre.slug,
        f.helpCount,
        f.minutes,
        f.cents,
        f.activeInitiatives,
      ])
      expect([row.city, row.country, row.foundingYear, row.legalForm]).toEqual([centre.city, centre.country, centre.foundingYear, centre.legalForm])
    }
    // not trivially equal: the demo centres helped each other in the last year
    const demo = table.rows.filter((r) => ['lagerhaus', 'oekozentrum-verden', 'aucoop'].includes(r.slug))
    expect(demo).toHaveLength(3)
    expect(demo.every((r) => r.exchanges > 0 && r.minutes > 0 && r.cents > 0 && r.activeInitiatives > 0)).toBe(true)
  })

  it('names what a centre offers only by its active offers that anyone may read', async () => {
    const centre = await makeCentre(db(), { name: 'Angebotszentrum' })
    const { initiative } = await makeMember(db(), centre.id)
    const base = { centreId: centre.id, initiativeId: initiative.id, title: 'x', visibility: 'public' as const }
    const rows: (typeof listings.$inferInsert)[] = [
      { ...base, kind: 'offer', category: 'room', details: { category: 'room', capacity: 4 }, status: 'active' },
      { ...base, kind: 'offer', category: 'tool', details: { category: 'tool' }, status: 'paused' },
      { ...base, kind: 'need', category: 'skill', details: { category: 'skill' }, status: 'active' },
      // the page is public: a centre-only (or network) offer does not say what the centre offers there
      { ...base, kind: 'offer', category: 'skill', details: { category: 'skill' }, status: 'active', visibility: 'centre' },
      { ...base, kind: 'offer', category: 'tool', details: { category: 'tool' }, status: 'active', visibility: 'network' },
    ]
    await db().insert(listings).values(rows)
    const row = (await countNetwork(db(), NOW)).rows.find((r) => r.id === centre.id)!
    expect(row.offers).toEqual(['room'])
    const lagerhaus = (await countNetwork(db(), NOW)).rows.find((r) => r.slug === 'lagerhaus')!
    expect(lagerhaus.offers.length).toBeGreaterThan(0)
  })

  it('shows the shares of a centre’s latest published financing year, never amounts, and nothing unpublished', async () => {
    const centre = await makeCentre(db(), { name: 'Finanzzentrum' })
    const manager = await makeMember(db(), centre.id)
    const save = async (year: number, published: boolean, rentsEuros: number) =>
      saveFinancingYear(db(), {
        centreId: centre.id,
        actorId: manager.user.id,
        value: { year, sources: { rents: { euros: rentsEuros }, donations: { euros: rentsEuros * 3 } }, published, show: 'amounts' },
      })
    expect((await countNetwork(db(), NOW)).rows.find((r) => r.id === centre.id)!.financing).toBeNull()
    await save(2023, true, 1000)
    await save(2024, false, 5000)
    const row = (await countNetwork(db(), NOW)).rows.find((r) => r.id === centre.id)!
    expect(row.financing).toEqual({
      year: 2023,
      elements: [
        { element: 'rents', share: 0.25 },
        { element: 'donations', share: 0.75 },
      ],
      mutualHelpShare: 0,
    })
    expect(JSON.stringify(row.financing)).not.toContain('100000')
  })

  it('is counted once a day: a centre added shows the next day', async () => {
    const morning = new Date('2030-03-10T08:00:00Z')
    const first = await networkTable(db(), morning)
    const added = await makeCentre(db(), { name: 'Neues Zentrum' })
    const evening = await networkTable(db(), new Date('2030-03-10T20:00:00Z'))
    expect(evening).toBe(first)
    expect(evening.rows.some((r) => r.id === added.id)).toBe(false)
    const tomorrow = await networkTable(db(), new Date('2030-03-11T08:00:00Z'))
    expect(tomorrow.day).toBe('2030-03-11')
    expect(tomorrow.rows.some((r) => r.id === added.id)).toBe(true)
  })

  it('places a centre on the map from the settings at once; a bad place is refused at its field and nothing is written', async () => {
    const centre = await makeCentre(db())
    const manager = await makeMember(db(), centre.id)
    const form = (place: string) => {
      const data = new URLSearchParams({ ...formOf(settingsOf(centre)), place })
      return parseForm(data, CentreSettingsSchema)
    }
    for (const [bad, error] of [
      ['53.07', 'reporting.errors.place'],
      ['nördlich von Bremen', 'reporting.errors.place'],
      ['95.1, 8.8', 'reporting.errors.placeRange'],
      ['53.1, 181', 'reporting.errors.placeRange'],
      ['53.1\t8.8\u0000', 'validation.nulByte'],
    ] as const) {
      const parsed = form(bad)
      expect(parsed.status, bad).toBe('error')
      expect(parsed.reply().error, bad).toEqual({ place: [error] })
    }
    expect((await centrePlaces(db())).has(centre.id)).toBe(false)

    // copied from a map with a decimal comma and a semicolon: read as latitude, longitude
    const good = form('53,0793; 8,8017')
    expect(good.status).toBe('success')
    if (good.status !== 'success') return
    await updateCentreSettings(db(), { centreId: centre.id, actorId: manager.user.id, settings: good.value })
    expect((await centrePlaces(db())).get(centre.id)).toEqual({ latitude: 53.0793, longitude: 8.8017 })

    // left empty: no dot any more
    const cleared = form('')
    if (cleared.status !== 'success') throw new Error('an empty place is allowed')
    await updateCentreSettings(db(), { centreId: centre.id, actorId: manager.user.id, settings: cleared.value })
    const [row] = await db().select().from(centres).where(eq(centres.id, centre.id))
    expect([row!.latitude, row!.longitude]).toEqual([null, null])
  })

  it('the database refuses half a place or one off the globe, whoever writes it', async () => {
    const centre = await makeCentre(db())
    await expect(db().update(centres).set({ latitude: 53 }).where(eq(centres.id, centre.id))).rejects.toThrow()
    await expect(db().update(centres).set({ latitude: 91, longitude: 8 }).where(eq(centres.id, centre.id))).rejects.toThrow()
  })
})

/** The settings form's fields as a browser sends them (numbers as text, lists as repeated fields). */
function formOf(settings: ReturnType<typeof settingsOf>): Record<string, string> {
  return {
    moderationMode: settings.moderationMode,
    hourValueEuros: String(settings.hourValueEuros),
    loanLimitEuros: String(settings.loanLimitEuros),
    exchangeCapHours: String(settings.exchangeCapHours),
    exchangeCapEuros: String(settings.exchangeCapEuros),
    timeZone: settings.timeZone,
    languages: settings.languages[0] ?? 'de',
  }
}
