import { eq, sql } from 'drizzle-orm'
import { listings } from '#db/schema'
import type { DbOrTx } from '#db/connect'
import { rowsOf } from '#db/rows'
import { categoryRoots, conceptMarker, loanPurposesOf, roomKindsOf, type Thesaurus } from './thesaurus'
import type { Language } from './vocabulary'
import { currentThesaurus } from './vocabulary.server'
import {
  asksForBroken,
  type Category,
  compareRanked,
  equipmentFound,
  type Kind,
  lackedFeatures,
  mayNegate,
  negatedEvidence,
  type NegationRead,
  readNegation,
  type Reason,
  saysBroken,
  scoreCandidate,
  type ScoreCandidate,
  type ScoreSource,
  teaches,
} from './score'

/**
 * How many candidates the query hands to the scorer, and what it may read to find them (ADR 033):
 * - `hitCap`, `textHits`: of at most `hitCap` listings sharing a selecting stem (ranking all hits
 *   would grow with the table), the `textHits` best ranked;
 * - `newest`: the newest of the listing's own centre whatever their words (rooms and loans fit
 *   by figures too);
 * - `postings`, `commonStems`: which stems select through the GIN index. Stems the planner's
 *   statistics do not list as common (after ANALYZE) always do; of the common ones, at most
 *   `commonStems`, rarest first, while the listings carrying them add up to at most `postings`.
 *   A stem half of all listings carry says little and made the index read half the table. Every
 *   stem still counts in the score of the candidates found.
 */
export const POOL = { hitCap: 400, textHits: 100, newest: 40, postings: 20_000, commonStems: 4 } as const
export type PoolSettings = { readonly [K in keyof typeof POOL]: number }
/**
 * The source's words used (title words first): bounds the query's cost for long descriptions.
 * 120 since the shared vocabulary (ADR 075): its concepts widen a title by 20–60 words, and at 60
 * the listing's own words were cut.
 */
export const MAX_WORDS = 120

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
  /** the stems the candidate shares with the listing: anywhere, and in its title */
  shared: string[] | null
  shared_title: string[] | null
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
 * The candidates for one listing, from one database function (db/sql/matching.ts, ADR 033):
 * - the listing's words (title first, at most MAX_WORDS, widened by the thesaurus) as stems
 *   under each of the four text-search configurations (a German need finds an English offer's
 *   "drill" only through the thesaurus, but "Beamer" finds "beamer" everywhere), generic words
 *   removed; the rare ones and the few least common of the common ones select through the GIN index;
 * - the pool: active listings of the same category and opposite kind that this listing's
 *   initiative may see (same centre, or network/public), not its own initiative's, whose
 *   initiative is active, not dismissed by this listing's initiative, not past their window —
 *   the best text hits plus the newest few of the centre (for rooms and loans words matter less);
 * - per candidate: the stems both share (anywhere / in its title), reciprocity from the ledger
 *   (confirmed exchanges either way, reversed ones excluded; computed once for the listing's
 *   initiative), and whether the other side dismissed it.
 * Title-word coverage and scoring happen here (score.ts).
 */
export async function findMatches(
  db: DbOrTx,
  listingId: string,
  { limit = 10, now = new Date(), pool = POOL }: { limit?: number; now?: Date; pool?: PoolSettings } = {},
): Promise<Match[]> {
  const [text] = await db
    .select({ title: listings.title, description: listings.description, language: listings.language, concepts: listings.concepts, category: listings.category })
    .from(listings)
    .where(eq(listings.id, listingId))
  if (!text) return []
  const thesaurus = await currentThesaurus(db)
  const body = `${text.title} ${text.description}`
  const { titleExtra, bodyExtra } = widening(thesaurus, text.title, body, text.language, text.concepts, text.category)
  const result = await db.execute(sql`
    select viertel_match_candidates(${listingId}::uuid, ${titleExtra}::text, ${bodyExtra}::text,
      ${MAX_WORDS}::int, ${pool.hitCap}::int, ${pool.textHits}::int, ${pool.newest}::int, ${pool.postings}::int, ${pool.commonStems}::int) as row
  `)

  // The first row describes the listing (its stems, and per title word the stems it stands for);
  // every further row is a candidate.
  const all = rowsOf<{ row: (CandidateRow | SourceHeader) | string }>(result).map((r) =>
    typeof r.row === 'string' ? (JSON.parse(r.row) as CandidateRow | SourceHeader) : r.row,
  )
  const header = all.find((r): r is SourceHeader => 'source' in r)
  if (!header) return []
  const candidates = all.filter((r): r is CandidateRow => !('source' in r))
  // the confirmed concepts' tokens, named in the listing's own language for the explanation
  const conceptNames = new Map((text.concepts ?? []).map((key) => [conceptMarker(key), thesaurus.conceptName(key, text.language)]))
  return rankCandidates(header, `${text.title} ${text.description}`, candidates, now, limit, thesaurus, conceptNames)
}

