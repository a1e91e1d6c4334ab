import type { Browser, Page } from '@playwright/test'
import { confirmationLinkFor, DEMO, PERSON_PASSWORD, expect, expectAccessible, loginAs, signUp, test, uniqueEmail, uniqueIp } from './fixtures'

const SHOTS = process.env.SHOTS_DIR

/**
 * A second person in the same test: their own browser context (own cookies, own client
 * address), whose console errors fail the test like the main page's.
 */
async function anotherPerson(browser: Browser) {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    locale: 'de-DE',
    extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() },
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  return {
    page,
    close: async () => {
      await context.close()
      expect(errors, 'errors in the second browser’s console').toEqual([])
    },
  }
}

const unique = () => Math.random().toString(36).slice(2, 7)

/** The toast region (aria-live), where the result of an action is announced. */
const toast = (page: Page) => page.locator('[aria-live="polite"]')

async function applyByRequest(page: Page, name: string) {
  const response = await page.request.post('/c/lagerhaus/join', { form: { name, kind: 'project' }, maxRedirects: 0 })
  expect(response.status()).toBe(302)
  return response.headers().location!
}

test('sign up → create an initiative → apply → a manager admits it → the member sees it active', async ({
  page,
  browser,
  request,
}) => {
  const name = `Lastenrad Kollektiv ${unique()}`
  const email = uniqueEmail('applicant')

  await page.goto('/signup')
  await expectAccessible(page)
  await page.getByLabel('Name').fill('Lina Lastenrad')
  await page.getByLabel('E-Mail').fill(email)
  await page.getByLabel('Passwort').fill('ein langer Satz als Passwort')
  await page.getByRole('button', { name: 'Konto anlegen' }).click()
  // signup logs in once the e-mailed link is followed (ADR 061)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Schau in dein E-Mail-Postfach')
  await page.goto(await confirmationLinkFor(email))
  await page.getByRole('button', { name: 'Adresse bestätigen' }).click()
  await expect(page.getByRole('link', { name: 'Konto (Lina Lastenrad)' })).toBeVisible()

  await page.goto('/c/lagerhaus/join')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kulturzentrum Lagerhaus beitreten')
  await expectAccessible(page)
  await page.getByLabel('Name der Initiative').fill(name)
  await page.getByLabel('Art').selectOption({ label: 'Verein' })
  await page.getByLabel('Bereich (optional)').fill('Mobilität')
  await page.getByLabel('Beschreibung (optional)').fill('Wir verleihen Lastenräder im Viertel.')
  await page.getByLabel('Website (optional)').fill('https://lastenrad.example')
  await page.getByLabel('Nachricht an das Team des Zentrums (optional)').fill('Wir brauchen einen Stellplatz.')
  await page.getByRole('button', { name: 'Bewerbung absenden' }).click()

  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  await expect(page.getByText('hat sich beworben; das Team des Zentrums hat noch nicht entschieden')).toBeVisible()
  await expect(toast(page)).toContainText('hat sich bei Kulturzentrum Lagerhaus beworben')
  await expectAccessible(page)
  const profileUrl = new URL(page.url()).pathname

  // The public does not see an initiative that is only applying.
  const visitor = await request.get(profileUrl)
  expect(visitor.status()).toBe(404)

  const manager = await anotherPerson(browser)
  await loginAs(manager.page, DEMO.manager)
  await manager.page.goto('/c/lagerhaus/manage/applications')
  await expect(manager.page.getByRole('heading', { level: 1, name: 'Bewerbungen' })).toBeVisible()
  await expectAccessible(manager.page)
  const card = manager.page.getByRole('listitem').filter({ has: manager.page.getByRole('heading', { name }) })
  await expect(card).toContainText('Wir brauchen einen Stellplatz.')
  const application = card.getByRole('form', { name })
  await application.getByLabel('Nachricht an die Initiative (optional)').fill('Willkommen im Lagerhaus!')
  await application.getByRole('button', { name: `${name} aufnehmen` }).click()
  await expect(toast(manager.page)).toContainText(`„${name}“ ist aufgenommen.`)
  const decided = manager.page.getByRole('region', { name: 'Kürzlich entschieden' })
  const outcome = decided.getByRole('listitem').filter({ hasText: name })
  await expect(outcome).toContainText('Aufgenommen von Maren Manager')
  await expect(outcome).toContainText('Willkommen im Lagerhaus!')
  await expectAccessible(manager.page)
  await manager.close()

  // The applicant hears of it in the app (and by e-mail), with the team's message.
  await page.goto('/notifications')
  const notice = page.getByRole('listitem').filter({ hasText: `„${name}“ ist bei Kulturzentrum Lagerhaus aufgenommen` })
  await expect(notice).toContainText('Nachricht des Teams: Willkommen im Lagerhaus!')
  await expectAccessible(page)

  await page.goto('/c/lagerhaus')
  await expect(page.getByRole('listitem').filter({ hasText: `${name} (aktiv)` })).toBeVisible()
  await expect(page.getByRole('region', { name: /Initiativen$/ }).getByRole('link', { name })).toBeVisible()
  await expectAccessible(page)
  await page.goto(profileUrl)
  await expect(page.getByText('hat sich beworben')).toHaveCount(0)
  await expect(page.getByRole('heading', { name: /1 Person/ })).toBeVisible()
  await expectAccessible(page)
})

