import { eq } from 'drizzle-orm'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { makeCentre, makeMember } from '#db/factories'
import { initiatives, listings } from '#db/schema'
import type { loader as atomLoader } from '~/routes/c.$centre.offers[.]atom'
import type { loader as jsonLoader } from '~/routes/c.$centre.offers[.]json'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * Issue #17 §4: a centre's public listings as Atom and JSON Feed, for feed readers and the
 * centre's own website. Only what a visitor may read goes out; the Atom is read by a real XML
 * parser and checked against RFC 4287's required elements, the JSON against JSON Feed 1.1.
 */
let database: TestDatabase
let atom: typeof atomLoader
let json: typeof jsonLoader
let slug: string
const titles = { public: 'Lastenrad zum Ausleihen', need: 'Wir suchen Hilfe beim Steuerbescheid' }
// (PostgreSQL stores no NUL; these controls and U+FFFE it stores, and XML 1.0 cannot carry them)
const HOSTILE = 'Bohrer <script>alert(1)</script> & "Zubehör" ]]> \u0001\u001F Ende \uFFFE'

beforeAll(async () => {
  database = await createTestDatabase()
  globalThis.__viertelDatabase = Promise.resolve(database)
  ;({ loader: atom } = await import('~/routes/c.$centre.offers[.]atom'))
  ;({ loader: json } = await import('~/routes/c.$centre.offers[.]json'))
  const { db } = database
  const centre = await makeCentre(db, { languages: ['de', 'en'] })
  slug = centre.slug
  const other = await makeCentre(db)
  const a = await makeMember(db, centre.id, { name: 'Radwerk & Söhne' })
  const suspended = await makeMember(db, centre.id)
  await db.update(initiatives).set({ status: 'suspended' }).where(eq(initiatives.id, suspended.initiative.id))
  const elsewhere = await makeMember(db, other.id)
  const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12))
  const listing = (who: { initiative: { id: string; centreId: string }; user: { id: string } }, values: Partial<typeof listings.$inferInsert>) =>
    db.insert(listings).values({
      centreId: who.initiative.centreId,
      initiativeId: who.initiative.id,
      createdBy: who.user.id,
      kind: 'offer',
      category: 'other',
      title: 'x',
      description: 'Beschreibung',
      language: 'de',
      details: { category: 'other' },
      status: 'active',
      visibility: 'public',
      ...values,
    })
  await listing(a, { title: titles.public, category: 'tool', details: { category: 'tool', condition: 'good' }, publishedAt: at(10), createdAt: at(10), updatedAt: at(12) })
  await listing(a, { title: titles.need, kind: 'need', category: 'skill', details: { category: 'skill' }, language: 'en', publishedAt: at(14), createdAt: at(14), updatedAt: at(14) })
  await listing(a, { title: HOSTILE, description: `Zeile 1\nZeile 2 ${HOSTILE}`, publishedAt: at(2), createdAt: at(2), updatedAt: at(2) })
  // none of these may appear
  await listing(a, { title: 'Nur für das Haus', visibility: 'centre', publishedAt: at(20) })
  await listing(a, { title: 'Nur im Netzwerk', visibility: 'network', publishedAt: at(20) })
  await listing(a, { title: 'Pausiert', status: 'paused', publishedAt: at(20) })
  await listing(a, { title: 'Wartet auf Freigabe', status: 'pending' })
  await listing(suspended, { title: 'Von einer gesperrten Initiative', publishedAt: at(20) })
  await listing(elsewhere, { title: 'Aus einem anderen Haus', publishedAt: at(20) })
}, 120_000)
afterAll(async () => {
  globalThis.__viertelDatabase = undefined
  await database?.close()
})

const get = (loader: typeof atomLoader, centre: string, headers: Record<string, string> = {}) =>
  loader({ request: new Request(`http://evil.example/c/${centre}/offers`, { headers }), params: { centre }, context: {} })

/** An Atom entry as the parser gives it back (attributes prefixed with @). */
interface AtomEntry {
  [element: string]: unknown
  id: string
  title: { '#text': string }
  summary: Record<string, string>
  author: { name: string }
  category: Record<string, string>[]
}

const HIDDEN = ['Nur für das Haus', 'Nur im Netzwerk', 'Pausiert', 'Wartet auf Freigabe', 'Von einer gesperrten Initiative', 'Aus einem anderen Haus']

