import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCentre, makeMember } from '#db/factories'
import { rowsOf } from '#db/rows'
import { listings, vocabularyLabels } from '#db/schema'
import { createListing, getListingViewer, updateListing } from '~/modules/listings/listings.server'
import type { ListingValues, SearchParams } from '~/modules/listings/schemas'
import { conceptTokens, searchListings, searchStatement } from '~/modules/listings/search.server'
import { findMatches } from '~/modules/matching/candidates.server'
import { matchesForListing } from '~/modules/matching/matching.server'
import { applyRecognisedConcepts, conceptChips, followVocabulary, settleListingConcepts, submittedChips } from '~/modules/matching/listing-concepts.server'
import { addConcept, removeConcept, removeLabel, setListingsVersion, vocabularyVersions } from '~/modules/matching/vocabulary.server'
import { conceptMarker } from '~/modules/matching/thesaurus'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/** Concepts on listings (issue #16 item 2, ADR 083), on the database the suite runs on. */
let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())
const db = () => database.db

function values(overrides: Partial<ListingValues> = {}): ListingValues {
  return {
    kind: 'offer',
    category: 'tool',
    title: 'Bohrmaschine zu verleihen',
    description: '',
    language: 'de',
    compensation: 'reciprocal',
    priceCents: null,
    availableFrom: null,
    availableUntil: null,
    visibility: 'centre',
    bookable: false,
    details: { category: 'tool', condition: 'good', depositCents: null },
    ...overrides,
  }
}
const search = (q: string): SearchParams => ({ q, kind: null, category: null, page: 1 })
const viewerOf = (user: { id: string }, centreId: string) => getListingViewer(db(), { id: user.id, isAdmin: false }, centreId)
const stored = async (id: string) => (await db().select({ concepts: listings.concepts, terms: listings.conceptTerms }).from(listings).where(eq(listings.id, id)))[0]!
const form = (entries: [string, string][]) => {
  const data = new FormData()
  for (const [k, v] of entries) data.append(k, v)
  return data
}

async function world() {
  const centre = await makeCentre(db(), { moderationMode: 'post' })
  return { centre, a: await makeMember(db(), centre.id), b: await makeMember(db(), centre.id) }
}

describe('concepts stored with a listing', () => {
  it('a listing written without chips gets the recogniser’s; the author’s choice replaces them on edit, and the search vector carries them', async () => {
    const { centre, a } = await world()
    const created = await createListing(db(), a, centre, a.user.id, values({ title: 'Beamer für den Filmabend', category: 'tool' }))
    expect(await stored(created.id)).toEqual({ concepts: ['film-screening', 'projector'], terms: 'vc0filmscreening vc0projector' })
    const [vector] = rowsOf<{ v: string }>(await db().execute(sql`select search::text as v from listings where id = ${created.id}`))
    expect(vector!.v).toContain("'vc0projector':")

    // the edit form: both ticked; the author unticks the film screening and adds the screen by a French label
    const viewer = await viewerOf(a.user, centre.id)
    const chips = await conceptChips(db(), { ...values({ title: 'Beamer für den Filmabend' }), concepts: ['film-screening', 'projector'] }, 'de')
    expect(chips.map((c) => [c.key, c.checked])).toEqual([
      ['film-screening', true],
      ['projector', true],
    ])
    const settled = await settleListingConcepts(
      db(),
      { title: 'Beamer für den Filmabend', description: '', language: 'de' },
      'de',
      form([
        ['conceptsOffered', 'film-screening'],
        ['conceptsOffered', 'projector'],
        ['concepts', 'projector'],
        ['conceptAdd', 'écran de projection'],
      ]),
    )
    expect(settled).toEqual({ ok: true, concepts: ['projection-screen', 'projector'], seen: ['film-screening', 'projection-screen', 'projector'] })
    const updated = await updateListing(db(), viewer, centre, created.id, values({ title: 'Beamer für den Filmabend' }), {}, settled.ok ? settled.concepts : [])
    expect(updated).toMatchObject({ changed: false, conceptsChanged: true })
    expect((await stored(created.id)).concepts).toEqual(['projection-screen', 'projector'])
    // the edit form now shows the removed one unticked, after the kept ones
    const again = await conceptChips(db(), { ...values({ title: 'Beamer für den Filmabend' }), concepts: ['projection-screen', 'projector'] }, 'en')
    expect(again.map((c) => [c.key, c.checked])).toEqual([
      ['projection-screen', true],
      ['projector', true],
      ['film-screening', false],
    ])
    // an edit that does not speak of concepts (no chips given) leaves them alone
    await updateListing(db(), viewer, centre, created.id, values({ title: 'Beamer für den Filmabend', description: 'Mit Kabel.' }))
    expect((await stored(created.id)).concepts).toEqual(['projection-screen', 'projector'])
  })

  it('a refused form is drawn again with the chips as they were sent, ticked or not, named in the reader’s language', async () => {
    const chips = await submittedChips(
      db(),
      form([
        ['conceptsOffered', 'projector'],
        ['conceptsOffered', 'film-screening'],
        ['conceptsOffered', 'no-such-concept'],
        ['concepts', 'projector'],
        ['concepts', 'potters-wheel'],
      ]),
      'fr',
    )
    expect(chips).toEqual([
      { key: 'projector', name: 'vidéoprojecteur', checked: true },
      { key: 'film-screening', name: expect.any(String), checked: false },
      { key: 'potters-wheel', name: 'tour de potier', checked: true },
    ])
  })

  it('the database refuses more than 20 concepts on a listing', async () => {
    const { centre, a } = await world()
    const created = await createListing(db(), a, centre, a.user.id, values())
    const many = Array.from({ length: 21 }, (_, i) => `c${i}`)
    await expect(db().update(listings).set({ concepts: many }).where(eq(listings.id, created.id))).rejects.toThrow()
  })
})

