import { readFileSync } from 'node:fs'
import type { Browser } from '@playwright/test'
import { confirmationLinkFor, DEMO, DEMO_PASSWORD, PERSON_PASSWORD, expect, expectAccessible, loginAs, test, uniqueEmail, uniqueIp } from './fixtures'

/** GDPR in the product (issue #14 §5, ADR 068): export, erasure, the legal pages. */

const WRONG_PASSWORD = 'Das aktuelle Passwort stimmt nicht.'

async function person(browser: Browser, locale = 'de-DE') {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    locale,
    extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() },
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text())
  })
  return {
    page,
    close: async () => {
      await context.close()
      expect(errors, 'errors in the browser console').toEqual([])
    },
  }
}


test('a member downloads their data with their message in it, deletes their account, and the exchange shows a former member', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000)
  const email = uniqueEmail('gdpr')
  const name = `Greta Gdpr ${Date.now().toString(36)}`
  const message = `Meine Nachricht ${Date.now().toString(36)}: bis Dienstag!`

  // Radwerk's owner invites the person; they sign up from the invitation and join.
  await loginAs(page, DEMO.member)
  await page.goto('/c/lagerhaus/initiatives/radwerk')
  await page.getByLabel('E-Mail der Kollegin oder des Kollegen').fill(email)
  await page.getByRole('button', { name: 'Einladung senden' }).click()
  await expect(page.getByRole('button', { name: `Einladung an ${email} zurückziehen` })).toBeVisible()
  const admin = await person(browser)
  await loginAs(admin.page, DEMO.admin)
  await admin.page.goto('/dev/mail')
  const link = await admin.page.getByRole('article').filter({ hasText: email }).getByRole('link', { name: /\/invite\// }).first().getAttribute('href')
  const invitePath = new URL(link!).pathname

  const greta = await person(browser)
  const g = greta.page
  const signup = await g.request.post('/signup', { form: { name, email, password: PERSON_PASSWORD }, maxRedirects: 0 })
  expect(signup.status()).toBe(302)
  expect((await g.request.post(await confirmationLinkFor(email), { maxRedirects: 0 })).status()).toBe(302)
  await g.goto(invitePath)
  await g.getByRole('button', { name: /^Einladung annehmen und .* beitreten$/ }).click()
  await expect(g.getByRole('heading', { level: 1, name: 'Radwerk Kollektiv' })).toBeVisible()

  // She logs help given for Radwerk and writes a message on it.
  await g.goto('/c/lagerhaus/exchanges/new')
  await g.getByLabel('Für welche Initiative?').selectOption({ label: 'Sprachcafé International' })
  await g.getByLabel('Was habt ihr gemacht?').fill('Fahrräder für das Sprachcafé geprüft')
  await g.getByLabel('Stunden').fill('1')
  await g.getByRole('button', { name: 'Eintragen' }).click()
  await expect(g.getByRole('heading', { level: 1, name: 'Fahrräder für das Sprachcafé geprüft' })).toBeVisible()
  const exchangePath = new URL(g.url()).pathname
  await g.getByLabel('Nachricht', { exact: true }).fill(message)
  await g.getByRole('button', { name: 'Senden', exact: true }).click()
  await expect(g.getByText(message)).toBeVisible()

  // Export: from her account page, the password again, then one JSON file holding her message.
  await g.goto('/account')
  await g.getByRole('link', { name: 'Meine Daten herunterladen' }).click()
  await expect(g).toHaveURL(/\/account\/export$/)
  await expect(g.getByRole('heading', { level: 1, name: 'Meine Daten herunterladen' })).toBeVisible()
  await expectAccessible(g)
  await g.getByLabel('Dein Passwort').fill('falsch')
  await g.getByRole('button', { name: 'Datei vorbereiten' }).click()
  await expect(g.getByText(WRONG_PASSWORD)).toBeVisible()
  await g.getByLabel('Dein Passwort').fill(PERSON_PASSWORD)
  await g.getByRole('button', { name: 'Datei vorbereiten' }).click()
  await expect(g.getByRole('link', { name: 'Datei herunterladen' })).toBeVisible()
  await expectAccessible(g)
  const [download] = await Promise.all([g.waitForEvent('download'), g.getByRole('link', { name: 'Datei herunterladen' }).click()])
  expect(download.suggestedFilename()).toMatch(/^viertel-personal-data-\d{4}-\d{2}-\d{2}\.json$/)
  const doc = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
    profile: { email: string; name: string }
    messagesSent: { body: string }[]
  }
  expect(doc.profile).toMatchObject({ email, name })
  expect(doc.messagesSent.map((m) => m.body)).toContain(message)
  expect(JSON.stringify(doc)).not.toContain('password_hash')
  // the grant worked once
  const again = await g.request.get('/account/export.json', { maxRedirects: 0 })
  expect(again.status()).toBe(302)

  // Erasure: her address typed, and the password.
  await g.goto('/account/delete')
  await expect(g.getByRole('heading', { level: 1, name: 'Konto löschen' })).toBeVisible()
  await expectAccessible(g)
  await g.getByLabel(/Gib zur Bestätigung deine E-Mail-Adresse ein/).fill('jemand@anders.test')
  await g.getByLabel('Dein Passwort').fill(PERSON_PASSWORD)
  await g.getByRole('button', { name: 'Konto endgültig löschen' }).click()
  await expect(g.getByText('Das ist nicht die E-Mail-Adresse deines Kontos.')).toBeVisible()
  await expectAccessible(g)
  await g.getByLabel(/Gib zur Bestätigung deine E-Mail-Adresse ein/).fill(email.toUpperCase())
  await g.getByLabel('Dein Passwort').fill(PERSON_PASSWORD)
  await g.getByRole('button', { name: 'Konto endgültig löschen' }).click()
  await expect(g).toHaveURL(/\/$/)
  await expect(g.getByText('Dein Konto wurde gelöscht.')).toBeVisible()
  expect((await g.request.get('/account', { maxRedirects: 0 })).status()).toBe(302)
  const login = await g.request.post('/login', { form: { email, password: PERSON_PASSWORD }, maxRedirects: 0 })
  expect(login.status()).not.toBe(302)
  await greta.close()

  // Radwerk's owner still sees the exchange and the message — by a former member, not by name.
  await page.goto(exchangePath)
  await expect(page.getByText(message)).toBeVisible()
  await expect(page.getByText(/ehemaliges Mitglied/).first()).toBeVisible()
  await expect(page.getByText(name)).toHaveCount(0)
  await expectAccessible(page)

  // …and in the admin's mailbox her address is gone.
  await admin.page.goto('/dev/mail')
  await expect(admin.page.getByText(email)).toHaveCount(0)
  await admin.close()
})