test('switching the language changes the page and is remembered for the user after logging out and in', async ({
  page,
  browser,
}) => {
  const email = uniqueEmail('polyglot')
  await signUp(page, { name: 'Paula Polyglott', email })
  await page.goto('/c/lagerhaus')
  await expect(page.getByRole('link', { name: 'Übersicht' })).toBeVisible()
  await page.getByRole('contentinfo').getByLabel('Sprache').selectOption('en')
  await page.getByRole('button', { name: 'Wechseln' }).click()
  await expect(page.getByRole('link', { name: 'Overview' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expectAccessible(page)

  await page.getByRole('button', { name: 'Log out' }).click()
  await expect(
    page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Log in' }),
  ).toBeVisible()

  // A fresh browser that asks for German: after logging in, the account's English wins.
  const again = await anotherPerson(browser)
  await again.page.goto('/login')
  await expect(again.page.getByRole('heading', { level: 1 })).toHaveText('Anmelden')
  await again.page.getByLabel('E-Mail').fill(email)
  await again.page.getByLabel('Passwort').fill(PERSON_PASSWORD)
  await again.page.getByRole('button', { name: 'Anmelden' }).click()
  await expect(again.page.getByRole('link', { name: 'Account (Paula Polyglott)' })).toBeVisible()
  await expect(again.page.locator('html')).toHaveAttribute('lang', 'en')

  // …and the account page changes it too, with a toast.
  await again.page.goto('/account')
  await expect(again.page.getByRole('heading', { level: 1 })).toHaveText('My account')
  await expectAccessible(again.page)
  await again.page.getByRole('main').getByLabel('Language').selectOption('fr')
  await again.page.getByRole('button', { name: 'Save language' }).click()
  await expect(toast(again.page)).toContainText('Langue enregistrée.')
  await expect(again.page.getByRole('heading', { level: 1 })).toHaveText('Mon compte')
  await expectAccessible(again.page)
  await again.close()
})

test('on /account a person changes their name and password; other sessions end', async ({ page, browser }) => {
  const email = uniqueEmail('account')
  await signUp(page, { name: 'Alte Name', email })
  const other = await anotherPerson(browser)
  await loginAs(other.page, email, PERSON_PASSWORD)

  await page.goto('/account')
  await expectAccessible(page)
  await page.getByLabel('Name', { exact: true }).fill('Neue Name')
  await page.getByRole('button', { name: 'Name speichern' }).click()
  await expect(toast(page)).toContainText('Gespeichert.')
  await expect(page.getByRole('link', { name: 'Konto (Neue Name)' })).toBeVisible()

  await page.getByLabel('Aktuelles Passwort').fill('falsch-falsch')
  await page.getByLabel('Neues Passwort', { exact: true }).fill('ein neues langes Passwort')
  await page.getByLabel('Neues Passwort wiederholen').fill('ein neues langes Passwort')
  await page.getByRole('button', { name: 'Passwort ändern' }).click()
  await expect(page.getByText('Das aktuelle Passwort stimmt nicht.')).toBeVisible()
  await expectAccessible(page)

  await page.getByLabel('Aktuelles Passwort').fill(PERSON_PASSWORD)
  await page.getByLabel('Neues Passwort', { exact: true }).fill('ein neues langes Passwort')
  await page.getByLabel('Neues Passwort wiederholen').fill('ein neues langes Passwort')
  await page.getByRole('button', { name: 'Passwort ändern' }).click()
  await expect(toast(page)).toContainText('Andere Sitzungen wurden beendet')

  // the other browser's session has ended; this one goes on
  const response = await other.page.request.get('/account', { maxRedirects: 0 })
  expect(response.status()).toBe(302)
  expect(response.headers().location).toContain('/login')
  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mein Konto')
  await other.close()
})

test('a manager of one centre cannot open another centre’s console', async ({ page }) => {
  await loginAs(page, DEMO.otherManager)
  for (const path of ['/c/lagerhaus/manage', '/c/lagerhaus/manage/applications']) {
    const response = await page.goto(path)
    expect(response!.status(), path).toBe(403)
    await expect(page.getByRole('heading', { name: 'Kein Zugriff' })).toBeVisible()
    await expectAccessible(page)
  }
  const post = await page.request.post('/c/lagerhaus/manage/applications', {
    form: { intent: 'admit', initiativeId: '00000000-0000-4000-8000-000000000000' },
    maxRedirects: 0,
  })
  expect(post.status()).toBe(403)
  // …while their own console opens
  const own = await page.goto('/c/aucoop/manage/applications')
  expect(own!.status()).toBe(200)
})

test('an owner invites a colleague by e-mail; the colleague signs up from the link and joins; the owner removes them', async ({
  page,
  browser,
}) => {
  const name = `Siebdruck ${unique()}`
  const colleagueEmail = uniqueEmail('colleague')
  await signUp(page, { name: 'Olli Owner', email: uniqueEmail('owner') })
  const profileUrl = await applyByRequest(page, name)

  await page.goto(profileUrl)
  await page.getByLabel('E-Mail der Kollegin oder des Kollegen').fill(colleagueEmail)
  await page.getByRole('button', { name: 'Einladung senden' }).click()
  await expect(toast(page)).toContainText(`Einladung an ${colleagueEmail} verschickt.`)
  await expect(page.getByRole('button', { name: `Einladung an ${colleagueEmail} zurückziehen` })).toBeVisible()
  await expectAccessible(page)

  // No SMTP in this run: the platform admin reads the e-mail at /dev/mail (404 for everyone else in production).
  expect((await page.request.get('/dev/mail')).status()).toBe(404)
  const admin = await anotherPerson(browser)
  await loginAs(admin.page, DEMO.admin)
  await admin.page.goto('/dev/mail')
  await expectAccessible(admin.page)
  const mail = admin.page.getByRole('article').filter({ hasText: colleagueEmail })
  await expect(mail.getByRole('heading')).toHaveText(`Einladung zu ${name} bei Viertel`)
  const link = await mail.getByRole('link', { name: /\/invite\// }).getAttribute('href')
  await admin.close()
  const invitePath = new URL(link!).pathname

  const colleague = await anotherPerson(browser)
  await colleague.page.goto(invitePath)
  await expect(colleague.page.getByText(`Olli Owner lädt dich ein, bei „${name}“`)).toBeVisible()
  await expectAccessible(colleague.page)
  await colleague.page.getByRole('link', { name: 'Konto anlegen' }).click()
  await colleague.page.getByLabel('Name').fill('Conny Colleague')
  await colleague.page.getByLabel('E-Mail').fill(colleagueEmail)
  await colleague.page.getByLabel('Passwort').fill(PERSON_PASSWORD)
  await colleague.page.getByRole('button', { name: 'Konto anlegen' }).click()
  await expect(colleague.page).toHaveURL(/\/confirm-email$/)
  await colleague.page.goto(await confirmationLinkFor(colleagueEmail))
  await colleague.page.getByRole('button', { name: 'Adresse bestätigen' }).click()
  await expect(colleague.page).toHaveURL(new RegExp(`${invitePath}$`))
  await colleague.page.getByRole('button', { name: `Einladung annehmen und ${name} beitreten` }).click()
  await expect(colleague.page.getByRole('heading', { level: 1, name })).toBeVisible()
  await expect(colleague.page.getByRole('complementary').getByText('Conny Colleague')).toBeVisible()
  await expectAccessible(colleague.page)

  // the link worked once
  await colleague.page.goto(invitePath)
  await expect(colleague.page.getByRole('alert')).toContainText('Diese Einladung wurde schon angenommen')
  await expectAccessible(colleague.page)

  await page.reload()
  await expect(page.getByText('Keine offenen Einladungen.')).toBeVisible()
  // the colleague may leave; the owner may make her an owner, or remove her
  await colleague.page.goto(profileUrl)
  await expect(colleague.page.getByRole('button', { name: 'Initiative verlassen' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Conny Colleague zur Inhaber:in machen' })).toBeVisible()
  if (SHOTS) {
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 900 })
      await page.getByRole('button', { name: 'Conny Colleague entfernen' }).scrollIntoViewIfNeeded()
      await page.screenshot({ path: `${SHOTS}/initiative-people-${width}.png` })
    }
  }
  // the last owner cannot go while she is a member only: told to hand on first
  await page.getByRole('button', { name: 'Initiative verlassen' }).click()
  await expect(page.getByRole('alert')).toContainText('Du bist die letzte Inhaberin oder der letzte Inhaber. Mache zuerst jemand anderen zur Inhaber:in')
  await page.getByRole('button', { name: 'Conny Colleague entfernen' }).click()
  await expect(toast(page)).toContainText('Die Person gehört nicht mehr zur Initiative.')
  await expect(page.getByRole('button', { name: 'Conny Colleague entfernen' })).toHaveCount(0)
  // the only person cannot go
  await page.getByRole('button', { name: 'Initiative verlassen' }).click()
  await expect(page.getByRole('alert')).toContainText('Du bist die einzige Person in dieser Initiative und kannst sie nicht verlassen.')
  await expectAccessible(page)

  const gone = await colleague.page.goto(profileUrl)
  expect(gone!.status()).toBe(404)
  await colleague.close()
})

test('the platform admin creates a centre and appoints its manager', async ({ page }) => {
  const slug = `haus-${unique()}`
  const managerEmail = uniqueEmail('new-manager')
  await signUp(page, { name: 'Mo Manager', email: managerEmail })
  await page.request.post('/logout', { maxRedirects: 0 })
  await loginAs(page, DEMO.admin)

  await page.goto('/admin')
  await expectAccessible(page)
  const create = page.getByRole('region', { name: 'Neues Zentrum' })
  await create.getByLabel('Name', { exact: true }).fill(`Haus ${slug}`)
  await create.getByLabel('Kurzname für die Adresse').fill(slug)
  await create.getByLabel('Ort', { exact: true }).fill('Gent')
  await create.getByLabel('Land', { exact: true }).fill('be')
  await create.getByLabel('Neue Einträge').selectOption('pre')
  await create.getByLabel('Wert einer Stunde in €').fill('22.50')
  await create.getByLabel('Nederlands').check()
  await create.getByRole('button', { name: 'Zentrum anlegen' }).click()
  await expect(toast(page)).toContainText(`Zentrum „Haus ${slug}“ angelegt.`)

  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `Haus ${slug}` }) })
  // An address without an account is invited (tests/e2e/manager-invitation.spec.ts), one with an account appointed.
  await card.getByLabel(`E-Mail der Person, die Haus ${slug} verwalten soll`).fill(managerEmail)
  await card.getByRole('button', { name: 'Ernennen oder einladen' }).click()
  await expect(toast(page)).toContainText(`Mo Manager verwaltet jetzt Haus ${slug}.`)
  await expect(
    card.getByRole('button', { name: `Entfernen Mo Manager als Verwalter:in von Haus ${slug}` }),
  ).toBeVisible()

  const home = await page.goto(`/c/${slug}`)
  expect(home!.status()).toBe(200)
  await expect(page.getByRole('heading', { level: 1, name: `Haus ${slug}` })).toBeVisible()
})