describe('matching and search use the confirmed concepts first', () => {
  it('an offer whose words do not name the concept is found through the concept its author added, and lost when it is removed', async () => {
    const { centre, a, b } = await world()
    const need = await createListing(db(), a, centre, a.user.id, values({ kind: 'need', title: 'Töpferscheibe gesucht', description: 'Für einen Kurs im Frühjahr.' }))
    const offerValues = values({ title: 'Gerät aus unserer Keramikwerkstatt', description: 'Elektrisch, stufenlos, mit Spritzschutz.' })
    const offer = await createListing(db(), b, centre, b.user.id, offerValues, [], [])
    // shown to the need's people: worth showing (the newest offers of a centre are candidates whatever their words)
    const found = async () => (await matchesForListing(db(), need.id)).map((m) => m.other.id)
    expect(await found()).not.toContain(offer.id)

    const viewer = await viewerOf(b.user, centre.id)
    await updateListing(db(), viewer, centre, offer.id, offerValues, {}, ['potters-wheel'])
    expect(await found()).toContain(offer.id)
    const [best] = await findMatches(db(), need.id, { limit: 1 })
    expect(best?.other.id).toBe(offer.id)
    // the explanation names the concept both confirmed, in the need's language
    expect(best?.reasons).toContainEqual({ key: 'concepts', params: { names: 'Töpferscheibe' } })

    await updateListing(db(), viewer, centre, offer.id, offerValues, {}, [])
    expect(await found()).not.toContain(offer.id)
  })

  it('a need with many confirmed concepts (a widening past the words cut) still shares each concept’s token', async () => {
    const { centre, a, b } = await world()
    const many = ['potters-wheel', 'projector', 'drill', 'sewing-machine', 'cargo-bike', 'ladder', 'chainsaw', 'kiln', 'clay', 'pottery-class']
    const need = await createListing(db(), a, centre, a.user.id, values({ kind: 'need', title: 'Vieles für unser Sommerfest', description: '' }), [], many)
    const offer = await createListing(db(), b, centre, b.user.id, values({ title: 'Gerät aus der Keramikwerkstatt' }), [], ['potters-wheel'])
    const match = (await findMatches(db(), need.id)).find((m) => m.other.id === offer.id)
    expect(match?.reasons).toContainEqual({ key: 'concepts', params: { names: 'Töpferscheibe' } })
  })

  it('a search for a concept’s name finds the listings that confirmed it, in any language, and not one whose author removed it', async () => {
    const { centre, a, b } = await world()
    const french = await createListing(db(), a, centre, a.user.id, values({ title: 'Vidéoprojecteur à prêter', language: 'fr' }))
    const removed = await createListing(db(), b, centre, b.user.id, values({ title: 'Vidéoprojecteur HD', language: 'fr' }), [], [])
    expect((await stored(french.id)).concepts).toContain('projector')
    const viewer = await viewerOf(a.user, centre.id)
    const titles = async (q: string, language: 'de' | 'en' = 'de') =>
      (await searchListings(db(), viewer, centre.id, search(q), { language })).items.map((i) => i.title)
    expect(await titles('Beamer')).toEqual(['Vidéoprojecteur à prêter'])
    expect(await titles('projector', 'en')).toEqual(['Vidéoprojecteur à prêter'])
    // words beside the name, an exclusion or a phrase ask for exactly those words
    expect(await conceptTokens(db(), 'Beamer Berlin', 'de')).toEqual([])
    expect(await conceptTokens(db(), '"Beamer"', 'de')).toEqual([])
    expect(await conceptTokens(db(), 'Beamer -HDMI', 'de')).toEqual([])
    expect(await conceptTokens(db(), 'Beamer', 'de')).toEqual(['vc0projector'])
    // its own words still find the one without the concept
    expect(await titles('Vidéoprojecteur')).toEqual(expect.arrayContaining(['Vidéoprojecteur HD', 'Vidéoprojecteur à prêter']))
    expect(removed.id).toBeTruthy()
  })

  it('the search with concept tokens can use the GIN index (EXPLAIN)', async () => {
    const { centre, a } = await world()
    await database.query(
      `INSERT INTO listings (centre_id, initiative_id, kind, category, title, description, language, details, status, visibility)
       SELECT $1, $2, 'offer', 'other', 'Allerlei Dinge ' || g, 'Beschreibung Nummer ' || g, 'de', '{"category":"other"}'::jsonb, 'active', 'network'
       FROM generate_series(1, 5000) g`,
      [centre.id, a.initiative.id],
    )
    await database.query('ANALYZE listings')
    const viewer = await viewerOf(a.user, centre.id)
    const query = searchStatement(db(), viewer, centre.id, search('Beamer'), 'fulltext', [], ['vc0projector']).toSQL()
    const plan = (await database.query<Record<string, string>>(`EXPLAIN ${query.sql}`, query.params)).map((r) => Object.values(r)[0]).join('\n')
    expect(plan).toContain('listings_search_idx')
    expect(plan).not.toMatch(/Seq Scan on listings\b/)
  })
})

