import type { Browser, Page } from '@playwright/test'
import { DEMO, expect, expectAccessible, loginAs, newContext, test } from './fixtures'

/** Owners of the demo initiatives log in as `<slug>@lagerhaus.test`; member@lagerhaus.test owns Radwerk. */
const VIERTELKLANG = 'viertelklang@lagerhaus.test'
const DRUCKEREI = 'druckerei-ostertor@lagerhaus.test'
const SPRACHCAFE = 'sprachcafe@lagerhaus.test'

async function personIn(browser: Browser, baseURL: string | undefined, email: string) {
  const context = await newContext(browser, { baseURL })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  await loginAs(page, email)
  return { page, errors, close: () => context.close() }
}

/** A day far ahead, different in every run, so runs on one database never meet. */
/**
 * A day far ahead that no other run of these tests is likely to book. `from` keeps the tests
 * apart: the bad-input test asserts an empty week, so it must never fall into the week of the
 * booking journey's slot.
 */
function uniqueDay(from = 400) {
  const offset = from + Math.floor(Math.random() * 300)
  const day = new Date(Date.now() + offset * 86_400_000)
  return day.toISOString().slice(0, 10)
}

async function roomUrl(page: Page) {
  await page.goto('/c/lagerhaus/listings?q=Proberaum')
  await page.getByRole('link', { name: 'Proberaum mit PA-Anlage' }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: 'Proberaum mit PA-Anlage' })).toBeVisible()
  return new URL(page.url()).pathname
}

test('a loan from the solidarity fund: request, approval, disbursement, first repayment confirmed', { tag: '@smoke' }, async ({ browser, baseURL }) => {
  const borrower = await personIn(browser, baseURL, DEMO.member)
  const manager = await personIn(browser, baseURL, DEMO.manager)
  const b = borrower.page
  const m = manager.page
  const purpose = `Neue Schläuche ${Date.now().toString(36)}`

  // The managers keep the fund: a contribution first, so it can lend.
  await m.goto('/c/lagerhaus/loans/fund')
  await expect(m.getByRole('heading', { level: 1, name: 'Solidarfonds' })).toBeVisible()
  await expectAccessible(m)
  await m.getByLabel('Beitragende Initiative').selectOption({ label: 'Viertelklang e.V.' })
  await m.getByLabel('Betrag in Euro').fill('100')
  await m.getByRole('button', { name: 'Beitrag erfassen' }).click()
  await expect(m.getByText('Beitrag erfasst.', { exact: true })).toBeVisible()

  // The borrower asks the fund.
  await b.goto('/c/lagerhaus/loans')
  await expect(b.getByRole('heading', { level: 1, name: 'Kleinkredite' })).toBeVisible()
  await expectAccessible(b)
  await b.getByRole('link', { name: 'Kredit anfragen' }).click()
  await expect(b.getByRole('heading', { level: 1, name: 'Kredit anfragen' })).toBeVisible()
  await expectAccessible(b)
  await b.getByLabel('Leihende Initiative').selectOption({ label: 'Radwerk Kollektiv' })
  await b.getByLabel('Betrag in Euro').fill('90')
  await b.getByLabel('Laufzeit in Monaten').fill('3')
  await b.getByLabel('Zweck').fill(purpose)
  await b.getByRole('button', { name: 'Anfrage senden' }).click()
  await expect(b.getByRole('heading', { level: 1, name: purpose })).toBeVisible()
  await expect(b.getByText('Die Kreditanfrage ist gesendet.', { exact: true })).toBeVisible()
  await expectAccessible(b)
  const loanUrl = new URL(b.url()).pathname

  // The manager lends for the fund: approve (plan of 3 × 30 €) and disburse.
  await m.goto(loanUrl)
  await expectAccessible(m)
  await m.getByRole('button', { name: 'Kredit zusagen' }).click()
  await expect(m.getByText('Kredit zugesagt, der Tilgungsplan steht.', { exact: true })).toBeVisible()
  await expect(m.getByRole('table', { name: 'Tilgungsplan' }).getByRole('row')).toHaveCount(4)
  await expectAccessible(m)
  await m.getByRole('button', { name: 'Auszahlung erfassen' }).click()
  await expect(m.getByText('Auszahlung erfasst.', { exact: true })).toBeVisible()

  // The borrower reports the first instalment …
  await b.goto(loanUrl)
  await expect(b.getByText('ausgezahlt', { exact: true })).toBeVisible()
  await b.getByRole('button', { name: 'Zahlung melden' }).click()
  await expect(b.getByText('Zahlung gemeldet; die Kreditgeberin bestätigt sie.', { exact: true })).toBeVisible()
  await expect(b.getByText('gemeldet, wartet auf Bestätigung')).toBeVisible()
  // … and cannot confirm it themselves.
  await expect(b.getByRole('button', { name: /Zahlung über .* bestätigen/ })).toHaveCount(0)
  await expectAccessible(b)

  // … the lender confirms it.
  await m.goto(loanUrl)
  await m.getByRole('button', { name: /Zahlung über 30,00\s€ bestätigen/ }).click()
  await expect(m.getByText('Zahlung bestätigt.', { exact: true })).toBeVisible()
  await expect(m.getByText('bestätigt', { exact: false }).first()).toBeVisible()
  await expectAccessible(m)

  await b.goto('/c/lagerhaus/loans')
  const row = b.getByRole('row', { name: new RegExp(purpose) })
  await expect(row).toContainText('60,00')
  await expectAccessible(b)

  expect(borrower.errors).toEqual([])
  expect(manager.errors).toEqual([])
  await borrower.close()
  await manager.close()
})

