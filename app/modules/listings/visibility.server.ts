import { and, eq, inArray, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { listings } from '#db/schema'
import { type CentreViewer, seenFromCentre } from '~/modules/initiatives/memberships.server'

type Listing = typeof listings.$inferSelect

/**
 * Who is looking, as far as listings care: a visitor sees public listings of the centre; a member
 * of any centre also sees network listings of every centre; a member (or manager) of THIS centre
 * sees all its active listings; members of the owning initiative and managers see every state.
 */
export interface ListingViewer {
  userId: string | null
  /** Active initiatives of the viewer in this centre: they may write these listings. */
  initiativeIds: string[]
  memberOfCentre: boolean
  inNetwork: boolean
  isManager: boolean
}

export const VISITOR: ListingViewer = {
  userId: null,
  initiativeIds: [],
  memberOfCentre: false,
  inNetwork: false,
  isManager: false,
}

/** One query: the viewer's memberships everywhere and staff roles, seen from one centre. */
export async function getListingViewer(
  db: DbOrTx,
  user: { id: string; isAdmin: boolean } | null,
  centreId: string,
): Promise<ListingViewer> {
  if (!user) return VISITOR
  return listingViewerOf(user, await seenFromCentre(db, user.id, centreId))
}

/** The listing rules' view of a person already read from the centre (the guards read it once per request). */
export function listingViewerOf(user: { id: string; isAdmin: boolean }, seen: CentreViewer): ListingViewer {
  const initiativeIds = seen.initiatives.filter((mine) => mine.status === 'active').map((mine) => mine.id)
  const isManager = user.isAdmin || seen.staffHere
  return {
    userId: user.id,
    initiativeIds,
    memberOfCentre: initiativeIds.length > 0 || isManager,
    inNetwork: seen.activeAnywhere || seen.staffAnywhere || user.isAdmin,
    isManager,
  }
}

/** Which active listings a viewer may read while in centre `centreId` (own centre plus network). */
export function visibleScope(viewer: ListingViewer, centreId: string) {
  const active = eq(listings.status, 'active')
  if (viewer.memberOfCentre) {
    return and(active, sql`(${listings.centreId} = ${centreId} or ${listings.visibility} in ('network', 'public'))`)
  }
  if (viewer.inNetwork) return and(active, inArray(listings.visibility, ['network', 'public']))
  return and(active, eq(listings.centreId, centreId), eq(listings.visibility, 'public'))
}

/** May this viewer read this listing of this centre (any state)? */
export function canRead(viewer: ListingViewer, listing: Pick<Listing, 'centreId' | 'initiativeId' | 'status' | 'visibility'>, centreId: string) {
  if (listing.centreId !== centreId) return false
  if (viewer.initiativeIds.includes(listing.initiativeId) || viewer.isManager) return true
  if (listing.status !== 'active') return false
  if (listing.visibility === 'public') return true
  if (listing.visibility === 'network') return viewer.inNetwork
  return viewer.memberOfCentre
}

export function canWrite(viewer: ListingViewer, listing: Pick<Listing, 'centreId' | 'initiativeId'>, centreId: string) {
  return listing.centreId === centreId && viewer.initiativeIds.includes(listing.initiativeId)
}
