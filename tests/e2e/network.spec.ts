import { mkdirSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { expect, expectAccessible, test } from './fixtures'

/**
 * Issue #17 §2: a visitor compares the centres of the network on `/network` — found from the
 * landing page, sorted by a column header, filtered by country — without an account.
 */
const SHOTS = process.env.SHOTS_DIR

const table = (page: Page) => page.getByRole('table')
const names = (page: Page) => table(page).locator('tbody th[scope=row]').allInnerTexts()
/** A column's cells as numbers in the German format (1.234,5). */
async function numbers(page: Page, column: number) {
  const texts = await table(page).locator(`tbody tr td:nth-child(${column})`).allInnerTexts()
  return texts.map((t) => Number(t.replace(/[^\d,-]/g, '').replace(',', '.')))
}

test('every page’s footer leads to the network', async ({ page }) => {
  await page.goto('/privacy')
  await page.getByRole('contentinfo').getByRole('link', { name: 'Netzwerk der Zentren' }).click()
  await expect(page).toHaveURL(/\/network$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Das Netzwerk der Zentren')
})

test('a visitor compares the centres: sorts by hours and filters by country', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('link', { name: 'Alle Zentren im Vergleich ansehen' }).click()
  await expect(page).toHaveURL(/\/network$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Das Netzwerk der Zentren')
  await expect(table(page)).toBeVisible()
  await expect(table(page).locator('caption')).toContainText('letzte 12 Monate')
  const byName = await names(page)
  for (const demo of ['Lagerhaus', 'AUCOOP', 'Ökozentrum']) expect(byName.join('|')).toContain(demo)
  await expect(page.getByRole('columnheader', { name: /^Zentrum/ })).toHaveAttribute('aria-sort', 'ascending')
  await expectAccessible(page)

  // the map of the partner countries: each demo centre a dot that leads to its profile
  const map = page.getByRole('group', { name: /^Karte der Partnerländer/ })
  await expect(map).toBeVisible()
  await expect(map.getByRole('link')).toHaveCount(3)
  expect(await page.evaluate(async () => (await fetch('/map/partner-countries.svg')).status)).toBe(200)
  await map.getByRole('link', { name: 'Ökozentrum Verden, Verden (Aller)' }).click()
  await expect(page).toHaveURL(/\/c\/oekozentrum-verden$/)
  await page.goBack()
  await expect(map).toBeVisible()

  // on 320 px the table scrolls in its own box, the page does not
  await page.setViewportSize({ width: 320, height: 900 })
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
  await page.setViewportSize({ width: 1280, height: 900 })

  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true })
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 900 })
      await page.screenshot({ path: `${SHOTS}/network-${width}.png`, fullPage: true })
    }
    await page.setViewportSize({ width: 1280, height: 900 })
  }

  // sort by hours: a link in the header, largest first; the order changes
  await page.getByRole('columnheader', { name: /^Stunden/ }).getByRole('link').click()
  await expect(page).toHaveURL(/sort=hours&dir=desc/)
  await expect(page.getByRole('columnheader', { name: /^Stunden/ })).toHaveAttribute('aria-sort', 'descending')
  await expect(page.getByRole('columnheader', { name: /^Zentrum/ })).not.toHaveAttribute('aria-sort')
  const hours = await numbers(page, 7)
  expect(hours).toEqual([...hours].sort((a, b) => b - a))
  expect(hours[0]).toBeGreaterThan(0)
  expect(await names(page)).not.toEqual(byName)
  // once more: smallest first
  await page.getByRole('columnheader', { name: /^Stunden/ }).getByRole('link').click()
  await expect(page).toHaveURL(/sort=hours&dir=asc/)
  const up = await numbers(page, 7)
  expect(up).toEqual([...up].sort((a, b) => a - b))

  // filter by country: the form keeps the sort, only German centres remain
  await page.getByLabel('Land', { exact: true }).selectOption({ label: 'Deutschland' })
  await page.getByRole('button', { name: 'Anzeigen' }).click()
  await expect(page).toHaveURL(/country=DE/)
  await expect(page).toHaveURL(/sort=hours/)
  const countries = await table(page).locator('tbody tr td:nth-child(3)').allInnerTexts()
  expect(countries.length).toBeGreaterThanOrEqual(3)
  expect(new Set(countries)).toEqual(new Set(['Deutschland']))
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/network-filtered-1280.png`, fullPage: true })

  // nonsense in the address is ignored, never an error page
  const response = await page.goto('/network?country=XX&offers=loan&sort=drop&dir=sideways')
  expect(response!.status()).toBe(200)
  await expect(page.getByRole('columnheader', { name: /^Zentrum/ })).toHaveAttribute('aria-sort', 'ascending')
  expect(await names(page)).toEqual(byName)
})