describe('the Atom feed of a centre', () => {
  it('is well-formed Atom with the required elements, only the public listings, newest first, and links from the configured origin', async () => {
    const response = await get(atom, slug)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8')
    const xml = await response.text()
    expect(XMLValidator.validate(xml)).toBe(true)
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'category', 'link'].includes(name) }).parse(xml)
    const feed = doc.feed
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom')
    expect(feed['@xml:lang']).toBe('de')
    // RFC 4287 4.1.1: id, title, updated; an author (here on the feed and each entry)
    for (const required of ['id', 'title', 'updated', 'author']) expect(feed[required], required).toBeDefined()
    expect(new Date(feed.updated).toISOString()).toBe('2026-11-14T12:00:00.000Z')
    const entries = feed.entry as AtomEntry[]
    const entryTitles = entries.map((e) => String(e.title['#text']))
    expect(entryTitles.slice(0, 2)).toEqual([titles.need, titles.public])
    expect(entries).toHaveLength(3)
    for (const hidden of HIDDEN) expect(xml).not.toContain(hidden)
    for (const entry of entries) {
      for (const required of ['id', 'title', 'updated', 'link', 'author', 'summary']) expect(entry[required], required).toBeDefined()
      expect(entry.id).toMatch(new RegExp(`^http://localhost:\\d+/c/${slug}/listings/[0-9a-f-]{36}$`))
    }
    const first = entries[0]!
    expect(first.category.map((c) => c['@label'])).toEqual(['Bedarf', 'Können & Dienste'])
    expect(first.summary['@xml:lang']).toBe('en')
    expect(first.author.name).toBe('Radwerk & Söhne')
    // nothing of the request's Host made it into a link
    expect(xml).not.toContain('evil.example')
  })

  it('carries a hostile title as text: markup escaped, characters XML cannot hold dropped, the rest kept', async () => {
    const xml = await (await get(atom, slug)).text()
    expect(xml).not.toContain('<script>')
    const doc = new XMLParser({ ignoreAttributes: false, trimValues: false, isArray: (name) => name === 'entry' }).parse(xml)
    const hostile = (doc.feed.entry as AtomEntry[]).at(-1)!
    expect(hostile.title['#text']).toBe('Bohrer <script>alert(1)</script> & "Zubehör" ]]>  Ende ')
  })

  it('answers 304 to a reader that has this version (ETag or date), 200 with the body otherwise; an unknown centre is 404', async () => {
    const first = await get(atom, slug)
    const etag = first.headers.get('ETag')!
    expect(etag).toMatch(/^"[\w-]+"$/)
    expect(first.headers.get('Last-Modified')).toBe('Sat, 14 Nov 2026 12:00:00 GMT')
    expect(first.headers.get('Cache-Control')).toBe('public, max-age=300')
    expect((await get(atom, slug, { 'If-None-Match': `W/${etag}` })).status).toBe(304)
    expect((await get(atom, slug, { 'If-None-Match': '"other"' })).status).toBe(200)
    expect((await get(atom, slug, { 'If-Modified-Since': 'Sat, 14 Nov 2026 12:00:00 GMT' })).status).toBe(304)
    expect((await get(atom, slug, { 'If-Modified-Since': 'Fri, 13 Nov 2026 12:00:00 GMT' })).status).toBe(200)
    await expect(get(atom, 'no-such-centre')).rejects.toSatisfy((thrown) => thrown instanceof Response && thrown.status === 404)
  })
})

const JsonFeed = z.object({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string().min(1),
  home_page_url: z.string().url(),
  feed_url: z.string().url(),
  language: z.string(),
  items: z.array(
    z.object({
      id: z.string().min(1),
      url: z.string().url(),
      title: z.string(),
      content_text: z.string(),
      date_published: z.string().datetime(),
      date_modified: z.string().datetime(),
      authors: z.array(z.object({ name: z.string(), url: z.string().url() })).min(1),
      tags: z.array(z.string()),
    }),
  ),
})

describe('the JSON feed of a centre', () => {
  it('is a JSON Feed 1.1 with the same public listings in the same order', async () => {
    const response = await get(json, slug)
    expect(response.headers.get('Content-Type')).toBe('application/feed+json; charset=utf-8')
    const body = await response.text()
    const feed = JsonFeed.parse(JSON.parse(body))
    expect(feed.items.map((i) => i.title).slice(0, 2)).toEqual([titles.need, titles.public])
    expect(feed.items).toHaveLength(3)
    for (const hidden of HIDDEN) expect(body).not.toContain(hidden)
    expect(feed.items[1]!.tags).toEqual(['Angebot', 'Werkzeug & Geräte'])
    expect(feed.feed_url).toMatch(new RegExp(`/c/${slug}/offers\\.json$`))
  })
})
