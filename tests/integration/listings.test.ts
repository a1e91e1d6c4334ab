import { and, eq } from 'drizzle-orm'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, makeCentre, makeInitiative, makeManager, makeMember, makeUser } from '#db/factories'
import { auditLog, listings, reports } from '#db/schema'
import {
  changeListingStatus,
  checkListingRateLimit,
  createListing,
  getListingForViewer,
  getListingViewer,
  LISTINGS_PER_HOUR,
  listInitiativeListings,
  listModerationQueue,
  moderateListing,
  TooManyPhotosError,
  updateListing,
  VISITOR,
} from '~/modules/listings/listings.server'
import {
  addPhotos,
  getPhotoForViewer,
  MAX_PHOTO_BYTES,
  photoIdsOf,
  validatePhotos,
} from '~/modules/listings/photos.server'
import type { ListingValues, SearchParams } from '~/modules/listings/schemas'
import { compoundPatterns, searchListings, searchStatement } from '~/modules/listings/search.server'
import { checkReportRateLimit, createReport, REPORTS_PER_HOUR } from '~/modules/moderation/reports.server'
import { createTestDatabase, onPostgres, type TestDatabase } from '../setup/db'

let database: TestDatabase
let centreA: Awaited<ReturnType<typeof makeCentre>>
let centreB: Awaited<ReturnType<typeof makeCentre>>
let centrePre: Awaited<ReturnType<typeof makeCentre>>
let memberA: Awaited<ReturnType<typeof makeMember>>
let memberB: Awaited<ReturnType<typeof makeMember>>
let memberPre: Awaited<ReturnType<typeof makeMember>>

const admin = (user: { id: string }) => ({ id: user.id, isAdmin: false })

function values(overrides: Partial<ListingValues> = {}): ListingValues {
  return {
    kind: 'offer',
    category: 'tool',
    title: 'Bohrmaschine zu verleihen',
    description: 'Eine kräftige Schlagbohrmaschine mit Koffer.',
    language: 'de',
    compensation: 'reciprocal',
    priceCents: null,
    availableFrom: null,
    availableUntil: null,
    visibility: 'centre',
    bookable: false,
    details: { category: 'tool', condition: 'good', depositCents: 2000 },
    ...overrides,
  }
}

const search = (q: string, extra: Partial<SearchParams> = {}): SearchParams => ({ q, kind: null, category: null, page: 1, ...extra })

beforeAll(async () => {
  database = await createTestDatabase()
  const db = database.db
  centreA = await makeCentre(db, { moderationMode: 'post' })
  centreB = await makeCentre(db, { moderationMode: 'post' })
  centrePre = await makeCentre(db, { moderationMode: 'pre' })
  memberA = await makeMember(db, centreA.id)
  memberB = await makeMember(db, centreB.id)
  memberPre = await makeMember(db, centrePre.id)
})
afterAll(() => database.close())

async function viewerOf(user: { id: string }, centreId: string) {
  return getListingViewer(database.db, admin(user), centreId)
}

describe('create, edit, pause, reopen, close', () => {
  it('publishes at once in a post-moderated centre and lets the owner change its state', async () => {
    const db = database.db
    const created = await createListing(db, memberA, centreA, memberA.user.id, values())
    expect(created.status).toBe('active')
    const viewer = await viewerOf(memberA.user, centreA.id)

    const edited = await updateListing(db, viewer, centreA, created.id, values({ title: 'Akkuschrauber zu verleihen' }))
    expect(edited?.status).toBe('active')
    const [row] = await db.select().from(listings).where(eq(listings.id, created.id))
    expect(row!.title).toBe('Akkuschrauber zu verleihen')
    expect(row!.publishedAt).not.toBeNull()

    expect(await changeListingStatus(db, viewer, centreA, created.id, 'pause')).toEqual({ ok: true, status: 'paused' })
    expect(await changeListingStatus(db, viewer, centreA, created.id, 'pause')).toEqual({ ok: false, error: 'invalidTransition' })
    expect(await changeListingStatus(db, viewer, centreA, created.id, 'reopen')).toEqual({ ok: true, status: 'active' })
    expect(await changeListingStatus(db, viewer, centreA, created.id, 'close')).toEqual({ ok: true, status: 'closed' })
    const [closed] = await db.select().from(listings).where(eq(listings.id, created.id))
    expect(closed!.status).toBe('closed')
  })

  it('keeps category and details consistent in the database', async () => {
    const db = database.db
    await expect(
      createListing(db, memberA, centreA, memberA.user.id, values({ category: 'room' })),
    ).rejects.toThrow()
    await expect(
      createListing(db, memberA, centreA, memberA.user.id, values({ compensation: 'paid', priceCents: null })),
    ).rejects.toThrow()
  })

  it('limits how many listings a person creates in an hour', async () => {
    const user = await makeUser(database.db)
    const results = []
    for (let i = 0; i <= LISTINGS_PER_HOUR; i++) results.push(await checkListingRateLimit(database.db, user.id))
    expect(results.slice(0, LISTINGS_PER_HOUR).every((r) => r.allowed)).toBe(true)
    expect(results[LISTINGS_PER_HOUR]!.allowed).toBe(false)
  })
})