/**
 * The words a listing is widened with (ADR 083). Without confirmed concepts: the recogniser's, from
 * the title and from the whole text. With them: the confirmed concepts instead of the recognised
 * ones — in the title's share those the title names and those the author added beyond the text —
 * and each confirmed concept's token, which the candidates' confirmed concepts carry in their
 * vectors as title words: a concept both sides confirmed counts first. The top concept of the
 * listing's own category (categoryRoots: "rooms" for a room) is left out: every candidate shares it.
 */
export function widening(
  thesaurus: Thesaurus,
  title: string,
  body: string,
  language: Language,
  confirmed: readonly string[] | null,
  category: string | null = null,
) {
  const roots = category ? categoryRoots(category) : new Set<string>()
  if (!confirmed) return { titleExtra: thesaurus.expandWords(title, language, null, roots).join(' '), bodyExtra: thesaurus.expandWords(body, language, null, roots).join(' ') }
  const inTitle = new Set(thesaurus.conceptsOf(title, language))
  const inBody = new Set(thesaurus.conceptsOf(body, language))
  const kept = confirmed.filter((k) => !roots.has(k))
  const titleConcepts = kept.filter((k) => inTitle.has(k) || !inBody.has(k))
  return {
    titleExtra: [...thesaurus.expandWords(title, language, titleConcepts), ...kept.map(conceptMarker)].join(' '),
    bodyExtra: thesaurus.expandWords(body, language, kept).join(' '),
  }
}

/**
 * A stem shared with at least this share of the candidates, and with at least `min` of them, is
 * common in this pool: it counts as a description word, not as a title word (commonInPool).
 */
export const COMMON_IN_POOL = { share: 0.1, min: 5 } as const

/**
 * The stems that many of the candidates share with the listing ("Raum", "salle", "space" for a
 * room, "website" said in passing): a word found in a tenth of the pool says little about which of
 * them fits. They still count, as description words do (4 points, not 14), so a small centre whose
 * candidates all share the one word that matters keeps them first. Measured on the tuning sets
 * (docs/matching.md): `fresh.json` precision@3 0.812 → 0.846, the others not lower.
 */
export function commonInPool(shared: readonly (readonly string[] | null)[], { share, min } = COMMON_IN_POOL): Set<string> {
  const count = new Map<string, number>()
  for (const stems of shared) for (const stem of new Set(stems ?? [])) count.set(stem, (count.get(stem) ?? 0) + 1)
  return new Set([...count].filter(([, n]) => n >= min && n >= share * shared.length).map(([stem]) => stem))
}

interface SourceHeader {
  source: SourceRow
  /** per word of the listing's title (with its title's thesaurus widening), the stems it stands for */
  title_words: string[][] | null
}

/**
 * How many of the listing's title words a candidate contains, given the stems they share: a
 * word counts when any of its stems (under any of the four configurations, or its thesaurus
 * widening) is shared.
 */
export function titleWordsFound(titleWords: readonly (readonly string[])[], shared: readonly string[]) {
  const theirs = new Set(shared)
  return titleWords.filter((stems) => stems.some((l) => theirs.has(l))).length
}

/**
 * Scores every candidate, best first, and keeps `limit`. The words behind the shared stems
 * (the "matches: …" reason) do not change a score and cost the most to find (every word of
 * every candidate's text), so they are looked up only for the candidates kept.
 */
