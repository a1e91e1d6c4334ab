import { and, desc, eq, type SQL, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { centres, initiatives, listings } from '#db/schema'
import { type ListingViewer, visibleScope } from './listings.server'
import { MAX_RESULTS, PAGE_SIZE, type SearchParams } from './schemas'

/**
 * Browse and search. A listing's stored tsvector uses the configuration of ITS language; the
 * reader's words may be in any of the four, so they are parsed with each configuration and the
 * four queries are OR-ed: "Bohrmaschinen" stems to `bohrmaschin` in German and finds a German
 * listing, "tools" stems to `tool` in English. Both sides are unaccented.
 */
export const SEARCH_CONFIGS = ['german', 'english', 'french', 'dutch'] as const

/** The tsquery for the user's words; websearch syntax ("quotes", -not, or) never raises an error. */
export function tsQuery(words: string): SQL {
  const parts = SEARCH_CONFIGS.map(
    (config) => sql`websearch_to_tsquery(${sql.raw(`'pg_catalog.${config}'::regconfig`)}, viertel_unaccent(${words}::text))`,
  )
  return sql`(${sql.join(parts, sql` || `)})`
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
 * The search as one statement, in three layers: `hits` — at most MAX_RESULTS newest matches
 * (the GIN index finds them; capping bounds the cost of ranking); `ranked` — ranked, counted and
 * paged with a total order (rank, created_at, id) so pages never overlap; then the names joined
 * to the page's rows only.
 */
export function searchStatement(db: DbOrTx, viewer: ListingViewer, centreId: string, params: SearchParams, mode: SearchMode) {
  const words = params.q
  const match =
    mode === 'fulltext'
      ? sql`${listings.search} @@ ${tsQuery(words)}`
      : mode === 'similar'
        ? sql`${words}::text <% ${listings.title}`
        : undefined
  const hits = db
    .select({
      id: listings.id,
      centreId: listings.centreId,
      initiativeId: listings.initiativeId,
      kind: listings.kind,
      category: listings.category,
      title: listings.title,
      description: listings.description,
      language: listings.language,
      compensation: listings.compensation,
      priceCents: listings.priceCents,
      visibility: listings.visibility,
      availableFrom: listings.availableFrom,
      availableUntil: listings.availableUntil,
      createdAt: listings.createdAt,
      search: listings.search,
    })
    .from(listings)
    .where(and(filters(viewer, centreId, params), match))
    .orderBy(desc(listings.createdAt), desc(listings.id))
    .limit(MAX_RESULTS + 1)
    .as('hits')

  const rank =
    mode === 'fulltext'
      ? sql<number>`ts_rank(${hits.search}, ${tsQuery(words)})`
      : mode === 'similar'
        ? sql<number>`word_similarity(${words}::text, ${hits.title})`
        : sql<number>`0`
  const ranked = db
    .select({
      id: hits.id,
      centreId: hits.centreId,
      initiativeId: hits.initiativeId,
      kind: hits.kind,
      category: hits.category,
      title: hits.title,
      excerpt: sql<string>`left(${hits.description}, 240)`.as('excerpt'),
      language: hits.language,
      compensation: hits.compensation,
      priceCents: hits.priceCents,
      visibility: hits.visibility,
      availableFrom: hits.availableFrom,
      availableUntil: hits.availableUntil,
      createdAt: hits.createdAt,
      rank: rank.as('rank'),
      total: sql<number>`count(*) over ()`.as('total'),
    })
    .from(hits)
    .orderBy(sql`rank desc`, desc(hits.createdAt), desc(hits.id))
    .limit(PAGE_SIZE)
    .offset((params.page - 1) * PAGE_SIZE)
    .as('ranked')

  return db
    .select({
      id: ranked.id,
      centreId: ranked.centreId,
      centreSlug: centres.slug,
      centreName: centres.name,
      initiativeName: initiatives.name,
      initiativeSlug: initiatives.slug,
      kind: ranked.kind,
      category: ranked.category,
      title: ranked.title,
      excerpt: ranked.excerpt,
      language: ranked.language,
      compensation: ranked.compensation,
      priceCents: ranked.priceCents,
      visibility: ranked.visibility,
      availableFrom: ranked.availableFrom,
      availableUntil: ranked.availableUntil,
      createdAt: ranked.createdAt,
      rank: sql<number>`${ranked.rank}`.mapWith(Number),
      total: sql<number>`${ranked.total}`.mapWith(Number),
      photoId: sql<string | null>`(select p.id from listing_photos p where p.listing_id = ${ranked.id} order by p.position limit 1)`,
    })
    .from(ranked)
    .innerJoin(initiatives, eq(initiatives.id, ranked.initiativeId))
    .innerJoin(centres, eq(centres.id, ranked.centreId))
    .orderBy(sql`${ranked.rank} desc`, desc(ranked.createdAt), desc(ranked.id))
}

async function runSearch(db: DbOrTx, viewer: ListingViewer, centreId: string, params: SearchParams, mode: SearchMode) {
  return searchStatement(db, viewer, centreId, params, mode)
}

/** Counts the hits when the page itself is empty (a page past the end still says how many there are). */
async function countHits(db: DbOrTx, viewer: ListingViewer, centreId: string, params: SearchParams, mode: SearchMode) {
  const match =
    mode === 'fulltext' ? sql`${listings.search} @@ ${tsQuery(params.q)}` : mode === 'similar' ? sql`${params.q}::text <% ${listings.title}` : undefined
  const limited = db
    .select({ one: sql`1` })
    .from(listings)
    .where(and(filters(viewer, centreId, params), match))
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
): Promise<SearchResult> {
  let mode: SearchMode = params.q ? 'fulltext' : 'browse'
  let items = await runSearch(db, viewer, centreId, params, mode)
  let total = items[0]?.total ?? (params.page > 1 ? await countHits(db, viewer, centreId, params, mode) : 0)
  if (mode === 'fulltext' && total === 0 && params.q.length >= 3) {
    mode = 'similar'
    items = await runSearch(db, viewer, centreId, params, mode)
    total = items[0]?.total ?? (params.page > 1 ? await countHits(db, viewer, centreId, params, mode) : 0)
  }
  const capped = total > MAX_RESULTS
  const shown = Math.min(total, MAX_RESULTS)
  return {
    items,
    total: shown,
    capped,
    page: params.page,
    pages: Math.max(1, Math.ceil(shown / PAGE_SIZE)),
    mode,
  }
}
