import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, makeCentre, makeMember, makeUser } from '#db/factories'
import { emailOutbox, exchanges, matchDismissals, notifications, savedSearches } from '#db/schema'
import { postExchange } from '~/modules/ledger/ledger.server'
import { findMatches, POOL } from '~/modules/matching/candidates.server'
import { dismissMatch, matchesForInitiatives, onListingPublished } from '~/modules/matching/matching.server'
import { conceptColumns } from '~/modules/matching/listing-concepts.server'
import { refreshSavedSearchConcepts, saveSearch, setPreference } from '~/modules/notifications/notifications.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'
import { makeListing } from './matching-world'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

describe('match candidates', () => {
  it('finds the fitting offer with its reasons, across languages, and not the wrong kind or category', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const needer = await makeMember(db, centre.id)
    const giver = await makeMember(db, centre.id)
    const need = await makeListing(db, needer.initiative, {
      kind: 'need',
      title: 'Bohrmaschine für Betonwand gesucht',
      description: 'Wir brauchen eine kräftige Bohrmaschine für Beton.',
    })
    const drill = await makeListing(db, giver.initiative, {
      kind: 'offer',
      title: 'Schlagbohrmaschine zu verleihen',
      description: 'Bohrmaschine mit Betonbohrern, gut erhalten.',
    })
    const saw = await makeListing(db, giver.initiative, { kind: 'offer', title: 'Stichsäge', description: 'Für Holz.' })
    await makeListing(db, giver.initiative, { kind: 'need', title: 'Bohrmaschine gesucht' })
    await makeListing(db, giver.initiative, { kind: 'offer', category: 'skill', title: 'Bohrmaschine reparieren' })
    const own = await makeListing(db, needer.initiative, { kind: 'offer', title: 'Bohrmaschine' })

    const matches = await findMatches(db, need.id)
    const ids = matches.map((m) => m.other.id)
    expect(ids[0]).toBe(drill.id)
    expect(ids).toContain(saw.id)
    expect(ids).not.toContain(own.id)
    expect(matches).toHaveLength(2)
    const keys = matches[0]!.reasons.map((r) => r.key)
    expect(keys).toContain('sameCategory')
    expect(keys).toContain('keywords')
    expect(matches[0]!.score).toBeGreaterThan(matches[1]!.score)
  })

  it('ranks an offer that says it lacks what the need asks for after one that has it, both ways, and says why', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const needer = await makeMember(db, centre.id)
    const giver = await makeMember(db, centre.id)
    const need = await makeListing(db, needer.initiative, {
      kind: 'need',
      title: 'Beamer mit HDMI',
      description: 'Für einen Vortrag mit dem Laptop, HDMI-Anschluss nötig.',
    })
    const without = await makeListing(db, giver.initiative, {
      kind: 'offer',
      title: 'Beamer zu verleihen',
      description: 'Älterer Beamer ohne HDMI, nur VGA.',
    })
    const withIt = await makeListing(db, giver.initiative, {
      kind: 'offer',
      title: 'Beamer zu verleihen',
      description: 'Beamer mit HDMI und VGA, Kabel dabei.',
    })
    const matches = await findMatches(db, need.id)
    expect(matches.map((m) => m.other.id)).toEqual([withIt.id, without.id])
    const lacking = matches[1]!
    expect(lacking.reasons).toContainEqual({ key: 'lacks', params: { words: 'HDMI' } })
    expect(matches[0]!.reasons.map((r) => r.key)).not.toContain('lacks')
    expect(matches[0]!.score - lacking.score).toBeGreaterThanOrEqual(20)

    // seen from the offer: the need that asks for HDMI is told the same
    const fromOffer = await findMatches(db, without.id)
    expect(fromOffer.find((m) => m.other.id === need.id)?.reasons).toContainEqual({ key: 'lacks', params: { words: 'HDMI' } })
  })

  it('respects centre scoping: another centre only through network-visible listings', async () => {
    const db = database.db
    const a = await makeCentre(db)
    const b = await makeCentre(db)
    const needer = await makeMember(db, a.id)
    const other = await makeMember(db, b.id)
    const need = await makeListing(db, needer.initiative, { kind: 'need', title: 'Beamer für Vortrag' })
    const hidden = await makeListing(db, other.initiative, { kind: 'offer', title: 'Beamer zu verleihen', visibility: 'centre' })
    const shared = await makeListing(db, other.initiative, { kind: 'offer', title: 'Beamer im Netzwerk', visibility: 'network' })
    const ids = (await findMatches(db, need.id)).map((m) => m.other.id)
    expect(ids).toContain(shared.id)
    expect(ids).not.toContain(hidden.id)
  })

  it('never shows a dismissed pairing to the side that dismissed it, but still to the other side', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const needer = await makeMember(db, centre.id)
    const giver = await makeMember(db, centre.id)
    const need = await makeListing(db, needer.initiative, { kind: 'need', title: 'Lastenrad für Umzug' })
    const bike = await makeListing(db, giver.initiative, { kind: 'offer', title: 'Lastenrad zu verleihen' })
    expect((await findMatches(db, need.id)).map((m) => m.other.id)).toContain(bike.id)
    expect(
      await dismissMatch(db, {
        centreId: centre.id,
        initiativeId: needer.initiative.id,
        listingId: need.id,
        otherListingId: bike.id,
        userId: needer.user.id,
      }),
    ).toBe(true)
    expect((await findMatches(db, need.id)).map((m) => m.other.id)).not.toContain(bike.id)
    const reverse = await findMatches(db, bike.id)
    expect(reverse.map((m) => m.other.id)).toContain(need.id)
    expect(reverse.find((m) => m.other.id === need.id)?.otherSideDismissed).toBe(true)
    // someone else's listing cannot be dismissed in their name
    expect(
      await dismissMatch(db, {
        centreId: centre.id,
        initiativeId: needer.initiative.id,
        listingId: bike.id,
        otherListingId: need.id,
        userId: needer.user.id,
      }),
    ).toBe(false)
    // nor a pairing with a listing the person may not read: another centre's centre-only one, a paused
    // one of another initiative (an existing id is answered as an unknown one, and nothing is written)
    const elsewhere = await makeMember(db, (await makeCentre(db)).id)
    const foreign = await makeListing(db, elsewhere.initiative, { kind: 'offer', title: 'Lastenrad anderswo', visibility: 'centre' })
    const paused = await makeListing(db, giver.initiative, { kind: 'offer', title: 'Lastenrad pausiert', status: 'paused' })
    for (const other of [foreign, paused]) {
      const input = { centreId: centre.id, initiativeId: needer.initiative.id, listingId: need.id, otherListingId: other.id, userId: needer.user.id }
      expect(await dismissMatch(db, input), other.title).toBe(false)
    }
    const written = await db.select().from(matchDismissals).where(eq(matchDismissals.listingId, need.id))
    expect(written.map((d) => d.otherListingId)).toEqual([bike.id])
  })

  it('uses loan amounts, room capacities and the ledger', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const needer = await makeMember(db, centre.id)
    const rich = await makeMember(db, centre.id)
    const poor = await makeMember(db, centre.id)
    const need = await makeListing(db, needer.initiative, {
      kind: 'need',
      category: 'loan',
      title: 'Kredit für Kühlschrank',
      details: { category: 'loan', amountCents: 300000, termMonths: 12, interestRateBasisPoints: 0 },
    })
    const enough = await makeListing(db, rich.initiative, {
      kind: 'offer',
      category: 'loan',
      title: 'Solidarkredit',
      details: { category: 'loan', amountCents: 500000, termMonths: 24, interestRateBasisPoints: 0 },
    })
    const tooLittle = await makeListing(db, poor.initiative, {
      kind: 'offer',
      category: 'loan',
      title: 'Kleiner Kredit',
      details: { category: 'loan', amountCents: 50000, termMonths: 6, interestRateBasisPoints: 0 },
    })
    // rich helped needer before: a confirmed exchange, written to the ledger
    const [exchange] = await db
      .insert(exchanges)
      .values({
        centreId: centre.id,
        providerInitiativeId: rich.initiative.id,
        receiverInitiativeId: needer.initiative.id,
        proposerSide: 'provider',
        title: 'Buchhaltung',
        proposedMinutes: 60,
        actualMinutes: 60,
        state: 'confirmed',
        completedAt: new Date(),
        confirmedAt: new Date(),
      })
      .returning()
    await db.transaction((tx) => postExchange(tx, exchange!, { createdBy: null }))
    const matches = await findMatches(db, need.id)
    expect(matches.map((m) => m.other.id)).toEqual([enough.id, tooLittle.id])
    expect(matches[0]!.reasons.map((r) => r.key)).toEqual(expect.arrayContaining(['amount', 'term', 'theyHelped']))
    expect(matches[1]!.reasons.map((r) => r.key)).not.toContain('amount')
  })
  it('reads a room need’s listed equipment against what an offer says it has not, and a course against a need for the work', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const needer = await makeMember(db, centre.id)
    const giver = await makeMember(db, centre.id)
    const room = await makeListing(db, needer.initiative, {
      kind: 'need',
      category: 'room',
      title: 'Ruhiger Behandlungsraum für Massage',
      description: 'Suche einen ruhigen, gut heizbaren Raum mit Waschbecken, zwei Nachmittage die Woche.',
      details: { category: 'room', capacity: 2, equipment: ['Waschbecken', 'Heizung'] },
    })
    const cold = await makeListing(db, giver.initiative, {
      kind: 'offer',
      category: 'room',
      title: 'Behandelkamer met wastafel',
      description: 'Kleine kamer met wastafel, geschikt voor behandelingen. Er is geen verwarming.',
      details: { category: 'room', capacity: 2 },
    })
    const [match] = (await findMatches(db, room.id)).filter((m) => m.other.id === cold.id)
    // the heating it says it has not is no equipment found, and it is named as what it lacks
    expect(match!.reasons).toContainEqual({ key: 'lacks', params: { words: 'verwarming' } })
    expect(match!.reasons.find((r) => r.key === 'equipment')?.params?.items ?? '').not.toContain('Heizung')

    const work = await makeListing(db, needer.initiative, {
      kind: 'need',
      category: 'skill',
      title: 'Trockenbau: eine Wand in der Werkstatt',
      description: 'Wir wollen die Werkstatt mit einer Gipskartonwand teilen. Material ist da, wer kann das?',
      details: { category: 'skill' },
    })
    const course = await makeListing(db, giver.initiative, {
      kind: 'offer',
      category: 'skill',
      title: 'Trockenbau-Kurs am Wochenende',
      description: 'Lerne selbst eine Gipskartonwand zu stellen, in unserer Werkstatt.',
      details: { category: 'skill' },
    })
    const [taught] = (await findMatches(db, work.id)).filter((m) => m.other.id === course.id)
    expect(taught!.reasons.map((r) => r.key)).toContain('courseNotService')
  })

  it('puts an offer that says it is broken after one that works, says so, and not for a need that wants parts', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const needer = await makeMember(db, centre.id)
    const giver = await makeMember(db, centre.id)
    const other = await makeMember(db, centre.id)
    const need = await makeListing(db, needer.initiative, { kind: 'need', title: 'Nähmaschine leihen', description: 'Für zwei Wochen, wir nähen Vorhänge.' })
    const broken = await makeListing(db, giver.initiative, {
      kind: 'offer',
      title: 'Nähmaschine Pfaff, Nähmaschine für Vorhänge',
      description: 'Leider defekt, Motor brummt nur.',
    })
    const working = await makeListing(db, other.initiative, { kind: 'offer', title: 'Nähmaschine zu verleihen', description: 'Läuft gut.' })
    const matches = await findMatches(db, need.id)
    expect(matches.map((m) => m.other.id)).toEqual([working.id, broken.id])
    expect(matches[1]!.reasons).toContainEqual({ key: 'broken', params: { words: 'defekt' } })
    // the condition "broken" on the form counts as the words do
    const given = await makeListing(db, giver.initiative, {
      kind: 'offer',
      title: 'Nähmaschine für Vorhänge, Nähmaschine',
      description: 'Gut für Vorhänge.',
      details: { category: 'tool', condition: 'broken' },
    })
    const again = await findMatches(db, need.id)
    expect(again.map((m) => m.other.id)[0]).toBe(working.id)
    expect(again.find((m) => m.other.id === given.id)!.reasons).toContainEqual({ key: 'brokenCondition' })
    // someone after spare parts is shown the broken one without the mark
    const parts = await makeListing(db, needer.initiative, { kind: 'need', title: 'Ersatzteile für eine Nähmaschine', description: 'Auch kaputte Geräte willkommen.' })
    const forParts = await findMatches(db, parts.id)
    expect(forParts.find((m) => m.other.id === broken.id)!.reasons.map((r) => r.key)).not.toContain('broken')
  })

  it('puts a loan for the purpose stated before one of a closer size for another purpose, and says so (issue #16 item 5)', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const needer = await makeMember(db, centre.id)
    const lender = await makeMember(db, centre.id)
    const loan = (amountCents: number, termMonths: number) => ({ category: 'loan' as const, amountCents, termMonths, interestRateBasisPoints: 0 })
    const need = await makeListing(db, needer.initiative, {
      kind: 'need',
      category: 'loan',
      title: 'Small loan to buy yarn stock before the Christmas market',
      description: 'Our knitting collective repays in January.',
      details: loan(150000, 4),
    })
    const startUp = await makeListing(db, lender.initiative, {
      kind: 'offer',
      category: 'loan',
      title: 'Startkredit für Gründer*innen',
      description: 'Kleine Kredite für alle, die ein Geschäft gründen.',
      details: loan(150000, 4),
    })
    const stock = await makeListing(db, lender.initiative, {
      kind: 'offer',
      category: 'loan',
      title: 'Warenkredit für Saisonware',
      description: 'Kurzfristiger Kredit für den Einkauf von Ware vor Märkten.',
      details: loan(200000, 6),
    })
    const matches = await findMatches(db, need.id)
    expect(matches.map((m) => m.other.id)).toEqual([stock.id, startUp.id])
    expect(matches[0]!.reasons).toContainEqual({ key: 'loanPurpose', params: { purpose: 'stock' } })
    expect(matches[1]!.reasons).toContainEqual({ key: 'loanPurposeOther', params: { purposes: 'start' } })
  })
  it('with term statistics, a stem most listings carry no longer selects candidates; a rare one still does', async () => {
    const db = database.db
    const home = await makeCentre(db)
    const away = await makeCentre(db)
    const needer = await makeMember(db, home.id)
    const giver = await makeMember(db, away.id)
    // 120 network-visible offers of another centre share one word with the need (so none of them
    // is among the newest of the need's own centre); one also shares its rare word
    for (let i = 0; i < 120; i++) {
      await makeListing(db, giver.initiative, { kind: 'offer', title: `Nachbarschaftskiste ${i}`, visibility: 'network' })
    }
    const rare = await makeListing(db, giver.initiative, {
      kind: 'offer',
      title: 'Zwirbelbohrer und Nachbarschaftskiste',
      visibility: 'network',
    })
    const need = await makeListing(db, needer.initiative, { kind: 'need', title: 'Zwirbelbohrer Nachbarschaftskiste' })
    await db.execute(sql`analyze listings`)

    // the default budget is far above this table's size: the common word selects as before
    const all = (await findMatches(db, need.id, { limit: 200 })).map((m) => m.other.id)
    expect(all).toContain(rare.id)
    expect(all).toHaveLength(POOL.textHits)
    expect(all[0]).toBe(rare.id)

    // a budget below the common word's postings: only the rare word selects, and the offer
    // that carries both still gets both in its score
    const cut = await findMatches(db, need.id, { limit: 200, pool: { ...POOL, postings: 50 } })
    expect(cut.map((m) => m.other.id)).toEqual([rare.id])
    // (its score differs from the full pool's: there the common word counts as a description word, commonInPool)
    const keywords = cut[0]!.reasons.find((r) => r.key === 'keywords')?.params?.words
    expect(keywords).toContain('Zwirbelbohrer')
    expect(keywords).toContain('Nachbarschaftskiste')
  })
})

