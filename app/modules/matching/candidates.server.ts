import { eq, sql } from 'drizzle-orm'
import { listings } from '#db/schema'
import type { DbOrTx } from '#db/connect'
import { expandWords } from './thesaurus'
import { type Category, GENERIC_WORDS, type Kind, type Reason, scoreCandidate, type ScoreSource } from './score'

/** drizzle's execute() answers with an array (postgres.js) or `{ rows }` (PGlite). */
function rows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}

/** How many candidates the query hands to the scorer: text hits, and the newest without text. */
export const POOL = { textHits: 300, newest: 60 } as const
/** The source's words used (title words first): bounds the query's cost for long descriptions. */
export const MAX_WORDS = 60

interface CandidateRow {
  id: string
  centre_id: string
  centre_slug: string
  centre_name: string
  initiative_id: string
  initiative_name: string
  kind: Kind
  category: Category
  title: string
  description: string
  details: Record<string, unknown>
  available_from: string | null
  available_until: string | null
  published_at: string | Date | null
  shared: string[] | null
  shared_title: string[] | null
  title_words: number | string
  title_words_found: number | string
  they_helped: boolean
  we_helped: boolean
  they_dismissed: boolean
}

interface SourceRow {
  id: string
  centre_id: string
  initiative_id: string
  kind: Kind
  category: Category
  title: string
  details: Record<string, unknown>
  available_from: string | null
  available_until: string | null
  status: string
}

export interface Match {
  /** the source listing */
  listingId: string
  listingTitle: string
  sourceInitiativeId: string
  /** the other side */
  other: {
    id: string
    kind: Kind
    category: Category
    title: string
    centreId: string
    centreSlug: string
    centreName: string
    initiativeId: string
    initiativeName: string
  }
  score: number
  reasons: Reason[]
  /** the other side has dismissed this pairing (it is not shown to them; not told to them) */
  otherSideDismissed: boolean
}

/**
 * The candidates for one listing, in ONE statement:
 * - `src`: the listing, and its words as a tsquery: the lexemes of its title and description
 *   under each of the four text-search configurations, OR-ed (a German need finds an English
 *   offer's "drill" only if the words share a stem, but "Beamer" finds "beamer" everywhere);
 * - `pool`: active listings of the same category and opposite kind that this listing's
 *   initiative may see (same centre, or network/public), not its own initiative's, whose
 *   initiative is active, not dismissed by this listing's initiative, not past their window —
 *   the best text hits (GIN index) plus the newest few (for rooms and loans the words matter less);
 * - per candidate: text rank, shared lexemes, reciprocity from the ledger (confirmed exchanges
 *   either way, reversed ones excluded), and whether the other side dismissed the pairing.
 * Scoring happens in TypeScript (score.ts).
 */
