import type { Browser, Page } from '@playwright/test'
import { admittedInitiative, DEMO, expect, expectAccessible, loginAs, newContext, test } from './fixtures'

/**
 * Issue #13 §1 in the browser: the manager sets the centre's cap per exchange (bad values are
 * refused at the field), and help logged above it waits for the manager's approval after the
 * receiving side confirmed. (One person on both sides is proven on both databases in
 * tests/integration/two-people.test.ts: the demo has no such person.)
 */

// In AUCOOP, whose data no other journey changes: the cap holds for the whole centre while this
// journey runs, and the other files confirm exchanges in Lagerhaus at the same time.
const CENTRE = '/c/aucoop'
const MANAGER = DEMO.otherManager
const TISCHLEREI = 'tischlerei-kollektiv@aucoop.test'
const BUERO = 'buero-kooperative@aucoop.test'
const SHOTS = process.env.SHOTS_DIR

async function personIn(browser: Browser, baseURL: string | undefined, email: string) {
  const context = await newContext(browser, { baseURL })
  const page = await context.newPage()
  await loginAs(page, email)
  return { page, close: () => context.close() }
}

async function capHours(page: Page) {
  await page.goto(`${CENTRE}/manage/settings`)
  return page.getByLabel('Grenze pro Tausch: Stunden').inputValue()
}

async function setCapHours(page: Page, hours: string) {
  await page.goto(`${CENTRE}/manage/settings`)
  await page.getByLabel('Grenze pro Tausch: Stunden').fill(hours)
  await page.getByRole('button', { name: 'Einstellungen speichern' }).click()
}

test('the cap per exchange: set by the manager, bad values refused at the field; above it the confirmation waits for the manager', async ({ browser, baseURL }) => {
  const manager = await personIn(browser, baseURL, MANAGER)
  const m = manager.page
  const capBefore = await capHours(m)
  await setCapHours(m, '0')
  await expect(m.getByLabel('Grenze pro Tausch: Stunden')).toHaveAttribute('aria-invalid', 'true')
  await expect(m.getByText('Mindestens 1.')).toBeVisible()
  await expectAccessible(m)
  if (SHOTS) {
    for (const width of [320, 1280]) {
      await m.setViewportSize({ width, height: 900 })
      await m.screenshot({ path: `${SHOTS}/settings-error-${width}.png`, fullPage: true })
    }
    await m.setViewportSize({ width: 1280, height: 720 })
  }
  const rejected = await m.request.post(`${CENTRE}/manage/settings`, {
    form: { moderationMode: 'post', hourValueEuros: '20', loanLimitEuros: '5000', timeZone: 'Europe/Berlin', languages: 'de', exchangeCapHours: '40', exchangeCapEuros: '1e9' },
    maxRedirects: 0,
  })
  expect(rejected.status()).toBe(400)
  await setCapHours(m, '1')
  await expect(m.getByText('Einstellungen gespeichert.')).toBeVisible()

  try {
    const provider = await personIn(browser, baseURL, TISCHLEREI)
    const p = provider.page
    const title = `Regale gebaut ${Date.now().toString(36)}`
    await p.goto(`${CENTRE}/exchanges/new`)
    await p.getByLabel('Für welche Initiative?').selectOption({ label: 'Büro-Kooperative' })
    await p.getByLabel('Was habt ihr gemacht?').fill(title)
    await p.getByLabel('Stunden').fill('3')
    await p.getByRole('button', { name: 'Eintragen' }).click()
    await expect(p.getByRole('heading', { level: 1, name: title })).toBeVisible()
    const url = p.url()

    const receiver = await personIn(browser, baseURL, BUERO)
    const r = receiver.page
    await r.goto(url)
    await r.getByRole('button', { name: 'Bestätigen' }).click()
    await expect(r.getByText('Bestätigt. Die Angaben liegen über der Grenze des Zentrums', { exact: false }).first()).toBeVisible()
    await expect(r.getByRole('button', { name: 'Bestätigen' })).toHaveCount(0)
    await expect(r.getByRole('button', { name: 'Einspruch erheben' })).toHaveCount(0)
    await expectAccessible(r)
    if (SHOTS) {
      for (const width of [320, 1280]) {
        await r.setViewportSize({ width, height: 900 })
        await r.screenshot({ path: `${SHOTS}/exchange-awaiting-${width}.png`, fullPage: true })
      }
    }

    await m.goto(`${CENTRE}/manage/exchanges`)
    await expect(m.getByRole('heading', { level: 2, name: 'Wartet auf die Zentrumsleitung' })).toBeVisible()
    await expectAccessible(m)
    if (SHOTS) {
      for (const width of [320, 1280]) {
        await m.setViewportSize({ width, height: 900 })
        await m.screenshot({ path: `${SHOTS}/console-${width}.png`, fullPage: true })
      }
      await m.setViewportSize({ width: 1280, height: 720 })
    }
    const card = m.locator('section').filter({ has: m.getByRole('link', { name: title }) })
    await card.getByRole('button', { name: 'Freigeben und ins Buch schreiben' }).click()
    await expect(m.getByText('Freigegeben und ins Buch geschrieben.')).toBeVisible()
    await expect(m.getByRole('link', { name: title })).toHaveCount(0)
    await r.goto(url)
    await expect(r.getByText('Bestätigt', { exact: true }).first()).toBeVisible()
    await provider.close()
    await receiver.close()
  } finally {
    await setCapHours(m, capBefore)
    await expect(m.getByText('Einstellungen gespeichert.')).toBeVisible()
    await manager.close()
  }
})

