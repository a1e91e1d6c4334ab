import { sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { listings } from '#db/schema'
import { conceptMarker, type Thesaurus } from './thesaurus'
import { currentThesaurus, setListingsVersion, vocabularyVersions } from './vocabulary.server'
import type { Language } from './vocabulary'

/**
 * Concepts on listings (issue #16 item 2, ADR 083): the recogniser suggests the vocabulary's
 * concepts a listing names, the author confirms or removes them as chips and adds others from an
 * autocomplete. The confirmed ones are stored on the listing (`concepts`) and, as tokens, in its
 * search vector (`concept_terms`), where matching and search find them before the words.
 */

/** At most this many concepts on one listing (the database checks it too). */
export const MAX_CONCEPTS = 20

/** The search tokens of a listing's confirmed concepts (db column `concept_terms`). */
export function conceptTermsOf(keys: readonly string[]): string {
  return [...new Set(keys)].sort().map(conceptMarker).join(' ')
}

/** What the form said about concepts: the chips it showed, the ones left ticked, a label typed to add. */
export interface ConceptChoice {
  /** chips the author saw (suggested or stored): an unticked one of these was removed */
  offered: readonly string[]
  /** chips left ticked */
  chosen: readonly string[]
  /** a concept's label typed into the add field and sent (without JS, or not picked from the list) */
  add?: string
}

export type SettledConcepts = { ok: true; concepts: string[]; seen: string[] } | { ok: false; field: 'concepts' | 'conceptAdd'; error: string }

/** At most this many concepts remembered as decided by a person (the chips a form can show, and more). */
const MAX_SEEN = 250

/**
 * The concepts a listing is saved with: the ticked chips, the label typed to add (found in the
 * listing's language, else the reader's, else any of the four), and what the recogniser finds in
 * the text that the author never saw as a chip (a browser without JS, or words written after the
 * last suggestion). A chip shown and unticked stays off. Unknown keys and too many are refused.
 */
export function settleConcepts(
  thesaurus: Thesaurus,
  text: string,
  language: Language,
  readerLanguage: Language,
  choice: ConceptChoice,
): SettledConcepts {
  if (choice.chosen.some((k) => !thesaurus.hasConcept(k))) return { ok: false, field: 'concepts', error: 'listings.errors.conceptUnknown' }
  const result = new Set(choice.chosen)
  const typed = choice.add?.trim() ?? ''
  if (typed) {
    const found = [language, readerLanguage, 'de', 'en', 'fr', 'nl'].map((l) => thesaurus.conceptsLabelled(typed, l as Language)).find((keys) => keys.length)
    const key = found?.[0] ?? thesaurus.findConcepts(typed, readerLanguage, 1)[0]?.key
    if (!key) return { ok: false, field: 'conceptAdd', error: 'listings.errors.conceptNotFound' }
    result.add(key)
  }
  if (result.size > MAX_CONCEPTS) return { ok: false, field: 'concepts', error: `listings.errors.conceptsTooMany?max=${MAX_CONCEPTS}` }
  // what the author decided on: the chips shown (ticked or not) and what they added
  const seen = [...new Set([...choice.offered.filter((k) => thesaurus.hasConcept(k)), ...result])].sort().slice(0, MAX_SEEN)
  const offered = new Set(choice.offered)
  for (const key of thesaurus.conceptsOf(text, language)) {
    if (result.size >= MAX_CONCEPTS) break
    if (!offered.has(key)) result.add(key)
  }
  return { ok: true, concepts: [...result].sort(), seen }
}

const KEY = /^[a-z0-9][a-z0-9-]{0,59}$/
const strings = (values: FormDataEntryValue[]) => values.filter((v): v is string => typeof v === 'string')

/** The chips' fields of a listing form: `concepts` (ticked), `conceptsOffered` (shown), `conceptAdd` (typed). */
export function readConceptChoice(form: FormData): ConceptChoice {
  const offered = strings(form.getAll('conceptsOffered')).filter((k) => KEY.test(k)).slice(0, 200)
  // a malformed key stays in, so that settleConcepts refuses it at the field
  const chosen = [...new Set(strings(form.getAll('concepts')).map((k) => k.slice(0, 61)))].slice(0, MAX_CONCEPTS + 1)
  const add = form.get('conceptAdd')
  return { offered, chosen, add: typeof add === 'string' ? add.slice(0, 200) : undefined }
}

/** The concepts a listing form saves (settleConcepts, with the vocabulary as it is now). */
export async function settleListingConcepts(
  db: DbOrTx,
  values: { title: string; description: string; language: Language },
  readerLanguage: Language,
  form: FormData,
): Promise<SettledConcepts> {
  const thesaurus = await currentThesaurus(db, { fresh: true })
  return settleConcepts(thesaurus, `${values.title} ${values.description}`, values.language, readerLanguage, readConceptChoice(form))
}

/**
 * The chips an edit form starts with: the stored concepts ticked, and what the recogniser finds in
 * the text beside them unticked (the author removed those). A listing never given concepts starts
 * with the recogniser's, ticked.
 */
export async function conceptChips(
  db: DbOrTx,
  listing: { title: string; description: string; language: Language; concepts: readonly string[] | null },
  readerLanguage: Language,
) {
  const thesaurus = await currentThesaurus(db)
  const recognised = thesaurus.conceptsOf(`${listing.title} ${listing.description}`, listing.language)
  const stored = (listing.concepts ?? recognised).filter((k) => thesaurus.hasConcept(k))
  const unticked = recognised.filter((k) => !stored.includes(k))
  return [...stored.map((key) => ({ key, checked: true })), ...unticked.map((key) => ({ key, checked: false }))].map((c) => ({
    ...c,
    name: thesaurus.conceptName(c.key, readerLanguage),
  }))
}

/**
 * The chips as a refused form sent them (shown, and ticked or not), named: a page drawn again
 * without JS shows what the author had chosen, not what was stored. Unknown keys are left out.
 */
export async function submittedChips(db: DbOrTx, form: FormData, readerLanguage: Language) {
  const { offered, chosen } = readConceptChoice(form)
  const thesaurus = await currentThesaurus(db)
  const ticked = new Set(chosen)
  return [...new Set([...offered, ...chosen])]
    .filter((k) => thesaurus.hasConcept(k))
    .map((key) => ({ key, name: thesaurus.conceptName(key, readerLanguage), checked: ticked.has(key) }))
}

/** What the recogniser gives a listing nobody chose concepts for (concepts:apply, seeds, imports). */
export function recognisedConcepts(thesaurus: Thesaurus, listing: { title: string; description: string; language: Language | null }) {
  return thesaurus.conceptsOf(`${listing.title} ${listing.description}`, listing.language).slice(0, MAX_CONCEPTS)
}

/**
 * The stored columns for a settled list of concepts; `seen`: the ones a person decided on (none when
 * the recogniser alone gave them).
 */
export function conceptColumns(concepts: readonly string[], seen: readonly string[] = []) {
  return { concepts: [...concepts], conceptTerms: conceptTermsOf(concepts), conceptsSeen: [...new Set(seen)].sort().slice(0, MAX_SEEN) }
}

/**
 * A listing's concepts under the vocabulary as it is now (ADR 094): a person's decisions stay —
 * the concepts they kept, while the vocabulary has them, and not the ones they removed — and the
 * rest follow the recogniser: what it finds now is added, what it no longer finds goes.
 */
export function conceptsUnderVocabulary(
  thesaurus: Thesaurus,
  listing: { title: string; description: string; language: Language | null; concepts: readonly string[] | null; conceptsSeen: readonly string[] },
): string[] {
  const seen = new Set(listing.conceptsSeen)
  const kept = (listing.concepts ?? []).filter((k) => seen.has(k) && thesaurus.hasConcept(k))
  const found = recognisedConcepts(thesaurus, listing).filter((k) => !seen.has(k))
  return [...new Set([...kept, ...found])].slice(0, MAX_CONCEPTS)
}

/** How much of a listing's text the form sends for suggestions (title and the start of the description). */
export const SUGGEST_TEXT_MAX = 1500

/** Chips for a text as the author writes it: the concepts recognised, named in the reader's language. */
export async function suggestConcepts(db: DbOrTx, text: string, language: Language, readerLanguage: Language) {
  const thesaurus = await currentThesaurus(db)
  return thesaurus.conceptsOf(text.slice(0, SUGGEST_TEXT_MAX), language).map((key) => ({ key, name: thesaurus.conceptName(key, readerLanguage) }))
}

/** The autocomplete: concepts whose label starts with what was typed. */
export async function searchConcepts(db: DbOrTx, typed: string, readerLanguage: Language) {
  return (await currentThesaurus(db)).findConcepts(typed.slice(0, 100), readerLanguage)
}

/** Names for stored concepts (a listing's chips on its page), in the reader's language; removed concepts are left out. */
export async function namedConcepts(db: DbOrTx, keys: readonly string[] | null, readerLanguage: Language) {
  if (!keys?.length) return []
  const thesaurus = await currentThesaurus(db)
  return keys.filter((k) => thesaurus.hasConcept(k)).map((key) => ({ key, name: thesaurus.conceptName(key, readerLanguage) }))
}

/**
 * `npm run concepts:apply`, and the matching evaluation: every listing's concepts brought under the
 * vocabulary as it is now (`conceptsUnderVocabulary`). Listings never given concepts (written before
 * chips, imported, seeded) get the recogniser's; the others keep what a person decided and follow the
 * recogniser for the rest, so a grown vocabulary reaches listings already written. Idempotent; in
 * batches of `batch` by id, with `progress` (listings checked) after each. A listing saved by its
 * author meanwhile is left as they saved it.
 */
export async function applyRecognisedConcepts(
  db: DbOrTx,
  {
    batch = 500,
    progress,
    signal,
  }: {
    batch?: number
    progress?: (checked: number) => void
    /** stops between batches (a worker shutting down); the record of the version is then left as it was */
    signal?: AbortSignal
  } = {},
): Promise<{ recognised: number; refreshed: number; stopped?: boolean }> {
  // the version read before the thesaurus: a change meanwhile leaves the record behind it, so it runs again
  const { current } = await vocabularyVersions(db)
  const thesaurus = await currentThesaurus(db, { fresh: true })
  let recognised = 0
  let refreshed = 0
  let checked = 0
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    if (signal?.aborted) return { recognised, refreshed, stopped: true }
    const rows = await db
      .select({
        id: listings.id,
        title: listings.title,
        description: listings.description,
        language: listings.language,
        concepts: listings.concepts,
        conceptsSeen: listings.conceptsSeen,
        terms: listings.conceptTerms,
      })
      .from(listings)
      .where(sql`${listings.id} > ${after}`)
      .orderBy(listings.id)
      .limit(batch)
    if (!rows.length) break
    after = rows[rows.length - 1]!.id
    checked += rows.length
    const changed = rows.flatMap((row) => {
      const next = conceptsUnderVocabulary(thesaurus, row)
      const same = row.concepts !== null && sameKeys(row.concepts, next) && row.terms === conceptTermsOf(next)
      if (same) return []
      if (row.concepts === null) recognised++
      else refreshed++
      return [{ id: row.id, concepts: next, terms: conceptTermsOf(next), before: row.concepts, seen: row.conceptsSeen, title: row.title, description: row.description, language: row.language }]
    })
    if (changed.length) {
      // one statement a batch; only where the text, the concepts and the decisions are still as read
      // (an author's save meanwhile is left as saved)
      await db.execute(sql`
        update listings l set concepts = v.concepts, concept_terms = v.terms
          from jsonb_to_recordset(${JSON.stringify(changed)}::jsonb)
            as v(id uuid, concepts text[], terms text, before text[], seen text[], title text, description text, language text)
         where l.id = v.id and l.concepts is not distinct from v.before and l.concepts_seen = v.seen
           and l.title = v.title and l.description = v.description and l.language is not distinct from v.language`)
    }
    progress?.(checked)
  }
  await setListingsVersion(db, current)
  return { recognised, refreshed }
}

