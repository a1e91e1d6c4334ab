import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { rowsOf } from '#db/rows'
import { centres, listings, matchDismissals } from '#db/schema'
import { canRead, getListingViewer } from '~/modules/listings/visibility.server'
import { notify } from '~/modules/notifications/notify.server'
import { findMatches, type Match } from './candidates.server'
import { STRONG_MATCH, WORTH_SHOWING } from './score'

export type { Match } from './candidates.server'

/** The listings whose matches the matches page gathers, at most this many (newest first). */
export const MATCHES_PAGE_LISTINGS = 25

/**
 * For the matches page: the matches worth acting on for all active listings of these
 * initiatives in this centre, best first.
 */
export async function matchesForInitiatives(db: DbOrTx, centreId: string, initiativeIds: string[], { perListing = 5 } = {}) {
  if (!initiativeIds.length) return []
  const own = await db
    .select({ id: listings.id })
    .from(listings)
    .where(and(eq(listings.centreId, centreId), inArray(listings.initiativeId, initiativeIds), eq(listings.status, 'active')))
    .orderBy(desc(listings.publishedAt), listings.id)
    .limit(MATCHES_PAGE_LISTINGS)
  const all: Match[] = []
  for (const listing of own) {
    for (const match of await findMatches(db, listing.id, { limit: perListing })) {
      if (match.score >= WORTH_SHOWING) all.push(match)
    }
  }
  // Ties fall the same way on every read, so the page does not reshuffle between two visits.
  return all.sort((a, b) => b.score - a.score || a.listingId.localeCompare(b.listingId) || a.other.id.localeCompare(b.other.id))
}

/** Matches for one listing's detail page (its owners, or anyone who may read it). */
export async function matchesForListing(db: DbOrTx, listingId: string, limit = 5) {
  return (await findMatches(db, listingId, { limit })).filter((m) => m.score >= WORTH_SHOWING)
}

/**
 * "Not this one": the listing's initiative stops seeing this pairing. The listing must belong to
 * that initiative in this centre; the other listing must exist. Repeating it changes nothing.
 */
export async function dismissMatch(
  db: DbOrTx,
  input: { centreId: string; initiativeId: string; listingId: string; otherListingId: string; userId: string; isAdmin?: boolean },
): Promise<boolean> {
  const [listing] = await db
    .select({ id: listings.id })
    .from(listings)
    .where(and(eq(listings.id, input.listingId), eq(listings.initiativeId, input.initiativeId), eq(listings.centreId, input.centreId)))
  const [other] = await db
    .select({ centreId: listings.centreId, initiativeId: listings.initiativeId, status: listings.status, visibility: listings.visibility })
    .from(listings)
    .where(eq(listings.id, input.otherListingId))
  if (!listing || !other) return false
  // only a listing the person may read (in its own centre, as the matches page shows it): any other
  // id is answered as unknown, so the form cannot tell whether a hidden listing exists
  const viewer = await getListingViewer(db, { id: input.userId, isAdmin: input.isAdmin ?? false }, other.centreId)
  if (!canRead(viewer, other, other.centreId)) return false
  await db
    .insert(matchDismissals)
    .values({
      initiativeId: input.initiativeId,
      listingId: input.listingId,
      otherListingId: input.otherListingId,
      centreId: input.centreId,
      dismissedBy: input.userId,
    })
    .onConflictDoNothing()
  return true
}

/** The initiative a listing belongs to, for the dismiss action's guard. */
export async function listingOwner(db: DbOrTx, centreId: string, listingId: string) {
  const [row] = await db
    .select({ initiativeId: listings.initiativeId })
    .from(listings)
    .where(and(eq(listings.id, listingId), eq(listings.centreId, centreId)))
  return row?.initiativeId ?? null
}

/** How many strong matches the publishing side hears of at once (the best ones). */
export const NOTIFY_PUBLISHER_MAX = 3

/**
 * A listing has just become active (published, approved, reopened): tell the owners of strongly
 * matching listings on both sides, and the people whose saved searches it fits. Call it inside
 * the transaction that made the listing active. Returns whom it told, for tests and logs.
 */
