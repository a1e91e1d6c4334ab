import type { Browser, Page } from '@playwright/test'
import { DEMO, DEMO_PASSWORD, expect, expectAccessible, loginAs, test, uniqueIp } from './fixtures'

/** Rough edges of issue #19 §2 that only a browser shows. */

/** Owners of the demo initiatives log in as `<slug>@lagerhaus.test`; member@lagerhaus.test owns Radwerk. */
const VIERTELKLANG = 'viertelklang@lagerhaus.test'

async function personIn(browser: Browser, baseURL: string | undefined, email: string) {
  const context = await browser.newContext({ baseURL, locale: 'de-DE', extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  await loginAs(page, email)
  return { page, errors, close: () => context.close() }
}

/** Days ahead (bookings go at most two years ahead), a different run of days in every run. */
function uniqueDays(count: number) {
  const first = 60 + Math.floor(Math.random() * 600)
  return Array.from({ length: count }, (_, i) => new Date(Date.now() + (first + 2 * i) * 86_400_000).toISOString().slice(0, 10))
}

test('while one "accept" is being sent, only that button says so', async ({ browser, baseURL }) => {
  const requester = await personIn(browser, baseURL, DEMO.member)
  const owner = await personIn(browser, baseURL, VIERTELKLANG)
  const run = Date.now().toString(36)
  const purposes = [`Probe A ${run}`, `Probe B ${run}`]

  // Radwerk asks for the rehearsal room twice.
  const r = requester.page
  await r.goto('/c/lagerhaus/listings?q=Proberaum')
  await r.getByRole('link', { name: 'Proberaum mit PA-Anlage' }).first().click()
  await expect(r.getByRole('heading', { level: 1, name: 'Proberaum mit PA-Anlage' })).toBeVisible()
  const room = new URL(r.url()).pathname
  for (const [i, day] of uniqueDays(2).entries()) {
    await r.goto(`${room}/bookings?week=${day}`)
    await r.getByLabel('Beginn', { exact: true }).fill(`${day}T07:00`)
    await r.getByLabel('Ende', { exact: true }).fill(`${day}T08:00`)
    await r.getByLabel('Wofür?').fill(purposes[i]!)
    await r.getByRole('button', { name: 'Anfragen' }).click()
    await expect(r.getByText('Die Buchungsanfrage ist gesendet.', { exact: true })).toBeVisible()
  }

  // The room's owner accepts one of them on a slow line: the answer is held until we let it go.
  const o = owner.page
  await o.goto('/c/lagerhaus/bookings')
  const first = o.getByRole('listitem').filter({ hasText: purposes[0] })
  const second = o.getByRole('listitem').filter({ hasText: purposes[1] })
  await expect(first.getByRole('button', { name: 'Annehmen' })).toBeVisible()
  await expect(second.getByRole('button', { name: 'Annehmen' })).toBeVisible()
  const acceptButtons = await o.getByRole('button', { name: 'Annehmen' }).count()
  expect(acceptButtons).toBeGreaterThanOrEqual(2)

  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  let posted = false
  await o.route(
    (url) => url.pathname.startsWith('/c/lagerhaus/bookings'),
    async (route) => {
      if (route.request().method() === 'POST') {
        posted = true
        await held
      }
      await route.continue()
    },
  )
  await first.getByRole('button', { name: 'Annehmen' }).click()
  await expect.poll(() => posted).toBe(true)
  await expect(first.getByText('Wird angenommen…')).toBeVisible()
  // Every other "accept" still says "accept": the pending label is on the page once.
  await expect(o.getByText('Wird angenommen…')).toHaveCount(1)
  await expect(second.getByRole('button', { name: 'Annehmen' })).toBeVisible()
  await expect(o.getByRole('button', { name: 'Annehmen' })).toHaveCount(acceptButtons - 1)
  // … the pressed form's other button is not pending either, and the pending one keeps a name.
  await expect(first.getByRole('button', { name: 'Ablehnen' })).toBeVisible()
  await expect(first.getByRole('button', { name: 'Wird angenommen…' })).toBeVisible()

  release()
  await expect(o.getByText('Buchung angenommen.', { exact: true })).toBeVisible()
  await expect(first).toContainText('gebucht')
  await expect(second.getByRole('button', { name: 'Annehmen' })).toBeVisible()
  await expectAccessible(o)

  for (const p of [requester, owner]) {
    expect(p.errors).toEqual([])
    await p.close()
  }
})

test('a need for a tool asks for no condition or deposit; an offer of one must give its condition', async ({ page }) => {
  await loginAs(page, DEMO.member)
  await page.goto('/c/lagerhaus/listings/new')
  const condition = page.getByLabel('Zustand', { exact: true })
  const deposit = page.getByLabel('Pfand in € (optional)')
  const note = page.getByText('Zustand und Pfand gibt an, wer ein Werkzeug verleiht')

  await page.getByLabel('Art').selectOption({ label: 'Bedarf' })
  await page.getByLabel('Kategorie').selectOption({ label: 'Werkzeug & Geräte' })
  await expect(condition).toBeHidden()
  await expect(deposit).toBeHidden()
  await expect(note).toBeVisible()
  await expectAccessible(page)

  // An offer of a tool shows them, and is refused at the field without a condition.
  await page.getByLabel('Art').selectOption({ label: 'Angebot' })
  await expect(condition).toBeVisible()
  await expect(deposit).toBeVisible()
  await expect(note).toBeHidden()
  const title = `Stichsäge gesucht ${Date.now().toString(36)}`
  await page.getByLabel('Titel').fill(title)
  await page.getByLabel('Beschreibung').fill('Für den Umbau der Bühne brauchen wir eine Woche lang eine Stichsäge.')
  await page.getByRole('button', { name: 'Eintrag speichern' }).click()
  await expect(condition).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByText('Bitte ausfüllen.')).toBeVisible()
  await expectAccessible(page)

  // As a need, the same listing goes through, and its page says nothing of a condition.
  await page.getByLabel('Art').selectOption({ label: 'Bedarf' })
  await page.getByRole('button', { name: 'Eintrag speichern' }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(page.getByText('Eintrag veröffentlicht.')).toBeVisible()
  await expect(page.getByRole('main').getByText('Zustand', { exact: true })).toHaveCount(0)
  await expectAccessible(page)
})

/**
 * The interactive elements whose box the toast overlaps, as the page stands (viewport
 * coordinates), leaving out the toast's own close link.
 */
async function controlsUnderToast(page: Page, toastText: string) {
  return page.evaluate((text) => {
    const toast = [...document.querySelectorAll('[role="status"] > *')].find((el) => el.textContent?.includes(text))
    if (!toast) return ['no toast']
    const box = toast.getBoundingClientRect()
    const covered: string[] = []
    for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary')) {
      if (toast.contains(el)) continue
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      if (r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top) {
        covered.push(`${el.tagName.toLowerCase()} “${(el.textContent ?? '').trim().slice(0, 40)}”`)
      }
    }
    return covered
  }, toastText)
}

/** Whether the element at the centre of the footer's "Wechseln" (language) button is that button. */
async function languageButtonReachable(page: Page) {
  const button = page.getByRole('contentinfo').getByRole('button', { name: 'Wechseln' })
  await button.scrollIntoViewIfNeeded()
  return button.evaluate((el) => {
    const r = el.getBoundingClientRect()
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
    return hit !== null && el.contains(hit)
  })
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  for (const width of [1280, 390]) {
    test(`at ${width} px the toast after an action covers no control and can be closed`, async ({ page }) => {
      await page.setViewportSize({ width, height: 800 })
      await page.goto('/login')
      await page.getByLabel('E-Mail').fill(DEMO.member)
      await page.getByLabel('Passwort').fill(DEMO_PASSWORD)
      await page.getByRole('button', { name: 'Anmelden' }).click()
      const toast = page.getByRole('status').filter({ hasText: 'Willkommen zurück' })
      await expect(toast).toBeVisible()

      // At the top of the page and at its bottom (the footer's language switcher in view).
      expect(await controlsUnderToast(page, 'Willkommen zurück')).toEqual([])
      expect(await languageButtonReachable(page)).toBe(true)
      expect(await controlsUnderToast(page, 'Willkommen zurück')).toEqual([])

      // Closing it works without a script: the page comes back without the toast.
      await toast.getByRole('link', { name: 'Schließen' }).click()
      await expect(page.getByText('Willkommen zurück', { exact: false })).toHaveCount(0)
      await expect(page.getByRole('contentinfo').getByRole('button', { name: 'Wechseln' })).toBeVisible()
    })
  }
})

test('a cancelled fetch is not reported as an error in the browser; any other unhandled rejection still is', async ({ browser, baseURL }) => {
  // Its own page: the other tests' fixture fails on any page error, and this one makes one on purpose.
  const context = await browser.newContext({ baseURL })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto('/')
  // What React Router's single fetch leaves behind when a navigation is cut short (react-router#14203).
  await page.evaluate(() => {
    const controller = new AbortController()
    controller.abort()
    void fetch('/', { signal: controller.signal })
  })
  await page.evaluate(() => void Promise.reject(new Error('a real failure')))
  await expect.poll(() => errors).toEqual(['a real failure'])
  await context.close()
})
