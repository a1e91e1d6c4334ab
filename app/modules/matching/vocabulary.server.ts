import { createHash } from 'node:crypto'
import { eq, inArray, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { rowsOf } from '#db/rows'
import { isUniqueViolation } from '#db/errors'
import { GENERIC_WORDS } from '#db/sql/generic-words'
import { centres, vocabularyConcepts, vocabularyLabels, vocabularyRevision } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import type { VOCABULARY_CATEGORIES } from './languages'
import { conceptMarker, createThesaurus, foldLabel, seedThesaurus, type Thesaurus, type VocabularyAdditions } from './thesaurus'
import { type Language, LANGUAGES, VOCABULARY } from './vocabulary'

/**
 * The shared vocabulary as people grow it (issue #16 item 1, ADR 080): centre managers and
 * platform admins add labels to concepts and concepts of their own in the console; the seed stays
 * a file. Every change raises `vocabulary_revision` in its transaction, and the matcher rebuilds
 * its index when it sees a new revision: at once in the process that made the change, within
 * REVISION_CHECK_MS in every other.
 */

type Category = (typeof VOCABULARY_CATEGORIES)[number]

/** How often a process asks whether the vocabulary changed (a primary-key read). */
export const REVISION_CHECK_MS = 2000

let cached: {
  revision: number
  checkedAt: number
  thesaurus: Thesaurus
} | null = null

/**
 * The thesaurus with every addition, rebuilt when the revision moved (building takes ~80 ms, once per change and process).
 * `fresh`: ask the database now (before a change is checked against it).
 */
export async function currentThesaurus(db: DbOrTx, { fresh = false, now = Date.now() } = {}): Promise<Thesaurus> {
  if (cached && !fresh && now - cached.checkedAt < REVISION_CHECK_MS) return cached.thesaurus
  const [row] = await db.select({ revision: vocabularyRevision.revision }).from(vocabularyRevision)
  const revision = row?.revision ?? 0
  if (cached?.revision === revision) {
    cached.checkedAt = now
    return cached.thesaurus
  }
  const thesaurus = revision === 0 ? seedThesaurus : createThesaurus(await readAdditions(db))
  cached = { revision, checkedAt: now, thesaurus }
  return thesaurus
}

async function readAdditions(db: DbOrTx): Promise<VocabularyAdditions> {
  const [labels, concepts] = await Promise.all([
    db
      .select({
        conceptKey: vocabularyLabels.conceptKey,
        language: vocabularyLabels.language,
        label: vocabularyLabels.label,
      })
      .from(vocabularyLabels)
      .orderBy(vocabularyLabels.createdAt, vocabularyLabels.id),
    db.select({ key: vocabularyConcepts.key }).from(vocabularyConcepts),
  ])
  return { labels: labels as VocabularyAdditions['labels'], concepts }
}

/** The seed file's fingerprint: a release with another vocabulary file is another vocabulary at the same revision. */
const SEED_FINGERPRINT = createHash('sha256').update(JSON.stringify(VOCABULARY)).digest('hex').slice(0, 16)

/** The vocabulary as it is at this revision: the seed file's fingerprint and the revision of the additions. */
export function vocabularyVersion(revision: number) {
  return `${SEED_FINGERPRINT}:${revision}`
}

/** The vocabulary's version now, and the one the listings' concepts were last brought under ('' never). */
export async function vocabularyVersions(db: DbOrTx): Promise<{ current: string; listings: string }> {
  const [row] = await db.select({ revision: vocabularyRevision.revision, listings: vocabularyRevision.listingsVersion }).from(vocabularyRevision)
  return { current: vocabularyVersion(row?.revision ?? 0), listings: row?.listings ?? '' }
}

/**
 * Records that the listings' concepts are under this version of the vocabulary; with `from`, only
 * if the record still says `from` (a claim, compare-and-set). Whether it was written.
 */
export async function setListingsVersion(db: DbOrTx, version: string, from?: string): Promise<boolean> {
  const written = await db
    .insert(vocabularyRevision)
    .values({ id: 1, revision: 0, listingsVersion: version })
    .onConflictDoUpdate({
      target: vocabularyRevision.id,
      set: { listingsVersion: version },
      ...(from === undefined ? {} : { setWhere: eq(vocabularyRevision.listingsVersion, from) }),
    })
    .returning({ id: vocabularyRevision.id })
  return written.length > 0
}

const SEED = new Map(VOCABULARY.map((c) => [c.key, c]))
const GENERIC = new Set(GENERIC_WORDS.map(foldLabel))

interface Actor {
  userId: string
  centreId: string
  isAdmin: boolean
}

export type VocabularyResult = { ok: true; key: string } | { ok: false; field: string; error: string }

/** One label's problems before it is written: too general, or already a label in that language. */
function labelProblem(thesaurus: Thesaurus, conceptKey: string | null, language: Language, label: string, names: (key: string) => string) {
  // the listings of de/en/fr/nl are matched by their Latin letters: a label in another script would never match
  if (/\p{L}/u.test(label) && !/\p{Script=Latin}/u.test(label)) return 'vocabulary.errors.latinLetters'
  const folded = foldLabel(label)
  const words = folded.split(' ').filter(Boolean)
  if (!words.length || words.every((w) => w.length < 3)) return 'vocabulary.errors.tooShort'
  if (words.every((w) => GENERIC.has(w))) return 'vocabulary.errors.generic'
  const owners = thesaurus.conceptsLabelled(label, language)
  if (conceptKey && owners.includes(conceptKey)) return 'vocabulary.errors.already'
  // a label of two concepts in one language names neither (thesaurus.ts resolve): it would
  // silence the label that works today
  if (owners.length)
    return `vocabulary.errors.taken?${new URLSearchParams({
      concept: names(owners[0]!),
    })}`
  return null
}

async function bumpRevision(db: DbOrTx) {
  await db
    .insert(vocabularyRevision)
    .values({ id: 1, revision: 1 })
    .onConflictDoUpdate({
      target: vocabularyRevision.id,
      set: { revision: sql`${vocabularyRevision.revision} + 1` },
    })
}

/** After a change: this process reads the new revision on its next match. */
function forget() {
  cached = null
}

async function conceptExists(db: DbOrTx, key: string) {
  if (SEED.has(key)) return true
  const [row] = await db.select({ key: vocabularyConcepts.key }).from(vocabularyConcepts).where(eq(vocabularyConcepts.key, key))
  return Boolean(row)
}

/**
 * Inside a change that builds on a concept: an added concept's row is held (FOR SHARE) until the
 * change commits, so a removal (which takes it FOR UPDATE and looks for what other centres built
 * on it) waits for the change, or the change finds the concept gone. Seed concepts are not rows.
 */
async function holdConcept(tx: DbOrTx, key: string) {
  if (SEED.has(key)) return true
  const [row] = await tx.select({ key: vocabularyConcepts.key }).from(vocabularyConcepts).where(eq(vocabularyConcepts.key, key)).for('share')
  return Boolean(row)
}

/** A label added to a concept (seed or added) in one language; audited in the actor's centre. */
export async function addLabel(
  db: DbOrTx,
  actor: Actor,
  input: { concept: string; language: Language; label: string },
  names: (key: string) => string
): Promise<VocabularyResult> {
  if (!(await conceptExists(db, input.concept)))
    return {
      ok: false,
      field: 'concept',
      error: 'vocabulary.errors.noConcept',
    }
  const problem = labelProblem(await currentThesaurus(db, { fresh: true }), input.concept, input.language, input.label, names)
  if (problem) return { ok: false, field: 'label', error: problem }
  let gone = false
  try {
    await db.transaction(async (tx) => {
      if (!(await holdConcept(tx, input.concept))) {
        gone = true
        return
      }
      const [row] = await tx
        .insert(vocabularyLabels)
        .values({
          conceptKey: input.concept,
          language: input.language,
          label: input.label,
          folded: foldLabel(input.label),
          centreId: actor.centreId,
          createdBy: actor.userId,
        })
        .returning({ id: vocabularyLabels.id })
      await bumpRevision(tx)
      await recordAudit(tx, {
        centreId: actor.centreId,
        actorId: actor.userId,
        action: 'vocabulary.label_added',
        subjectType: 'vocabulary_concept',
        subjectId: input.concept,
        details: {
          labelId: row!.id,
          language: input.language,
          label: input.label,
        },
      })
    })
  } catch (error) {
    // someone added the same label a moment earlier
    if (isUniqueViolation(error)) return { ok: false, field: 'label', error: 'vocabulary.errors.already' }
    throw error
  } finally {
    forget()
  }
  if (gone) return { ok: false, field: 'concept', error: 'vocabulary.errors.noConcept' }
  return { ok: true, key: input.concept }
}

/** A key for a new concept: its first label as lower-case letters, digits and hyphens, unique. */
async function freeKey(db: DbOrTx, label: string) {
  const base = foldLabel(label).replace(/ /g, '-').slice(0, 50).replace(/-+$/, '') || 'concept'
  const taken = new Set(
    (
      await db
        .select({ key: vocabularyConcepts.key })
        .from(vocabularyConcepts)
        .where(sql`${vocabularyConcepts.key} = ${base} or ${vocabularyConcepts.key} like ${`${base}-%`}`)
    ).map((r) => r.key)
  )
  for (let n = 1; ; n++) {
    const key = n === 1 ? base : `${base}-${n}`
    if (!SEED.has(key) && !taken.has(key)) return key
  }
}

/** A concept of its own, with a label in at least one language. */
export async function addConcept(
  db: DbOrTx,
  actor: Actor,
  input: { category: Category; broader?: string | undefined } & Partial<Record<Language, string>>,
  names: (key: string) => string
): Promise<VocabularyResult> {
  const labels = LANGUAGES.flatMap((language) => (input[language] ? [{ language, label: input[language] }] : []))
  if (!labels.length) return { ok: false, field: 'de', error: 'vocabulary.errors.oneLabel' }
  if (input.broader && !(await conceptExists(db, input.broader)))
    return {
      ok: false,
      field: 'broader',
      error: 'vocabulary.errors.noConcept',
    }
  const thesaurus = await currentThesaurus(db, { fresh: true })
  for (const { language, label } of labels) {
    const problem = labelProblem(thesaurus, null, language, label, names)
    if (problem) return { ok: false, field: language, error: problem }
  }
  let key = ''
  let broaderGone = false
  try {
    await db.transaction(async (tx) => {
      if (input.broader && !(await holdConcept(tx, input.broader))) {
        broaderGone = true
        return
      }
      key = await freeKey(tx, labels.find((l) => l.language === 'en')?.label ?? labels[0]!.label)
      await tx.insert(vocabularyConcepts).values({
        key,
        category: input.category,
        broader: input.broader ?? null,
        centreId: actor.centreId,
        createdBy: actor.userId,
      })
      await tx.insert(vocabularyLabels).values(
        labels.map(({ language, label }) => ({
          conceptKey: key,
          language,
          label,
          folded: foldLabel(label),
          centreId: actor.centreId,
          createdBy: actor.userId,
        }))
      )
      await bumpRevision(tx)
      await recordAudit(tx, {
        centreId: actor.centreId,
        actorId: actor.userId,
        action: 'vocabulary.concept_added',
        subjectType: 'vocabulary_concept',
        subjectId: key,
        details: {
          category: input.category,
          broader: input.broader ?? null,
          labels,
        },
      })
    })
  } catch (error) {
    if (isUniqueViolation(error))
      return {
        ok: false,
        field: labels[0]!.language,
        error: 'vocabulary.errors.already',
      }
    throw error
  } finally {
    forget()
  }
  if (broaderGone) return { ok: false, field: 'broader', error: 'vocabulary.errors.noConcept' }
  return { ok: true, key }
}

/** A platform admin removes any addition; a manager what their own centre added. */
function mayRemove(actor: Actor, addedIn: string | null) {
  return actor.isAdmin || addedIn === actor.centreId
}

/** Removes an added label (seed labels are not rows, so they cannot be removed here). */
export async function removeLabel(db: DbOrTx, actor: Actor, id: string): Promise<VocabularyResult> {
  const [row] = await db.select().from(vocabularyLabels).where(eq(vocabularyLabels.id, id))
  if (!row) return { ok: false, field: 'id', error: 'vocabulary.errors.gone' }
  if (!mayRemove(actor, row.centreId)) return { ok: false, field: 'id', error: 'vocabulary.errors.notYours' }
  await db.transaction(async (tx) => {
    const removed = await tx.delete(vocabularyLabels).where(eq(vocabularyLabels.id, id)).returning({ id: vocabularyLabels.id })
    if (!removed.length) return
    await bumpRevision(tx)
    await recordAudit(tx, {
      centreId: actor.centreId,
      actorId: actor.userId,
      action: 'vocabulary.label_removed',
      subjectType: 'vocabulary_concept',
      subjectId: row.conceptKey,
      details: { labelId: id, language: row.language, label: row.label },
    })
  })
  forget()
  return { ok: true, key: row.conceptKey }
}

/**
 * Removes an added concept with all its labels; concepts under it keep their place without a broader
 * one. The vocabulary is shared: once another centre has built on the concept — a word of its own,
 * a concept under it, or a listing whose author confirmed it — the centre that added it may no
 * longer take it away from them; a platform admin still may.
 */
export async function removeConcept(db: DbOrTx, actor: Actor, key: string): Promise<VocabularyResult> {
  const [row] = await db.select().from(vocabularyConcepts).where(eq(vocabularyConcepts.key, key))
  if (!row) return { ok: false, field: 'concept', error: 'vocabulary.errors.gone' }
  if (!mayRemove(actor, row.centreId)) return { ok: false, field: 'concept', error: 'vocabulary.errors.notYours' }
  const refused = await db.transaction(async (tx) => {
    // the row locked first: a word another centre adds meanwhile waits for this decision
    const [locked] = await tx.select({ key: vocabularyConcepts.key }).from(vocabularyConcepts).where(eq(vocabularyConcepts.key, key)).for('update')
    if (!locked) return false
    if (!actor.isAdmin && (await usedByOtherCentres(tx, key, actor.centreId))) return true
    const labels = await tx.delete(vocabularyLabels).where(eq(vocabularyLabels.conceptKey, key)).returning({
      language: vocabularyLabels.language,
      label: vocabularyLabels.label,
    })
    const removed = await tx.delete(vocabularyConcepts).where(eq(vocabularyConcepts.key, key)).returning({ key: vocabularyConcepts.key })
    if (!removed.length) return false
    await tx.update(vocabularyConcepts).set({ broader: null }).where(eq(vocabularyConcepts.broader, key))
    await bumpRevision(tx)
    await recordAudit(tx, {
      centreId: actor.centreId,
      actorId: actor.userId,
      action: 'vocabulary.concept_removed',
      subjectType: 'vocabulary_concept',
      subjectId: key,
      details: { category: row.category, labels },
    })
    return false
  })
  if (refused) return { ok: false, field: 'concept', error: 'vocabulary.errors.usedElsewhere' }
  forget()
  return { ok: true, key }
}

/**
 * Whether a centre other than `centreId` has a word on the concept, a concept under it, or a listing
 * that confirmed it. The listings are found through their search tokens (a confirmed concept is one,
 * ADR 083) and the GIN index, then checked on `concepts`: a scan of the table took 1.9 s at 1M
 * listings, with the concept's row locked.
 */
async function usedByOtherCentres(db: DbOrTx, key: string, centreId: string): Promise<boolean> {
  const [used] = rowsOf<{ used: boolean }>(
    await db.execute(sql`
      select exists (select 1 from vocabulary_labels where concept_key = ${key} and centre_id is distinct from ${centreId}::uuid)
          or exists (select 1 from vocabulary_concepts where broader = ${key} and centre_id is distinct from ${centreId}::uuid)
          or exists (select 1 from listings where search @@ plainto_tsquery('pg_catalog.simple', ${conceptMarker(key)}::text)
                       and concepts @> array[${key}]::text[] and centre_id <> ${centreId}::uuid) as used`),
  )
  return used?.used === true
}

export interface LabelView {
  text: string
  /** an addition (a row): its id, and whether this person may remove it */
  id?: string
  mayRemove?: boolean
}

export interface ConceptView {
  key: string
  name: string
  category: Category
  broader: { key: string; name: string } | null
  added: boolean
  mayRemove: boolean
  labels: Record<Language, LabelView[]>
}

export const VOCABULARY_PAGE_SIZE = 20

interface Catalogue {
  concepts: {
    key: string
    category: Category
    broader: string | null
    addedIn: string | null | undefined
    labels: Record<Language, LabelView[]>
    folded: string[]
  }[]
  addedLabels: (typeof vocabularyLabels.$inferSelect)[]
}

/** Seed and additions as one list (additions read from the database on every call: the console only). */
async function catalogue(db: DbOrTx, actor: Actor): Promise<Catalogue> {
  const [concepts, addedLabels] = await Promise.all([
    db.select().from(vocabularyConcepts),
    db.select().from(vocabularyLabels).orderBy(vocabularyLabels.createdAt, vocabularyLabels.id),
  ])
  const empty = () => ({ de: [], en: [], fr: [], nl: [] } as Record<Language, LabelView[]>)
  const list: Catalogue['concepts'] = [
    ...VOCABULARY.map((c) => {
      const labels = empty()
      for (const l of LANGUAGES) labels[l] = (c.labels[l] ?? []).map((text) => ({ text }))
      return {
        key: c.key,
        category: c.category,
        broader: c.broader,
        addedIn: undefined,
        labels,
        folded: [] as string[],
      }
    }),
    ...concepts.map((c) => ({
      key: c.key,
      category: c.category as Category,
      broader: c.broader,
      addedIn: c.centreId,
      labels: empty(),
      folded: [] as string[],
    })),
  ]
  const byKey = new Map(list.map((c) => [c.key, c]))
  for (const l of addedLabels) {
    const concept = byKey.get(l.conceptKey)
    if (concept && (LANGUAGES as readonly string[]).includes(l.language))
      concept.labels[l.language as Language].push({
        text: l.label,
        id: l.id,
        mayRemove: mayRemove(actor, l.centreId),
      })
  }
  for (const c of list) c.folded = [c.key.replace(/-/g, ' '), ...LANGUAGES.flatMap((l) => c.labels[l].map((x) => foldLabel(x.text)))]
  return { concepts: list, addedLabels }
}

/** A concept's name in this language: its first label there, else in the first language that has one. */
function nameIn(labels: Record<Language, LabelView[]>, language: Language, key: string) {
  return labels[language][0]?.text ?? LANGUAGES.map((l) => labels[l][0]?.text).find(Boolean) ?? key
}

/** Names of concepts in a language, for error messages and the broader-concept choice. */
export async function conceptNamer(db: DbOrTx, actor: Actor, language: Language) {
  const { concepts } = await catalogue(db, actor)
  const byKey = new Map(concepts.map((c) => [c.key, c]))
  return (key: string) => {
    const c = byKey.get(key)
    return c ? nameIn(c.labels, language, key) : key
  }
}

/**
 * The console's page: concepts whose key or labels contain the search (folded), 20 a page — the
 * exact label first, then by name; the groups a new concept may go under; the latest additions
 * across the network with the centre they came from.
 */
export async function vocabularyPage(db: DbOrTx, actor: Actor, opts: { q: string; page: number; language: Language }) {
  const { concepts, addedLabels } = await catalogue(db, actor)
  const byKey = new Map(concepts.map((c) => [c.key, c]))
  const name = (key: string) => {
    const c = byKey.get(key)
    return c ? nameIn(c.labels, opts.language, key) : key
  }
  const q = foldLabel(opts.q)
  const found = q ? concepts.filter((c) => c.folded.some((f) => f.includes(q))) : concepts
  const exact = (c: (typeof concepts)[number]) => (q && c.folded.includes(q) ? 0 : 1)
  const collator = new Intl.Collator(opts.language)
  const sorted = found
    .map((c) => ({ c, name: name(c.key) }))
    .sort((a, b) => exact(a.c) - exact(b.c) || collator.compare(a.name, b.name) || a.c.key.localeCompare(b.c.key))
  const pages = Math.max(1, Math.ceil(sorted.length / VOCABULARY_PAGE_SIZE))
  const page = Math.min(Math.max(1, opts.page), pages)
  const view: ConceptView[] = sorted.slice((page - 1) * VOCABULARY_PAGE_SIZE, page * VOCABULARY_PAGE_SIZE).map(({ c, name: n }) => ({
    key: c.key,
    name: n,
    category: c.category,
    broader: c.broader ? { key: c.broader, name: name(c.broader) } : null,
    added: c.addedIn !== undefined,
    mayRemove: c.addedIn !== undefined && mayRemove(actor, c.addedIn),
    labels: c.labels,
  }))
  const groupKeys = new Set(concepts.map((c) => c.broader).filter((k): k is string => k !== null))
  const groups = [...groupKeys]
    .filter((k) => byKey.has(k))
    .map((k) => ({ key: k, name: name(k) }))
    .sort((a, b) => collator.compare(a.name, b.name))
  const latest = addedLabels.slice(-10).reverse()
  const centreNames = new Map(
    latest.length
      ? (
          await db
            .select({ id: centres.id, name: centres.name })
            .from(centres)
            .where(inArray(centres.id, [...new Set(latest.map((l) => l.centreId).filter((id): id is string => id !== null))]))
        ).map((r) => [r.id, r.name])
      : []
  )
  return {
    concepts: view,
    total: sorted.length,
    page,
    pages,
    groups,
    latest: latest.map((l) => ({
      id: l.id,
      label: l.label,
      language: l.language,
      concept: { key: l.conceptKey, name: name(l.conceptKey) },
      centre: l.centreId ? centreNames.get(l.centreId) ?? null : null,
      createdAt: l.createdAt.toISOString(),
    })),
  }
}

/** The recogniser on a text, with the current additions: what the matcher would see in it. */
export async function recognise(db: DbOrTx, actor: Actor, text: string, textLanguage: Language, language: Language) {
  const keys = (await currentThesaurus(db, { fresh: true })).conceptsOf(text, textLanguage)
  const name = await conceptNamer(db, actor, language)
  return keys.map((key) => ({ key, name: name(key) }))
}
