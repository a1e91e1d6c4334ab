import { generateHOTP } from '@oslojs/otp'
import { decodeBase32IgnorePadding } from '@oslojs/encoding'
import { test, expect, expectAccessible, signUp, uniqueEmail } from './fixtures'

/**
 * Issue #14 §3/§4 (ADR 067): a person turns on two-factor sign-in with a code computed here from
 * the key on the page, logs out, and logs in with password and then a code; the sessions list
 * shows this browser.
 */

/** The code an authenticator app shows, `stepsAhead` 30-second steps from now. */
function codeFor(secret: string, stepsAhead = 0) {
  const step = Math.floor(Date.now() / 1000 / 30) + stepsAhead
  return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(step), 6)
}

test('turn on two-factor, log out, log in with password and code', async ({ page }) => {
  const email = uniqueEmail('totp')
  const password = 'Kiefernzapfen am Weserufer sammeln 47'
  await signUp(page, { name: 'Tara Totp', email, password })

  await page.goto('/account')
  await page.getByRole('link', { name: /Zwei-Faktor-Anmeldung und Sitzungen/ }).click()
  await expect(page).toHaveURL(/\/account\/security$/)
  await expect(page.getByRole('heading', { name: 'Sicherheit', level: 1 })).toBeVisible()
  await expectAccessible(page)

  await page.getByRole('button', { name: 'Zwei-Faktor-Anmeldung einrichten' }).click()
  await expect(page.getByRole('img', { name: 'QR-Code für deine Authenticator-App' })).toBeVisible()
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim()
  expect(secret).toMatch(/^[A-Z2-7]{32}$/)
  await expectAccessible(page)

  // a wrong code first: the message stands at the field, nothing is turned on
  await page.getByLabel('Code aus der App', { exact: true }).fill('000000')
  await page.getByRole('button', { name: 'Einschalten' }).click()
  await expect(page.getByText('Dieser Code stimmt nicht')).toBeVisible()

  await page.getByLabel('Code aus der App', { exact: true }).fill(codeFor(secret))
  await page.getByRole('button', { name: 'Einschalten' }).click()
  const codes = page.getByRole('list', { name: 'Deine Wiederherstellungscodes' }).getByRole('listitem')
  await expect(codes).toHaveCount(10)
  // after the action the page shows the new state: on, with a form to turn it off
  await expect(page.getByRole('button', { name: 'Zwei-Faktor-Anmeldung ausschalten' })).toBeVisible()
  await expectAccessible(page)

  await page.getByRole('button', { name: 'Abmelden', exact: true }).click()
  // the logout has landed (else /login would still see the session and send the page on)
  await expect(page.getByRole('link', { name: /^Konto \(/ })).toHaveCount(0)
  await page.goto('/login')
  await page.getByLabel('E-Mail').fill(email)
  await page.getByLabel('Passwort').fill(password)
  await page.getByRole('button', { name: 'Anmelden' }).click()
  await expect(page).toHaveURL(/\/login\/code$/)
  await expect(page.getByRole('heading', { name: 'Dein Code, bitte' })).toBeVisible()
  await expectAccessible(page)

  // the password alone opened nothing
  const blocked = await page.request.get('/account', { maxRedirects: 0 })
  expect(blocked.status()).toBe(302)

  // the code of the next step: the one used to turn 2FA on cannot be used again
  await page.getByLabel('Code aus der App (oder ein Wiederherstellungscode)').fill(codeFor(secret, 1))
  await page.getByRole('button', { name: 'Anmelden' }).click()
  await expect(page).not.toHaveURL(/\/login/)

  await page.goto('/account/security')
  await expect(page.getByText('Dieses Gerät')).toBeVisible()
  await expect(page.getByText(/Chrome|Chromium/).first()).toBeVisible()
  await expectAccessible(page)
})
