import type { Page } from '@playwright/test'
import { DEMO, DEMO_PASSWORD, expect, expectAccessible, loginAs, test, uniqueIp } from './fixtures'

/**
 * The manager dashboard's period, chosen as a person does (issue #19): dates typed into "Von" and
 * "Bis" are what the page shows, a period that ends before it starts is said at "Bis" — with and
 * without JavaScript — and the page opens on the last 30 days.
 */
const BASE = '/c/lagerhaus/manage'

/** A calendar date of the centre (Europe/Berlin), `days` from today, as the page writes it (dd.mm.yyyy). */
function berlinDate(days: number) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date())
  const date = new Date(`${today}T12:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone: 'UTC' }).format(date)
}

/** The "Anzeigen" button that sends the field of this label (its own form's). */
function showButtonOf(page: Page, label: string) {
  return page.getByLabel(label, { exact: true }).locator('xpath=ancestor::form').getByRole('button', { name: 'Anzeigen' })
}

async function typePeriod(page: Page, from: string, to: string) {
  await page.getByLabel('Von (einschließlich)').fill(from)
  await page.getByLabel('Bis (ausschließlich)').fill(to)
  await Promise.all([page.waitForURL(/[?&]to=/), showButtonOf(page, 'Bis (ausschließlich)').click()])
}

test.describe('the dashboard’s period', () => {
  test.beforeEach(async ({ page }) => {
    await loginAs(page, DEMO.manager)
  })

  test('opens on the last 30 days, today included', async ({ page }) => {
    await page.goto(BASE)
    await expect(page.getByText(`Zeitraum ${berlinDate(-29)} bis ${berlinDate(0)};`)).toBeVisible()
    await expect(page.getByLabel('Zeitraum', { exact: true })).toHaveValue('last30')
  })

  test('shows the dates a person typed, though the list still says another period', async ({ page }) => {
    await page.goto(`${BASE}?period=month`)
    await typePeriod(page, '2025-06-01', '2025-07-01')
    await expect(page.getByText('Zeitraum 01.06.2025 bis 30.06.2025;')).toBeVisible()
    await expect(page.getByLabel('Bis (ausschließlich)')).not.toHaveAttribute('aria-invalid', 'true')
  })

  test('says at “Bis” when the period ends before it starts, and keeps the page usable', async ({ page }) => {
    await page.goto(BASE)
    await typePeriod(page, '2025-06-01', '2025-05-01')
    const until = page.getByLabel('Bis (ausschließlich)')
    await expect(until).toHaveAttribute('aria-invalid', 'true')
    await expect(until).toHaveAccessibleDescription(/Das Ende muss nach dem Anfang liegen\./)
    await expect(until).toHaveValue('2025-05-01')
    // the default period's figures stay on the page, and the address answers 400, not 500
    await expect(page.getByText(`Zeitraum ${berlinDate(-29)} bis ${berlinDate(0)};`)).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Kennzahlen' })).toBeVisible()
    expect((await page.request.get(page.url())).status()).toBe(400)
    await expectAccessible(page)
  })

  test('shows a preset chosen in the list, without the dates of the custom form', async ({ page }) => {
    await page.goto(`${BASE}?period=custom&from=2025-06-01&to=2025-07-01`)
    await page.getByLabel('Zeitraum', { exact: true }).selectOption({ label: 'Letzte 12 Monate' })
    await Promise.all([page.waitForURL(/period=last12/), showButtonOf(page, 'Zeitraum').click()])
    await expect(page.getByText('Zeitraum 01.06.2025 bis 30.06.2025;')).toHaveCount(0)
    expect(new URL(page.url()).searchParams.get('from')).toBeNull()
  })
})

test('without JavaScript, a period that ends before it starts is answered 400 with the message at “Bis”', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL, locale: 'de-DE', extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
  try {
    const page = await context.newPage()
    const login = await page.request.post('/login', { form: { email: DEMO.manager, password: DEMO_PASSWORD }, maxRedirects: 0 })
    expect(login.status()).toBe(302)
    await page.goto(BASE)
    await page.getByLabel('Von (einschließlich)').fill('2025-06-01')
    await page.getByLabel('Bis (ausschließlich)').fill('2025-05-01')
    const [response] = await Promise.all([page.waitForNavigation(), showButtonOf(page, 'Bis (ausschließlich)').click()])
    expect(response?.status()).toBe(400)
    await expect(page.getByLabel('Bis (ausschließlich)')).toHaveAccessibleDescription(/Das Ende muss nach dem Anfang liegen\./)
    await expect(page.getByRole('heading', { name: 'Kennzahlen' })).toBeVisible()
  } finally {
    await context.close()
  }
})