describe('notifications when a listing is published', () => {
  it('tells the strongly matching side and the publisher, and saved-search owners, and nobody else', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const needer = await makeMember(db, centre.id)
    const colleague = await makeUser(db)
    await addMember(db, needer.initiative, colleague.id)
    const giver = await makeMember(db, centre.id)
    const unrelated = await makeMember(db, centre.id)
    const searcher = await makeMember(db, centre.id)
    const wrongSearch = await makeMember(db, centre.id)
    const outsider = await makeMember(db, (await makeCentre(db)).id)
    await saveSearch(db, searcher.user.id, centre.id, { words: 'Nähmaschine', kind: 'offer', category: null })
    await saveSearch(db, wrongSearch.user.id, centre.id, { words: 'Nähmaschine', kind: 'need', category: null })
    await saveSearch(db, outsider.user.id, centre.id, { words: 'Nähmaschine', kind: null, category: null })
    await setPreference(db, colleague.id, 'match.new', 'never')
    await makeListing(db, unrelated.initiative, { kind: 'need', title: 'Leiter für Dachrinne' })
    const need = await makeListing(db, needer.initiative, {
      kind: 'need',
      title: 'Nähmaschine für Kostüme gesucht',
      description: 'Eine Nähmaschine für unsere Theaterkostüme.',
    })
    const offer = await makeListing(db, giver.initiative, {
      kind: 'offer',
      title: 'Nähmaschine zu verleihen',
      description: 'Robuste Nähmaschine, auch für Kostüme und dicke Stoffe.',
    })
    const told = await onListingPublished(db, offer.id)
    expect(new Set(told.matched)).toEqual(new Set([needer.user.id, colleague.id, giver.user.id]))
    expect(told.searched).toEqual([searcher.user.id])

    const forNeeder = await db.select().from(notifications).where(eq(notifications.userId, needer.user.id))
    expect(forNeeder).toHaveLength(1)
    expect(forNeeder[0]).toMatchObject({ kind: 'match.new', delivery: 'daily', emailedAt: null })
    expect(forNeeder[0]!.payload).toMatchObject({ title: offer.title, yours: need.title })
    const forColleague = await db.select().from(notifications).where(eq(notifications.userId, colleague.id))
    expect(forColleague[0]).toMatchObject({ delivery: 'never' })
    for (const nobody of [unrelated.user.id, wrongSearch.user.id, outsider.user.id]) {
      expect(await db.select().from(notifications).where(eq(notifications.userId, nobody))).toEqual([])
    }
  })

  it('tells another centre’s matching side only of a listing it may see (not of a centre-only one)', async () => {
    const db = database.db
    const home = await makeCentre(db)
    const away = await makeCentre(db)
    const needer = await makeMember(db, away.id)
    const giver = await makeMember(db, home.id)
    // another centre's need, open to the network: the giver's initiative may see it, so it is a candidate
    await makeListing(db, needer.initiative, {
      kind: 'need',
      title: 'Nähmaschine für Kostüme gesucht',
      description: 'Eine Nähmaschine für unsere Theaterkostüme.',
      visibility: 'network',
    })
    const offer = (visibility: 'centre' | 'network') =>
      makeListing(db, giver.initiative, {
        kind: 'offer',
        title: `Nähmaschine zu verleihen (${visibility})`,
        description: 'Robuste Nähmaschine, auch für Kostüme und dicke Stoffe.',
        visibility,
      })
    const inHouse = await offer('centre')
    const told = await onListingPublished(db, inHouse.id)
    expect(told.matched).not.toContain(needer.user.id)
    expect(await db.select().from(notifications).where(eq(notifications.userId, needer.user.id))).toEqual([])
    // the publisher still hears of the need it may see
    expect(told.matched).toContain(giver.user.id)
    const shared = await offer('network')
    expect((await onListingPublished(db, shared.id)).matched).toContain(needer.user.id)
  })

  it('queues an immediate e-mail, in the person’s language, only for who chose immediately', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const needer = await makeMember(db, centre.id)
    const giver = await makeMember(db, centre.id)
    await setPreference(db, needer.user.id, 'match.new', 'immediate')
    const { users } = await import('#db/schema')
    await db.update(users).set({ locale: 'fr' }).where(eq(users.id, needer.user.id))
    await makeListing(db, needer.initiative, { kind: 'need', title: 'Vélo cargo pour déménagement', language: 'fr' })
    const offer = await makeListing(db, giver.initiative, {
      kind: 'offer',
      title: 'Vélo cargo à prêter',
      description: 'Vélo cargo pour déménagement',
      language: 'fr',
    })
    await onListingPublished(db, offer.id)
    const mails = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, needer.user.email))
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toContain('correspond à votre annonce')
    expect(mails[0]!.html).toContain('<a href="http')
    expect(mails[0]!.text).toMatch(/\/unsubscribe\/[\w-]+\.[\w-]+/)
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, giver.user.email))).toEqual([])
  })

  it('gathers the matches page for a member, best first, above the threshold', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const needer = await makeMember(db, centre.id)
    const giver = await makeMember(db, centre.id)
    await makeListing(db, needer.initiative, { kind: 'need', title: 'Proberaum für Chor', category: 'room', details: { category: 'room', capacity: 20 } })
    const hall = await makeListing(db, giver.initiative, {
      kind: 'offer',
      category: 'room',
      title: 'Saal für Proben und Chor',
      details: { category: 'room', capacity: 40 },
    })
    const matches = await matchesForInitiatives(db, centre.id, [needer.initiative.id])
    expect(matches[0]?.other.id).toBe(hall.id)
    expect(matches[0]?.reasons.map((r) => r.key)).toContain('room')
  })
})

