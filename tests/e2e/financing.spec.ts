import { mkdirSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { DEMO, expect, expectAccessible, loginAs, newContext, test } from './fixtures'

/**
 * Issue #17 §1: a manager records a year's financing (AUCOOP, so the Lagerhaus journeys' pages stay
 * as they are), bad input is refused at the field, and a visitor sees the published mix on the
 * centre's profile — shares only, mutual help named.
 */
const SHOTS = process.env.SHOTS_DIR
const toast = (page: Page) => page.locator('[aria-live="polite"]')
const YEAR = new Date().getFullYear() - 1

test('a manager records a year’s financing and publishes its shares; a visitor sees the mix on the profile', async ({ page, browser, baseURL }) => {
  await loginAs(page, DEMO.otherManager)
  await page.goto(`/c/aucoop/manage/financing?year=${YEAR}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Finanzierung' })).toBeVisible()
  await expectAccessible(page)

  // a year out of range in the address: said at the year field, the page still opens
  await page.goto('/c/aucoop/manage/financing?year=1800')
  await expect(page.getByText(`Bitte ein Jahr von 1950 bis ${YEAR + 1} eingeben.`)).toBeVisible()
  await expect(page.getByLabel('Jahr', { exact: true })).toHaveAttribute('aria-invalid', 'true')
  await page.goto(`/c/aucoop/manage/financing?year=${YEAR}`)

  // bad input: a negative amount and cents where whole euros are asked — at the field, nothing saved
  await page.getByLabel('Mieten der Initiativen: Betrag in €').fill('-5')
  await page.getByLabel('Zuschüsse der Stadt: Betrag in €').fill('12.5')
  await page.getByRole('button', { name: 'Finanzierung speichern' }).click()
  await expect(page.getByText('Bitte ganze Euro eingeben.')).toBeVisible()
  await expect(page.getByLabel('Mieten der Initiativen: Betrag in €')).toHaveAttribute('aria-invalid', 'true')
  await expectAccessible(page)

  await page.getByLabel('Mieten der Initiativen: Betrag in €').fill('12000')
  await page.getByLabel('Mieten der Initiativen: Notiz').fill('elf Werkstätten')
  await page.getByLabel('Zuschüsse der Stadt: Betrag in €').fill('30000')
  await page.getByLabel('Stunden unbezahlter Arbeit').fill('200')
  await page.getByLabel('Wert einer Stunde in €').fill('15')
  await page.getByLabel('Dieses Jahr öffentlich zeigen').check()
  await page.getByLabel('Nur Anteile in Prozent').check()
  await page.getByRole('button', { name: 'Finanzierung speichern' }).click()
  await expect(toast(page)).toContainText(`Finanzierung ${YEAR} gespeichert.`)
  await expect(page.getByRole('link', { name: `${YEAR} (öffentlich)` })).toBeVisible()
  await expect(page.getByLabel('Mieten der Initiativen: Betrag in €')).toHaveValue('12000')
  const preview = page.getByRole('table', { name: `Finanzierungsmix ${YEAR}` })
  await expect(preview.getByRole('row', { name: /Mieten der Initiativen/ })).toContainText('12.000,00')
  await expect(preview.getByRole('row', { name: /Unbezahlte Arbeit/ })).toContainText('3.000,00')
  await expectAccessible(page)
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true })
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 900 })
      await page.screenshot({ path: `${SHOTS}/financing-manage-${width}.png`, fullPage: true })
    }
  }

  // the funder report of that year carries the mix, with amounts (it is the manager's own report)
  await page.goto(`/c/aucoop/manage/report?period=year&year=${YEAR}`)
  const inReport = page.getByRole('region', { name: `Finanzierungsmix ${YEAR}`, exact: true })
  await expect(inReport.getByRole('row', { name: /Zuschüsse der Stadt/ })).toContainText('30.000,00')
  await expectAccessible(page)

  // a visitor: the profile shows the shares, no amounts
  const visitorContext = await newContext(browser, { baseURL })
  const visitor = await visitorContext.newPage()
  await visitor.goto('/c/aucoop')
  const section = visitor.getByRole('region', { name: `Finanzierungsmix ${YEAR}`, exact: true })
  await expect(section.getByRole('img', { name: `Finanzierungsmix ${YEAR}` })).toBeVisible()
  await expect(section.getByRole('row', { name: /Zuschüsse der Stadt/ })).toContainText('%')
  await expect(section).not.toContainText('12.000')
  await expect(section.getByRole('columnheader', { name: 'Betrag' })).toHaveCount(0)
  await expectAccessible(visitor)
  if (SHOTS) {
    for (const width of [320, 1280]) {
      await visitor.setViewportSize({ width, height: 900 })
      await visitor.screenshot({ path: `${SHOTS}/financing-profile-${width}.png`, fullPage: true })
    }
  }
  await visitorContext.close()
})