test('the privacy notice and imprint are linked, edited by the admin in Markdown, and never run HTML', async ({ page, browser }) => {
  // linked from every page's footer and from signup
  await page.goto('/')
  await page.getByRole('contentinfo').getByRole('link', { name: 'Impressum' }).click()
  await expect(page).toHaveURL(/\/imprint$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Impressum' })).toBeVisible()
  await page.goto('/signup')
  await page.getByRole('link', { name: 'Wie wir mit deinen Daten umgehen, steht in der Datenschutzerklärung.' }).click()
  await expect(page).toHaveURL(/\/privacy$/)
  await expect(page.getByRole('contentinfo').getByRole('link', { name: 'Datenschutz' })).toHaveAttribute('href', '/privacy')
  await expectAccessible(page)
  await page.goto('/privacy')
  await expect(page.getByRole('heading', { level: 1, name: 'Datenschutzerklärung' })).toBeVisible()
  await expectAccessible(page)

  const admin = await person(browser)
  const a = admin.page
  await loginAs(a, DEMO.admin)
  await a.goto('/admin/pages?page=imprint&locale=en')
  await expectAccessible(a)
  const marker = `Legal Notice ${Date.now().toString(36)}`
  await a.getByLabel('Text (Markdown)').fill(`# ${marker}\n\nViertel e.V. <script>window.__pwned = 1</script>\n\n- [Write to us](mailto:info@viertel.test)\n- [bad](javascript:alert(1))`)
  await a.getByRole('button', { name: 'Text speichern' }).click()
  await expect(a.getByText('Der Text wurde gespeichert.')).toBeVisible()
  await admin.close()

  // a reader whose browser asks for English
  const reader = await person(browser, 'en-GB')
  const r = reader.page
  await r.goto('/imprint')
  await expect(r.getByRole('heading', { level: 1, name: marker })).toBeVisible()
  await expect(r.getByText('<script>window.__pwned = 1</script>', { exact: false })).toBeVisible()
  expect(await r.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
  await expect(r.getByRole('link', { name: 'Write to us' })).toHaveAttribute('href', 'mailto:info@viertel.test')
  await expect(r.getByRole('link', { name: 'bad' })).toHaveCount(0)
  await expectAccessible(r)
  await reader.close()
})

test('the GDPR pages are for the right people only, and bad input is a 400, never a 500', async ({ browser }) => {
  const visitor = await person(browser)
  for (const path of ['/account/export', '/account/export.json', '/account/delete', '/admin/pages', '/c/lagerhaus/manage/erasure']) {
    const response = await visitor.page.request.get(path, { maxRedirects: 0 })
    expect(response.status(), path).toBe(302)
    expect(response.headers().location, path).toMatch(/^\/login\?redirectTo=/)
  }
  await visitor.close()

  const member = await person(browser)
  await loginAs(member.page, DEMO.member)
  expect((await member.page.request.get('/admin/pages')).status()).toBe(403)
  expect((await member.page.request.post('/admin/pages', { form: { page: 'imprint', locale: 'de', body: 'gekapert' } })).status()).toBe(403)
  expect((await member.page.request.get('/c/lagerhaus/manage/erasure')).status()).toBe(403)
  expect((await member.page.request.post('/c/lagerhaus/manage/erasure', { form: { userId: '00000000-0000-4000-8000-000000000000', confirmation: 'x@y.z' } })).status()).toBe(403)
  // without a grant the file is not served: back to the page
  const file = await member.page.request.get('/account/export.json', { maxRedirects: 0 })
  expect(file.status()).toBe(302)
  expect(file.headers().location).toBe('/account/export')
  const exportForms: Record<string, string>[] = [{}, { password: '' }, { password: 'x'.repeat(5000) }, { password: 'a\u0000b' }]
  for (const form of exportForms) {
    expect((await member.page.request.post('/account/export', { form })).status(), JSON.stringify(form).slice(0, 40)).toBe(400)
  }
  const deleteForms: Record<string, string>[] = [{}, { password: 'viertel-demo', confirmation: '' }, { password: 'viertel-demo', confirmation: 'x'.repeat(300) }]
  for (const form of deleteForms) {
    expect((await member.page.request.post('/account/delete', { form })).status()).toBe(400)
  }
  // the sole owner of Radwerk (with colleagues) is asked to hand it over: nothing is erased
  const sole = await member.page.request.post('/account/delete', { form: { password: DEMO_PASSWORD, confirmation: DEMO.member } })
  expect(sole.status()).toBe(409)
  expect(await sole.text()).toContain('Übergib zuerst')
  expect((await member.page.request.get('/account')).status()).toBe(200)
  await member.close()

  const foreign = await person(browser)
  await loginAs(foreign.page, DEMO.otherManager)
  expect((await foreign.page.request.get('/c/lagerhaus/manage/erasure')).status()).toBe(403)
  await foreign.close()

  const manager = await person(browser)
  await loginAs(manager.page, DEMO.manager)
  const m = manager.page
  await m.goto('/c/lagerhaus/manage/erasure')
  await expect(m.getByRole('heading', { level: 1, name: 'Löschung auf Antrag' })).toBeVisible()
  await expectAccessible(m)
  const requestForms: Record<string, string>[] = [{}, { userId: 'nicht-uuid', confirmation: 'a@b.c' }, { userId: '00000000-0000-4000-8000-000000000000', confirmation: 'a@b.c' }]
  for (const form of requestForms) {
    expect((await m.request.post('/c/lagerhaus/manage/erasure', { form })).status(), JSON.stringify(form)).toBe(400)
  }
  // a person of the centre, but the address typed does not match: refused at the field
  await m.getByLabel('Person', { exact: true }).selectOption({ index: 1 })
  await m.getByLabel('E-Mail-Adresse der Person zur Bestätigung').fill('niemand@example.test')
  await m.getByRole('button', { name: 'Konto auf Antrag löschen' }).click()
  await expect(m.getByText('Die E-Mail-Adresse passt nicht zu dieser Person.')).toBeVisible()
  await expectAccessible(m)
  await manager.close()
})