describe('moderation', () => {
  it('holds new listings as pending in a pre-moderated centre until a manager approves them', async () => {
    const db = database.db
    const manager = await makeManager(db, centrePre.id)
    const created = await createListing(db, memberPre, centrePre, memberPre.user.id, values({ title: 'Lehmputz-Kurs gesucht', kind: 'need' }))
    expect(created.status).toBe('pending')

    const other = await makeMember(db, centrePre.id)
    const otherViewer = await viewerOf(other.user, centrePre.id)
    expect(await getListingForViewer(db, otherViewer, centrePre.id, created.id)).toBeNull()
    expect((await searchListings(db, otherViewer, centrePre.id, search('Lehmputz'))).items).toEqual([])

    const queue = await listModerationQueue(db, centrePre.id)
    expect(queue.pending.map((l) => l.id)).toContain(created.id)

    expect(await moderateListing(db, manager.id, centrePre.id, created.id, { intent: 'approve' })).toEqual({ ok: true })
    expect(await getListingForViewer(db, otherViewer, centrePre.id, created.id)).not.toBeNull()
    const audit = await db.select().from(auditLog).where(eq(auditLog.subjectId, created.id))
    expect(audit.map((a) => a.action)).toEqual(['listing.approved'])
    expect(audit[0]!.actorId).toBe(manager.id)
  })

  it('sends an edited live listing back to the queue in a pre-moderated centre', async () => {
    const db = database.db
    const manager = await makeManager(db, centrePre.id)
    const created = await createListing(db, memberPre, centrePre, memberPre.user.id, values())
    await moderateListing(db, manager.id, centrePre.id, created.id, { intent: 'approve' })
    const viewer = await viewerOf(memberPre.user, centrePre.id)
    const edited = await updateListing(db, viewer, centrePre, created.id, values({ title: 'Ganz anderer Titel' }))
    expect(edited?.status).toBe('pending')
  })

  it('hides with a reason the owner can read, restores, and audits both', async () => {
    const db = database.db
    const manager = await makeManager(db, centreA.id)
    const created = await createListing(db, memberA, centreA, memberA.user.id, values({ title: 'Werbung für etwas' }))
    expect(
      await moderateListing(db, manager.id, centreA.id, created.id, { intent: 'hide', reason: 'Werbung gehört nicht hierher.' }),
    ).toEqual({ ok: true })
    const ownerView = await getListingForViewer(db, await viewerOf(memberA.user, centreA.id), centreA.id, created.id)
    expect(ownerView?.listing.status).toBe('hidden')
    expect(ownerView?.listing.moderationReason).toBe('Werbung gehört nicht hierher.')
    const stranger = await makeMember(db, centreA.id)
    expect(await getListingForViewer(db, await viewerOf(stranger.user, centreA.id), centreA.id, created.id)).toBeNull()

    expect(await moderateListing(db, manager.id, centreA.id, created.id, { intent: 'approve' })).toEqual({
      ok: false,
      error: 'invalidTransition',
    })
    expect(await moderateListing(db, manager.id, centreA.id, created.id, { intent: 'restore' })).toEqual({ ok: true })
    const audit = await db.select().from(auditLog).where(eq(auditLog.subjectId, created.id)).orderBy(auditLog.id)
    expect(audit.map((a) => a.action)).toEqual(['listing.hidden', 'listing.restored'])
    expect(audit[0]!.details).toMatchObject({ reason: 'Werbung gehört nicht hierher.' })
  })

  it('a manager cannot moderate another centre’s listing', async () => {
    const db = database.db
    const managerB = await makeManager(db, centreB.id)
    const created = await createListing(db, memberA, centreA, memberA.user.id, values())
    expect(await moderateListing(db, managerB.id, centreB.id, created.id, { intent: 'hide', reason: 'nicht meins' })).toEqual({
      ok: false,
      error: 'notFound',
    })
  })
})

