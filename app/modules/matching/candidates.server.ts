import { eq, sql } from 'drizzle-orm'
import { listings } from '#db/schema'
import type { DbOrTx } from '#db/connect'
import { expandWords } from './thesaurus'
import { type Category, GENERIC_WORDS, type Kind, type Reason, scoreCandidate, type ScoreSource } from './score'

/** drizzle's execute() answers with an array (postgres.js) or `{ rows }` (PGlite). */
function rows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}

/**
 * How many candidates the query hands to the scorer: of at most `hitCap` listings sharing a stem
 * (ranking all hits would grow with the table), the `textHits` best ranked; and the `newest`
 * of the listing's own centre whatever their words (rooms and loans fit by figures too).
 */
export const POOL = { hitCap: 400, textHits: 100, newest: 40 } as const
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
 * - per candidate: shared stems (in title, anywhere), how many of the listing's title words it
 *   contains, reciprocity from the ledger (confirmed exchanges either way, reversed ones
 *   excluded; computed once for the listing's initiative), and whether the other side dismissed it.
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
    select viertel_match_candidates(${listingId}::uuid, ${titleExtra}::text, ${bodyExtra}::text, ${generic}::text,
      ${MAX_WORDS}::int, ${POOL.hitCap}::int, ${POOL.textHits}::int, ${POOL.newest}::int) as row
  `)

  const candidates = rows<{ row: (CandidateRow & { source: SourceRow | string }) | string }>(result).map((r) =>
    typeof r.row === 'string' ? (JSON.parse(r.row) as CandidateRow & { source: SourceRow | string }) : r.row,
  )
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
