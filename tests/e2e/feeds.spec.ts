import { mkdirSync } from 'node:fs'
import { XMLParser } from 'fast-xml-parser'
import { expect, test } from './fixtures'

/**
 * Issue #17 §4: a visitor finds the feeds of a centre's public listings under its listings, the
 * built server answers them, and each entry's link opens the listing for someone without an account.
 */
const SHOTS = process.env.SHOTS_DIR

test('a visitor follows the feed links of the Lagerhaus and each entry opens its listing', async ({ page }) => {
  await page.goto('/c/lagerhaus/listings')
  const atomLink = page.getByRole('link', { name: 'Feed (Atom)' })
  await expect(atomLink).toBeVisible()
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true })
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 900 })
      await page.screenshot({ path: `${SHOTS}/listings-feeds-${width}.png`, fullPage: true })
    }
  }

  const atom = await page.request.get((await atomLink.getAttribute('href'))!)
  expect(atom.status()).toBe(200)
  expect(atom.headers()['content-type']).toBe('application/atom+xml; charset=utf-8')
  const feed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'entry' || name === 'link' }).parse(await atom.text()).feed
  const entries = feed.entry as { title: { '#text': string }; link: { '@href': string }[] }[]
  expect(entries.length).toBeGreaterThan(0)

  const json = await page.request.get((await page.getByRole('link', { name: 'Feed (JSON)' }).getAttribute('href'))!)
  expect(json.headers()['content-type']).toBe('application/feed+json; charset=utf-8')
  const items = ((await json.json()) as { items: { title: string }[] }).items
  expect(items.map((i) => i.title)).toEqual(entries.map((e) => e.title['#text']))

  for (const entry of entries.slice(0, 3)) {
    const opened = await page.goto(entry.link[0]!['@href'])
    expect(opened!.status()).toBe(200)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(entry.title['#text'])
  }
})