export async function findMatches(db: DbOrTx, listingId: string, { limit = 10, now = new Date() } = {}): Promise<Match[]> {
  const generic = GENERIC_WORDS.join(' ')
  const [text] = await db
    .select({ title: listings.title, description: listings.description })
    .from(listings)
    .where(eq(listings.id, listingId))
  if (!text) return []
  const titleExtra = expandWords(text.title).join(' ')
  const bodyExtra = expandWords(`${text.title} ${text.description}`).join(' ')
  const result = await db.execute(sql`
    with src as (
      select l.id, l.centre_id, l.initiative_id, l.kind, l.category, l.title, l.description, l.language, l.details,
             l.available_from, l.available_until, l.status
      from listings l where l.id = ${listingId}
    ),
    generic as (
      select tsvector_to_array(
          to_tsvector('pg_catalog.german', viertel_unaccent(${generic}::text))
       || to_tsvector('pg_catalog.english', viertel_unaccent(${generic}::text))
       || to_tsvector('pg_catalog.french', viertel_unaccent(${generic}::text))
       || to_tsvector('pg_catalog.dutch', viertel_unaccent(${generic}::text))) as lexemes
    ),
    words as (
      select t.word, bool_or(t.in_title) as in_title
      from src, lateral (
        select unnest(tsvector_to_array(to_tsvector('simple', src.title))) as word, true as in_title
        union all
        select unnest(tsvector_to_array(to_tsvector('simple', left(src.description, 1500)))), false
        union all
        select unnest(tsvector_to_array(to_tsvector('simple', ${titleExtra}::text))), true
        union all
        select unnest(tsvector_to_array(to_tsvector('simple', ${bodyExtra}::text))), false
      ) t
      where length(t.word) > 1 and to_tsvector(viertel_ts_config(src.language), t.word) <> ''::tsvector
      group by t.word
      order by bool_or(t.in_title) desc, t.word
      limit ${MAX_WORDS}
    ),
    lex as (
      select w.word, w.in_title, array(
        select distinct x from unnest(
             tsvector_to_array(to_tsvector('pg_catalog.german', viertel_unaccent(w.word)))
          || tsvector_to_array(to_tsvector('pg_catalog.english', viertel_unaccent(w.word)))
          || tsvector_to_array(to_tsvector('pg_catalog.french', viertel_unaccent(w.word)))
          || tsvector_to_array(to_tsvector('pg_catalog.dutch', viertel_unaccent(w.word)))) x, generic
        where not (x = any(generic.lexemes))) as lexemes
      from words w
    ),
    q as (
      select src.*,
             coalesce((select array_agg(distinct x) from lex, unnest(lex.lexemes) x), '{}') as lexemes,
             coalesce((select jsonb_agg(to_jsonb(lex.lexemes)) from lex where lex.in_title and cardinality(lex.lexemes) > 0), '[]') as title_words,
             (select string_agg(quote_literal(x), ' | ') from (select distinct unnest(lex.lexemes) x from lex) y)::tsquery as query
      from src
    ),
    scope as (
      select c.* from listings c, q
      where c.status = 'active' and c.category = q.category and c.kind <> q.kind
        and c.initiative_id <> q.initiative_id
        and (c.centre_id = q.centre_id or c.visibility in ('network', 'public'))
        and (c.available_until is null or c.available_until >= current_date)
        and exists (select 1 from initiatives i where i.id = c.initiative_id and i.status = 'active')
        and not exists (select 1 from match_dismissals d
                        where d.initiative_id = q.initiative_id and d.listing_id = q.id and d.other_listing_id = c.id)
    ),
    pool as (
      (select s.id from scope s, q where s.search @@ q.query
        order by ts_rank(s.search, q.query) desc limit ${POOL.textHits})
      union
      (select s.id from scope s order by s.published_at desc nulls last, s.id limit ${POOL.newest})
    )
    select c.id, c.centre_id, ctr.slug as centre_slug, ctr.name as centre_name,
           c.initiative_id, i.name as initiative_name, c.kind, c.category, c.title, c.description, c.details,
           c.available_from::text as available_from, c.available_until::text as available_until, c.published_at,
           array(select unnest(tsvector_to_array(c.search)) intersect select unnest(q.lexemes)) as shared,
           array(select unnest(tsvector_to_array(ts_filter(c.search, '{a}'))) intersect select unnest(q.lexemes)) as shared_title,
           jsonb_array_length(q.title_words) as title_words,
           (select count(*) from jsonb_array_elements(q.title_words) tw
             where exists (select 1 from jsonb_array_elements_text(tw) x where x = any(tsvector_to_array(c.search)))) as title_words_found,
           exists (select 1 from ledger_entries p
                     join ledger_entries r on r.transaction_id = p.transaction_id
                     join ledger_transactions t on t.id = p.transaction_id
                   where p.account_type = 'initiative' and p.account_id = c.initiative_id and p.amount > 0
                     and r.account_type = 'initiative' and r.account_id = q.initiative_id and r.amount < 0
                     and t.kind = 'exchange'
                     and not exists (select 1 from ledger_transactions x where x.reverses_id = t.id)) as they_helped,
           exists (select 1 from ledger_entries p
                     join ledger_entries r on r.transaction_id = p.transaction_id
                     join ledger_transactions t on t.id = p.transaction_id
                   where p.account_type = 'initiative' and p.account_id = q.initiative_id and p.amount > 0
                     and r.account_type = 'initiative' and r.account_id = c.initiative_id and r.amount < 0
                     and t.kind = 'exchange'
                     and not exists (select 1 from ledger_transactions x where x.reverses_id = t.id)) as we_helped,
           exists (select 1 from match_dismissals d
                   where d.initiative_id = c.initiative_id and d.listing_id = c.id and d.other_listing_id = q.id) as they_dismissed,
           json_build_object('id', q.id, 'centre_id', q.centre_id, 'initiative_id', q.initiative_id, 'kind', q.kind,
             'category', q.category, 'title', q.title, 'details', q.details, 'status', q.status,
             'available_from', q.available_from, 'available_until', q.available_until) as source
    from pool
    join listings c on c.id = pool.id
    join initiatives i on i.id = c.initiative_id
    join centres ctr on ctr.id = c.centre_id
    cross join q
  `)
  const candidates = rows<CandidateRow & { source: SourceRow | string }>(result)
  const first = candidates[0]?.source
  if (!first) return []
  const source: SourceRow = typeof first === 'string' ? (JSON.parse(first) as SourceRow) : first
  return rankCandidates(source, candidates, now).slice(0, limit)
}

function rankCandidates(source: SourceRow, candidates: CandidateRow[], now: Date): Match[] {
  const scoreSource: ScoreSource = {
    kind: source.kind,
    category: source.category,
    details: source.details ?? {},
    availableFrom: source.available_from,
    availableUntil: source.available_until,
    centreId: source.centre_id,
  }
  return candidates
    .map((c) => {
      const { score, reasons } = scoreCandidate(
        scoreSource,
        {
          details: c.details ?? {},
          availableFrom: c.available_from,
          availableUntil: c.available_until,
          centreId: c.centre_id,
          text: `${c.title} ${c.description}`,
          sharedLexemes: c.shared ?? [],
          sharedTitleLexemes: c.shared_title ?? [],
          titleWords: Number(c.title_words),
          titleWordsFound: Number(c.title_words_found),
          publishedAt: c.published_at,
          theyHelpedUs: c.they_helped,
          weHelpedThem: c.we_helped,
        },
        now,
      )
      return {
        listingId: source.id,
        listingTitle: source.title,
        sourceInitiativeId: source.initiative_id,
        other: {
          id: c.id,
          kind: c.kind,
          category: c.category,
          title: c.title,
          centreId: c.centre_id,
          centreSlug: c.centre_slug,
          centreName: c.centre_name,
          initiativeId: c.initiative_id,
          initiativeName: c.initiative_name,
        },
        score,
        reasons,
        otherSideDismissed: c.they_dismissed,
      }
    })
    .sort((a, b) => b.score - a.score || a.other.id.localeCompare(b.other.id))
}
