import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUser } from '#db/factories'
import { seedDemo } from '#db/seed/demo'
import { builtInText } from '~/modules/privacy/builtin-texts.server'
import { getLegalPage, saveLegalPage } from '~/modules/privacy/pages.server'
import { parseMarkdown } from '~/modules/privacy/markdown'
import { financingMix } from '~/modules/reporting/financing.server'
import { fillFigures, GUIDE_FIGURES, guideFigures } from '~/modules/reporting/guide.server'
import { countNetwork } from '~/modules/reporting/network-page.server'
import { reportCentre } from '~/modules/reporting/console.server'
import { formatShare } from '~/utils/format'
import { LOCALES } from '~/utils/i18n'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/** `/guide` (issue #17 §3): a text per language the admin can replace, with live figures of the network. */
let database: TestDatabase
const NOW = new Date()
beforeAll(async () => {
  database = await createTestDatabase()
  await seedDemo(database.db, { log: () => {}, now: NOW })
}, 120_000)
afterAll(() => database.close())
const db = () => database.db

describe('the guide', () => {
  it('has a text of its own in every language, with sections and every live figure', () => {
    for (const locale of LOCALES) {
      const { body, locale: written } = builtInText('guide', locale)
      expect(written).toBe(locale)
      const headings = parseMarkdown(body).filter((b) => b.type === 'heading')
      expect(headings.length, locale).toBeGreaterThanOrEqual(6)
      for (const figure of GUIDE_FIGURES) expect(body, `${locale} names {{${figure}}}`).toContain(`{{${figure}}}`)
    }
  })

  it('names the network’s figures: the mean share of mutual help is the published years’ own', async () => {
    const table = await countNetwork(db(), NOW)
    const figures = guideFigures(table.rows, 'de')
    expect(figures.centres).toBe('3')
    expect(figures.countries).toBe('1')
    // the demo publishes last year's mix for Lagerhaus and Verden
    expect(figures.financingCentres).toBe('2')
    const year = NOW.getUTCFullYear() - 1
    const shares = []
    for (const slug of ['lagerhaus', 'oekozentrum-verden']) {
      const centre = table.rows.find((r) => r.slug === slug)!
      const [row] = await db().query.centres.findMany({ where: (c, { eq }) => eq(c.id, centre.id) })
      shares.push((await financingMix(db(), reportCentre(row!), year)).mutualHelpShare ?? 0)
    }
    expect(figures.mutualHelpShare).toBe(formatShare('de', (shares[0]! + shares[1]!) / 2))
    // with no published year there is no share to name
    expect(guideFigures(table.rows.map((r) => ({ ...r, financing: null })), 'de').mutualHelpShare).toBe('–')
  })

  it('puts the figures into a text and leaves unknown names as written', () => {
    const figures = Object.fromEntries(GUIDE_FIGURES.map((f) => [f, `<${f}>`])) as Parameters<typeof fillFigures>[1]
    expect(fillFigures('{{centres}} in {{ countries }}; {{nothing}}', figures)).toBe('<centres> in <countries>; {{nothing}}')
  })

  it('shows the admin’s text of a language, else the built-in text of that language — never another language’s', async () => {
    const admin = await makeUser(db(), { isAdmin: true })
    expect((await getLegalPage(db(), 'guide', 'fr')).body).toBe(builtInText('guide', 'fr').body)
    await saveLegalPage(db(), admin.id, 'guide', 'de', '# Unser Leitfaden\n\n{{centres}} Zentren.')
    await saveLegalPage(db(), admin.id, 'guide', 'en', '# Our guide')
    expect(await getLegalPage(db(), 'guide', 'en')).toMatchObject({ body: '# Our guide', locale: 'en', template: false })
    expect(await getLegalPage(db(), 'guide', 'de')).toMatchObject({ body: '# Unser Leitfaden\n\n{{centres}} Zentren.', locale: 'de' })
    expect(await getLegalPage(db(), 'guide', 'fr')).toMatchObject({ body: builtInText('guide', 'fr').body, locale: 'fr', template: true })
    // the legal pages keep falling back to German
    expect((await getLegalPage(db(), 'privacy', 'nl')).locale).toBe('de')
  })
})