describe('scoping by centre', () => {
  it('a member of centre B cannot read centre A’s centre-only listing, but can read its network listing', async () => {
    const db = database.db
    const centreOnly = await createListing(db, memberA, centreA, memberA.user.id, values({ visibility: 'centre' }))
    const network = await createListing(db, memberA, centreA, memberA.user.id, values({ visibility: 'network', title: 'Netzwerk-Bohrer' }))
    const publicOne = await createListing(db, memberA, centreA, memberA.user.id, values({ visibility: 'public', title: 'Öffentlicher Bohrer' }))
    const viewerB = await viewerOf(memberB.user, centreA.id)
    expect(await getListingForViewer(db, viewerB, centreA.id, centreOnly.id)).toBeNull()
    expect((await getListingForViewer(db, viewerB, centreA.id, network.id))?.canEdit).toBe(false)
    // under centre B's address, centre A's listing does not exist at all
    expect(await getListingForViewer(db, await viewerOf(memberB.user, centreB.id), centreB.id, network.id)).toBeNull()
    // visitors see public listings only
    expect(await getListingForViewer(db, VISITOR, centreA.id, network.id)).toBeNull()
    expect(await getListingForViewer(db, VISITOR, centreA.id, publicOne.id)).not.toBeNull()
  })

  it('browsing centre B shows A’s network listings (marked by their centre) but not A’s centre-only ones', async () => {
    const db = database.db
    await createListing(db, memberA, centreA, memberA.user.id, values({ visibility: 'centre', title: 'Geheimer Zirkelkasten' }))
    await createListing(db, memberA, centreA, memberA.user.id, values({ visibility: 'network', title: 'Geteilter Zirkelkasten' }))
    const result = await searchListings(db, await viewerOf(memberB.user, centreB.id), centreB.id, search('Zirkelkasten'))
    expect(result.items.map((i) => i.title)).toEqual(['Geteilter Zirkelkasten'])
    expect(result.items[0]!.centreId).toBe(centreA.id)
  })

  it('nobody edits or changes the state of a listing of an initiative they are not in', async () => {
    const db = database.db
    const listing = await createListing(db, memberA, centreA, memberA.user.id, values({ visibility: 'network' }))
    const sameCentreStranger = await makeMember(db, centreA.id)
    for (const viewer of [await viewerOf(memberB.user, centreA.id), await viewerOf(sameCentreStranger.user, centreA.id)]) {
      expect(await updateListing(db, viewer, centreA, listing.id, values({ title: 'Übernommen' }))).toBeNull()
      expect(await changeListingStatus(db, viewer, centreA, listing.id, 'close')).toEqual({ ok: false, error: 'notFound' })
    }
    // a member of B acting "in" centre B with A's listing id finds nothing either
    expect(await updateListing(db, await viewerOf(memberB.user, centreB.id), centreB, listing.id, values())).toBeNull()
    const [row] = await db.select().from(listings).where(eq(listings.id, listing.id))
    expect(row!.title).toBe('Bohrmaschine zu verleihen')
    expect(row!.status).toBe('active')
  })

  it('a member of an inactive initiative cannot write its listings', async () => {
    const db = database.db
    const user = await makeUser(db)
    const suspended = await makeInitiative(db, centreA.id, { status: 'suspended' })
    await addMember(db, suspended, user.id, 'owner')
    const viewer = await viewerOf(user, centreA.id)
    expect(viewer.initiativeIds).toEqual([])
    await expect(createListing(db, { initiative: suspended }, centreA, user.id, values())).rejects.toThrow()
  })
})

