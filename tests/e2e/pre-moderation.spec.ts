import { expect, expectAccessible, loginAs, test } from './fixtures'

// Issue #13 §2 (ADR 059): the managers of a pre-moderated centre see what changed since they
// approved a listing, and approve exactly the version they looked at.

const VERDEN_MANAGER = 'manager@oekozentrum-verden.test'
const QUEUE = '/c/oekozentrum-verden/manage/listings'
const CHANGED = 'Lastenrad mit Anhänger für Materialtransporte'
const SHOTS = '/tmp/shots/full2'

test('the queue shows old and new for a changed listing, "new" for one never approved, and refuses a stale approval', async ({
  page,
  request,
}) => {
  await loginAs(page, VERDEN_MANAGER)
  await page.goto(QUEUE)
  const item = page.getByRole('article', { name: CHANGED })
  await expect(item.getByRole('heading', { name: '3 Änderungen seit der letzten Freigabe' })).toBeVisible()
  for (const label of ['Titel', 'Beschreibung', 'Sichtbarkeit']) await expect(item.getByText(label, { exact: true })).toBeVisible()
  await expect(item.getByText('Lastenrad für Materialtransporte', { exact: true })).toBeVisible()
  await expect(item.getByText('Öffentlich', { exact: false })).toBeVisible()
  await expect(
    page.getByRole('article', { name: 'Gewächshausfläche für die Anzucht' }).getByText('Neuer Eintrag – noch nie freigegeben'),
  ).toBeVisible()
  await expectAccessible(page)

  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 900 })
    await item.scrollIntoViewIfNeeded()
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `no sideways scrolling at ${width} px`).toBeLessThanOrEqual(width)
    await page.screenshot({ path: `${SHOTS}/queue-${width}.png`, fullPage: true })
  }
  await page.setViewportSize({ width: 1280, height: 900 })

  // an approval for a version the manager has not seen (another revision) is refused and says why
  const listingId = await item.locator('input[name="listingId"]').first().getAttribute('value')
  const stale = await page.request.post(QUEUE, { form: { intent: 'approve', listingId: listingId!, revision: '999' }, maxRedirects: 0 })
  expect(stale.status()).toBe(409)
  expect(await stale.text()).toContain('seit du diese Seite geladen hast')
  expect((await request.get(`/c/oekozentrum-verden/listings/${listingId}`)).status(), 'still invisible to visitors').toBe(404)

  await item.getByRole('button', { name: 'Freigeben' }).click()
  await expect(page.getByText('Eintrag freigegeben.')).toBeVisible()
  await expect(page.getByRole('region', { name: /warte[nt] auf Freigabe/ }).getByRole('article', { name: CHANGED })).toHaveCount(0)
  expect((await request.get(`/c/oekozentrum-verden/listings/${listingId}`)).status(), 'public once approved').toBe(200)
})

test('the probe in the browser: an approved public listing, paused, edited and reopened, does not go live', async ({ page, request }) => {
  await loginAs(page, 'saatgut-archiv@oekozentrum-verden.test')
  await page.goto('/c/oekozentrum-verden/listings?q=Tomatensorten')
  await page.getByRole('link', { name: 'Samenfeste Tomatensorten zum Tauschen' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Samenfeste Tomatensorten zum Tauschen' })).toBeVisible()
  const url = new URL(page.url()).pathname
  expect(url).toMatch(/^\/c\/oekozentrum-verden\/listings\/[0-9a-f-]{36}$/)
  expect((await request.get(url)).status(), 'public and approved: visitors see it').toBe(200)

  await page.getByRole('button', { name: 'Pausieren' }).click()
  await expect(page.getByText('Eintrag pausiert.')).toBeVisible()
  await page.getByRole('link', { name: 'Bearbeiten' }).click()
  await expect(page.getByRole('note').filter({ hasText: 'prüft die Verwaltung jede Änderung' })).toBeVisible()
  await expectAccessible(page)
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 900 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `no sideways scrolling at ${width} px`).toBeLessThanOrEqual(width)
    await page.screenshot({ path: `${SHOTS}/edit-${width}.png` })
  }
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.getByLabel('Titel').fill('Tomaten und ganz andere Sachen')
  await page.getByRole('button', { name: 'Änderungen speichern' }).click()
  await expect(page.getByText('Der Eintrag wartet erneut auf Freigabe.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Wieder öffnen' })).toHaveCount(0)

  const reopen = await page.request.post(url, { form: { intent: 'reopen' }, maxRedirects: 0 })
  expect(reopen.status()).toBe(409)
  expect((await request.get(url)).status(), 'changed and not approved: visitors do not see it').toBe(404)
})
