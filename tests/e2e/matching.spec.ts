import type { Browser, Page } from '@playwright/test'
import { DEMO, expect, expectAccessible, loginAs, newContext, test } from './fixtures'

/** Owner of Druckerei Ostertor (demo seed), whose offer "Risodruck für Plakate und Flyer" is live in Lagerhaus. */
const DRUCKEREI = 'druckerei-ostertor@lagerhaus.test'
const OFFER = 'Risodruck für Plakate und Flyer'

async function personIn(browser: Browser, baseURL: string | undefined, email: string) {
  const context = await newContext(browser, { baseURL })
  const page = await context.newPage()
  await loginAs(page, email)
  return { context, page }
}

/** The unread count the bell names ("Benachrichtigungen, 3 ungelesen"); 0 when it names none. */
async function unread(page: Page) {
  const label = await page.getByRole('link', { name: /^Benachrichtigungen/ }).getAttribute('aria-label')
  return Number(/(\d+)/.exec(label ?? '')?.[1] ?? 0)
}

test('a member posts a need, sees the matching offer with its reasons and proposes an exchange; the offer’s owner sees the bell go up', async ({
  page,
  browser,
  baseURL,
}) => {
  const owner = await personIn(browser, baseURL, DRUCKEREI)
  await owner.page.goto('/c/lagerhaus')
  const before = await unread(owner.page)
  await expectAccessible(owner.page)

  // Radwerk posts a need.
  await loginAs(page, DEMO.member)
  await page.goto('/c/lagerhaus/listings')
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Eintrag erstellen' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Neuer Eintrag' })).toBeVisible()
  await expectAccessible(page)
  const title = `Risodruck für unsere Flyer gesucht ${Date.now().toString(36)}`
  await page.getByLabel('Art').selectOption({ label: 'Bedarf' })
  await page.getByLabel('Kategorie').selectOption({ label: 'Können & Dienste' })
  await page.getByLabel('Titel').fill(title)
  await page.getByLabel('Beschreibung').fill('Für unser Hoffest brauchen wir Flyer und Plakate im Risodruck, zweifarbig.')
  await page.getByRole('button', { name: 'Eintrag speichern' }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  const listingUrl = new URL(page.url()).pathname

  // Its page shows the fitting offer, with reasons in plain words.
  const matches = page.getByRole('region', { name: 'Passende Angebote' })
  await expect(matches.getByRole('link', { name: OFFER, exact: true })).toBeVisible()
  await expect(matches.getByText('Gleiche Kategorie: Können')).toBeVisible()
  await expect(matches.getByText(/^Passt zu: .*Risodruck/)).toBeVisible()
  await expectAccessible(page)

  // The matches page gathers it too.
  await page.goto('/c/lagerhaus/matches')
  await expect(page.getByRole('heading', { level: 1, name: 'Passende Einträge' })).toBeVisible()
  await expect(page.getByRole('link', { name: OFFER, exact: true }).first()).toBeVisible()
  await expectAccessible(page)

  // A search saved there is listed with the others, and can be deleted.
  await page.getByLabel('Suchwörter').fill('Lastenrad')
  await page.getByLabel('Art', { exact: true }).selectOption({ label: 'Angebot' })
  await page.getByRole('button', { name: 'Suche speichern' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Gespeicherte Suchen' })).toBeVisible()
  await expect(page.getByText('Suche gespeichert.', { exact: false })).toBeVisible()
  await expect(page.getByRole('cell', { name: 'Lastenrad', exact: true })).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Löschen: Lastenrad' }).click()
  await expect(page.getByText('Suche gelöscht.')).toBeVisible()
  await expect(page.getByRole('cell', { name: 'Lastenrad', exact: true })).toHaveCount(0)

  // Propose an exchange from the match.
  await page.goto(listingUrl)
  await page.getByRole('region', { name: 'Passende Angebote' }).getByRole('link', { name: `Tausch vorschlagen: ${OFFER}` }).click()
  await expect(page).toHaveURL(/\/c\/lagerhaus\/exchanges\/new\?listing=/)
  await expect(page.getByRole('heading', { level: 1, name: 'Angebot anfragen' })).toBeVisible()
  await expectAccessible(page)
  await page.getByLabel('Stunden').fill('2')
  await page.getByLabel('Nachricht an die andere Initiative').fill('Könnt ihr 200 Flyer für unser Hoffest drucken?')
  await page.getByRole('button', { name: 'Anfrage senden' }).click()
  await expect(page.getByText('Vorschlag gesendet.')).toBeVisible()
  await expectAccessible(page)

  // The offer's owner was told of the new match: the bell counts it, the list names it.
  await owner.page.reload()
  expect(await unread(owner.page)).toBeGreaterThan(before)
  await expectAccessible(owner.page)
  await owner.page.getByRole('link', { name: /^Benachrichtigungen/ }).click()
  await expect(owner.page.getByRole('link', { name: new RegExp(title) }).first()).toBeVisible()
  await expectAccessible(owner.page)
  await owner.page.getByRole('button', { name: 'Alle als gelesen markieren' }).click()
  await expect(owner.page.getByText('Alles als gelesen markiert.')).toBeVisible()
  expect(await unread(owner.page)).toBe(0)
  await owner.page.goto('/notifications/settings')
  await expectAccessible(owner.page)
  await owner.context.close()
})

test('a person chooses immediate e-mails for matches, gets one, and unsubscribes through its link without logging in', async ({
  page,
  browser,
  baseURL,
}) => {
  const owner = await personIn(browser, baseURL, DRUCKEREI)
  await owner.page.goto('/notifications/settings')
  await expect(owner.page.getByRole('heading', { level: 1, name: 'E-Mail-Einstellungen' })).toBeVisible()
  await owner.page.getByRole('group', { name: 'Neue passende Einträge' }).getByLabel('Sofort').check()
  await owner.page.getByRole('button', { name: 'Einstellungen speichern' }).click()
  await expect(owner.page.getByText('Einstellungen gespeichert.')).toBeVisible()
  await expect(owner.page.getByRole('group', { name: 'Neue passende Einträge' }).getByLabel('Sofort')).toBeChecked()
  await expectAccessible(owner.page)

  // A matching need appears.
  await loginAs(page, DEMO.member)
  await page.goto('/c/lagerhaus/listings')
  await page.getByRole('link', { name: 'Eintrag erstellen' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Neuer Eintrag' })).toBeVisible()
  const title = `Plakate im Risodruck gesucht ${Date.now().toString(36)}`
  await page.getByLabel('Art').selectOption({ label: 'Bedarf' })
  await page.getByLabel('Kategorie').selectOption({ label: 'Können & Dienste' })
  await page.getByLabel('Titel').fill(title)
  await page.getByLabel('Beschreibung').fill('Zweifarbige Plakate und Flyer im Risodruck für unsere Fahrradbörse.')
  await page.getByRole('button', { name: 'Eintrag speichern' }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()

  // The e-mail is in the outbox (no SMTP here): the development mailbox shows it to the admin.
  const admin = await personIn(browser, baseURL, DEMO.admin)
  await admin.page.goto('/dev/mail')
  const mail = admin.page.getByRole('article', { name: new RegExp(`„${title}“ passt zu eurem Eintrag`) })
  await expect(mail).toBeVisible()
  await expect(mail.getByText(DRUCKEREI)).toBeVisible()
  await expectAccessible(admin.page)
  const link = await mail.getByRole('link', { name: /\/unsubscribe\// }).getAttribute('href')
  const path = new URL(link!).pathname
  await admin.context.close()

  // Anyone holding the link can unsubscribe — no login.
  const anonymous = await newContext(browser, { baseURL })
  const visitor = await anonymous.newPage()
  await visitor.goto(path)
  // the address masked, as on an invitation page: whoever holds the link does not learn it whole
  await expect(visitor.getByText(`Keine E-Mails mehr zu „Neue passende Einträge“ an d…@lagerhaus.test schicken?`)).toBeVisible()
  await expect(visitor.getByText(DRUCKEREI)).toHaveCount(0)
  await expectAccessible(visitor)
  await visitor.getByRole('button', { name: 'Abbestellen' }).click()
  await expect(visitor.getByText('Erledigt: Du bekommst keine E-Mails mehr zu „Neue passende Einträge“.', { exact: false })).toBeVisible()
  await expectAccessible(visitor)

  // A changed link is refused.
  const forged = `${path.slice(0, -2)}${path.endsWith('AA') ? 'AB' : 'AA'}`
  const response = await visitor.goto(forged)
  expect(response?.status()).toBe(404)
  await expect(visitor.getByText('Dieser Abmeldelink ist ungültig.')).toBeVisible()
  await expectAccessible(visitor)
  expect((await visitor.request.post(forged, { maxRedirects: 0 })).status()).toBe(404)
  await anonymous.close()

  await owner.page.reload()
  await expect(owner.page.getByRole('group', { name: 'Neue passende Einträge' }).getByLabel('Nie')).toBeChecked()
  await owner.context.close()
})

test('an offer that says it lacks what the need asks for is shown with what does not fit, apart from why it fits', async ({
  page,
  browser,
  baseURL,
}) => {
  const run = Date.now().toString(36)
  const post = async (who: Page, listing: { kind: string; title: string; description: string }) => {
    await who.goto('/c/lagerhaus/listings/new')
    await who.getByLabel('Art').selectOption({ label: listing.kind })
    await who.getByLabel('Kategorie').selectOption({ label: 'Werkzeug & Geräte' })
    if (listing.kind === 'Angebot') await who.getByLabel('Zustand').selectOption({ label: 'gut' })
    await who.getByLabel('Titel').fill(listing.title)
    await who.getByLabel('Beschreibung').fill(listing.description)
    await who.getByRole('button', { name: 'Eintrag speichern' }).click()
    await expect(who.getByRole('heading', { level: 1, name: listing.title })).toBeVisible()
  }
  const owner = await personIn(browser, baseURL, DRUCKEREI)
  const offer = `Beamer und Leinwand für Vorträge ${run}`
  await post(owner.page, { kind: 'Angebot', title: offer, description: 'Älterer Beamer ohne HDMI, nur VGA. Leinwand 2 m.' })
  await owner.context.close()

  await loginAs(page, DEMO.member)
  await post(page, { kind: 'Bedarf', title: `Beamer für Vorträge ${run}`, description: 'Für Vorträge mit dem Laptop, HDMI nötig.' })
  const match = page
    .getByRole('region', { name: 'Passende Angebote' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: offer, exact: true }) })
  await expect(match.getByRole('list', { name: 'Warum es passt' })).toContainText('Passt zu:')
  const misses = match.getByRole('list', { name: 'Was nicht passt' })
  await expect(misses.getByRole('listitem')).toHaveCount(1)
  await expect(misses.getByRole('listitem')).toContainText('Laut Beschreibung ohne: HDMI')
  await expect(match.getByRole('list', { name: 'Warum es passt' })).not.toContainText('HDMI')
  await expectAccessible(page)
})