describe('multilingual search', () => {
  let searchCentre: Awaited<ReturnType<typeof makeCentre>>
  let owner: Awaited<ReturnType<typeof makeMember>>
  beforeAll(async () => {
    const db = database.db
    searchCentre = await makeCentre(db)
    owner = await makeMember(db, searchCentre.id)
    const add = (title: string, language: ListingValues['language'], description = '') =>
      createListing(db, owner, searchCentre, owner.user.id, values({ title, language, description: description || title }))
    await add('Bohrmaschine zu verleihen', 'de')
    await add('Raum für Workshops', 'de', 'Ein heller Raum im Erdgeschoss.')
    await add('Ladder for painting the hall', 'en', 'A tall aluminium ladder.')
    await add('Outil de jardinage', 'fr', 'Une bêche et un râteau pour le jardin.')
    await add('Atelier de céramique', 'fr', 'Un four pour la céramique.')
    await add('Werkbank te leen', 'nl', 'Een stevige werkbank met bankschroef.')
    await add('Fietsen repareren', 'nl', 'Wij repareren fietsen op zaterdag.')
  })

  // Other tests' network listings show up too (as they should); these tests look at this centre's.
  const titles = async (q: string) =>
    (await searchListings(database.db, await viewerOf(owner.user, searchCentre.id), searchCentre.id, search(q))).items
      .filter((i) => i.centreId === searchCentre.id)
      .map((i) => i.title)

  it('German: "Bohrmaschinen" finds "Bohrmaschine", "Räume" finds "Raum"', async () => {
    expect(await titles('Bohrmaschinen')).toEqual(['Bohrmaschine zu verleihen'])
    expect(await titles('Räume')).toEqual(['Raum für Workshops'])
  })

  it('English: "ladders" finds "Ladder"', async () => {
    expect(await titles('ladders')).toEqual(['Ladder for painting the hall'])
  })

  it('French: "outils" finds "Outil", and accents do not matter ("ceramiques")', async () => {
    expect(await titles('outils')).toEqual(['Outil de jardinage'])
    expect(await titles('ceramiques')).toEqual(['Atelier de céramique'])
  })

  it('Dutch: "werkbanken" finds "Werkbank", "fiets" finds "Fietsen"', async () => {
    expect(await titles('werkbanken')).toEqual(['Werkbank te leen'])
    expect(await titles('fiets')).toEqual(['Fietsen repareren'])
  })

  it('parses the words with each language once: identical parses are kept once, stop words drop out', async () => {
    const parsed = async (words: string) =>
      (await database.query<{ q: string }>('SELECT viertel_search_query($1)::text AS q', [words]))[0]!.q
    // German, English, French and Dutch all stem "Werkstatt" alike: one alternative, not four
    expect(await parsed('Werkstatt')).toBe("'werkstatt'")
    // German and Dutch agree on "Wochenende", English and French keep the longer stem
    expect(await parsed('Werkstatt Wochenende')).toBe("'werkstatt' & 'wochen' | 'werkstatt' & 'wochenend'")
    expect(await parsed('Räume')).toBe("'raum'")
    // websearch syntax survives: phrases and negation
    expect(await parsed('"salle de réunion" -cuisine')).toContain("!'cuisin'")
    expect(await parsed('')).toBe('')
  })

  it('accents do not matter in German either ("Raume", "fur")', async () => {
    expect(await titles('Raume')).toEqual(['Raum für Workshops'])
  })

  it('falls back to titles similar to a misspelt word (pg_trgm)', async () => {
    const result = await searchListings(database.db, await viewerOf(owner.user, searchCentre.id), searchCentre.id, search('Bohrmashine'))
    expect(result.mode).toBe('similar')
    expect(result.items.filter((i) => i.centreId === searchCentre.id).map((i) => i.title)).toEqual(['Bohrmaschine zu verleihen'])
  })

  it('combines kind and category filters', async () => {
    const db = database.db
    await createListing(db, owner, searchCentre, owner.user.id, values({ title: 'Lastenrad gesucht', kind: 'need' }))
    await createListing(
      db,
      owner,
      searchCentre,
      owner.user.id,
      values({ title: 'Lastenrad-Werkstattraum', kind: 'offer', category: 'room', details: { category: 'room', capacity: 4, areaSqm: null, equipment: [] } }),
    )
    const viewer = await viewerOf(owner.user, searchCentre.id)
    const run = async (extra: Partial<SearchParams>) =>
      (await searchListings(db, viewer, searchCentre.id, search('Lastenrad', extra))).items.map((i) => i.title).sort()
    expect(await run({})).toEqual(['Lastenrad gesucht', 'Lastenrad-Werkstattraum'])
    expect(await run({ kind: 'need' })).toEqual(['Lastenrad gesucht'])
    expect(await run({ category: 'room' })).toEqual(['Lastenrad-Werkstattraum'])
    expect(await run({ kind: 'need', category: 'room' })).toEqual([])
  })

  it('pages are stable: no listing twice, none lost, same order every time', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const member = await makeMember(db, centre.id)
    const rows = Array.from({ length: 45 }, (_, i) => ({
      ...values({
        title: `Schraubzwinge Nummer ${i}`,
        description: i % 3 ? 'Schraubzwinge' : 'Schraubzwinge Schraubzwinge',
        category: 'skill',
        details: { category: 'skill', estimatedHours: 2 },
      }),
      centreId: centre.id,
      initiativeId: member.initiative.id,
      status: 'active' as const,
      // many share one timestamp: the id decides between them
      createdAt: new Date(Date.UTC(2026, 0, 1 + (i % 4))),
    }))
    await db.insert(listings).values(rows)
    const viewer = await viewerOf(member.user, centre.id)
    const page = async (p: number) =>
      (await searchListings(db, viewer, centre.id, search('Schraubzwingen', { page: p, category: 'skill' }))).items.map((i) => i.id)
    const [one, two, three] = [await page(1), await page(2), await page(3)]
    expect([one.length, two.length, three.length]).toEqual([20, 20, 5])
    expect(new Set([...one, ...two, ...three]).size).toBe(45)
    expect(await page(2)).toEqual(two)
    const browse = async (p: number) =>
      (await searchListings(db, viewer, centre.id, search('', { page: p, category: 'skill' }))).items.map((i) => i.id)
    const all = [...(await browse(1)), ...(await browse(2)), ...(await browse(3))]
    expect(new Set(all).size).toBe(45)
    const result = await searchListings(db, viewer, centre.id, search('Schraubzwinge', { page: 9, category: 'skill' }))
    expect(result.items).toEqual([])
    expect(result.total).toBe(45)
  })

  it('the search query can use the GIN index (EXPLAIN shows listings_search_idx, not a sequential scan)', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const member = await makeMember(db, centre.id)
    // Enough rows that a sequential scan is the worse plan; the planner chooses freely (no settings changed).
    await database.query(
      `INSERT INTO listings (centre_id, initiative_id, kind, category, title, description, language, details, status, visibility)
       SELECT $1, $2, 'offer', 'other', 'Allerlei Dinge ' || g, 'Beschreibung Nummer ' || g || ' mit vielen Wörtern', 'de',
              '{"category":"other"}'::jsonb, 'active', 'network'
       FROM generate_series(1, 5000) g`,
      [centre.id, member.initiative.id],
    )
    await createListing(db, member, centre, member.user.id, values({ title: 'Kreissäge mit Sägeblatt', visibility: 'network' }))
    await database.query('ANALYZE listings')
    const viewer = await viewerOf(member.user, centre.id)
    const query = searchStatement(db, viewer, centre.id, search('Kreissägen'), 'fulltext').toSQL()
    const plan = (await database.query<Record<string, string>>(`EXPLAIN ${query.sql}`, query.params)).map((r) => Object.values(r)[0]).join('\n')
    expect(plan).toContain('listings_search_idx')
    expect(plan).not.toMatch(/Seq Scan on listings\b/)
    expect((await searchListings(db, viewer, centre.id, search('Kreissägen'))).items.map((i) => i.title)).toEqual(['Kreissäge mit Sägeblatt'])
  })

  it('finds a word inside a compound of a title: "Räumen" finds "Proberaum", "Kettensäge" finds "Kettensägenkurs" (issue #16 item 3)', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const member = await makeMember(db, centre.id)
    const add = (title: string, description = 'Bei uns im Haus.') =>
      createListing(db, member, centre, member.user.id, values({ title, description, language: 'de' }))
    await add('Raum für Workshops', 'Ein heller Raum.')
    await add('Proberaum mit PA-Anlage')
    await add('Kettensägenkurs im Stadtwald')
    await add('Traumfänger basteln')
    await add('Bandproberäume im Keller')
    const viewer = await viewerOf(member.user, centre.id)
    const found = async (q: string) =>
      (await searchListings(db, viewer, centre.id, search(q))).items.filter((i) => i.centreId === centre.id).map((i) => i.title)

    // the whole word first (ranked by the tsvector), then the compound
    expect(await found('Räumen')).toEqual(['Raum für Workshops', 'Bandproberäume im Keller', 'Proberaum mit PA-Anlage'])
    expect(await found('Kettensäge')).toEqual(['Kettensägenkurs im Stadtwald'])
    // not in the middle of a word ("Traumfänger"); with websearch syntax (an exclusion, a phrase)
    // only the words themselves count
    expect(await found('Traum')).toEqual(['Traumfänger basteln'])
    expect(await compoundPatterns(db, 'Räumen -Traum')).toEqual([])
    expect(await compoundPatterns(db, '"Räumen" Traum')).toEqual([])
    // every word's part, as the full text holds every word: "Keller" too, not "Proberaum" alone…
    expect(await found('Proberaum Keller')).toEqual(['Bandproberäume im Keller'])
    // …with "or" between them, either
    expect((await found('Kettensäge or Keller')).sort()).toEqual(['Bandproberäume im Keller', 'Kettensägenkurs im Stadtwald'])
    // words every listing uses ask for no part: "Nähmaschine gesucht" found every "… gesucht"
    await add('Regal gesucht')
    expect(await found('Regal gesucht')).toEqual(['Regal gesucht'])
    expect(await found('Kettensäge gesucht')).toEqual(['Kettensägenkurs im Stadtwald'])
    expect(await compoundPatterns(db, 'Nähmaschine gesucht')).toEqual(['\\mnahmaschin|nahmaschin\\w{0,3}\\M'])
    // one pattern per word, its German and Dutch stems together; German stop words ask for none,
    // a German word that is an English stop word ("Most") does
    expect(await compoundPatterns(db, 'Leiter')).toEqual(['\\m(?:leiter|leit)|(?:leiter|leit)\\w{0,3}\\M'])
    expect(await compoundPatterns(db, 'Hilfe bei der Buchhaltung')).toEqual(['\\m(?:buchhaltung|buchhalt)|(?:buchhaltung|buchhalt)\\w{0,3}\\M'])
    expect(await compoundPatterns(db, 'Most')).toEqual(['\\mmost|most\\w{0,3}\\M'])
    // longest stem first
    expect(await compoundPatterns(db, 'Räumen or Traum')).toEqual(['\\mtraum|traum\\w{0,3}\\M', '\\mraum|raum\\w{0,3}\\M'])
    // only letters and digits reach a pattern: no regular-expression syntax from the reader
    expect(await compoundPatterns(db, 'a.*b (x|y)+ [abc] Raum')).toEqual(['\\mraum|raum\\w{0,3}\\M'])
    expect(await compoundPatterns(db, '')).toEqual([])
  })

  it('the compound parts use the trigram index on titles, not a sequential scan', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const member = await makeMember(db, centre.id)
    await database.query(
      `INSERT INTO listings (centre_id, initiative_id, kind, category, title, description, language, details, status, visibility)
       SELECT $1, $2, 'offer', 'other', 'Allerlei Dinge ' || g, 'Beschreibung Nummer ' || g, 'de',
              '{"category":"other"}'::jsonb, 'active', 'network'
       FROM generate_series(1, 5000) g`,
      [centre.id, member.initiative.id],
    )
    await createListing(db, member, centre, member.user.id, values({ title: 'Proberaum im Keller', visibility: 'network' }))
    await database.query('ANALYZE listings')
    const viewer = await viewerOf(member.user, centre.id)
    const parts = await compoundPatterns(db, 'Räumen')
    const query = searchStatement(db, viewer, centre.id, search('Räumen'), 'fulltext', parts).toSQL()
    const plan = (await database.query<Record<string, string>>(`EXPLAIN ${query.sql}`, query.params)).map((r) => Object.values(r)[0]).join('\n')
    expect(plan).toContain('listings_title_unaccent_trgm_idx')
    expect(plan).toContain('listings_search_idx')
    expect(plan).not.toMatch(/Seq Scan on listings\b/)
  })
})

