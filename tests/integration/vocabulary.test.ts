import { and, eq, sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCentre, makeInitiative, makeManager, makeMember, makeUser } from '#db/factories'
import { rowsOf } from '#db/rows'
import { auditLog, vocabularyConcepts, vocabularyLabels, vocabularyRevision } from '#db/schema'
import { matchesForListing } from '~/modules/matching/matching.server'
import { VocabularyActionSchema } from '~/modules/matching/schemas'
import {
  addConcept,
  addLabel,
  currentThesaurus,
  REVISION_CHECK_MS,
  removeConcept,
  removeLabel,
  vocabularyPage,
} from '~/modules/matching/vocabulary.server'
import { personalDataChunks } from '~/modules/privacy/export.server'
import { parseForm } from '~/utils/forms.server'
import { createTestDatabase, onPostgres, type TestDatabase } from '../setup/db'
import { makeListing } from './matching-world'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())
const db = () => database.db
const names = (key: string) => key

async function world() {
  const centre = await makeCentre(db())
  const other = await makeCentre(db())
  const manager = await makeManager(db(), centre.id)
  const otherManager = await makeManager(db(), other.id)
  const admin = await makeUser(db(), { isAdmin: true })
  return {
    centre,
    other,
    actor: { userId: manager.id, centreId: centre.id, isAdmin: false },
    otherActor: { userId: otherManager.id, centreId: other.id, isAdmin: false },
    adminActor: { userId: admin.id, centreId: other.id, isAdmin: true },
  }
}

const revision = async () => (await db().select().from(vocabularyRevision))[0]?.revision ?? 0
const labelRows = async (label: string) => db().select().from(vocabularyLabels).where(eq(vocabularyLabels.label, label))