describe('npm run concepts:apply', () => {
  it('gives listings without concepts the recogniser’s, never overwrites an author’s choice, drops concepts the vocabulary lost, and is idempotent', async () => {
    const { centre, a } = await world()
    const [old] = await db()
      .insert(listings)
      .values({ centreId: centre.id, initiativeId: a.initiative.id, kind: 'offer', category: 'tool', title: 'Alte Töpferscheibe', details: { category: 'tool' }, status: 'active' })
      .returning({ id: listings.id })
    const chosen = await createListing(db(), a, centre, a.user.id, values({ title: 'Töpferscheibe' }), [], [])
    const gone = await createListing(db(), a, centre, a.user.id, values({ title: 'Beamer' }), [], ['projector'])
    await db().update(listings).set({ concepts: ['projector', 'no-longer-there'], conceptTerms: 'vc0nolongerthere vc0projector' }).where(eq(listings.id, gone.id))

    const progress: number[] = []
    const first = await applyRecognisedConcepts(db(), { batch: 1000, progress: (n) => progress.push(n) })
    expect(first.recognised).toBeGreaterThanOrEqual(1)
    expect(first.refreshed).toBeGreaterThanOrEqual(1)
    expect(progress.length).toBeGreaterThanOrEqual(1)
    expect((await stored(old!.id)).concepts).toContain('potters-wheel')
    expect(await stored(chosen.id)).toEqual({ concepts: [], terms: '' })
    expect(await stored(gone.id)).toEqual({ concepts: ['projector'], terms: 'vc0projector' })

    expect(await applyRecognisedConcepts(db())).toEqual({ recognised: 0, refreshed: 0 })
  })
})

