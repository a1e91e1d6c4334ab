import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCentre, makeManager, makeMember } from '#db/factories'
import { auditLog, centreFinancingSources, centreFinancingYears } from '#db/schema'
import { financingSchema } from '~/modules/reporting/financing-schemas'
import { financingMix, financingYear, financingYears, publishedFinancing, saveFinancingYear } from '~/modules/reporting/financing.server'
import { logHelpGiven, transition } from '~/modules/exchanges/exchanges.server'
import { parseForm } from '~/utils/forms.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())
const db = () => database.db

const LONG_AGO = new Date('2023-01-01T00:00:00Z')

/**
 * A centre in Berlin time, 20 € an hour. Confirmed help: A→B 120 min in March 2025 (40 €), B→A
 * 60 min at a named 50 € in June 2025, C→B 30 min in November 2024 (10 €). 2025's mutual help is
 * worth 90 €, 2024's 10 €.
 */
async function makeWorld() {
  const centre = await makeCentre(db(), { timeZone: 'Europe/Berlin', hourValueCents: 2000 })
  const manager = await makeManager(db(), centre.id)
  const a = await makeMember(db(), centre.id, { createdAt: LONG_AGO })
  const b = await makeMember(db(), centre.id, { createdAt: LONG_AGO })
  const c = await makeMember(db(), centre.id, { createdAt: LONG_AGO })
  async function help(from: typeof a, to: typeof a, minutes: number, at: string, valueCents?: number) {
    const logged = await logHelpGiven(db(), { id: from.user.id }, centre.id, {
      initiativeId: from.initiative.id,
      receiverInitiativeId: to.initiative.id,
      title: `Hilfe ${minutes}`,
      description: '',
      date: at.slice(0, 10),
      minutes,
      valueCents,
      at: new Date(at),
    })
    if (!logged.ok) throw new Error(JSON.stringify(logged))
    const done = await transition(db(), { id: to.user.id }, logged.exchange.id, 'confirm', {}, { at: new Date(at) })
    if (!done.ok) throw new Error(JSON.stringify(done))
  }
  await help(a, b, 120, '2025-03-10T10:00:00Z')
  await help(b, a, 60, '2025-06-01T10:00:00Z', 5000)
  await help(c, b, 30, '2024-11-15T10:00:00Z')
  return { centre, manager }
}

function form(fields: Record<string, string>) {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) data.append(name, value)
  return data
}

const YEAR_2025 = {
  year: '2025',
  'sources.rents.euros': '12000',
  'sources.rents.note': 'elf Initiativen',
  'sources.municipalGrants.euros': '30000',
  'sources.donations.note': 'noch offen',
  unpaidHours: '100',
  unpaidHourRateEuros: '15',
  published: 'on',
  show: 'shares',
}

