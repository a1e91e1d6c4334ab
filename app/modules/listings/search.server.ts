import { and, desc, eq, type SQL, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { rowsOf } from '#db/rows'
import { centres, initiatives, listings } from '#db/schema'
import { conceptMarker, type Thesaurus } from '~/modules/matching/thesaurus'
import { currentThesaurus } from '~/modules/matching/vocabulary.server'
import { type Language, LANGUAGES } from '~/modules/matching/vocabulary'
import { type ListingViewer, visibleScope } from './visibility.server'
import { MAX_RESULTS, PAGE_SIZE, type SearchParams } from './schemas'

/**
 * Browse and search. A listing's stored tsvector uses the configuration of ITS language; the
 * reader's words may be in any of the four, so they are parsed with each configuration and the
 * distinct parses are OR-ed (`viertel_search_query`, db/sql/search.ts): "Bohrmaschinen" stems to
 * `bohrmaschin` in German and finds a German listing, "tools" stems to `tool` in English. Both
 * sides are unaccented.
 */
/**
 * The tsquery for the user's words; websearch syntax ("quotes", -not, or) never raises an error.
 * With concept tokens (the words are a vocabulary concept's name, ADR 083), listings whose author
 * confirmed that concept are found too, whatever language they are written in.
 */
export function tsQuery(words: string, concepts: readonly string[] = []): SQL {
  if (!concepts.length) return sql`viertel_search_query(${words}::text)`
  return sql`(viertel_search_query(${words}::text) || to_tsquery('pg_catalog.simple', ${concepts.join(' | ')}::text))`
}

/**
 * The concept tokens a search asks for: when the words are, as a whole, a label of vocabulary
 * concepts — in the reader's language, else in any of the four. Words with websearch syntax ask for
 * exactly those words, and so do words that are no concept's name ("Beamer Berlin").
 */
export async function conceptTokens(db: DbOrTx, q: string, language: Language): Promise<string[]> {
  return (await conceptsNamed(db, q, language)).map(conceptMarker)
}

/** The keys of the concepts the words name as a whole (see conceptTokens); also kept with a saved search. */
export async function conceptsNamed(db: DbOrTx, q: string, language: Language): Promise<string[]> {
  return namedIn(await currentThesaurus(db), q, language)
}

/** conceptsNamed with a thesaurus at hand (many searches at once). */
export function namedIn(thesaurus: Thesaurus, q: string, language: Language): string[] {
  if (!q || exactWords(q) || anyWord(q)) return []
  const own = thesaurus.conceptsLabelled(q, language)
  const keys = own.length ? own : LANGUAGES.flatMap((l) => thesaurus.conceptsLabelled(q, l))
  return [...new Set(keys)].sort()
}

/**
 * The reader's words found in listings: through the stored tsvector (whole words, stemmed), or —
 * given compound patterns (viertel_compound_patterns, one per word) — at the start or end of
 * longer words of the unaccented title ("Räumen" finds "Proberaum"), through the trigram index on
 * it. A title must hold every word's part, as the full text holds every word; with "or" between
 * the words (websearch syntax), any one. One regular expression per pattern, so the planner can
 * combine the indexes (`~* ANY(array)` could not use a GIN index).
 */
export function wordsFound(words: string, parts: readonly string[] = [], concepts: readonly string[] = []): SQL {
  const fulltext = sql`${listings.search} @@ ${tsQuery(words, concepts)}`
  if (!parts.length) return fulltext
  const inTitles = parts.map((pattern) => sql`public.viertel_unaccent(${listings.title}) ~* ${pattern}::text`)
  return sql`(${fulltext} or (${sql.join(inTitles, anyWord(words) ? sql` or ` : sql` and `)}))`
}

/** Whether the words use websearch syntax that asks for exactly those words: an exclusion (-word) or a "phrase". */
function exactWords(q: string): boolean {
  return /(^|\s)-\S/.test(q) || q.includes('"')
}

/** Whether the words are alternatives ("a or b", websearch syntax) rather than all wanted. */
export function anyWord(words: string): boolean {
  return /\sor\s/i.test(words)
}

/** The words a search asks for (not the "or" of websearch syntax). */
function wantedWords(q: string): string {
  return q
    .split(/\s+/)
    .filter((w) => w && w.toLowerCase() !== 'or')
    .join(' ')
}

/** The compound-part patterns of a search's words (for "Räumen": start or end of a word is "raum"), from the database's stemmers. */
export async function compoundPatterns(db: DbOrTx, q: string): Promise<string[]> {
  // With websearch syntax ("a phrase", -excluded) the reader asks for exactly those words: the
  // parts, outside the tsquery, could not honour an exclusion
  if (exactWords(q)) return []
  const wanted = wantedWords(q)
  if (!wanted) return []
  const [row] = rowsOf<{ parts: string[] | null }>(await db.execute(sql`select viertel_compound_patterns(${wanted}::text) as parts`))
  return row?.parts ?? []
}

/** Minimum word similarity for the typo-tolerant fallback on titles (pg_trgm's default is 0.6). */
export const TITLE_SIMILARITY = 0.5

export type SearchMode = 'browse' | 'fulltext' | 'similar'

export interface SearchResult {
  items: ListingCard[]
  total: number
  /** More hits exist than were ranked (MAX_RESULTS). */
  capped: boolean
  page: number
  pages: number
  mode: SearchMode
}

export type ListingCard = Awaited<ReturnType<typeof runSearch>>[number]

function filters(viewer: ListingViewer, centreId: string, params: SearchParams) {
  return and(
    visibleScope(viewer, centreId),
    params.kind ? eq(listings.kind, params.kind) : undefined,
    params.category ? eq(listings.category, params.category) : undefined,
  )
}

/**
 * The search as one statement, in three layers. `hits`: at most MAX_RESULTS + 1 matches, narrow
 * rows. With words, the GIN index finds them and the first ones found are taken, unordered:
 * that bounds the cost of fetching and ranking however common the words are (ordering all hits
 * by date first would read every hit). Without words, the newest, straight from an index.
 * `ranked`: ranked, counted and paged with a total order (rank, created_at, id), so pages never
 * overlap. Then the page's rows only are joined to their text, initiative and centre.
 */
export function searchStatement(
  db: DbOrTx,
  viewer: ListingViewer,
  centreId: string,
  params: SearchParams,
  mode: SearchMode,
  parts: readonly string[] = [],
  concepts: readonly string[] = [],
) {
  const words = params.q
  const scope = filters(viewer, centreId, params)
  const base = db
    .select({
      id: listings.id,
      createdAt: listings.createdAt,
      rank: (mode === 'fulltext'
        ? sql<number>`ts_rank(${listings.search}, ${tsQuery(words, concepts)})`
        : mode === 'similar'
          ? sql<number>`word_similarity(${words}::text, ${listings.title})`
          : sql<number>`0`
      ).as('rank'),
    })
    .from(listings)
  const hits = (
    mode === 'browse'
      ? base.where(scope).orderBy(desc(listings.createdAt), desc(listings.id))
      : base.where(
          and(
            // `is true` keeps the planner from AND-ing the scope's b-tree indexes into the GIN
            // bitmap: the scope holds half the table, so it only costs; it is checked per hit.
            sql`(${scope}) is true`,
            mode === 'fulltext' ? wordsFound(words, parts, concepts) : sql`${words}::text <% ${listings.title}`,
          ),
        )
  )
    .limit(MAX_RESULTS + 1)
    .as('hits')

  const ranked = db
    .select({
      id: hits.id,
      createdAt: hits.createdAt,
      rank: hits.rank,
      total: sql<number>`count(*) over ()`.as('total'),
    })
    .from(hits)
    .orderBy(sql`${hits.rank} desc`, desc(hits.createdAt), desc(hits.id))
    .limit(PAGE_SIZE)
    .offset((params.page - 1) * PAGE_SIZE)
    .as('ranked')

  return db
    .select({
      id: listings.id,
      centreId: listings.centreId,
      centreSlug: centres.slug,
      centreName: centres.name,
      initiativeName: initiatives.name,
      initiativeSlug: initiatives.slug,
      kind: listings.kind,
      category: listings.category,
      title: listings.title,
      excerpt: sql<string>`left(${listings.description}, 240)`,
      language: listings.language,
      compensation: listings.compensation,
      priceCents: listings.priceCents,
      visibility: listings.visibility,
      availableFrom: listings.availableFrom,
      availableUntil: listings.availableUntil,
      createdAt: listings.createdAt,
      rank: sql<number>`${ranked.rank}`.mapWith(Number),
      total: sql<number>`${ranked.total}`.mapWith(Number),
      photoId: sql<string | null>`(select p.id from listing_photos p where p.listing_id = ${listings.id} order by p.position limit 1)`,
    })
    .from(ranked)
    .innerJoin(listings, eq(listings.id, ranked.id))
    .innerJoin(initiatives, eq(initiatives.id, listings.initiativeId))
    .innerJoin(centres, eq(centres.id, listings.centreId))
    .orderBy(sql`${ranked.rank} desc`, desc(ranked.createdAt), desc(ranked.id))
}

async function runSearch(
  db: DbOrTx,
  viewer: ListingViewer,
  centreId: string,
  params: SearchParams,
  mode: SearchMode,
  parts: readonly string[] = [],
  concepts: readonly string[] = [],
) {
  return searchStatement(db, viewer, centreId, params, mode, parts, concepts)
}

/** Counts the hits when the page itself is empty (a page past the end still says how many there are). */
async function countHits(
  db: DbOrTx,
  viewer: ListingViewer,
  centreId: string,
  params: SearchParams,
  mode: SearchMode,
  parts: readonly string[] = [],
  concepts: readonly string[] = [],
) {
  const scope = filters(viewer, centreId, params)
  const limited = db
    .select({ one: sql`1` })
    .from(listings)
    .where(
      mode === 'browse'
        ? scope
        : and(
            sql`(${scope}) is true`,
            mode === 'fulltext' ? wordsFound(params.q, parts, concepts) : sql`${params.q}::text <% ${listings.title}`,
          ),
    )
    .limit(MAX_RESULTS + 1)
    .as('limited')
  const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(limited)
  return row?.n ?? 0
}

/**
 * Listings for the browse page: newest first without words; with words, full-text matches
 * ranked; when nothing matches, titles similar to the words (typos), via pg_trgm.
 */
export async function searchListings(
  db: DbOrTx,
  viewer: ListingViewer,
  centreId: string,
  params: SearchParams,
  { language = 'de' }: { language?: Language } = {},
): Promise<SearchResult> {
  const parts = params.q ? await compoundPatterns(db, params.q) : []
  const concepts = params.q ? await conceptTokens(db, params.q, language) : []
  const run = async (q: DbOrTx, mode: SearchMode) => {
    const [p, c] = mode === 'fulltext' ? [parts, concepts] : [[], []]
    const items = await runSearch(q, viewer, centreId, params, mode, p, c)
    const total = items[0]?.total ?? (params.page > 1 ? await countHits(q, viewer, centreId, params, mode, p, c) : 0)
    return { items, total, mode }
  }
  const found = params.q
    ? await run(db, 'fulltext').then((exact) => (exact.total === 0 && params.q.length >= 3 ? run(db, 'similar') : exact))
    : await run(db, 'browse')
  const capped = found.total > MAX_RESULTS
  const shown = Math.min(found.total, MAX_RESULTS)
  return {
    items: found.items,
    total: shown,
    capped,
    page: params.page,
    pages: Math.max(1, Math.ceil(shown / PAGE_SIZE)),
    mode: found.mode,
  }
}