/** How long a worker's claim to bring the listings under the vocabulary holds before another may take it over. */
const FOLLOW_LEASE_MS = 30 * 60_000

/**
 * The worker's part (ADR 094): when the vocabulary changed since the listings' concepts were last
 * brought under it — an edit on the vocabulary page, or a release with a new vocabulary file — run
 * `applyRecognisedConcepts`, in one process at a time (a claim on the record, compare-and-set, given
 * up after FOLLOW_LEASE_MS if its process died). Null when there was nothing to do or another
 * process is at it.
 */
export async function followVocabulary(
  db: DbOrTx,
  { now = Date.now(), signal }: { now?: number; signal?: AbortSignal } = {},
): Promise<{ recognised: number; refreshed: number } | null> {
  const { current, listings: before } = await vocabularyVersions(db)
  if (before === current) return null
  const running = /^run:(\d+):/.exec(before)
  if (running && now - Number(running[1]) < FOLLOW_LEASE_MS) return null
  const claim = `run:${now}:${current}`
  if (!(await setListingsVersion(db, claim, before))) return null
  try {
    const done = await applyRecognisedConcepts(db, { signal })
    if (!done.stopped) return done
  } catch (error) {
    await setListingsVersion(db, before, claim)
    throw error
  }
  // stopped by a shutdown: the next worker starts over
  await setListingsVersion(db, before, claim)
  return null
}

function sameKeys(a: readonly string[], b: readonly string[]) {
  return a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ')
}
