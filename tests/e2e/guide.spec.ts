import { mkdirSync } from 'node:fs'
import { DEMO, expect, expectAccessible, loginAs, newContext, test } from './fixtures'

/**
 * Issue #17 §3: a visitor reads the guide for founders from the footer, in German and English,
 * with the network's live figures in the text; the platform admin replaces the English text and
 * the visitor sees it.
 */
const SHOTS = process.env.SHOTS_DIR

test('a visitor reads the guide with live figures; the admin rewrites a language and it shows', async ({ page, browser, baseURL }) => {
  await page.goto('/network')
  await page.getByRole('contentinfo').getByRole('link', { name: 'Zentrum gründen' }).click()
  await expect(page).toHaveURL(/\/guide$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Ein Projektezentrum gründen' })).toBeVisible()
  const text = page.locator('main')
  await expect(text.getByRole('heading', { level: 2 }).first()).toBeVisible()
  // every live figure is filled in: no placeholder is left
  await expect(text).not.toContainText('{{')
  await expectAccessible(page)
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true })
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 900 })
      await page.screenshot({ path: `${SHOTS}/guide-${width}.png`, fullPage: true })
    }
    await page.setViewportSize({ width: 1280, height: 900 })
  }

  // in English, the English text (not a German fallback)
  await page.getByRole('contentinfo').getByLabel('Sprache').selectOption('en')
  await page.getByRole('contentinfo').getByRole('button', { name: 'Wechseln' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Starting a project centre' })).toBeVisible()
  await expect(text).not.toContainText('{{')
  await expect(page.getByText('is not available in your language yet', { exact: false })).toHaveCount(0)
  await expectAccessible(page)

  // the admin replaces the English text; a figure in it is filled in for the visitor
  const adminContext = await newContext(browser, { baseURL })
  const admin = await adminContext.newPage()
  await loginAs(admin, DEMO.admin)
  await admin.goto('/admin/pages?page=guide&locale=en')
  await expect(admin.getByText('{{mutualHelpShare}}', { exact: false }).first()).toBeVisible()
  await admin.getByLabel('Text (Markdown)').fill('# Our own guide\n\nThe network has {{centres}} centres today.')
  await admin.getByRole('button', { name: 'Text speichern' }).click()
  await expect(admin.locator('[aria-live="polite"]')).toContainText('gespeichert')
  await adminContext.close()

  // the figure is the network page's own count (other journeys may add centres while this runs)
  await page.goto('/network')
  const total = Number(/of (\d+) centres/.exec(await page.getByText(/\d+ of \d+ centres/).first().innerText())?.[1])
  expect(total).toBeGreaterThanOrEqual(3)
  await page.goto('/guide')
  await expect(page.getByRole('heading', { level: 2, name: 'Our own guide' })).toBeVisible()
  await expect(text).toContainText(`The network has ${total} centres today.`)
})