test('a request to an initiative whose only member is the sender is not offered, and refused at the server: nobody could answer it', async ({ browser, page }) => {
  // Ina founds two initiatives of her own, both admitted; nobody else belongs to either
  const first = await admittedInitiative(browser)
  const ina = first.page
  const second = `Zweitinitiative ${Date.now().toString(36)}`
  expect((await ina.request.post('/c/lagerhaus/join', { form: { name: second, kind: 'project' }, maxRedirects: 0 })).status()).toBe(302)
  await loginAs(page, DEMO.manager)
  await page.goto('/c/lagerhaus/manage/applications')
  const secondId = await page.getByRole('form', { name: second }).locator('input[name="initiativeId"]').getAttribute('value')
  expect((await page.request.post('/c/lagerhaus/manage/applications', { form: { intent: 'admit', initiativeId: secondId! }, maxRedirects: 0 })).status()).toBe(302)

  // the first posts an offer; Ina asks for it as the second
  const title = `Siebdruckrahmen zu verleihen ${Date.now().toString(36)}`
  await ina.goto('/c/lagerhaus/listings/new')
  await ina.getByLabel('Für welche Initiative?').selectOption({ label: first.name })
  await ina.getByLabel('Art').selectOption({ label: 'Angebot' })
  await ina.getByLabel('Kategorie').selectOption({ label: 'Werkzeug & Geräte' })
  await ina.getByLabel('Zustand').selectOption({ label: 'gut' })
  await ina.getByLabel('Titel').fill(title)
  await ina.getByLabel('Beschreibung').fill('Zwei Rahmen, 40 × 50 cm, mit Rakel.')
  await ina.getByRole('button', { name: 'Eintrag speichern' }).click()
  await expect(ina.getByRole('heading', { level: 1, name: title })).toBeVisible()
  // the listing's page does not offer the request: it says why
  const listingUrl = ina.url()
  await expect(ina.getByRole('note').filter({ hasText: 'Außer dir gehört niemand zu der Initiative' })).toBeVisible()
  await expect(ina.getByRole('link', { name: 'Anfrage senden' })).toHaveCount(0)
  await expectAccessible(ina)
  if (SHOTS) {
    for (const width of [320, 1280]) {
      await ina.setViewportSize({ width, height: 900 })
      await ina.screenshot({ path: `${SHOTS}/nobody-to-answer-listing-${width}.png`, fullPage: true })
    }
  }
  // the form reached by its address (a link kept from before) is not offered either: it says why
  await ina.goto(`/c/lagerhaus/exchanges/new?listing=${listingUrl.split('/listings/')[1]}`)
  await expect(ina.getByRole('heading', { level: 1, name: 'Angebot anfragen' })).toBeVisible()
  await expect(ina.getByRole('note')).toContainText('Außer dir gehört niemand zu der Initiative, die diesen Eintrag veröffentlicht hat')
  await expect(ina.getByRole('button', { name: 'Anfrage senden' })).toHaveCount(0)
  await expectAccessible(ina)
  if (SHOTS) {
    for (const width of [320, 1280]) {
      await ina.setViewportSize({ width, height: 900 })
      await ina.screenshot({ path: `${SHOTS}/nobody-to-answer-${width}.png`, fullPage: true })
    }
  }
  // and a post sent anyway is refused at the server
  const posted = await ina.request.post(`/c/lagerhaus/exchanges/new`, {
    form: { listingId: listingUrl.split('/listings/')[1]!, initiativeId: secondId!, minutes: '2', message: 'Trotzdem?' },
    maxRedirects: 0,
  })
  expect(posted.status()).toBe(400)
  // nothing was proposed
  await ina.goto('/c/lagerhaus/exchanges')
  await expect(ina.getByText(title)).toHaveCount(0)
  await first.close()
})