describe('photos', () => {
  it('refuses a text file renamed to .jpg and an image larger than 5 MB; keeps a real one with a thumbnail', async () => {
    const db = database.db
    const text = new File(['just some text, not a picture'], 'holiday.jpg', { type: 'image/jpeg' })
    const oversized = new Uint8Array(MAX_PHOTO_BYTES + 1)
    oversized.set([0xff, 0xd8, 0xff, 0xe0])
    const big = new File([oversized], 'huge.jpg', { type: 'image/jpeg' })
    const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#336699' } }).png().toBuffer()
    const real = new File([new Uint8Array(png)], 'renamed.txt', { type: 'text/plain' })

    const refused = await validatePhotos([text, big])
    expect(refused.photos).toEqual([])
    expect(refused.errors).toEqual(['listings.errors.photoType?name=holiday.jpg', 'listings.errors.photoTooLarge?name=huge.jpg'])

    const accepted = await validatePhotos([real])
    expect(accepted.errors).toEqual([])
    expect(accepted.photos.map((p) => p.contentType)).toEqual(['image/png'])
    expect((await validatePhotos([real, real, real], 2)).errors).toEqual(['listings.errors.photoCount?maximum=4'])
    const fakeJpeg = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4])], 'broken.jpg')
    expect((await validatePhotos([fakeJpeg])).errors).toEqual(['listings.errors.photoUnreadable?name=broken.jpg'])
    // a PNG of 7000 × 7000 pixels (49 megapixels) compresses to a few KB: refused by its pixels, named as such
    const vast = await sharp({ create: { width: 7000, height: 7000, channels: 3, background: '#ffffff' } }).png().toBuffer()
    expect(vast.length).toBeLessThan(MAX_PHOTO_BYTES)
    expect((await validatePhotos([new File([new Uint8Array(vast)], 'poster.png')])).errors).toEqual([
      'listings.errors.photoTooManyPixels?name=poster.png&maximum=40',
    ])

    const listing = await createListing(db, memberA, centreA, memberA.user.id, values({ visibility: 'centre' }))
    await addPhotos(db, { id: listing.id, centreId: centreA.id }, accepted.photos)
    const ownerViewer = await viewerOf(memberA.user, centreA.id)
    const detail = await getListingForViewer(db, ownerViewer, centreA.id, listing.id)
    expect(detail!.photos).toHaveLength(1)
    const photoId = detail!.photos[0]!.id
    const thumb = await getPhotoForViewer(db, ownerViewer, centreA.id, listing.id, photoId, 'thumb')
    expect(thumb!.contentType).toBe('image/webp')
    expect((await sharp(thumb!.bytes).metadata()).width).toBe(480)
    const full = await getPhotoForViewer(db, ownerViewer, centreA.id, listing.id, photoId, 'full')
    expect(full!.contentType).toBe('image/png')
    // the stored photo is re-encoded without metadata (ADR 059), but it is the same picture, pixel for pixel
    // (Buffer.equals: toEqual walks 2.9 million bytes one by one, ~1 minute on a busy machine)
    expect((await sharp(full!.bytes).raw().toBuffer()).equals(await sharp(png).raw().toBuffer())).toBe(true)
    // a member of another centre cannot fetch a centre-only listing's photo
    expect(await getPhotoForViewer(db, await viewerOf(memberB.user, centreA.id), centreA.id, listing.id, photoId, 'full')).toBeNull()
  })

  it('an edit never leaves more than four photos: counted under the listing’s lock, a photo named twice for removal counts once', async () => {
    const db = database.db
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#993366' } }).png().toBuffer()
    const { photos: one } = await validatePhotos([new File([new Uint8Array(png)], 'a.png')])
    const listing = await createListing(db, memberA, centreA, memberA.user.id, values({ visibility: 'centre' }))
    await addPhotos(db, { id: listing.id, centreId: centreA.id }, [...one, ...one, ...one, ...one])
    const viewer = await viewerOf(memberA.user, centreA.id)
    const before = await photoIdsOf(db, listing.id)
    expect(before).toHaveLength(4)
    // four removals of the same photo and four new ones: 3 stay + 4 = 7
    const edit = updateListing(db, viewer, centreA, listing.id, values({ title: 'Neuer Titel' }), { remove: [before[0]!, before[0]!, before[0]!, before[0]!], add: [...one, ...one, ...one, ...one] })
    await expect(edit).rejects.toBeInstanceOf(TooManyPhotosError)
    // nothing of the edit is written
    expect(await photoIdsOf(db, listing.id)).toEqual(before)
    expect((await getListingForViewer(db, viewer, centreA.id, listing.id))!.listing.title).toBe('Bohrmaschine zu verleihen')
    // one removed, one added: still four
    const swapped = await updateListing(db, viewer, centreA, listing.id, values(), { remove: [before[0]!], add: one })
    expect(swapped).not.toBeNull()
    expect(await photoIdsOf(db, listing.id)).toHaveLength(4)
  })
})