export async function onListingPublished(db: DbOrTx, listingId: string) {
  const [listing] = await db
    .select({ listing: listings, centreSlug: centres.slug })
    .from(listings)
    .innerJoin(centres, eq(centres.id, listings.centreId))
    .where(eq(listings.id, listingId))
  if (!listing || listing.listing.status !== 'active') return { matched: [] as string[], searched: [] as string[] }
  const l = listing.listing
  const url = `/c/${listing.centreSlug}/listings/${l.id}`
  const strong = (await findMatches(db, l.id, { limit: 20 })).filter((m) => m.score >= STRONG_MATCH)
  const matched = new Set<string>()
  // Only those who may see the new listing hear of it: a centre-only listing is for its own centre
  // (the candidates are what the new listing's initiative may see — other centres' network
  // listings among them — not who may see the new one; a centre-only title went out to them)
  const mayRead = (centreId: string) => centreId === l.centreId || l.visibility !== 'centre'
  for (const match of strong) {
    if (match.otherSideDismissed || !mayRead(match.other.centreId)) continue
    for (const id of await notify(db, {
      initiativeId: match.other.initiativeId,
      centreId: match.other.centreId,
      kind: 'match.new',
      payload: { title: l.title, yours: match.other.title, url, score: match.score },
    })) {
      matched.add(id)
    }
  }
  for (const match of strong.slice(0, NOTIFY_PUBLISHER_MAX)) {
    for (const id of await notify(db, {
      initiativeId: l.initiativeId,
      centreId: l.centreId,
      kind: 'match.new',
      payload: {
        title: match.other.title,
        yours: l.title,
        url: `/c/${match.other.centreSlug}/listings/${match.other.id}`,
        score: match.score,
      },
    })) {
      matched.add(id)
    }
  }
  const searched = await notifySavedSearches(db, l, url)
  return { matched: [...matched], searched }
}

/**
 * Saved searches the listing fits — as the listings page would find it: its words (stemmed, any
 * of the four languages), a concept the words name and the listing's author confirmed (ADR 084),
 * or a compound part of its title ("Räumen" and "Proberaum"). In its centre, or in any centre when
 * the listing is network-visible; the searcher must still be able to see it (active member of the search's
 * centre, or its manager) and must not be in the listing's own initiative. One notice per person.
 */
async function notifySavedSearches(db: DbOrTx, l: typeof listings.$inferSelect, url: string): Promise<string[]> {
  const result = await db.execute(sql`
    select distinct on (s.user_id) s.user_id, s.words, s.centre_id
    from saved_searches s
    where (s.centre_id = ${l.centreId} or ${l.visibility} in ('network', 'public'))
      and (s.kind is null or s.kind = ${l.kind})
      and (s.category is null or s.category = ${l.category})
      and (s.words = ''
           or (select search from listings where id = ${l.id}) @@ viertel_search_query(s.words)
           or s.concepts && string_to_array(${(l.concepts ?? []).join(',')}::text, ',')
           -- every word's compound part in the title (any one with "or"), as search.server.ts wordsFound
           or (s.words !~ '(^|\\s)-\\S' and strpos(s.words, '"') = 0
               and coalesce((select case when s.words ~* '\\sor\\s' then bool_or(viertel_unaccent(${l.title}) ~* part)
                                         else bool_and(viertel_unaccent(${l.title}) ~* part) end
                               from unnest(viertel_compound_patterns(s.words)) part), false)))
      and (exists (select 1 from initiative_members m join initiatives i on i.id = m.initiative_id
                   where m.user_id = s.user_id and i.centre_id = s.centre_id and i.status = 'active')
           or exists (select 1 from centre_staff st where st.user_id = s.user_id and st.centre_id = s.centre_id))
      and not exists (select 1 from initiative_members m where m.user_id = s.user_id and m.initiative_id = ${l.initiativeId})
    order by s.user_id, s.created_at
  `)
  const hits = rowsOf<{ user_id: string; words: string; centre_id: string }>(result)
  const told: string[] = []
  for (const hit of hits) {
    told.push(
      ...(await notify(db, {
        userIds: [hit.user_id],
        centreId: hit.centre_id,
        kind: 'search.new_listing',
        payload: { search: hit.words || '…', title: l.title, url },
      })),
    )
  }
  return told
}