test('booking a room slot; a second member cannot book the same slot', { tag: '@smoke' }, async ({ browser, baseURL }) => {
  const first = await personIn(browser, baseURL, DEMO.member)
  const owner = await personIn(browser, baseURL, VIERTELKLANG)
  const second = await personIn(browser, baseURL, DRUCKEREI)
  const day = uniqueDay()
  const purpose = `Werkstattkonzert ${Date.now().toString(36)}`

  const path = await roomUrl(first.page)
  await expect(first.page.getByRole('heading', { level: 2, name: 'Buchen' })).toBeVisible()
  await expect(first.page.getByRole('table', { name: /Belegung von „Proberaum mit PA-Anlage“/ })).toBeVisible()
  await expectAccessible(first.page)
  // next/previous week work as plain links
  await first.page.getByRole('link', { name: 'Nächste Woche →' }).click()
  await expect(first.page).toHaveURL(/week=\d{4}-\d{2}-\d{2}/)
  await expectAccessible(first.page)

  await first.page.getByLabel('Beginn', { exact: true }).fill(`${day}T18:00`)
  await first.page.getByLabel('Ende', { exact: true }).fill(`${day}T20:00`)
  await first.page.getByLabel('Wofür?').fill(purpose)
  await first.page.getByRole('button', { name: 'Anfragen' }).click()
  await expect(first.page.getByText('Die Buchungsanfrage ist gesendet.', { exact: true })).toBeVisible()
  // A second request overlapping the first, while neither is accepted, may be sent.
  const early = `Lesung vorab ${Date.now().toString(36)}`
  await second.page.goto(`${path}/bookings?week=${day}`)
  await second.page.getByLabel('Beginn', { exact: true }).fill(`${day}T19:00`)
  await second.page.getByLabel('Ende', { exact: true }).fill(`${day}T21:00`)
  await second.page.getByLabel('Wofür?').fill(early)
  await second.page.getByRole('button', { name: 'Anfragen' }).click()
  await expect(second.page.getByText('Die Buchungsanfrage ist gesendet.', { exact: true })).toBeVisible()

  // The room's owner accepts it in that week's view.
  await owner.page.goto(`${path}/bookings?week=${day}`)
  await expect(owner.page.getByRole('heading', { level: 1, name: '„Proberaum mit PA-Anlage“ buchen' })).toBeVisible()
  await expectAccessible(owner.page)
  const item = owner.page.getByRole('listitem').filter({ hasText: purpose })
  await item.getByRole('button', { name: 'Annehmen' }).click()
  await expect(owner.page.getByText('Buchung angenommen.', { exact: true })).toBeVisible()
  await owner.page.goto(`${path}/bookings?week=${day}`)
  await expect(owner.page.getByRole('table', { name: /Belegung/ }).getByRole('cell', { name: 'gebucht' }).first()).toBeVisible()
  await expectAccessible(owner.page)
  // The overlapping request cannot be accepted now; the owner is told what they can do.
  await owner.page.getByRole('listitem').filter({ hasText: early }).getByRole('button', { name: 'Annehmen' }).click()
  await expect(owner.page.getByRole('alert').filter({ hasText: 'Dieser Zeitraum ist schon an eine andere Buchung vergeben. Lehne die Anfrage ab' })).toBeVisible()

  // A second member tries an overlapping slot: a clear "already booked", nothing booked.
  await second.page.goto(`${path}/bookings?week=${day}`)
  await expectAccessible(second.page)
  await second.page.getByLabel('Beginn', { exact: true }).fill(`${day}T19:00`)
  await second.page.getByLabel('Ende', { exact: true }).fill(`${day}T21:00`)
  await second.page.getByLabel('Wofür?').fill('Lesung')
  await second.page.getByRole('button', { name: 'Anfragen' }).click()
  await expect(second.page.getByRole('alert').filter({ hasText: 'Dieser Zeitraum ist schon gebucht.' })).toBeVisible()
  await expectAccessible(second.page)

  // The booking stands as an exchange on the requester's bookings page.
  await first.page.goto('/c/lagerhaus/bookings')
  await expect(first.page.getByRole('heading', { level: 1, name: 'Buchungen' })).toBeVisible()
  await expect(first.page.getByRole('listitem').filter({ hasText: purpose })).toContainText('gebucht')
  await expectAccessible(first.page)

  for (const p of [first, owner, second]) {
    expect(p.errors).toEqual([])
    await p.close()
  }
})

