import { afterAll, beforeAll, expect, test } from 'vitest'
import { startApp, type TestApp } from './app'
import { decodeEntities } from './forms'

/**
 * A platform admin writes the legal pages. A privacy notice in full runs to 20–40,000 characters:
 * the form's general limit per field (20,000) refused such a text as a whole, with a bare error
 * page, and the text was lost (found by an independent hostile-input audit).
 */
let app: TestApp
let admin: string
beforeAll(async () => {
  app = await startApp()
  admin = await app.cookieFor('admin@viertel.test')
}, 120_000)
afterAll(() => app.close())

function longText(marker: string, chars: number) {
  const paragraph = 'Wir verarbeiten personenbezogene Daten nur, soweit dies für den Betrieb der Plattform nötig ist. '
  return `# ${marker}\n\n${paragraph.repeat(Math.ceil(chars / paragraph.length))}`.slice(0, chars)
}

test('a privacy notice of 25,300 characters is saved and shown', async () => {
  const marker = `Datenschutz ${Date.now().toString(36)}`
  const saved = await app.postForm('/admin/pages', { page: 'privacy', locale: 'de', body: longText(marker, 25_300) }, admin)
  expect(saved.status).toBe(302)
  expect(saved.headers.get('location')).toBe('/admin/pages?page=privacy&locale=de')
  const page = await app.fetch('/privacy', { headers: { 'Accept-Language': 'de' } })
  expect(page.status).toBe(200)
  expect(decodeEntities(await page.text())).toContain(marker)
})

test('a text over 50,000 characters gets the message at the field and stays in it; nothing is saved', async () => {
  const marker = `Zu lang ${Date.now().toString(36)}`
  const refused = await app.postForm('/admin/pages', { page: 'imprint', locale: 'de', body: longText(marker, 50_001) }, admin)
  expect(refused.status).toBe(400)
  const html = decodeEntities(await refused.text())
  expect(html).toContain('Höchstens 50.000 Zeichen.')
  expect(html).toMatch(new RegExp(`<textarea[^>]*>[^<]*${marker}`))
  const imprint = await app.fetch('/imprint', { headers: { 'Accept-Language': 'de' } })
  expect(decodeEntities(await imprint.text())).not.toContain(marker)
})

test('a text that opens without a heading still gives the page an h1: the page’s name, for screen readers', async () => {
  const saved = await app.postForm('/admin/pages', { page: 'imprint', locale: 'en', body: 'Viertel e.V., Example Street 1, 28195 Bremen' }, admin)
  expect(saved.status).toBe(302)
  const html = decodeEntities(await (await app.fetch('/imprint', { headers: { 'Accept-Language': 'en' } })).text())
  expect(html).toContain('<h1 class="sr-only">Imprint</h1>')
  expect(html.match(/<h1[ >]/g)).toHaveLength(1)
})
