import { request as requestFactory, type Page } from '@playwright/test'
import { DEMO, DEMO_PASSWORD, expect, expectAccessible, signUp, test, uniqueEmail, uniqueIp } from './fixtures'

/**
 * Forgot password (issue #14 §1, ADR 066) as a person lives it: the link on /login, the e-mail in
 * /dev/mail, the new password, logged in, out, and in again with it. Screenshots at 320 and
 * 1280 px go to SHOTS_DIR when it is set.
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

/** The path of the newest reset link sent to `email`, read from /dev/mail as the demo admin. */
async function resetLinkFor(email: string): Promise<string> {
  const baseURL = `http://localhost:${Number(process.env.E2E_PORT ?? 3210)}`
  const admin = await requestFactory.newContext({ baseURL, extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
  try {
    const login = await admin.post('/login', { form: { email: DEMO.admin, password: DEMO_PASSWORD }, maxRedirects: 0 })
    expect(login.status(), 'login of the admin to read /dev/mail').toBe(302)
    const html = await (await admin.get('/dev/mail')).text()
    const article = html.split('<article').find((part) => part.includes(email) && part.includes('/reset-password/'))
    const match = article && /\/reset-password\/([a-z2-7]+)/.exec(article)
    expect(match, `a reset e-mail to ${email} in /dev/mail`).toBeTruthy()
    return `/reset-password/${match![1]}`
  } finally {
    await admin.dispose()
  }
}

const NEW_PASSWORD = 'Regenfass-Werkbank-Nachbarschaft'

test('forgot password: e-mail, new password, logged in; log out and in again with the new password', async ({ page }) => {
  const email = uniqueEmail('reset')
  const name = 'Rita Reset'
  await signUp(page, { name, email, password: 'Kompost-Lastenrad-Dachgarten' })
  await page.context().clearCookies()

  await page.goto('/login')
  await expectAccessible(page)
  await shoot(page, 'login')
  await page.getByRole('link', { name: 'Passwort vergessen?' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Passwort vergessen')
  await expectAccessible(page)
  await shoot(page, 'forgot-password')
  await page.getByLabel('E-Mail').fill(email)
  await page.getByRole('button', { name: 'Link schicken' }).click()
  await expect(page).toHaveURL(/\/forgot-password\?sent=1$/)
  await expect(page.getByText('Wenn es zu dieser Adresse ein Konto gibt')).toBeVisible()
  await expectAccessible(page)
  await shoot(page, 'forgot-password-sent')

  const link = await resetLinkFor(email)
  await page.goto(link)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Neues Passwort setzen')
  await expectAccessible(page)
  await shoot(page, 'reset-password')

  // a weak password is refused at the field; the link still works
  await page.getByLabel('Neues Passwort', { exact: true }).fill('password1234')
  await page.getByLabel('Neues Passwort wiederholen').fill('password1234')
  await page.getByRole('button', { name: 'Passwort setzen' }).click()
  await expect(page.getByLabel('Neues Passwort', { exact: true })).toHaveAccessibleDescription(/häufigsten/)
  await shoot(page, 'reset-password-weak')

  await page.getByLabel('Neues Passwort', { exact: true }).fill(NEW_PASSWORD)
  await page.getByLabel('Neues Passwort wiederholen').fill(NEW_PASSWORD)
  await page.getByRole('button', { name: 'Passwort setzen' }).click()
  await expect(page.locator('[aria-live="polite"]')).toContainText('Neues Passwort gesetzt')
  await expect(page.getByRole('link', { name: `Konto (${name})` })).toBeVisible()

  await page.getByRole('button', { name: 'Abmelden' }).click()
  await expect(page.getByRole('link', { name: `Konto (${name})` })).toHaveCount(0)

  // the old password no longer works, the new one does
  await page.goto('/login')
  await page.getByLabel('E-Mail').fill(email)
  await page.getByLabel('Passwort').fill('Kompost-Lastenrad-Dachgarten')
  await page.getByRole('button', { name: 'Anmelden' }).click()
  await expect(page.getByText('E-Mail oder Passwort stimmen nicht.')).toBeVisible()
  await page.getByLabel('Passwort').fill(NEW_PASSWORD)
  await page.getByRole('button', { name: 'Anmelden' }).click()
  await expect(page.getByRole('link', { name: `Konto (${name})` })).toBeVisible()

  // the link is spent: a clear page with a way to ask again
  const again = await page.goto(link)
  expect(again!.status()).toBe(410)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dieser Link gilt nicht mehr')
  await expect(page.getByRole('link', { name: 'Neuen Link anfordern' })).toBeVisible()
  await expectAccessible(page)
  await shoot(page, 'reset-password-invalid')
})

test('without JavaScript: asking for a link and setting the password work as plain forms', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
  const page = await context.newPage()
  const email = uniqueEmail('reset-nojs')
  await signUp(page, { name: 'Nora NoJS', email, password: 'Kompost-Lastenrad-Dachgarten' })
  await context.clearCookies()
  await page.goto('/forgot-password')
  await page.getByLabel('E-Mail').fill(email)
  await page.getByRole('button', { name: 'Link schicken' }).click()
  await expect(page.getByText('Wenn es zu dieser Adresse ein Konto gibt')).toBeVisible()
  await page.goto(await resetLinkFor(email))
  await page.getByLabel('Neues Passwort', { exact: true }).fill(NEW_PASSWORD)
  await page.getByLabel('Neues Passwort wiederholen').fill(NEW_PASSWORD)
  await page.getByRole('button', { name: 'Passwort setzen' }).click()
  await expect(page.getByRole('link', { name: 'Konto (Nora NoJS)' })).toBeVisible()
  await context.close()
})

test('the account page shows the address and its change form', async ({ page }) => {
  const email = uniqueEmail('account-email')
  await signUp(page, { name: 'Anton Adresse', email, password: 'Kompost-Lastenrad-Dachgarten' })
  await page.goto('/account')
  await expect(page.getByRole('heading', { name: 'E-Mail-Adresse' })).toBeVisible()
  await expect(page.getByText(`${email} ist bestätigt.`)).toBeVisible()
  await page.getByLabel('Neue E-Mail-Adresse').fill(uniqueEmail('account-new'))
  await page.locator('#account-email').getByLabel('Dein Passwort (zur Bestätigung)').fill('nicht mein Passwort')
  await page.getByRole('button', { name: 'Link an neue Adresse schicken' }).click()
  await expect(page.locator('#account-email').getByLabel('Dein Passwort (zur Bestätigung)')).toHaveAccessibleDescription(/Das Passwort ist falsch/)
  await expect(page.getByText(`${email} ist bestätigt.`)).toBeVisible()
  await expectAccessible(page)
  await shoot(page, 'account-email')
})
