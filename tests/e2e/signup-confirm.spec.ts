import type { Page } from '@playwright/test'
import { confirmationLinkFor, DEMO, DEMO_PASSWORD, expect, expectAccessible, test, uniqueEmail } from './fixtures'

/**
 * Signup without telling who has an account, confirmed by e-mail; the login lockout as a person
 * sees it (issue #13 §5, ADR 061). Screenshots at 320 and 1280 px go to SHOTS_DIR when it is set.
 */

async function shoot(page: Page, name: string) {
  const dir = process.env.SHOTS_DIR
  if (!dir) return
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage: true })
  }
  await page.setViewportSize({ width: 1280, height: 720 })
}

async function fillSignup(page: Page, person: { name: string; email: string; password: string }) {
  await page.getByLabel('Name').fill(person.name)
  await page.getByLabel('E-Mail').fill(person.email)
  await page.getByLabel('Passwort').fill(person.password)
}

test('a new person signs up, follows the e-mailed link and is logged in; the link works once', { tag: '@smoke' }, async ({ page }) => {
  const email = uniqueEmail('confirm')
  await page.goto('/signup')
  await expectAccessible(page)
  await shoot(page, 'signup')
  await fillSignup(page, { name: 'Clara Confirm', email, password: 'password1234' })
  await page.getByRole('button', { name: 'Konto anlegen' }).click()
  await expect(page.getByLabel('Passwort')).toHaveAccessibleDescription(/häufigsten/)
  await shoot(page, 'signup-weak-password')

  await fillSignup(page, { name: 'Clara Confirm', email, password: 'Kompost-Lastenrad-Dachgarten' })
  await page.getByRole('button', { name: 'Konto anlegen' }).click()
  await expect(page).toHaveURL(/\/confirm-email$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Schau in dein E-Mail-Postfach')
  await expect(page.getByRole('link', { name: /^Konto \(/ })).toHaveCount(0) // not logged in yet
  await expectAccessible(page)
  await shoot(page, 'check-email')

  const link = await confirmationLinkFor(email)
  await page.goto(link)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('E-Mail-Adresse bestätigen')
  await expectAccessible(page)
  await shoot(page, 'confirm')
  await page.getByRole('button', { name: 'Adresse bestätigen' }).click()
  await expect(page.locator('[aria-live="polite"]')).toContainText('Willkommen bei Viertel, Clara Confirm!')
  await expect(page.getByRole('link', { name: 'Konto (Clara Confirm)' })).toBeVisible()

  // the link is spent
  const again = await page.goto(link)
  expect(again!.status()).toBe(410)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dieser Link gilt nicht mehr')
  await expectAccessible(page)
})

test('signing up with a registered address looks exactly the same; the owner is told by e-mail', async ({ page, browser }) => {
  const answers: { status: number; location: string | undefined; cookies: string[] }[] = []
  for (const email of [DEMO.member, uniqueEmail('same')]) {
    const response = await page.request.post('/signup', {
      form: { name: 'Sam Same', email, password: 'Kompost-Lastenrad-Dachgarten' },
      maxRedirects: 0,
    })
    const cookies = response
      .headersArray()
      .filter((h) => h.name.toLowerCase() === 'set-cookie')
      .map((h) => h.value)
    answers.push({ status: response.status(), location: response.headers().location, cookies })
  }
  expect(answers[0]).toEqual(answers[1])
  expect(answers[0]!.cookies.some((c) => c.startsWith('viertel_session='))).toBe(false)

  // in the browser, too: the same page
  await page.goto('/signup')
  await fillSignup(page, { name: 'Sam Same', email: DEMO.member, password: 'Kompost-Lastenrad-Dachgarten' })
  await page.getByRole('button', { name: 'Konto anlegen' }).click()
  await expect(page).toHaveURL(/\/confirm-email$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Schau in dein E-Mail-Postfach')

  // the member's password still works: nothing about the account changed
  const context = await browser.newContext()
  const other = await context.newPage()
  const login = await other.request.post('/login', { form: { email: DEMO.member, password: DEMO_PASSWORD }, maxRedirects: 0 })
  expect(login.status()).toBe(302)
  await context.close()
})

test('after five wrong passwords the login page says how long to wait, at the password field', async ({ page }) => {
  const email = uniqueEmail('locked')
  for (let i = 0; i < 5; i++) {
    await page.request.post('/login', { form: { email, password: 'wrong password' }, maxRedirects: 0 })
  }
  await page.goto('/login')
  await page.getByLabel('E-Mail').fill(email)
  await page.getByLabel('Passwort').fill('wrong password')
  await page.getByRole('button', { name: 'Anmelden' }).click()
  const field = page.getByLabel('Passwort')
  await expect(field).toHaveAttribute('aria-invalid', 'true')
  await expect(field).toHaveAccessibleDescription('Zu viele falsche Anmeldeversuche. Bitte warte 1 Minute.')
  await expectAccessible(page)
  await shoot(page, 'login-locked')
})
