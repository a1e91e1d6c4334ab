import { DEMO, expect, expectAccessible, loginAs, test } from './fixtures'

/** Issue #19 §1: a manager brings the centre's initiatives in from a spreadsheet (German UI, Lagerhaus demo). */
const PAGE = '/c/lagerhaus/manage/import'

test.describe('importing initiatives', () => {
  test('a manager uploads a file, sees the preview with its errors, confirms, and finds the initiatives', async ({ page }) => {
    await loginAs(page, DEMO.manager)
    await page.goto('/c/lagerhaus/manage')
    await page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Import' }).click()
    await expect(page).toHaveURL(PAGE)
    await expect(page.getByRole('heading', { level: 1, name: 'Initiativen importieren' })).toBeVisible()
    await expectAccessible(page)

    // The template: the header in the manager's language, as German Excel expects it.
    const template = await page.request.get(`${PAGE}/template.csv`)
    expect(template.headers()['content-type']).toContain('text/csv')
    expect(await template.text()).toBe('\uFEFFName;Art;Arbeitsfeld;Beschreibung;Kontakt-E-Mails\r\n')

    const run = Date.now().toString(36)
    const csv = [
      'Name;Art;Arbeitsfeld;Beschreibung;Kontakt-E-Mails',
      `Gemüsekiste ${run};Genossenschaft;Lebensmittel;Solidarische Landwirtschaft;kiste-${run}@example.test`,
      `Radwerk Kollektiv;Verein;Fahrräder;;rad-${run}@example.test`,
      `Schreibstube ${run};Verein;Text;;kaputt`,
      `Druckwerk ${run};Betrieb;Druck;Risograph;druck-${run}@example.test`,
    ].join('\r\n')
    await page.getByLabel('Datei (CSV oder XLSX)').setInputFiles({ name: 'initiativen.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.getByRole('button', { name: 'Vorschau zeigen' }).click()

    await expect(page.getByRole('heading', { name: 'Vorschau: initiativen.csv' })).toBeVisible()
    const table = page.getByRole('table', { name: /Vorschau der ersten 4 Zeilen/ })
    const row = (name: string) => table.getByRole('row').filter({ hasText: name })
    await expect(row(`Gemüsekiste ${run}`)).toContainText('Wird angelegt')
    await expect(row('Radwerk Kollektiv')).toContainText('Gibt es schon')
    await expect(row(`Schreibstube ${run}`)).toContainText('Fehler – wird übersprungen')
    await expect(row(`Schreibstube ${run}`)).toContainText('Keine gültige E-Mail-Adresse: kaputt')
    await expectAccessible(page)

    // Nothing is written before the confirmation.
    await page.goto('/c/lagerhaus/manage/initiatives')
    await expect(page.getByRole('heading', { name: `Gemüsekiste ${run}` })).toHaveCount(0)
    await page.goto(PAGE)
    await page.getByLabel('Datei (CSV oder XLSX)').setInputFiles({ name: 'initiativen.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.getByRole('button', { name: 'Vorschau zeigen' }).click()

    await page.getByRole('button', { name: '2 Initiativen importieren' }).click()
    await expect(page).toHaveURL('/c/lagerhaus/manage/initiatives')
    await expect(page.getByText('2 Initiativen importiert, 2 Einladungen verschickt (2 Zeilen übersprungen).')).toBeVisible()
    await expect(page.getByRole('heading', { name: `Gemüsekiste ${run}` })).toBeVisible()
    await expect(page.getByRole('heading', { name: `Druckwerk ${run}` })).toBeVisible()
    await expect(page.getByRole('heading', { name: `Schreibstube ${run}` })).toHaveCount(0)
    await expectAccessible(page)

    // The same file once more: everything exists now, there is nothing to import.
    await page.goto(PAGE)
    await page.getByLabel('Datei (CSV oder XLSX)').setInputFiles({ name: 'initiativen.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.getByRole('button', { name: 'Vorschau zeigen' }).click()
    await expect(page.getByText(/Genau diese Datei wurde am .* schon importiert/)).toBeVisible()
    await expect(page.getByText('Es gibt nichts zu importieren')).toBeVisible()
  })

  test('a member and a manager of another centre are refused', async ({ page }) => {
    await loginAs(page, DEMO.member)
    expect((await page.request.get(PAGE)).status()).toBe(403)
    expect((await page.request.get(`${PAGE}/template.csv`)).status()).toBe(403)
    await loginAs(page, DEMO.otherManager)
    expect((await page.request.get(PAGE)).status()).toBe(403)
    const post = await page.request.post(PAGE, { multipart: { intent: 'preview', file: { name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('Name;Art;E-Mail\n') } } })
    expect(post.status()).toBe(403)
  })
})