describe('a centre’s financing mix', () => {
  it('saves a year as typed, computes unpaid work and mutual help, audits once, and writes nothing unchanged', async () => {
    const { centre, manager } = await makeWorld()
    const parsed = parseForm(form(YEAR_2025), financingSchema(2026))
    expect(parsed.status).toBe('success')
    if (parsed.status !== 'success') return
    expect(await saveFinancingYear(db(), { centreId: centre.id, actorId: manager.id, value: parsed.value })).toEqual({ ok: true, changed: true })

    expect(await financingYear(db(), centre.id, 2025)).toEqual({
      year: 2025,
      published: true,
      publicAmounts: false,
      unpaidHours: 100,
      unpaidHourRateCents: 1500,
      sources: {
        rents: { amountCents: 1_200_000, note: 'elf Initiativen' },
        municipalGrants: { amountCents: 3_000_000, note: '' },
        donations: { amountCents: 0, note: 'noch offen' },
      },
    })
    const mix = await financingMix(db(), centre, 2025)
    // mutual help is the ledger's: 40 € (120 min at 20 €) + 50 € (a named value), not November 2024's
    expect(mix.mutualHelpCents).toBe(9000)
    expect(mix.elements.map((e) => [e.element, e.cents])).toEqual([
      ['rents', 1_200_000],
      ['municipalGrants', 3_000_000],
      ['unpaidWork', 150_000],
      ['mutualHelp', 9000],
    ])
    expect(mix.totalCents).toBe(4_359_000)
    expect(mix.mutualHelpShare).toBeCloseTo(9000 / 4_359_000, 10)
    expect(mix.elements.reduce((s, e) => s + e.share, 0)).toBeCloseTo(1, 10)
    expect((await financingMix(db(), centre, 2024)).mutualHelpCents).toBe(1000)

    const audits = () =>
      db().select().from(auditLog).where(and(eq(auditLog.centreId, centre.id), eq(auditLog.action, 'centre.financing_saved')))
    expect(await audits()).toHaveLength(1)
    expect((await audits())[0]!.details).toMatchObject({ year: 2025, before: null })
    // the same again: nothing written, no second audit row
    expect(await saveFinancingYear(db(), { centreId: centre.id, actorId: manager.id, value: parsed.value })).toEqual({ ok: true, changed: false })
    expect(await audits()).toHaveLength(1)
    // a source emptied is removed
    const again = parseForm(form({ ...YEAR_2025, 'sources.rents.euros': '', 'sources.rents.note': '' }), financingSchema(2026))
    if (again.status !== 'success') throw new Error('parse')
    await saveFinancingYear(db(), { centreId: centre.id, actorId: manager.id, value: again.value })
    expect((await financingYear(db(), centre.id, 2025))!.sources.rents).toBeUndefined()
    expect(await audits()).toHaveLength(2)
  })

  it('two saves of the same year at once land one after the other: each audit entry starts from what the other left', async () => {
    const centre = await makeCentre(db())
    const manager = await makeManager(db(), centre.id)
    const other = await makeManager(db(), centre.id)
    const values = ['1000', '2000'].map((euros) => {
      const parsed = parseForm(form({ year: '2024', 'sources.rents.euros': euros, show: 'shares' }), financingSchema(2026))
      if (parsed.status !== 'success') throw new Error('the form did not parse')
      return parsed.value
    })
    const saved = await Promise.all([
      saveFinancingYear(db(), { centreId: centre.id, actorId: manager.id, value: values[0]! }),
      saveFinancingYear(db(), { centreId: centre.id, actorId: other.id, value: values[1]! }),
    ])
    expect(saved).toEqual([
      { ok: true, changed: true },
      { ok: true, changed: true },
    ])
    const entries = await db()
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.centreId, centre.id), eq(auditLog.action, 'centre.financing_saved')))
      .orderBy(auditLog.createdAt, auditLog.id)
    expect(entries).toHaveLength(2)
    const [first, second] = entries.map((e) => e.details as { before: { sources: object } | null; after: { sources: object } })
    // one of them found nothing before it; the other found exactly what the first saved
    const rents = (side: { sources: object } | null) => (side?.sources as { rents?: { amountCents: number } } | undefined)?.rents?.amountCents
    const chains = [
      [rents(first!.before), rents(first!.after), rents(second!.before), rents(second!.after)],
      [rents(second!.before), rents(second!.after), rents(first!.before), rents(first!.after)],
    ]
    expect(chains).toContainEqual([undefined, expect.any(Number), expect.any(Number), expect.any(Number)])
    const chain = chains.find((c) => c[0] === undefined)!
    expect(chain[2]).toBe(chain[1])
    expect(new Set([chain[1], chain[3]])).toEqual(new Set([100_000, 200_000]))
    const [row] = await db().select().from(centreFinancingSources).where(eq(centreFinancingSources.centreId, centre.id))
    expect(row!.amountCents).toBe(chain[3])
  })

  it('refuses bad input at the field: negative or fractional euros, years out of range, long notes, bad choices', () => {
    const errorsOf = (fields: Record<string, string>) => {
      const parsed = parseForm(form({ ...YEAR_2025, ...fields }), financingSchema(2026))
      expect(parsed.status, JSON.stringify(fields)).toBe('error')
      return parsed.reply().error ?? {}
    }
    expect(Object.keys(errorsOf({ 'sources.rents.euros': '-5' }))).toEqual(['sources.rents.euros'])
    expect(errorsOf({ 'sources.rents.euros': '12.5' })['sources.rents.euros']).toEqual(['financing.errors.wholeEuros'])
    expect(Object.keys(errorsOf({ 'sources.rents.euros': 'zwölf' }))).toEqual(['sources.rents.euros'])
    expect(Object.keys(errorsOf({ 'sources.rents.euros': '100000001' }))).toEqual(['sources.rents.euros'])
    expect(Object.keys(errorsOf({ year: '1900' }))).toEqual(['year'])
    expect(Object.keys(errorsOf({ year: '2027' }))).toEqual(['year'])
    expect(Object.keys(errorsOf({ 'sources.rents.note': 'x'.repeat(301) }))).toEqual(['sources.rents.note'])
    expect(Object.keys(errorsOf({ unpaidHours: '-1' }))).toEqual(['unpaidHours'])
    expect(Object.keys(errorsOf({ unpaidHourRateEuros: '15.555' }))).toEqual(['unpaidHourRateEuros'])
    expect(Object.keys(errorsOf({ show: 'everything' }))).toEqual(['show'])
    expect(Object.keys(errorsOf({ 'sources.rents.note': 'a\u0000b' }))).toEqual(['sources.rents.note'])
  })

  it('the database refuses what the form refuses, whoever writes', async () => {
    const { centre } = await makeWorld()
    await db().insert(centreFinancingYears).values({ centreId: centre.id, year: 2025 })
    for (const row of [
      { kind: 'rents', amountCents: -1, note: '' },
      { kind: 'lottery', amountCents: 100, note: '' },
      { kind: 'rents', amountCents: 100, note: 'x'.repeat(301) },
    ]) {
      await expect(db().insert(centreFinancingSources).values({ centreId: centre.id, year: 2025, ...row })).rejects.toThrow()
    }
    await expect(db().insert(centreFinancingYears).values({ centreId: centre.id, year: 1900 })).rejects.toThrow()
    await expect(db().execute(sql`insert into centre_financing_sources (centre_id, year, kind, amount_cents) values (${centre.id}, 2019, 'rents', 1)`)).rejects.toThrow()
  })

  it('the public sees published years only, with amounts only where the centre shows them', async () => {
    const { centre, manager } = await makeWorld()
    expect(await publishedFinancing(db(), centre)).toBeNull()
    const save = async (fields: Record<string, string>) => {
      const parsed = parseForm(form(fields), financingSchema(2026))
      if (parsed.status !== 'success') throw new Error(JSON.stringify(parsed.reply().error))
      await saveFinancingYear(db(), { centreId: centre.id, actorId: manager.id, value: parsed.value })
    }
    await save(YEAR_2025)
    await save({ year: '2024', 'sources.rents.euros': '10000', show: 'amounts' })
    let shown = await publishedFinancing(db(), centre)
    // 2024 is not published: only 2025, and as shares
    expect(shown!.trend.map((y) => y.year)).toEqual([2025])
    expect(shown!.latest.amounts).toBe(false)
    expect(shown!.latest.totalCents).toBeNull()
    expect(shown!.latest.elements.every((e) => e.cents === null)).toBe(true)
    expect(shown!.latest.elements.find((e) => e.element === 'mutualHelp')!.share).toBeCloseTo(9000 / 4_359_000, 10)

    await save({ year: '2024', 'sources.rents.euros': '10000', show: 'amounts', published: 'on' })
    shown = await publishedFinancing(db(), centre)
    expect(shown!.trend).toEqual([
      { year: 2024, totalCents: 1_001_000, mutualHelpShare: 1000 / 1_001_000 },
      { year: 2025, totalCents: null, mutualHelpShare: 9000 / 4_359_000 },
    ])
    expect(shown!.latest.year).toBe(2025)
    expect((await financingYears(db(), centre.id)).map((y) => y.year)).toEqual([2025, 2024])
  })
})