describe('reports', () => {
  it('records a report once while it is open, and limits reports per hour', async () => {
    const db = database.db
    const reporter = await makeUser(db)
    const listing = await createListing(db, memberA, centreA, memberA.user.id, values({ visibility: 'network' }))
    const input = { reporterId: reporter.id, centreId: centreA.id, subjectType: 'listing' as const, subjectId: listing.id, reason: 'Das ist Werbung.' }
    expect((await createReport(db, input)).created).toBe(true)
    expect((await createReport(db, input)).created).toBe(false)
    const rows = await db.select().from(reports).where(and(eq(reports.subjectId, listing.id), eq(reports.status, 'open')))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ reporterId: reporter.id, centreId: centreA.id, reason: 'Das ist Werbung.' })
    const limits = []
    for (let i = 0; i <= REPORTS_PER_HOUR; i++) limits.push(await checkReportRateLimit(db, reporter.id))
    expect(limits[REPORTS_PER_HOUR - 1]!.allowed).toBe(true)
    expect(limits[REPORTS_PER_HOUR]!.allowed).toBe(false)
  })
})

describe('an initiative’s listings', () => {
  it('lists active offers and needs visible to the viewer', async () => {
    const db = database.db
    const member = await makeMember(db, centreA.id)
    await createListing(db, member, centreA, member.user.id, values({ title: 'Angebot A', visibility: 'network' }))
    await createListing(db, member, centreA, member.user.id, values({ title: 'Bedarf B', kind: 'need', visibility: 'centre' }))
    const paused = await createListing(db, member, centreA, member.user.id, values({ title: 'Pausiert' }))
    await changeListingStatus(db, await viewerOf(member.user, centreA.id), centreA, paused.id, 'pause')
    const own = await listInitiativeListings(db, await viewerOf(member.user, centreA.id), centreA.id, member.initiative.id)
    expect(own.map((l) => l.title).sort()).toEqual(['Angebot A', 'Bedarf B'])
    const fromB = await listInitiativeListings(db, await viewerOf(memberB.user, centreA.id), centreA.id, member.initiative.id)
    expect(fromB.map((l) => l.title)).toEqual(['Angebot A'])
  })
})

it('runs on the expected database', () => {
  expect(database.kind).toBe(onPostgres() ? 'postgres' : 'pglite')
})