describe('the vocabulary grown in the console', () => {
  it('a new concept links a need and an offer at once; removing it unlinks them again', async () => {
    const { centre, actor } = await world()
    const needer = await makeMember(db(), centre.id)
    const giver = await makeMember(db(), centre.id)
    const need = await makeListing(db(), needer.initiative, {
      kind: 'need',
      category: 'tool',
      title: 'Brezelofen gesucht',
      description: 'Für unser Straßenfest am Samstag.',
      language: 'de',
    })
    const offer = await makeListing(db(), giver.initiative, {
      kind: 'offer',
      category: 'tool',
      title: 'Pretzel oven to lend',
      description: 'A small electric pretzel oven, works well.',
      language: 'en',
    })
    const linked = async () => (await matchesForListing(db(), need.id, 10)).some((m) => m.other.id === offer.id)
    expect(await linked()).toBe(false)

    const added = await addConcept(db(), actor, { category: 'tool', de: 'Brezelofen', en: 'pretzel oven' }, names)
    expect(added).toEqual({ ok: true, key: 'pretzel-oven' })
    expect(await linked()).toBe(true)
    const [concept] = await db().select().from(vocabularyConcepts).where(eq(vocabularyConcepts.key, 'pretzel-oven'))
    expect(concept).toMatchObject({
      category: 'tool',
      centreId: centre.id,
      createdBy: actor.userId,
    })
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.centreId, centre.id), eq(auditLog.action, 'vocabulary.concept_added')))
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      subjectType: 'vocabulary_concept',
      subjectId: 'pretzel-oven',
      actorId: actor.userId,
    })

    // a concept whose first label makes the same key gets a key of its own
    expect(await addConcept(db(), actor, { category: 'tool', de: 'Pretzel-Oven' }, names)).toEqual({ ok: true, key: 'pretzel-oven-2' })

    expect(await removeConcept(db(), actor, 'pretzel-oven')).toEqual({
      ok: true,
      key: 'pretzel-oven',
    })
    expect(await labelRows('Brezelofen')).toHaveLength(0)
    expect(await linked()).toBe(false)
  })

  it('once another centre builds on a concept, the centre that added it may not remove it; a platform admin may', async () => {
    const { other, actor, otherActor, adminActor } = await world()
    const concept = async (de: string) => {
      const added = await addConcept(db(), actor, { category: 'tool', de }, names)
      if (!added.ok) throw new Error(`not added: ${added.error}`)
      return added.key
    }
    const exists = async (key: string) => (await db().select().from(vocabularyConcepts).where(eq(vocabularyConcepts.key, key))).length === 1
    const refused = { ok: false, field: 'concept', error: 'vocabulary.errors.usedElsewhere' }

    // a word of another centre's on it
    const withWord = await concept('Kürbisschnitzmesser')
    expect(await addLabel(db(), otherActor, { concept: withWord, language: 'nl', label: 'pompoenmes' }, names)).toMatchObject({ ok: true })
    const before = await revision()
    expect(await removeConcept(db(), actor, withWord)).toEqual(refused)
    expect(await exists(withWord)).toBe(true)
    expect(await labelRows('pompoenmes')).toHaveLength(1)
    expect(await revision()).toBe(before)

    // another centre's concept under it
    const withNarrower = await concept('Zwirbelquirlhalter')
    expect(await addConcept(db(), otherActor, { category: 'tool', de: 'Zwirbelquirl-Ersatzkopf', broader: withNarrower }, names)).toMatchObject({ ok: true })
    expect(await removeConcept(db(), actor, withNarrower)).toEqual(refused)

    // a listing of another centre's whose author confirmed it
    const withListing = await concept('Kerzenziehtopf')
    const theirs = await makeInitiative(db(), other.id)
    await makeListing(db(), theirs, { kind: 'offer', title: 'Wachs und Topf zum Kerzenziehen', concepts: [withListing] })
    expect(await removeConcept(db(), actor, withListing)).toEqual(refused)

    // what only its own centre uses, it may remove; the platform admin may remove the rest
    const ownOnly = await concept('Filznadelset')
    expect(await addLabel(db(), actor, { concept: ownOnly, language: 'en', label: 'felting needles' }, names)).toMatchObject({ ok: true })
    expect(await removeConcept(db(), actor, ownOnly)).toEqual({ ok: true, key: ownOnly })
    for (const key of [withWord, withNarrower, withListing]) {
      expect(await removeConcept(db(), adminActor, key)).toEqual({ ok: true, key })
      expect(await exists(key)).toBe(false)
    }
    expect(await labelRows('pompoenmes')).toHaveLength(0)
  })

  it.skipIf(!onPostgres())('a word added while the concept is being removed waits for the removal, then finds it gone (no stray word)', async () => {
    const { actor, otherActor } = await world()
    const added = await addConcept(db(), actor, { category: 'tool', de: 'Sockenstopfpilz' }, names)
    if (!added.ok) throw new Error(added.error)
    // a removal in progress on another connection: the concept's row taken FOR UPDATE, as removeConcept does
    const other = postgres(database.url!, { max: 1, onnotice: () => {} })
    let release = () => {}
    try {
      const held = new Promise<void>((resolve) => (release = resolve))
      let locked!: () => void
      const isLocked = new Promise<void>((resolve) => (locked = resolve))
      const removal = other.begin(async (tx) => {
        await tx`select key from vocabulary_concepts where key = ${added.key} for update`
        locked()
        await held
        await tx`delete from vocabulary_concepts where key = ${added.key}`
      })
      await isLocked
      let settled = false
      const adding = addLabel(db(), otherActor, { concept: added.key, language: 'nl', label: 'stoppaddenstoel' }, names).finally(() => (settled = true))
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(settled).toBe(false) // it waits for the removal's decision
      release()
      await removal
      expect(await adding).toEqual({ ok: false, field: 'concept', error: 'vocabulary.errors.noConcept' })
      expect(await labelRows('stoppaddenstoel')).toHaveLength(0)
    } finally {
      release() // a failed expectation must not leave the removal waiting
      await other.end()
    }
  })

  it('a word added to a seed concept counts in matching; a manager of another centre may not remove it, an admin may', async () => {
    const { centre, actor, otherActor, adminActor } = await world()
    const needer = await makeMember(db(), centre.id)
    const giver = await makeMember(db(), centre.id)
    const need = await makeListing(db(), needer.initiative, {
      kind: 'need',
      title: 'Lichtwerfer für Filmabend gesucht',
      language: 'de',
    })
    const offer = await makeListing(db(), giver.initiative, {
      kind: 'offer',
      title: 'Videoprojektor',
      description: 'Full HD.',
      language: 'de',
    })
    const linked = async () => (await matchesForListing(db(), need.id, 10)).some((m) => m.other.id === offer.id)
    expect(await linked()).toBe(false)

    const before = await revision()
    expect(await addLabel(db(), actor, { concept: 'projector', language: 'de', label: 'Lichtwerfer' }, names)).toEqual({
      ok: true,
      key: 'projector',
    })
    expect(await revision()).toBe(before + 1)
    expect(await linked()).toBe(true)

    const [row] = await labelRows('Lichtwerfer')
    expect(await removeLabel(db(), otherActor, row!.id)).toEqual({
      ok: false,
      field: 'id',
      error: 'vocabulary.errors.notYours',
    })
    expect(await labelRows('Lichtwerfer')).toHaveLength(1)
    expect(await removeLabel(db(), adminActor, row!.id)).toEqual({
      ok: true,
      key: 'projector',
    })
    expect(await removeLabel(db(), adminActor, row!.id)).toEqual({
      ok: false,
      field: 'id',
      error: 'vocabulary.errors.gone',
    })
    expect(await linked()).toBe(false)
    const actions = await db()
      .select({ action: auditLog.action, centreId: auditLog.centreId })
      .from(auditLog)
      .where(eq(auditLog.subjectId, 'projector'))
    expect(actions).toEqual(
      expect.arrayContaining([
        { action: 'vocabulary.label_added', centreId: centre.id },
        { action: 'vocabulary.label_removed', centreId: adminActor.centreId },
      ])
    )
  })

  it('refuses a word that would silence another concept, a generic word, a repeat and an unknown concept, and writes nothing', async () => {
    const { actor } = await world()
    const before = await revision()
    const audits = async () => rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from audit_log`))[0]!.n
    const auditBefore = await audits()
    // "Leinwand" is the German label of the projection screen: as a label of the projector too it would name neither
    expect(await addLabel(db(), actor, { concept: 'projector', language: 'de', label: 'Leinwand' }, names)).toEqual({
      ok: false,
      field: 'label',
      error: 'vocabulary.errors.taken?concept=projection-screen',
    })
    expect(await addLabel(db(), actor, { concept: 'projector', language: 'de', label: 'Beamer' }, names)).toMatchObject({
      error: 'vocabulary.errors.already',
    })
    expect(await addLabel(db(), actor, { concept: 'projector', language: 'de', label: 'gesucht' }, names)).toMatchObject({
      error: 'vocabulary.errors.generic',
    })
    expect(await addLabel(db(), actor, { concept: 'no-such-thing', language: 'de', label: 'Zauberstab' }, names)).toMatchObject({
      field: 'concept',
      error: 'vocabulary.errors.noConcept',
    })
    // "Проектор": letters, but none the listings of these languages are written in
    expect(await addLabel(db(), actor, { concept: 'projector', language: 'de', label: 'Проектор' }, names)).toMatchObject({
      field: 'label',
      error: 'vocabulary.errors.latinLetters',
    })
    expect(await addConcept(db(), actor, { category: 'other' }, names)).toMatchObject({ field: 'de', error: 'vocabulary.errors.oneLabel' })
    expect(await addConcept(db(), actor, { category: 'other', en: 'x y' }, names)).toMatchObject({
      field: 'en',
      error: 'vocabulary.errors.tooShort',
    })
    expect(await revision()).toBe(before)
    expect(await audits()).toBe(auditBefore)
    expect(await labelRows('Leinwand')).toHaveLength(0)
  })

  it('of two people adding the same word at once, one adds it and the other is told it is there', async () => {
    const { actor, otherActor } = await world()
    const results = await Promise.all([
      addLabel(db(), actor, { concept: 'projector', language: 'nl', label: 'Lichtkanon' }, names),
      addLabel(db(), otherActor, { concept: 'projector', language: 'nl', label: 'lichtkanon' }, names),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.find((r) => !r.ok)).toMatchObject({
      field: 'label',
      error: 'vocabulary.errors.already',
    })
    expect(await db().select().from(vocabularyLabels).where(eq(vocabularyLabels.folded, 'lichtkanon'))).toHaveLength(1)
  })

  it('another process sees a change within the revision check', async () => {
    const seen = await currentThesaurus(db(), { fresh: true })
    expect(seen.conceptsOf('Wir suchen einen Wolkenschieber', 'de')).not.toContain('projector')
    // a change written by another app process: rows and revision, not through this module's cache
    await db().insert(vocabularyLabels).values({
      conceptKey: 'projector',
      language: 'de',
      label: 'Wolkenschieber',
      folded: 'wolkenschieber',
    })
    await db()
      .update(vocabularyRevision)
      .set({ revision: sql`${vocabularyRevision.revision} + 1` })
    const now = Date.now()
    expect((await currentThesaurus(db(), { now })).conceptsOf('Wir suchen einen Wolkenschieber', 'de')).not.toContain('projector')
    const later = await currentThesaurus(db(), {
      now: now + REVISION_CHECK_MS + 1,
    })
    expect(later.conceptsOf('Wir suchen einen Wolkenschieber', 'de')).toContain('projector')
  })

  it('the console lists concepts found by any label, with additions marked and who may remove them', async () => {
    const { actor, otherActor, adminActor } = await world()
    await addLabel(db(), actor, { concept: 'projector', language: 'fr', label: 'projo' }, names)
    const mine = await vocabularyPage(db(), actor, {
      q: 'projo',
      page: 1,
      language: 'en',
    })
    // the exact label first, then the concepts with a label containing it ("projecteurs" of stage lights)
    expect(mine.concepts.map((c) => c.key)).toEqual(['projector', 'stage-lights'])
    expect(mine.concepts[0]!.labels.fr.find((l) => l.text === 'projo')).toMatchObject({ mayRemove: true })
    expect(mine.concepts[0]!.labels.de.find((l) => l.text === 'Beamer')).toEqual({ text: 'Beamer' })
    const theirs = await vocabularyPage(db(), otherActor, {
      q: 'PROJO',
      page: 1,
      language: 'en',
    })
    expect(theirs.concepts[0]!.labels.fr.find((l) => l.text === 'projo')).toMatchObject({ mayRemove: false })
    const admins = await vocabularyPage(db(), adminActor, {
      q: 'projo',
      page: 1,
      language: 'en',
    })
    expect(admins.concepts[0]!.labels.fr.find((l) => l.text === 'projo')).toMatchObject({ mayRemove: true })
    expect(mine.latest[0]).toMatchObject({
      label: 'projo',
      concept: { key: 'projector' },
    })
    const all = await vocabularyPage(db(), actor, {
      q: '',
      page: 999,
      language: 'de',
    })
    expect(all.page).toBe(all.pages)
    expect(all.total).toBeGreaterThanOrEqual(637)
  })

  it('the form refuses NUL, markup and more than four words at the field; invisible controls are dropped', () => {
    const parse = (label: string) =>
      parseForm(
        new URLSearchParams({
          intent: 'addLabel',
          concept: 'projector',
          language: 'de',
          label,
        }),
        VocabularyActionSchema
      )
    for (const bad of ['<b>Beamer</b>', 'Beamer\u0000', 'a b c d e', 'x', 'B'.repeat(61), '-Beamer', 'https://x.test/a']) {
      const result = parse(bad)
      expect(result.status, bad).toBe('error')
      expect(Object.keys(result.reply().error ?? {}), bad).toEqual(['label'])
    }
    const good = parse('  Video-Beamer  ')
    expect(good.status).toBe('success')
    if (good.status === 'success') expect(good.value).toMatchObject({ label: 'Video-Beamer' })
    expect(parse("l'atelier d’art & co.").status).toBe('success')
    // an invisible control character (a pasted BEL, a right-to-left override) is removed before the checks
    const pasted = parse('Bea\u0007mer\u202E')
    expect(pasted.status === 'success' && pasted.value).toMatchObject({ label: 'Beamer' })
    // a tab or a line break is a space between words
    const tabbed = parse('Video\tBeamer')
    expect(tabbed.status === 'success' && tabbed.value).toMatchObject({
      label: 'Video Beamer',
    })
  })

  it('a person’s data export holds the words and concepts they added', async () => {
    const { actor } = await world()
    await addLabel(db(), actor, { concept: 'projector', language: 'en', label: 'slide thrower' }, names)
    await addConcept(db(), actor, { category: 'tool', nl: 'poffertjespan' }, names)
    let text = ''
    for await (const chunk of personalDataChunks(db(), actor.userId)) text += chunk
    const doc = JSON.parse(text) as Record<string, { label?: string; key?: string; concept_key?: string }[]>
    expect(doc.vocabularyWordsAdded!.map((w) => [w.concept_key, w.label]).sort()).toEqual([
      ['poffertjespan', 'poffertjespan'],
      ['projector', 'slide thrower'],
    ])
    expect(doc.vocabularyConceptsAdded!.map((c) => c.key)).toEqual(['poffertjespan'])
  })
})