describe('saved searches find what the listings page finds (ADR 084)', () => {
  it('a search that names a concept fits a listing whose author confirmed it, in another language; a compound part fits too', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const giver = await makeMember(db, centre.id)
    const byConcept = await makeMember(db, centre.id)
    const byPart = await makeMember(db, centre.id)
    const byExclusion = await makeMember(db, centre.id)
    const saved = await saveSearch(db, byConcept.user.id, centre.id, { words: 'Beamer', kind: null, category: null }, { language: 'de' })
    expect(saved.concepts).toEqual(['projector'])
    await saveSearch(db, byPart.user.id, centre.id, { words: 'Räumen', kind: null, category: null })
    // websearch syntax asks for exactly those words: no compound parts
    await saveSearch(db, byExclusion.user.id, centre.id, { words: 'Räumen -Keller', kind: null, category: null })

    // the French text never says "Beamer"; only the confirmed concept links them
    const untagged = await makeListing(db, giver.initiative, { kind: 'offer', title: 'Appareil pour soirées cinéma', language: 'fr' })
    expect((await onListingPublished(db, untagged.id)).searched).toEqual([])
    const tagged = await makeListing(db, giver.initiative, {
      kind: 'offer',
      title: 'Appareil pour soirées cinéma',
      language: 'fr',
      ...conceptColumns(['projector']),
    })
    expect((await onListingPublished(db, tagged.id)).searched).toEqual([byConcept.user.id])

    const room = await makeListing(db, giver.initiative, { kind: 'offer', category: 'room', title: 'Proberaum am Abend frei' })
    expect((await onListingPublished(db, room.id)).searched).toEqual([byPart.user.id])

    // every word's part, as on the listings page: "Proberaum Keller" wants the cellar too; "gesucht" asks for none
    const byTwoWords = await makeMember(db, centre.id)
    await saveSearch(db, byTwoWords.user.id, centre.id, { words: 'Proberaum Keller', kind: null, category: null })
    const byGeneric = await makeMember(db, centre.id)
    await saveSearch(db, byGeneric.user.id, centre.id, { words: 'Nähmaschine gesucht', kind: null, category: null })
    const byEither = await makeMember(db, centre.id)
    await saveSearch(db, byEither.user.id, centre.id, { words: 'Kettensäge or Keller', kind: null, category: null })
    const another = await makeListing(db, giver.initiative, { kind: 'offer', category: 'room', title: 'Bandproberäume frei' })
    expect((await onListingPublished(db, another.id)).searched).toEqual([byPart.user.id])
    const cellar = await makeListing(db, giver.initiative, { kind: 'offer', category: 'room', title: 'Bandproberäume im Keller' })
    expect((await onListingPublished(db, cellar.id)).searched.sort()).toEqual([byPart.user.id, byTwoWords.user.id, byEither.user.id].sort())
    const shelf = await makeListing(db, giver.initiative, { kind: 'need', category: 'other', title: 'Regal gesucht' })
    expect((await onListingPublished(db, shelf.id)).searched).toEqual([])
  })

  it('concepts:apply gives searches saved before concepts theirs, once', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const searcher = await makeMember(db, centre.id)
    const saved = await saveSearch(db, searcher.user.id, centre.id, { words: 'vidéoprojecteur', kind: null, category: null }, { language: 'fr' })
    await db.update(savedSearches).set({ concepts: [] }).where(eq(savedSearches.id, saved.id))
    expect(await refreshSavedSearchConcepts(db)).toBeGreaterThanOrEqual(1)
    const [after] = await db.select().from(savedSearches).where(eq(savedSearches.id, saved.id))
    expect(after!.concepts).toEqual(['projector'])
    expect(await refreshSavedSearchConcepts(db)).toBe(0)
    // the database refuses more than 20
    await expect(
      db.update(savedSearches).set({ concepts: Array.from({ length: 21 }, (_, i) => `c${i}`) }).where(eq(savedSearches.id, saved.id)),
    ).rejects.toThrow()
  })
})

describe('a word many candidates share says little (commonInPool)', () => {
  it('ranks the offer with the need’s specific word above rooms that only share "Raum"', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const needer = await makeMember(db, centre.id)
    const giver = await makeMember(db, centre.id)
    const need = await makeListing(db, needer.initiative, {
      kind: 'need',
      category: 'room',
      title: 'Raum als Dunkelkammer gesucht',
      description: 'Gern mit Vergrößerer, zweimal im Monat.',
    })
    for (const name of ['Heller Raum', 'Ruhiger Raum', 'Großer Raum', 'Kleiner Raum', 'Raum im Hof', 'Raum am Park']) {
      await makeListing(db, giver.initiative, { kind: 'offer', category: 'room', title: name, description: 'Stundenweise zu vermieten.' })
    }
    const lab = await makeListing(db, giver.initiative, {
      kind: 'offer',
      category: 'room',
      title: 'Labor im Souterrain',
      description: 'Eine Dunkelkammer mit Vergrößerer und Wasseranschluss.',
    })
    const matches = await findMatches(db, need.id)
    expect(matches[0]?.other.id).toBe(lab.id)
    // the common word still counts: every room that shares it is found
    expect(matches).toHaveLength(7)
  })
})
