import { redirect } from '@remix-run/node'
import { type CentreViewer, type Membership, membershipOf, membershipsIn, seenFromCentre } from '~/modules/initiatives/memberships.server'
import { type Centre, getCentreBySlug } from '~/modules/centres/centres.server'
import { type ListingViewer, listingViewerOf, VISITOR } from '~/modules/listings/visibility.server'
import { db } from '~/utils/db.server'
import { forbidden, notFound } from '~/utils/http.server'
import { noteRequestUser } from '~/utils/logger.server'
import { isUuid } from '~/utils/misc'
import { oncePerRequest } from '~/utils/request-scope.server'
import { readSessionToken } from './session-cookie.server'
import { type Session, type SessionUser, validateSessionToken } from '~/modules/auth/session.server'
import { missingTwoFactor } from '~/modules/auth/two-factor.server'

/**
 * The guards: every loader and action that needs a person, a centre, a membership or a
 * manager calls one of these. `require*` throws a redirect/403/404; `get*` returns null.
 */

const sessionsByRequest = new WeakMap<Request, Promise<{ session: Session; user: SessionUser } | null>>()

export function getSessionAndUser(request: Request) {
  let pending = sessionsByRequest.get(request)
  if (!pending) {
    const token = readSessionToken(request)
    pending = token ? oncePerRequest(`session ${token}`, () => validateSessionToken(db, token)) : Promise.resolve(null)
    sessionsByRequest.set(request, pending)
    void pending.then((found) => noteRequestUser(found?.user.id), () => undefined) // the log line's user id (ADR 064)
  }
  return pending
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await getSessionAndUser(request))?.user ?? null
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request)
  if (!user) {
    const url = new URL(request.url)
    const redirectTo = `${url.pathname}${url.search}`
    throw redirect(`/login?${new URLSearchParams({ redirectTo })}`)
  }
  return user
}

/**
 * A person whose address is verified (ADR 066): applying, posting, proposing and accepting an
 * invitation need it. Others may look around; they are sent to /verify-email, which says why and
 * sends the link again, and which leads back here once the address is verified.
 */
export async function requireVerifiedUser(request: Request): Promise<SessionUser> {
  const user = await requireUser(request)
  if (!user.emailVerifiedAt) {
    const url = new URL(request.url)
    const redirectTo = `${url.pathname}${url.search}`
    throw redirect(`/verify-email?${new URLSearchParams({ redirectTo })}`)
  }
  return user
}

export async function requireAnonymous(request: Request) {
  if (await getUser(request)) throw redirect('/')
}

export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request)
  if (!user.isAdmin) forbidden()
  await requireSecondFactorIfAsked(user)
  return user
}

/** Admins, and managers of a centre that asks it, set up a second factor before the console (ADR 067). */
async function requireSecondFactorIfAsked(user: SessionUser, centre?: Centre) {
  const missing = await oncePerRequest(`2fa ${user.id} ${centre?.id ?? ''}`, () => missingTwoFactor(db, user, centre?.id))
  if (missing) throw redirect('/account/security')
}

export async function requireCentre(slug: string | undefined): Promise<Centre> {
  const centre = slug ? await oncePerRequest(`centre ${slug}`, () => getCentreBySlug(db, slug)) : null
  if (!centre) notFound()
  return centre
}

/** A manager of THIS centre, or a platform admin. Others get 403. */
export async function requireManager(request: Request, centre: Centre): Promise<SessionUser> {
  const user = await requireUser(request)
  if (!user.isAdmin && !(await managesCentre(centre, user))) forbidden()
  await requireSecondFactorIfAsked(user, centre)
  return user
}

/**
 * The person seen from this centre (their initiatives here, staff seat here, membership anywhere):
 * the centre layout, the console layout, the manager checks and the listings' visibility all ask,
 * often in parallel, and one statement answers them all. Read once per request (the scope exists
 * for safe methods only, so an action's change is never hidden from its own request; ADR 089).
 */
export function centreViewer(user: SessionUser, centre: Centre): Promise<CentreViewer> {
  return oncePerRequest(`viewer ${centre.id} ${user.id}`, () => seenFromCentre(db, user.id, centre.id))
}

/** Is the user on the centre's staff? */
async function managesCentre(centre: Centre, user: SessionUser) {
  return (await centreViewer(user, centre)).staffHere
}

export async function isManagerOf(user: SessionUser | null, centre: Centre) {
  if (!user) return false
  return user.isAdmin || managesCentre(centre, user)
}

/** Which listings of this centre the person may read and write (a visitor without a session). */
export async function listingViewer(user: SessionUser | null, centre: Centre): Promise<ListingViewer> {
  return user ? listingViewerOf(user, await centreViewer(user, centre)) : VISITOR
}

export type { Membership }

/**
 * The user acts for this initiative of this centre. An initiative of another centre, or one the
 * user does not belong to, is 404 (its existence is not revealed); an inactive one is 403.
 */
export async function requireMember(
  user: SessionUser,
  initiativeId: string,
  centre: Centre,
  options: { role?: 'owner'; allowInactive?: boolean } = {},
): Promise<Membership> {
  if (!isUuid(initiativeId)) notFound()
  const row = await membershipOf(db, user.id, initiativeId, centre.id)
  if (!row) notFound()
  if (!options.allowInactive && row.initiative.status !== 'active') forbidden()
  if (options.role === 'owner' && row.role !== 'owner') forbidden()
  return row
}

/** The user's initiatives in one centre (any status), for navigation and forms. */
export async function getMemberships(userId: string, centreId: string): Promise<Membership[]> {
  return membershipsIn(db, userId, centreId)
}