function rankCandidates(
  header: SourceHeader,
  sourceText: string,
  candidates: CandidateRow[],
  now: Date,
  limit: number,
  { expandWords }: Thesaurus,
  conceptNames: ReadonlyMap<string, string> = new Map(),
): Match[] {
  const source = header.source
  const isRoom = source.category === 'room'
  const isLoan = source.category === 'loan'
  const isSkill = source.category === 'skill'
  const titleWords = header.title_words ?? []
  const scoreSource: ScoreSource = {
    kind: source.kind,
    category: source.category,
    details: source.details ?? {},
    availableFrom: source.available_from,
    availableUntil: source.available_until,
    centreId: source.centre_id,
    roomKinds: isRoom ? roomKindsOf(sourceText) : [],
    loanPurposes: isLoan ? loanPurposesOf(sourceText) : [],
    teaches: isSkill ? teaches(sourceText) : undefined,
  }
  // A candidate's kinds of room (a loan's purposes) only count against the source's (score.ts): when
  // the source names none they are not looked for (the compound search costs ~40 µs a candidate)
  const roomKindsCount = isRoom && scoreSource.roomKinds!.length > 0
  const loanPurposesCount = isLoan && scoreSource.loanPurposes!.length > 0
  const sourceRead = readNegation(sourceText)
  // a broken offer (score.ts saysBroken, asksForBroken): the source's side is read once
  const sourceWantsBroken = source.kind === 'need' && asksForBroken(sourceText)
  const sourceBroken = source.kind === 'offer' ? saysBroken(sourceText) : null
  const sourceBrokenAtAll = sourceBroken !== null || scoreSource.details.condition === 'broken'
  const common = commonInPool(candidates.map((c) => c.shared))
  const toScore = (c: CandidateRow): ScoreCandidate => {
    const text = `${c.title} ${c.description}`
    const details = c.details ?? {}
    // Negation (score.ts readNegation): read a candidate's words only when it may negate, or when
    // it is the need of an offer that does
    const theirRead: NegationRead | null =
      mayNegate(text) || (source.kind === 'offer' && sourceRead.negated.size) ? readNegation(text) : null
    const [offerRead, needRead] = source.kind === 'need' ? [theirRead, sourceRead] : [sourceRead, theirRead]
    const needDetails = source.kind === 'need' ? scoreSource.details : details
    const needEquipment = Array.isArray(needDetails.equipment) ? needDetails.equipment.filter((x): x is string => typeof x === 'string') : []
    const lacking = offerRead && needRead ? lackedFeatures(offerRead, needRead, expandWords, needEquipment) : []
    const unsaid = negatedEvidence(c.shared ?? [], ...(theirRead ? [sourceRead, theirRead] : [sourceRead]))
    const shared = (c.shared ?? []).filter((l) => !unsaid.has(l))
    const [need, offer, offerText] =
      source.kind === 'need' ? [scoreSource.details, details, text] : [details, scoreSource.details, sourceText]
    const broken = source.kind === 'need' ? (sourceWantsBroken ? null : saysBroken(text)) : sourceBroken
    const brokenWanted = source.kind === 'need' ? sourceWantsBroken : sourceBrokenAtAll && asksForBroken(text)
    return {
      details,
      roomKinds: roomKindsCount ? roomKindsOf(text) : [],
      loanPurposes: loanPurposesCount ? loanPurposesOf(text) : [],
      teaches: isSkill ? teaches(text) : undefined,
      equipmentFound: equipmentFound(need, offer, offerText, expandWords, offerRead),
      availableFrom: c.available_from,
      availableUntil: c.available_until,
      centreId: c.centre_id,
      // for naming the matching words: filled in only for the candidates kept
      text: '',
      lacking,
      broken,
      brokenWanted,
      sharedLexemes: shared,
      sharedTitleLexemes: (c.shared_title ?? []).filter((l) => !unsaid.has(l) && !common.has(l)),
      titleWords: titleWords.length,
      titleWordsFound: titleWordsFound(titleWords, shared),
      publishedAt: c.published_at,
      theyHelpedUs: c.they_helped,
      weHelpedThem: c.we_helped,
    }
  }
  return candidates
    .map((c) => {
      const scored = toScore(c)
      return { c, scored, ranked: { id: c.id, title: c.title, publishedAt: c.published_at, scored: scoreCandidate(scoreSource, scored, now) } }
    })
    .sort((a, b) => compareRanked(a.ranked, b.ranked))
    .slice(0, limit)
    .map(({ c, scored }) => {
      const { score, reasons } = scoreCandidate(scoreSource, { ...scored, text: `${c.title} ${c.description}` }, now)
      const sharedConcepts = scored.sharedLexemes.map((l) => conceptNames.get(l)).filter((n): n is string => n !== undefined)
      // after "same category": the concepts both authors confirmed say most about why
      if (sharedConcepts.length) reasons.splice(1, 0, { key: 'concepts', params: { names: sharedConcepts.join(', ') } })
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
}
