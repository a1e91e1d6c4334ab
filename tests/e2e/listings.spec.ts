import type { Page } from '@playwright/test'
import { DEMO, DEMO_PASSWORD, expect, expectAccessible, expectAxeRules, loginAs, test, uniqueIp } from './fixtures'

const VERDEN_MANAGER = 'manager@oekozentrum-verden.test'

/**
 * axe needs JavaScript, which the no-JS page has not: its HTML (scripts removed) is checked in a
 * page that has it, on the same origin so the stylesheet loads.
 */
async function expectAccessibleWithoutJs(noJs: Page, checker: Page) {
  const html = (await noJs.content()).replace(/<script\b[\s\S]*?<\/script>/g, '')
  await checker.goto('/healthz')
  await checker.setContent(html)
  await expectAccessible(checker)
}

async function searchFor(page: Page, words: string) {
  await page.getByRole('searchbox', { name: 'Suche' }).fill(words)
  await page.getByRole('button', { name: 'Suchen' }).click()
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(words)}`))
}

test('a member posts a need with JavaScript and finds it again under another word form', { tag: '@smoke' }, async ({ page }) => {
  await loginAs(page, DEMO.member)
  await page.goto('/c/lagerhaus/listings')
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Eintrag erstellen' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Neuer Eintrag' })).toBeVisible()
  await expectAccessible(page)

  await page.getByLabel('Art').selectOption({ label: 'Bedarf' })
  await page.getByLabel('Kategorie').selectOption({ label: 'Werkzeug & Geräte' })
  await page.getByLabel('Titel').fill('Zwei Schubkarren für den Hof gesucht')
  await page.getByLabel('Beschreibung').fill('Für den Frühjahrsputz im Hof brauchen wir zwei stabile Schubkarren.')
  await page.getByRole('button', { name: 'Eintrag speichern' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Zwei Schubkarren für den Hof gesucht' })).toBeVisible()
  await expect(page.getByText('Eintrag veröffentlicht.')).toBeVisible()
  await expectAccessible(page)

  await page.goto('/c/lagerhaus/listings')
  await searchFor(page, 'Schubkarre')
  await expect(page.getByRole('link', { name: 'Zwei Schubkarren für den Hof gesucht' })).toBeVisible()
  await expectAccessible(page)
})

test('a member posts a need with JavaScript disabled, and bad input is shown next to the field', async ({ browser, baseURL, page: checker }) => {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    baseURL,
    locale: 'de-DE',
    extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() },
  })
  const page = await context.newPage()
  const login = await page.request.post('/login', { form: { email: DEMO.member, password: DEMO_PASSWORD }, maxRedirects: 0 })
  expect(login.status()).toBe(302)

  await page.goto('/c/lagerhaus/listings/new')
  await expectAccessibleWithoutJs(page, checker)
  await page.getByLabel('Art').selectOption({ label: 'Bedarf' })
  await page.getByLabel('Kategorie').selectOption({ label: 'Raum' })
  await page.getByLabel('Personen (höchstens)').fill('12')
  await page.getByLabel('Titel').fill('W')
  await page.getByLabel('Beschreibung').fill('Für eine Tagung im März suchen wir helle Werkstatträume mit Tischen.')
  await page.getByRole('button', { name: 'Eintrag speichern' }).click()
  // the server answered 400 with the message next to the title; the other values are kept
  await expect(page.getByText('Mindestens 3 Zeichen.')).toBeVisible()
  await expect(page.getByLabel('Personen (höchstens)')).toHaveValue('12')
  await expectAccessibleWithoutJs(page, checker)

  await page.getByLabel('Titel').fill('Werkstatträume für eine Tagung gesucht')
  await page.getByRole('button', { name: 'Eintrag speichern' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Werkstatträume für eine Tagung gesucht' })).toBeVisible()
  await expectAccessibleWithoutJs(page, checker)

  await page.goto('/c/lagerhaus/listings?q=Werkstattraum')
  await expect(page.getByRole('link', { name: 'Werkstatträume für eine Tagung gesucht' })).toBeVisible()
  await expectAccessibleWithoutJs(page, checker)
  await context.close()
})

test('a manager of a pre-moderated centre approves a pending listing', async ({ page }) => {
  await loginAs(page, VERDEN_MANAGER)
  await page.goto('/c/oekozentrum-verden/manage/listings')
  await expect(page.getByRole('heading', { level: 1, name: 'Einträge prüfen' })).toBeVisible()
  await expectAccessible(page)
  const item = page.getByRole('article', { name: 'Betonmischer für Lehmbau gesucht' })
  await item.getByRole('button', { name: 'Freigeben' }).click()
  await expect(page.getByText('Eintrag freigegeben.')).toBeVisible()
  await expect(page.getByRole('region', { name: /wartet auf Freigabe|warten auf Freigabe/ }).getByRole('article', { name: 'Betonmischer für Lehmbau gesucht' })).toHaveCount(0)
  await expectAccessible(page)

  await page.getByRole('article', { name: 'Betonmischer für Lehmbau gesucht' }).getByRole('link').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Betonmischer für Lehmbau gesucht' })).toBeVisible()
  await expect(page.getByText('Dieser Eintrag wartet auf die Freigabe')).toHaveCount(0)
  await expectAccessible(page)
})

test('a member reports a listing of another initiative', async ({ page }) => {
  await loginAs(page, DEMO.member)
  await page.goto('/c/lagerhaus/listings?category=room')
  await page.getByRole('link', { name: 'Proberaum mit PA-Anlage' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Proberaum mit PA-Anlage' })).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Meldung senden' }).click()
  await expect(page.getByText('Bitte ausfüllen.')).toBeVisible()
  await page.getByLabel('Was stimmt nicht?').fill('Der Raum wird hier doppelt angeboten.')
  await page.getByRole('button', { name: 'Meldung senden' }).click()
  await expect(page.getByText('Danke, deine Meldung ist bei der Zentrumsverwaltung.')).toBeVisible()
  await expectAccessible(page)
})

test('bad input on every listing action is a 400 with field errors, and nothing is written', async ({ page }) => {
  await loginAs(page, DEMO.member)
  const newUrl = '/c/lagerhaus/listings/new'
  const formPage = await page.request.get(newUrl)
  const initiativeId = /name="initiativeId"[^>]*>\s*<option value="([0-9a-f-]{36})"/.exec(await formPage.text())?.[1]
  expect(initiativeId, 'the form offers the member’s initiative').toBeTruthy()
  const valid = {
    initiativeId: initiativeId!,
    kind: 'offer',
    'details.category': 'loan',
    'details.amount': '100',
    'details.termMonths': '6',
    title: 'Ungültiger Testkredit',
    description: 'Beschreibung',
    language: 'de',
    compensation: 'reciprocal',
    visibility: 'centre',
  }
  const bad: [string, Record<string, string>, string][] = [
    ['loan above the centre limit', { ...valid, 'details.amount': '999999' }, 'Höchstens 5.000 €.'],
    ['term out of bounds', { ...valid, 'details.termMonths': '500' }, 'Höchstens 120.'],
    ['unknown category', { ...valid, 'details.category': 'castle' }, 'Dieser Wert ist ungültig.'],
    ['paid without a price', { ...valid, compensation: 'paid' }, 'Bitte einen Preis angeben.'],
    ['window backwards', { ...valid, availableFrom: '2027-05-01', availableUntil: '2027-04-01' }, 'Das Ende muss nach dem Beginn liegen.'],
    ['interest as text', { ...valid, 'details.interestRate': 'viel' }, 'Bitte einen Prozentsatz eingeben'],
  ]
  for (const [what, form, message] of bad) {
    const response = await page.request.post(newUrl, { form, maxRedirects: 0 })
    expect(response.status(), what).toBe(400)
    expect(await response.text(), what).toContain(message)
  }
  // a text file named like a picture
  const renamed = await page.request.post(newUrl, {
    multipart: { ...valid, photos: { name: 'urlaub.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('nur Text, kein Bild') } },
    maxRedirects: 0,
  })
  expect(renamed.status()).toBe(400)
  expect(await renamed.text()).toContain('urlaub.jpg ist kein JPEG-, PNG- oder WebP-Bild.')
  // another initiative's id → 404, also nothing written
  const foreign = await page.request.post(newUrl, { form: { ...valid, initiativeId: '00000000-0000-4000-8000-000000000000' }, maxRedirects: 0 })
  expect(foreign.status()).toBe(404)

  const search = await page.request.get('/c/lagerhaus/listings?q=Testkredit')
  expect(await search.text()).not.toContain('Ungültiger Testkredit')

  // an existing listing of the member: edit, state and report actions
  const created = await page.request.post(newUrl, { form: { ...valid, title: 'Gültiger Testkredit' }, maxRedirects: 0 })
  expect(created.status()).toBe(302)
  const detail = created.headers()['location']!
  expect(detail).toMatch(/^\/c\/lagerhaus\/listings\/[0-9a-f-]{36}$/)
  const edit = await page.request.post(`${detail}/edit`, { form: { ...valid, title: '' }, maxRedirects: 0 })
  expect(edit.status()).toBe(400)
  expect(await edit.text()).toContain('Bitte ausfüllen.')
  const state = await page.request.post(detail, { form: { intent: 'explode' }, maxRedirects: 0 })
  expect(state.status()).toBe(400)
  const after = await page.request.get(detail)
  expect(await after.text()).toContain('Gültiger Testkredit')

  // someone else's listing: an empty report is a 400, editing it is a 404
  await page.goto('/c/lagerhaus/listings?q=Proberaum')
  const other = await page.getByRole('link', { name: 'Proberaum mit PA-Anlage' }).getAttribute('href')
  const report = await page.request.post(other!, { form: { intent: 'report', reason: '' }, maxRedirects: 0 })
  expect(report.status()).toBe(400)
  const takeover = await page.request.post(`${other}/edit`, { form: { ...valid }, maxRedirects: 0 })
  expect(takeover.status()).toBe(404)
  const closeForeign = await page.request.post(other!, { form: { intent: 'close' }, maxRedirects: 0 })
  expect(closeForeign.status()).toBe(404)
  await expectAccessible(page)
})

test('a manager’s hide needs a reason, and the listing can be restored', async ({ page }) => {
  await loginAs(page, DEMO.manager)
  const bad = await page.request.post('/c/lagerhaus/manage/listings', { form: { intent: 'hide', listingId: 'not-a-uuid', reason: '' }, maxRedirects: 0 })
  expect(bad.status()).toBe(400)
  await page.goto('/c/lagerhaus/manage/listings')
  await expectAccessible(page)
  const item = page.getByRole('article', { name: 'Tontechnik für Veranstaltungen' })
  await item.getByRole('button', { name: 'Ausblenden' }).click()
  await expect(item.getByText('Bitte ausfüllen.')).toBeVisible()
  await item.getByLabel('Begründung fürs Ausblenden').fill('Bitte den Preis für Initiativen im Haus angeben.')
  await item.getByRole('button', { name: 'Ausblenden' }).click()
  await expect(page.getByText('Eintrag ausgeblendet.')).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('article', { name: 'Tontechnik für Veranstaltungen' }).getByRole('button', { name: 'Wieder sichtbar machen' }).click()
  await expect(page.getByText('Eintrag wieder sichtbar.')).toBeVisible()
})

test('an initiative’s page lists its active offers and needs (visitors: the public ones only)', async ({ page }) => {
  await page.goto('/c/lagerhaus/initiatives/druckerei-ostertor')
  const publicOnly = page.getByRole('region', { name: 'Angebote und Bedarfe' })
  await expect(publicOnly.getByRole('link', { name: 'Risodruck für Plakate und Flyer' })).toBeVisible()
  await expect(publicOnly.getByRole('link')).toHaveCount(1)
  await expectAccessible(page)

  await loginAs(page, DEMO.member)
  await page.goto('/c/lagerhaus/initiatives/viertelklang')
  const section = page.getByRole('region', { name: 'Angebote und Bedarfe' })
  await expect(section.getByRole('link', { name: 'Proberaum mit PA-Anlage' })).toBeVisible()
  await expect(section.getByRole('link', { name: 'Tontechnik für Veranstaltungen' })).toBeVisible()
  await expectAccessible(page)
})

test('the listings pages keep their headings in order (axe heading-order, which Lighthouse checks)', async ({ page }) => {
  await loginAs(page, DEMO.member)
  for (const url of ['/c/lagerhaus/listings', '/c/lagerhaus/listings?q=Raum', '/c/lagerhaus/listings?q=zzzzqqq', '/c/lagerhaus/matches']) {
    await page.goto(url)
    await expectAxeRules(page, ['heading-order'])
  }
  // a visitor sees the same order
  await page.context().clearCookies()
  await page.goto('/c/lagerhaus/listings')
  await expect(page.getByRole('heading', { level: 2, name: 'Gefundene Einträge' })).toBeAttached()
  await expectAxeRules(page, ['heading-order'])
})
