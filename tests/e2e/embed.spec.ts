import { mkdirSync } from 'node:fs'
import { chromium, type Page } from '@playwright/test'
import { DEMO, expect, expectAccessible, loginAs, test } from './fixtures'

/**
 * Issue #17 §4: the widget of a centre may be framed by the websites its manager lists, and by no
 * other; every other page stays unframeable. The browser is the point: Chromium enforces the
 * policies, and the framing pages are served here under their own origins.
 */
const SHOTS = process.env.SHOTS_DIR
// Two websites other than the app's own origin (localhost); their pages are made up here, nothing
// listens on their ports. Chromium asks before a page of another site may reach an address on this
// machine (Local Network Access): the visitors' browser is started without that check, which has
// nothing to do with framing and cannot be answered in a headless run.
const CENTRE_SITE = 'http://127.0.0.1:3901'
const OTHER_SITE = 'http://127.0.0.1:3902'

async function framePage(page: Page, site: string, src: string) {
  await page.route(`${site}/`, (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>site</title><h1>Unsere Website</h1><iframe title="Viertel" src="${src}" width="400" height="600"></iframe>` }),
  )
  await page.goto(`${site}/`)
}

/** The text of the page's one frame, as the browser shows it (empty when it could not be read). */
async function frameText(page: Page) {
  const child = page.frames().find((f) => f !== page.mainFrame())!
  return child.evaluate(() => document.body?.innerText ?? '').catch(() => '')
}

test('a manager lets the centre website frame the widget; other sites and other pages cannot frame', async ({ page, baseURL }) => {
  await loginAs(page, DEMO.manager)
  await page.goto('/c/lagerhaus/manage/settings')
  const field = page.getByLabel('Websites, die das Widget zeigen dürfen')
  // a tab inside the address would be dropped by a URL parser: refused at the field, nothing saved
  await field.fill(`${CENTRE_SITE}\nhttps://lager\thaus.example/seite`)
  await page.getByRole('button', { name: 'Einstellungen speichern' }).click()
  await expect(page.getByText('ist keine Website-Adresse wie https://example.org')).toBeVisible()
  await expectAccessible(page)
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true })
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 900 })
      await page.screenshot({ path: `${SHOTS}/settings-embed-error-${width}.png`, fullPage: true })
    }
    await page.setViewportSize({ width: 1280, height: 720 })
  }
  const before = await page.request.get('/c/lagerhaus/embed')
  expect(before.headers()['content-security-policy']).toContain("frame-ancestors 'none'")

  await field.fill(`${CENTRE_SITE}/`)
  await page.getByRole('button', { name: 'Einstellungen speichern' }).click()
  await expect(page.getByText('Einstellungen gespeichert.')).toBeVisible()
  // stored as the origin (without the final slash)
  await page.reload()
  await expect(field).toHaveValue(CENTRE_SITE)
  const widget = await page.request.get('/c/lagerhaus/embed')
  expect(widget.status()).toBe(200)
  expect(widget.headers()['content-security-policy']).toContain(`frame-ancestors ${CENTRE_SITE}`)
  expect(widget.headers()['x-frame-options']).toBeUndefined()
  // every other page still refuses frames
  const centrePage = await page.request.get('/c/lagerhaus')
  expect(centrePage.headers()['x-frame-options']).toBe('DENY')
  expect(centrePage.headers()['content-security-policy']).toContain("frame-ancestors 'none'")
  // an unknown centre's widget path answers 404 with the usual policy
  const unknown = await page.request.get('/c/no-such-centre/embed')
  expect(unknown.status()).toBe(404)
  expect(unknown.headers()['x-frame-options']).toBe('DENY')

  // a visitor's browser on the centre's website shows the widget …
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-features=LocalNetworkAccessChecks'],
  })
  const visitor = await browser.newPage()
  await framePage(visitor, CENTRE_SITE, `${baseURL}/c/lagerhaus/embed`)
  const frame = visitor.frameLocator('iframe[title="Viertel"]')
  await expect(frame.getByRole('heading', { level: 1, name: 'Neu im Kulturzentrum Lagerhaus' })).toBeVisible()
  await expect(frame.getByRole('heading', { level: 2, name: 'Angebote' })).toBeVisible()
  const first = frame.getByRole('listitem').first().getByRole('link')
  await expect(first).toHaveAttribute('target', '_blank')
  expect(await first.getAttribute('href')).toMatch(new RegExp(`^${baseURL}/c/lagerhaus/listings/[0-9a-f-]{36}$`))
  // the same reading that finds nothing on the refused pages below finds the widget here
  expect(await frameText(visitor)).toContain('Neu im Kulturzentrum Lagerhaus')
  if (SHOTS) await visitor.screenshot({ path: `${SHOTS}/embed-on-centre-site.png` })

  // … another website's does not, and the centre's own pages cannot be framed at all
  for (const [site, src] of [
    [OTHER_SITE, `${baseURL}/c/lagerhaus/embed`],
    [CENTRE_SITE, `${baseURL}/c/lagerhaus/listings`],
  ] as const) {
    const blocked = await browser.newPage()
    const answered = blocked.waitForResponse(src)
    await framePage(blocked, site, src)
    await expect(blocked.getByRole('heading', { name: 'Unsere Website' })).toBeVisible()
    // the app answered the frame's request; the browser refused to show the answer
    expect((await answered).status()).toBe(200)
    await blocked.waitForTimeout(500)
    expect(await frameText(blocked), `${site} framing ${src}`).not.toMatch(/Lagerhaus|Angebote/)
    await blocked.close()
  }
  await browser.close()

  // put the setting back for other journeys on this database
  await field.fill('')
  await page.getByRole('button', { name: 'Einstellungen speichern' }).click()
  await expect(page.getByText('Einstellungen gespeichert.')).toBeVisible()
})