describe('a vocabulary that grows reaches listings already written (npm run concepts:apply, ADR 094)', () => {
  it('adds what the recogniser finds now, drops what it alone gave and no longer finds, and keeps each of the author’s decisions', async () => {
    const { centre, a } = await world()
    const admin = { userId: a.user.id, centreId: centre.id, isAdmin: true }
    const seenOf = async (id: string) => (await db().select({ seen: listings.conceptsSeen }).from(listings).where(eq(listings.id, id)))[0]!.seen
    const word = `Zwirbelpresse${Date.now().toString(36)}`
    // written with the form: the projector chip shown and kept, the film screening shown and removed
    const byForm = await createListing(db(), a, centre, a.user.id, values({ title: `Beamer für den Filmabend, ${word} dabei` }), [], ['projector'], ['film-screening', 'projector'])
    // written without chips (an import, a seed): the recogniser's alone
    const byRecogniser = await createListing(db(), a, centre, a.user.id, values({ title: `Beamer und ${word}` }))
    // saved before chips were remembered: the migration took its concepts as decided
    const legacy = await createListing(db(), a, centre, a.user.id, values({ title: `Alte ${word}` }), [], ['potters-wheel'], ['potters-wheel'])
    expect(await seenOf(byRecogniser.id)).toEqual([])
    expect(await seenOf(byForm.id)).toEqual(['film-screening', 'projector'])

    // the vocabulary learns the word
    const added = await addConcept(db(), admin, { category: 'tool', de: word, en: `${word} press` }, (k) => k)
    if (!added.ok) throw new Error(JSON.stringify(added))
    const first = await applyRecognisedConcepts(db())
    expect(first.refreshed).toBeGreaterThanOrEqual(3)
    expect((await stored(byForm.id)).concepts?.sort()).toEqual([added.key, 'projector'].sort())
    expect((await stored(byRecogniser.id)).concepts?.sort()).toEqual([added.key, 'projector'].sort())
    expect((await stored(legacy.id)).concepts?.sort()).toEqual([added.key, 'potters-wheel'].sort())
    expect((await stored(byForm.id)).terms).toContain(conceptMarker(added.key))
    // and the search vector carries it
    const found = rowsOf<{ n: number }>(
      await db().execute(sql`select count(*)::int as n from listings where search @@ to_tsquery('simple', ${conceptMarker(added.key)})`),
    )
    expect(found[0]!.n).toBe(3)
    expect(await applyRecognisedConcepts(db())).toEqual({ recognised: 0, refreshed: 0 })

    // the author removes the new chip on the next edit: it stays off through the next run
    const viewer = await viewerOf(a.user, centre.id)
    await updateListing(db(), viewer, centre, byForm.id, values({ title: `Beamer für den Filmabend, ${word} dabei` }), {}, ['projector'], ['film-screening', 'projector', added.key])
    await applyRecognisedConcepts(db())
    expect((await stored(byForm.id)).concepts).toEqual(['projector'])

    // the concept loses its German word (its English one stays): the recogniser no longer finds it in
    // these German texts, so it goes from the listings that had it from the recogniser alone
    const [german] = await db()
      .select({ id: vocabularyLabels.id })
      .from(vocabularyLabels)
      .where(and(eq(vocabularyLabels.conceptKey, added.key), eq(vocabularyLabels.language, 'de')))
    expect(await removeLabel(db(), admin, german!.id)).toMatchObject({ ok: true })
    await applyRecognisedConcepts(db())
    expect((await stored(byRecogniser.id)).concepts).toEqual(['projector'])
    expect((await stored(legacy.id)).concepts).toEqual(['potters-wheel'])
    expect((await stored(byForm.id)).concepts).toEqual(['projector'])

    // a concept an author added by hand stays while the vocabulary has it, though no word of the text names it
    await updateListing(db(), viewer, centre, legacy.id, values({ title: `Alte ${word}` }), {}, ['potters-wheel', added.key], ['potters-wheel', added.key])
    await applyRecognisedConcepts(db())
    expect((await stored(legacy.id)).concepts?.sort()).toEqual([added.key, 'potters-wheel'].sort())
    // and goes with the concept
    expect(await removeConcept(db(), admin, added.key)).toMatchObject({ ok: true })
    await applyRecognisedConcepts(db())
    expect((await stored(legacy.id)).concepts).toEqual(['potters-wheel'])
  })
})

describe('the worker brings listings under a changed vocabulary by itself (followVocabulary, ADR 094)', () => {
  it('runs once per change, in one process at a time, and takes over a claim whose process died', async () => {
    const { centre, a } = await world()
    const admin = { userId: a.user.id, centreId: centre.id, isAdmin: true }
    await applyRecognisedConcepts(db())
    expect(await followVocabulary(db()), 'nothing changed').toBeNull()

    const word = `Knetbank${Date.now().toString(36)}`
    const listing = await createListing(db(), a, centre, a.user.id, values({ title: `Eine ${word} zu verleihen` }))
    const added = await addConcept(db(), admin, { category: 'tool', de: word }, (k) => k)
    if (!added.ok) throw new Error(JSON.stringify(added))
    // written before the concept existed: not yet on the listing
    expect((await stored(listing.id)).concepts).not.toContain(added.key)
    const { current } = await vocabularyVersions(db())

    // another process holds a fresh claim: this one waits
    await setListingsVersion(db(), `run:${Date.now()}:${current}`)
    expect(await followVocabulary(db())).toBeNull()
    expect((await stored(listing.id)).concepts).not.toContain(added.key)
    // a worker stopped by a shutdown before the first batch gives its claim back, changing nothing
    await setListingsVersion(db(), '')
    const stop = new AbortController()
    stop.abort()
    expect(await followVocabulary(db(), { signal: stop.signal })).toBeNull()
    expect((await vocabularyVersions(db())).listings).toBe('')
    expect((await stored(listing.id)).concepts).not.toContain(added.key)
    // a claim older than the lease (its process died): taken over
    await setListingsVersion(db(), `run:${Date.now() - 31 * 60_000}:${current}`)
    expect(await followVocabulary(db())).toMatchObject({ refreshed: expect.any(Number) })
    expect((await stored(listing.id)).concepts).toContain(added.key)
    expect(await vocabularyVersions(db())).toEqual({ current, listings: current })
    expect(await followVocabulary(db()), 'done for this version').toBeNull()
  })
})