test('an iCal feed of the room: made by its owner, valid calendar text, revocable', async ({ browser, baseURL }) => {
  const owner = await personIn(browser, baseURL, VIERTELKLANG)
  const path = await roomUrl(owner.page)
  await owner.page.getByRole('button', { name: /Kalender-Adresse erstellen|Neue Adresse erstellen/ }).click()
  const url = (await owner.page.locator('p.font-mono').textContent())!.trim()
  expect(url).toMatch(/\/ical\/[A-Za-z0-9_-]+\.ics$/)
  await expectAccessible(owner.page)
  const feed = await owner.page.request.get(new URL(url).pathname)
  expect(feed.status()).toBe(200)
  expect(feed.headers()['content-type']).toContain('text/calendar')
  const text = await feed.text()
  expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true)
  expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin')
  await owner.page.goto(path)
  await owner.page.getByRole('button', { name: 'Adresse sperren' }).click()
  await expect(owner.page.getByText('Die Kalender-Adresse ist gesperrt.', { exact: true })).toBeVisible()
  expect((await owner.page.request.get(new URL(url).pathname)).status()).toBe(404)
  expect(owner.errors).toEqual([])
  await owner.close()
})

test.describe('bad input on every loan and booking action: 400 with field errors, nothing written', () => {
  const bad = ['-5', '0', '99999999999', 'zwölf', '']

  test('loan request, repayment, approval, write-off, pledge, guarantee, fund', async ({ browser, baseURL }) => {
    const druckerei = await personIn(browser, baseURL, DRUCKEREI)
    const d = druckerei.page
    const marker = `Böse ${Date.now().toString(36)}`
    for (const amount of bad) {
      const response = await d.request.post('/c/lagerhaus/loans/new', {
        form: { source: 'fund', initiativeId: '00000000-0000-4000-8000-000000000000', amount, termMonths: '3', startDate: '2030-01-01', purpose: marker },
        maxRedirects: 0,
      })
      expect(response.status(), `request amount ${amount}`).toBe(400)
    }
    const requestCases: Record<string, string>[] = [
      { source: 'fund', amount: '10', termMonths: '0', startDate: '2030-01-01', purpose: marker },
      { source: 'fund', amount: '10', termMonths: '3', startDate: '2030-02-30', purpose: marker },
      { source: 'listing', amount: '10', termMonths: '3', startDate: '2030-01-01', purpose: marker },
      { source: 'fund', amount: '10', termMonths: '3', startDate: '2030-01-01', purpose: '' },
    ]
    for (const form of requestCases) {
      const response = await d.request.post('/c/lagerhaus/loans/new', { form, maxRedirects: 0 })
      expect(response.status(), JSON.stringify(form)).toBe(400)
    }
    // the page shows the message next to the field
    await d.goto('/c/lagerhaus/loans/new')
    await d.getByLabel('Betrag in Euro').fill('-5')
    await d.getByLabel('Zweck').fill(marker)
    await d.getByRole('button', { name: 'Anfrage senden' }).click()
    await expect(d.getByLabel('Betrag in Euro')).toHaveAttribute('aria-invalid', 'true')
    await expect(d.getByText('Der Betrag muss positiv sein.')).toBeVisible()
    await expectAccessible(d)

    // The Druckerei's disbursed loan from the seed: every action with bad fields.
    await d.goto('/c/lagerhaus/loans')
    await d.getByRole('link', { name: 'Gebrauchte Stapelschneidemaschine' }).click()
    await expect(d.getByRole('heading', { level: 1, name: 'Gebrauchte Stapelschneidemaschine' })).toBeVisible()
    const loanPath = new URL(d.url()).pathname
    const before = await d.content()
    for (const amount of bad) {
      const response = await d.request.post(loanPath, { form: { intent: 'logRepayment', amount, paidOn: '2030-01-01' }, maxRedirects: 0 })
      expect(response.status(), `repayment ${amount}`).toBe(400)
    }
    const loanCases: Record<string, string>[] = [
      { intent: 'logRepayment', amount: '10', paidOn: 'gestern' },
      { intent: 'askGuarantee', initiativeId: 'not-a-uuid' },
      { intent: 'confirmRepayment', repaymentId: 'not-a-uuid' },
      { intent: 'approve', amount: '-1', termMonths: '99', interestPercent: '50', startDate: 'x' },
      { intent: 'writeOff', reason: '' },
      { intent: 'pledge', initiativeId: '00000000-0000-4000-8000-000000000000', amount: '0' },
      { intent: 'sudo' },
    ]
    for (const form of loanCases) {
      const response = await d.request.post(loanPath, { form, maxRedirects: 0 })
      expect(response.status(), JSON.stringify(form)).toBe(400)
    }
    // a repayment beyond what is outstanding is a field error too
    const today = new Date().toISOString().slice(0, 10) // the UTC day: never after the centre's (Europe/Berlin)
    const tooMuch = await d.request.post(loanPath, { form: { intent: 'logRepayment', amount: '5000', paidOn: today }, maxRedirects: 0 })
    expect(tooMuch.status()).toBe(400)
    await d.goto(loanPath)
    expect((await d.content()).match(/gemeldet, wartet auf Bestätigung/g)?.length).toBe(before.match(/gemeldet, wartet auf Bestätigung/g)?.length)
    await d.goto('/c/lagerhaus/loans')
    await expect(d.getByText(marker)).toHaveCount(0)

    // The Sprachcafé was asked to stand guarantor: a bad pledge is refused, nothing pledged.
    const sprachcafe = await personIn(browser, baseURL, SPRACHCAFE)
    await sprachcafe.page.goto(loanPath)
    await expectAccessible(sprachcafe.page)
    for (const amount of bad) {
      const response = await sprachcafe.page.request.post(loanPath, { form: { intent: 'pledge', initiativeId: '00000000-0000-4000-8000-000000000000', amount }, maxRedirects: 0 })
      expect(response.status(), `pledge ${amount}`).toBe(400)
    }
    await expect(sprachcafe.page.getByText('Sprachcafé International ist gefragt')).toBeVisible()

    // A foreign loan id is a 404.
    const foreign = await d.request.get('/c/lagerhaus/loans/00000000-0000-4000-8000-000000000000', { maxRedirects: 0 })
    expect(foreign.status()).toBe(404)
    const elsewhere = await d.request.get(`/c/aucoop/loans/${loanPath.split('/').pop()}`, { maxRedirects: 0 })
    expect(elsewhere.status()).toBe(404)

    // The fund page is for managers; bad contributions are refused there too.
    expect((await d.request.get('/c/lagerhaus/loans/fund', { maxRedirects: 0 })).status()).toBe(403)
    const manager = await personIn(browser, baseURL, DEMO.manager)
    for (const amount of bad) {
      const response = await manager.page.request.post('/c/lagerhaus/loans/fund', { form: { initiativeId: '00000000-0000-4000-8000-000000000000', amount, receivedOn: '2030-01-01' }, maxRedirects: 0 })
      expect(response.status(), `contribution ${amount}`).toBe(400)
    }
    for (const p of [druckerei, sprachcafe, manager]) {
      expect(p.errors).toEqual([])
      await p.close()
    }
  })

  test('booking request, decisions, cancellation and feeds', async ({ browser, baseURL }) => {
    const member = await personIn(browser, baseURL, DEMO.member)
    const p = member.page
    const path = await roomUrl(p)
    const action = `${path}/bookings`
    const day = uniqueDay(800)
    const cases: Record<string, string>[] = [
      { intent: 'request', initiativeId: 'x', start: `${day}T10:00`, end: `${day}T12:00`, purpose: 'Probe' },
      { intent: 'request', start: 'morgen', end: `${day}T12:00`, purpose: 'Probe' },
      { intent: 'request', start: `${day}T12:00`, end: `${day}T10:00`, purpose: 'Probe' },
      { intent: 'request', start: `${day}T10:00`, end: `${day}T12:00`, purpose: '' },
      { intent: 'accept', bookingId: 'not-a-uuid' },
      { intent: 'cancel', bookingId: '00000000-0000-4000-8000-000000000000', reason: '' },
      { intent: 'createFeed', initiativeId: 'not-a-uuid' },
      { intent: 'launch' },
    ]
    for (const form of cases) {
      const response = await p.request.post(action, { form, maxRedirects: 0 })
      expect(response.status(), JSON.stringify(form)).toBe(400)
    }
    // end before start with a real initiative: a field error from the module, nothing booked
    await p.goto(`${action}?week=${day}`)
    await p.getByLabel('Beginn', { exact: true }).fill(`${day}T12:00`)
    await p.getByLabel('Ende', { exact: true }).fill(`${day}T10:00`)
    await p.getByLabel('Wofür?').fill('Rückwärts')
    await p.getByRole('button', { name: 'Anfragen' }).click()
    await expect(p.getByText('Das Ende muss nach dem Beginn liegen.')).toBeVisible()
    await expect(p.getByLabel('Ende', { exact: true })).toHaveAttribute('aria-invalid', 'true')
    await expectAccessible(p)
    await p.goto(`${action}?week=${day}`)
    await expect(p.getByText('In dieser Woche ist nichts gebucht.')).toBeVisible()
    // a foreign booking id is a 404
    const foreign = await p.request.post(action, { form: { intent: 'accept', bookingId: '00000000-0000-4000-8000-000000000000' }, maxRedirects: 0 })
    expect(foreign.status()).toBe(404)
    expect(member.errors).toEqual([])
    await member.close()
  })
})
