import { and, desc, eq, max, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { initiatives, listings } from '#db/schema'
import { VISITOR, visibleScope } from './visibility.server'

/** How many listings a feed carries: the newest; older ones are on the centre's pages. */
export const FEED_SIZE = 50

export interface FeedListing {
  id: string
  kind: 'offer' | 'need'
  category: string
  title: string
  description: string
  language: string
  publishedAt: Date
  updatedAt: Date
  initiativeName: string
  initiativeSlug: string
}

/**
 * What a visitor without an account may read of a centre (issue #17 §4): its active PUBLIC
 * listings, newest first, by the same rule as the centre's pages (visibleScope of a visitor), so a
 * listing only for the centre or the network, a paused or pending one, or one of an initiative
 * that is not active never reaches a feed.
 */
export async function publicListingsFeed(db: DbOrTx, centreId: string, limit = FEED_SIZE): Promise<{ listings: FeedListing[]; updatedAt: Date | null }> {
  const published = sql<Date>`coalesce(${listings.publishedAt}, ${listings.createdAt})`
  const where = and(visibleScope(VISITOR, centreId), eq(initiatives.status, 'active'))
  const [rows, [latest]] = await Promise.all([
    db
      .select({
        id: listings.id,
        kind: listings.kind,
        category: listings.category,
        title: listings.title,
        description: listings.description,
        language: listings.language,
        publishedAt: published.mapWith(listings.createdAt),
        updatedAt: listings.updatedAt,
        initiativeName: initiatives.name,
        initiativeSlug: initiatives.slug,
      })
      .from(listings)
      .innerJoin(initiatives, eq(initiatives.id, listings.initiativeId))
      .where(where)
      .orderBy(desc(published), desc(listings.id))
      .limit(limit),
    // the newest change among ALL of them (one leaving the feed changes it too, via its updatedAt
    // while it is still public; one that left is caught by the ETag, which hashes the body)
    db.select({ at: max(listings.updatedAt) }).from(listings).innerJoin(initiatives, eq(initiatives.id, listings.initiativeId)).where(where),
  ])
  return { listings: rows, updatedAt: latest?.at ?? null }
}
