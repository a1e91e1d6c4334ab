import type { Page } from '@playwright/test'
import { DEMO, expect, expectAccessible, loginAs, loginThroughForm, newContext, test } from './fixtures'

/**
 * Issue #16 item 2 (ADR 083): concept chips on the listing form. While the author writes, the
 * recogniser's concepts appear ticked; one is unticked, others are added through the autocomplete
 * (a click, and Enter for the first found); a word that names no concept is refused at its field
 * and nothing is saved. The listing's page names the kept concepts (not the removed one) as links
 * to a search that finds it by a concept its text never names, in German and in English; the edit
 * form starts with the removed one unticked. Without JavaScript the recogniser's concepts are
 * saved and a typed word is looked up on save. Titles carry a token of their own, so no other
 * journey's listing is taken for this one's.
 */
const toast = (page: Page) => page.locator('[aria-live="polite"]')
const DESCRIPTION = 'Wir zeigen im Sommer draußen Filme für die Nachbarschaft. Eine Bohrmaschine zum Aufhängen der Leine wäre auch gut.'

test('a member keeps, removes and adds concept chips while writing a listing, and the kept ones find it', async ({ page }) => {
  const run = Date.now().toString(36)
  const title = `Beamer für den Filmabend gesucht ${run}`

  await loginAs(page, DEMO.member)
  await page.goto('/c/lagerhaus/listings/new')
  await expect(page.getByRole('heading', { level: 1, name: 'Neuer Eintrag' })).toBeVisible()
  const chips = page.getByRole('group', { name: 'Schlagworte' })
  const chip = (name: string) => chips.getByRole('checkbox', { name, exact: true })
  await expect(chips.getByText('Noch keine Schlagworte.', { exact: false })).toBeVisible()

  await page.getByLabel('Art').selectOption({ label: 'Bedarf' })
  await page.getByLabel('Kategorie').selectOption({ label: 'Werkzeug & Geräte' })
  // chips appear as they type (the suggestions wait 600 ms after the last key)
  await page.getByLabel('Titel').fill(title)
  await expect(chip('Beamer')).toBeChecked()
  await expect(chip('Filmabend')).toBeChecked()
  await page.getByLabel('Beschreibung').fill(DESCRIPTION)
  await expect(chip('Bohrmaschine')).toBeChecked()

  // the drill is not what this is about: unticked, it stays shown but off
  await chip('Bohrmaschine').uncheck()
  await expect(chip('Bohrmaschine')).not.toBeChecked()

  // a word that names no concept is refused at its field, the chips kept, and nothing is saved
  const add = chips.getByRole('textbox', { name: /^Schlagwort hinzufügen/ })
  await add.fill('Xylofonquatsch')
  await page.getByRole('button', { name: 'Eintrag speichern' }).click()
  await expect(chips.getByText('Zu diesem Wort kennt Viertel kein Schlagwort.', { exact: false })).toBeVisible()
  await expect(add).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByRole('heading', { level: 1, name: 'Neuer Eintrag' })).toBeVisible()
  await expect(chip('Beamer')).toBeChecked()
  await expect(chip('Bohrmaschine')).not.toBeChecked()
  const notSaved = await page.request.get(`/c/lagerhaus/listings?q=${encodeURIComponent(run)}`)
  expect(await notSaved.text(), 'no listing saved after the refused word').not.toContain(title)

  // the autocomplete: a click on a concept found adds it ticked and empties the field
  await add.fill('Töpfersch')
  const wheel = chips.getByRole('button', { name: '+ Töpferscheibe', exact: true })
  await expect(wheel).toBeVisible()
  await expectAccessible(page)
  await wheel.click()
  await expect(chip('Töpferscheibe')).toBeChecked()
  await expect(add).toHaveValue('')
  // the arrow keys go through what was found, Escape closes it and comes back to the word
  await add.fill('Leinwand')
  const screen = chips.getByRole('button', { name: '+ Leinwand', exact: true })
  await expect(screen).toBeVisible()
  await add.press('ArrowDown')
  await expect(screen).toBeFocused()
  await screen.press('Escape')
  await expect(screen).toBeHidden()
  await expect(add).toBeFocused()
  // Enter picks the first concept found (an exact label first: "Leinwand" is also a painter's
  // canvas, under another concept), and does not send the form
  await add.fill('')
  await add.fill('Leinwand')
  await expect(screen).toBeVisible()
  await add.press('Enter')
  await expect(chip('Leinwand')).toBeChecked()
  await expect(add).toHaveValue('')
  await expect(page.getByRole('heading', { level: 1, name: 'Neuer Eintrag' })).toBeVisible()
  await expectAccessible(page)

  await page.getByRole('button', { name: 'Eintrag speichern' }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(toast(page)).toContainText('Eintrag veröffentlicht.')
  const listingUrl = new URL(page.url()).pathname
  const tags = page.getByRole('heading', { level: 2, name: 'Schlagworte' }).locator('xpath=..')
  for (const name of ['Beamer', 'Filmabend', 'Töpferscheibe', 'Leinwand']) await expect(tags.getByRole('link', { name, exact: true })).toBeVisible()
  await expect(tags.getByRole('link', { name: 'Bohrmaschine', exact: true })).toHaveCount(0)
  await expectAccessible(page)

  // the edit form starts with the kept concepts ticked and the removed one unticked
  await page.getByRole('link', { name: 'Bearbeiten', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Eintrag bearbeiten' })).toBeVisible()
  for (const name of ['Beamer', 'Filmabend', 'Töpferscheibe', 'Leinwand']) await expect(chip(name)).toBeChecked()
  await expect(chip('Bohrmaschine')).not.toBeChecked()
  await expectAccessible(page)

  // a concept's link searches for its name, which finds the listing though its text never names it
  await page.goto(listingUrl)
  await tags.getByRole('link', { name: 'Töpferscheibe', exact: true }).click()
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent('Töpferscheibe')}`))
  await expect(page.getByRole('link', { name: title, exact: true })).toBeVisible()
  await expectAccessible(page)
  // the concept's English name finds it too
  await page.goto(`/c/lagerhaus/listings?${new URLSearchParams({ q: 'projection screen' })}`)
  await expect(page.getByRole('link', { name: title, exact: true })).toBeVisible()
})

test('without JavaScript the recogniser’s concepts are saved, a word typed to add is looked up on save, and an unknown one is refused at its field', async ({
  browser,
  baseURL,
}) => {
  const run = Date.now().toString(36)
  const title = `Beamer für den Filmabend gesucht ${run}`
  const context = await newContext(browser, { baseURL, javaScriptEnabled: false })
  const page = await context.newPage()
  await loginThroughForm(page, DEMO.member)
  await page.goto('/c/lagerhaus/listings/new')
  const chips = page.getByRole('group', { name: 'Schlagworte' })
  const add = chips.getByRole('textbox', { name: /^Schlagwort hinzufügen/ })
  await page.getByLabel('Art').selectOption({ label: 'Bedarf' })
  await page.getByLabel('Kategorie').selectOption({ label: 'Werkzeug & Geräte' })
  await page.getByLabel('Titel').fill(title)
  await page.getByLabel('Beschreibung').fill(DESCRIPTION)
  // no chip is shown before saving: nothing to tick or untick
  await expect(chips.getByRole('checkbox')).toHaveCount(0)

  await add.fill('Xylofonquatsch')
  await page.getByRole('button', { name: 'Eintrag speichern' }).click()
  await expect(chips.getByText('Zu diesem Wort kennt Viertel kein Schlagwort.', { exact: false })).toBeVisible()
  await expect(add).toHaveAttribute('aria-invalid', 'true')
  // the refused word stays beside its error, as the other fields keep theirs
  await expect(add).toHaveValue('Xylofonquatsch')
  await expect(page.getByLabel('Titel')).toHaveValue(title)
  const notSaved = await page.request.get(`/c/lagerhaus/listings?q=${encodeURIComponent(run)}`)
  expect(await notSaved.text(), 'no listing saved after the refused word').not.toContain(title)

  await add.fill('Töpferscheibe')
  await page.getByRole('button', { name: 'Eintrag speichern' }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(page.getByText('Eintrag veröffentlicht.')).toBeVisible()
  const tags = page.getByRole('heading', { level: 2, name: 'Schlagworte' }).locator('xpath=..')
  for (const name of ['Beamer', 'Filmabend', 'Bohrmaschine', 'Töpferscheibe']) await expect(tags.getByRole('link', { name, exact: true })).toBeVisible()
  await context.close()
})
