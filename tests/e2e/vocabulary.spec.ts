import { mkdirSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { DEMO, expect, expectAccessible, loginAs, newContext, test } from './fixtures'

/**
 * Issue #16 item 1: a manager grows the shared vocabulary in the console. A word another concept
 * has is refused at the field with the typed word kept; an added word is recognised at once; a
 * manager of another centre sees it without a remove button; its own centre removes it. Words no
 * demo listing holds ("Lichtwerfer", "Brezelofen"), so the matching journeys running beside this
 * one see nothing of it.
 */
const SHOTS = process.env.SHOTS_DIR
const toast = (page: Page) => page.locator('[aria-live="polite"]')

test('a manager adds a word and a concept to the vocabulary, the recogniser knows them at once, and only their centre removes them', async ({
  page,
  browser,
  baseURL,
}) => {
  await loginAs(page, DEMO.otherManager)
  await page.goto('/c/aucoop/manage/vocabulary')
  await expect(page.getByRole('heading', { level: 1, name: 'Wortschatz' })).toBeVisible()
  await expect(page.getByText(/Begriffe im Wortschatz\./)).toBeVisible()
  await expectAccessible(page)

  await page.getByRole('searchbox', { name: 'Wort, in einer der vier Sprachen' }).fill('Beamer')
  await page.getByRole('button', { name: 'Finden' }).click()
  const beamer = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: 'Beamer', exact: true }) })
  await expect(beamer).toContainText('Videoprojektor')

  // a word the projection screen already has in German: refused at the field, the word kept
  const word = beamer.getByLabel('Neues Wort für „Beamer“')
  await word.fill('Leinwand')
  await beamer.getByRole('button', { name: 'Wort ergänzen' }).click()
  await expect(beamer.getByText('In dieser Sprache gehört das Wort schon zu „Leinwand“.', { exact: false })).toBeVisible()
  await expect(beamer.getByLabel('Neues Wort für „Beamer“')).toHaveAttribute('aria-invalid', 'true')
  await expect(beamer.getByLabel('Neues Wort für „Beamer“')).toHaveValue('Leinwand')
  await expectAccessible(page)

  await beamer.getByLabel('Neues Wort für „Beamer“').fill('Lichtwerfer')
  await beamer.getByRole('button', { name: 'Wort ergänzen' }).click()
  await expect(toast(page)).toContainText('Wort bei „Beamer“ ergänzt.')
  const added = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: 'Beamer', exact: true }) })
  await expect(added.getByRole('button', { name: '„Lichtwerfer“ entfernen' })).toBeVisible()

  // the recogniser sees the new word at once
  await page.getByLabel('Text', { exact: true }).fill('Lichtwerfer für den Filmabend gesucht')
  await page.getByRole('button', { name: 'Erkennen' }).click()
  await expect(page.getByRole('heading', { name: 'Erkannte Begriffe' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Beamer', exact: true })).toBeVisible()

  // a concept of its own, in two languages
  await page.getByLabel('Name auf Deutsch').fill('Brezelofen')
  await page.getByLabel('Name auf Englisch').fill('pretzel oven')
  await page.getByLabel('Meist eingetragen unter').selectOption({ label: 'Werkzeug' })
  await page.getByRole('button', { name: 'Begriff anlegen' }).click()
  await expect(toast(page)).toContainText('Begriff „Brezelofen“ angelegt.')
  await expect(page.getByRole('heading', { level: 3, name: 'Brezelofen' })).toBeVisible()
  await expectAccessible(page)
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true })
    await page.goto('/c/aucoop/manage/vocabulary?q=beamer')
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 900 })
      await page.screenshot({ path: `${SHOTS}/vocabulary-${width}.png`, fullPage: true })
    }
    await page.setViewportSize({ width: 1280, height: 900 })
  }

  // the Lagerhaus manager sees both, and may remove neither
  const otherContext = await newContext(browser, { baseURL })
  const other = await otherContext.newPage()
  await loginAs(other, DEMO.manager)
  await other.goto('/c/lagerhaus/manage/vocabulary?q=lichtwerfer')
  // marked as an addition for screen readers too
  await expect(other.getByRole('listitem').filter({ hasText: /^Lichtwerfer \(von einem Zentrum ergänzt\)$/ })).toBeVisible()
  await expect(other.getByRole('button', { name: '„Lichtwerfer“ entfernen' })).toHaveCount(0)
  await other.goto('/c/lagerhaus/manage/vocabulary?q=brezelofen')
  await expect(other.getByRole('heading', { level: 3, name: 'Brezelofen' })).toBeVisible()
  await expect(other.getByRole('button', { name: 'Begriff „Brezelofen“ entfernen' })).toHaveCount(0)
  await expect(other.getByText('„Lichtwerfer“ (Deutsch) für „Beamer“, von AUCOOP Ausbildungskooperative', { exact: false })).toBeVisible()
  await otherContext.close()

  // AUCOOP removes what it added
  await page.goto('/c/aucoop/manage/vocabulary?q=lichtwerfer')
  await page.getByRole('button', { name: '„Lichtwerfer“ entfernen' }).click()
  await expect(toast(page)).toContainText('Wort bei „Beamer“ entfernt.')
  await expect(page.getByRole('button', { name: '„Lichtwerfer“ entfernen' })).toHaveCount(0)
  await page.goto('/c/aucoop/manage/vocabulary?q=brezelofen')
  await page.getByRole('button', { name: 'Begriff „Brezelofen“ entfernen' }).click()
  await expect(toast(page)).toContainText('Begriff entfernt.')
  await expect(page.getByRole('heading', { level: 3, name: 'Brezelofen' })).toHaveCount(0)

  // the centre's audit log names all four changes
  await page.goto('/c/aucoop/manage/audit?kind=vocabulary')
  for (const what of [
    'Wort im Wortschatz ergänzt',
    'Wort aus dem Wortschatz entfernt',
    'Begriff im Wortschatz angelegt',
    'Begriff aus dem Wortschatz entfernt',
  ])
    await expect(page.getByText(what).first()).toBeVisible()
})
