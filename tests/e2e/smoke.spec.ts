import { DEMO, DEMO_PASSWORD, expect, expectAccessible, loginAs, test } from './fixtures'

// @smoke: the short journey CI also runs on the embedded PGlite (the full run is on PostgreSQL).
test.describe.configure({ mode: 'parallel' })
const smoke = { tag: '@smoke' }

test('the landing page shows the demo centres and is accessible', smoke, async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Gegenseitige Hilfe')
  for (const name of ['Kulturzentrum Lagerhaus', 'Ökozentrum Verden', 'AUCOOP Ausbildungskooperative']) {
    await expect(page.getByRole('link', { name })).toBeVisible()
  }
  await expectAccessible(page)
})

test('logging in with a wrong password shows an error next to the form', smoke, async ({ page }) => {
  await page.goto('/login')
  await page.getByLabel('E-Mail').fill(DEMO.member)
  await page.getByLabel('Passwort').fill('not the password')
  await page.getByRole('button', { name: 'Anmelden' }).click()
  await expect(page.getByRole('alert')).toContainText('E-Mail oder Passwort stimmen nicht')
  await expectAccessible(page)
})

test('opening the new-listing form directly hydrates without errors (no inline style mismatch)', smoke, async ({ page }) => {
  await loginAs(page, DEMO.member)
  await page.goto('/c/lagerhaus/listings/new')
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  // Only the chosen category's fieldset is shown (CSS :has in app/styles.css).
  await page.waitForLoadState('networkidle')
  await expectAccessible(page)
})

// The one journey through the login form with the right password (argon2 included); all others
// start their session through the fixture (loginAs) when the journeys' database is at hand.
test('logging in through the form with the right password leads to the person’s page', smoke, async ({ page }) => {
  await page.goto('/login')
  await page.getByLabel('E-Mail').fill(DEMO.member)
  await page.getByLabel('Passwort').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Anmelden' }).click()
  await expect(page).not.toHaveURL(/\/login/)
  await expect(page.getByRole('link', { name: /^Konto \(/ })).toBeVisible()
  await expectAccessible(page)
})
