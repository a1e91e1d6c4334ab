import { and, asc, count, desc, eq, gt, inArray, like, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { DbOrTx } from '#db/connect'
import { preparedQuery } from '#db/prepared'
import { centreStaff, initiativeMembers, initiatives, users } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { notify } from '~/modules/notifications/notify.server'
import { enqueueTemplatedEmail } from '~/modules/notifications/outbox.server'
import { isUuid, slugify } from '~/utils/misc'
import { nameKey } from './import'
import { isMemberOf } from './memberships.server'
import type { InitiativeProfile } from './schemas'

export type Initiative = typeof initiatives.$inferSelect
export type InitiativeStatus = Initiative['status']
type CentreRef = { id: string; slug: string; name: string }
type Actor = { id: string; name: string }

/** How much of an initiative's description the centre page's cards carry: they show two lines of it. */
export const CARD_DESCRIPTION_CHARS = 280

/** The centre's active initiatives by name; with `descriptionChars`, each description cut to that many characters. */
export async function listActiveInitiatives(db: DbOrTx, centreId: string, { descriptionChars }: { descriptionChars?: number } = {}) {
  return db
    .select({
      id: initiatives.id,
      slug: initiatives.slug,
      name: initiatives.name,
      kind: initiatives.kind,
      sector: initiatives.sector,
      description: descriptionChars !== undefined ? sql<string>`left(${initiatives.description}, ${descriptionChars})` : initiatives.description,
    })
    .from(initiatives)
    .where(and(eq(initiatives.centreId, centreId), eq(initiatives.status, 'active')))
    .orderBy(asc(initiatives.name))
}

/**
 * The centre page's initiative cards, with the description cut to what a card shows (descriptions
 * may hold 4,000 characters; a centre may have hundreds of initiatives).
 */
export function initiativeCards(db: DbOrTx, centreId: string) {
  return listActiveInitiatives(db, centreId, { descriptionChars: CARD_DESCRIPTION_CHARS })
}

export async function getInitiativeBySlug(db: DbOrTx, centreId: string, slug: string) {
  const [row] = await db
    .select()
    .from(initiatives)
    .where(and(eq(initiatives.centreId, centreId), eq(initiatives.slug, slug)))
  return row ?? null
}

export async function listMyInitiatives(db: DbOrTx, userId: string, centreId: string) {
  return preparedQuery(db, 'my_initiatives', (db) =>
    db
      .select({
        id: initiatives.id,
        slug: initiatives.slug,
        name: initiatives.name,
        status: initiatives.status,
        role: initiativeMembers.role,
        decisionMessage: initiatives.decisionMessage,
      })
      .from(initiativeMembers)
      .innerJoin(initiatives, eq(initiatives.id, initiativeMembers.initiativeId))
      .where(and(eq(initiativeMembers.userId, sql.placeholder('userId')), eq(initiatives.centreId, sql.placeholder('centreId'))))
      .orderBy(asc(initiatives.name))
      .prepare('my_initiatives'),
  ).execute({ userId, centreId })
}

/** The user's role in the initiative, or null when they do not belong to it. */
export async function getMemberRole(db: DbOrTx, initiativeId: string, userId: string) {
  const [row] = await db
    .select({ role: initiativeMembers.role })
    .from(initiativeMembers)
    .where(and(eq(initiativeMembers.initiativeId, initiativeId), eq(initiativeMembers.userId, userId)))
  return row?.role ?? null
}

export async function listMembers(db: DbOrTx, initiativeId: string) {
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: initiativeMembers.role,
      since: initiativeMembers.createdAt,
    })
    .from(initiativeMembers)
    .innerJoin(users, eq(users.id, initiativeMembers.userId))
    .where(eq(initiativeMembers.initiativeId, initiativeId))
    .orderBy(desc(sql`${initiativeMembers.role} = 'owner'`), asc(users.name))
}

/** Owners may change the initiative and its people while it is applying or active. */
export function isOpenForOwners(status: InitiativeStatus) {
  return status === 'applied' || status === 'active'
}

// ---------------------------------------------------------------------------------------------
// Applying to a centre
// ---------------------------------------------------------------------------------------------

/** A slug for the name that no initiative of the centre has yet: `name`, `name-2`, `name-3`, … */
async function freeSlug(db: DbOrTx, centreId: string, name: string, attempt: number) {
  const base = slugify(name).slice(0, 50) || 'initiative'
  const taken = await db
    .select({ slug: initiatives.slug })
    .from(initiatives)
    .where(and(eq(initiatives.centreId, centreId), or(eq(initiatives.slug, base), like(initiatives.slug, `${base}-%`))))
  const used = new Set(taken.map((r) => r.slug))
  for (let n = 1 + attempt; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`
    if (!used.has(candidate)) return candidate
  }
}

/**
 * Whether another initiative of the centre that is applying, active or suspended already goes by
 * this name, compared as the import compares names (Unicode-normalised, spaces collapsed, any case):
 * a second "Radwerk Kollektiv" could pass for the first in requests, bookings and the ledger.
 * Names of rejected or departed initiatives may be taken again. `except`: the initiative renamed.
 */
export async function initiativeNameTaken(db: DbOrTx, centreId: string, name: string, except?: string): Promise<boolean> {
  const key = nameKey(name)
  const rows = await db
    .select({ id: initiatives.id, name: initiatives.name })
    .from(initiatives)
    .where(and(eq(initiatives.centreId, centreId), inArray(initiatives.status, ['applied', 'active', 'suspended'])))
  return rows.some((row) => row.id !== except && nameKey(row.name) === key)
}

async function managersOf(db: DbOrTx, centreId: string) {
  return db
    .select({ id: users.id, email: users.email, locale: users.locale })
    .from(centreStaff)
    .innerJoin(users, eq(users.id, centreStaff.userId))
    .where(eq(centreStaff.centreId, centreId))
}

async function ownersOf(db: DbOrTx, initiativeId: string) {
  return db
    .select({ id: users.id, email: users.email, locale: users.locale })
    .from(initiativeMembers)
    .innerJoin(users, eq(users.id, initiativeMembers.userId))
    .where(and(eq(initiativeMembers.initiativeId, initiativeId), eq(initiativeMembers.role, 'owner')))
}

/**
 * A new initiative applies to the centre: it starts as `applied`, the user becomes its owner,
 * and every manager of the centre gets an e-mail. All in one transaction.
 */
export async function applyWithNewInitiative(
  db: DbOrTx,
  input: { user: Actor; centre: CentreRef; profile: InitiativeProfile; message?: string; origin: string },
): Promise<Initiative> {
  const { user, centre, profile, origin } = input
  return db.transaction(async (tx) => {
    let initiative: Initiative | undefined
    // Two applications with the same name at the same moment: the unique key decides, we retry.
    for (let attempt = 0; !initiative && attempt < 5; attempt++) {
      const slug = await freeSlug(tx, centre.id, profile.name, attempt)
      ;[initiative] = await tx
        .insert(initiatives)
        .values({
          centreId: centre.id,
          slug,
          name: profile.name,
          kind: profile.kind,
          sector: profile.sector ?? '',
          description: profile.description ?? '',
          website: profile.website ?? null,
          contactEmail: profile.contactEmail ?? null,
          status: 'applied',
          applicationMessage: input.message ?? null,
          createdBy: user.id,
        })
        .onConflictDoNothing()
        .returning()
    }
    if (!initiative) throw new Error('Could not find a free slug for the initiative')
    await tx
      .insert(initiativeMembers)
      .values({ initiativeId: initiative.id, centreId: centre.id, userId: user.id, role: 'owner' })
    await recordAudit(tx, {
      centreId: centre.id,
      actorId: user.id,
      action: 'application.submitted',
      subjectType: 'initiative',
      subjectId: initiative.id,
      details: { name: initiative.name },
    })
    for (const manager of await managersOf(tx, centre.id)) {
      await enqueueTemplatedEmail(tx, manager, {
        template: 'applicationReceived',
        kind: 'application.received',
        centreId: centre.id,
        params: {
          initiative: initiative.name,
          applicant: user.name,
          centre: centre.name,
          message: input.message ?? '—',
          link: `${origin}/c/${centre.slug}/manage/applications`,
        },
      })
    }
    return initiative
  })
}

export async function countOpenApplications(db: DbOrTx, centreId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(initiatives)
    .where(and(eq(initiatives.centreId, centreId), eq(initiatives.status, 'applied')))
  return row?.n ?? 0
}

const RECENT_DAYS = 60

/** Open applications (oldest first) and those decided in the last weeks (newest first). */
export async function listApplications(db: DbOrTx, centreId: string) {
  const applicant = alias(users, 'applicant')
  const decider = alias(users, 'decider')
  const columns = {
    id: initiatives.id,
    slug: initiatives.slug,
    name: initiatives.name,
    kind: initiatives.kind,
    sector: initiatives.sector,
    description: initiatives.description,
    website: initiatives.website,
    contactEmail: initiatives.contactEmail,
    status: initiatives.status,
    applicationMessage: initiatives.applicationMessage,
    createdAt: initiatives.createdAt,
    decidedAt: initiatives.decidedAt,
    decisionMessage: initiatives.decisionMessage,
    applicantName: applicant.name,
    applicantEmail: applicant.email,
    deciderName: decider.name,
  }
  const base = () =>
    db
      .select(columns)
      .from(initiatives)
      .leftJoin(applicant, eq(applicant.id, initiatives.createdBy))
      .leftJoin(decider, eq(decider.id, initiatives.decidedBy))
  const since = new Date(Date.now() - RECENT_DAYS * 24 * 60 * 60 * 1000)
  const [open, decided] = await Promise.all([
    base()
      .where(and(eq(initiatives.centreId, centreId), eq(initiatives.status, 'applied')))
      .orderBy(asc(initiatives.createdAt)),
    base()
      .where(
        and(
          eq(initiatives.centreId, centreId),
          inArray(initiatives.status, ['active', 'rejected']),
          gt(initiatives.decidedAt, since),
        ),
      )
      .orderBy(desc(initiatives.decidedAt))
      .limit(20),
  ])
  return { open, decided }
}

export type DecisionResult =
  | { ok: true; initiative: Initiative }
  | { ok: false; error: 'notFound' }
  | { ok: false; error: 'ownInitiative' }
  | { ok: false; error: 'alreadyDecided'; status: InitiativeStatus }

/**
 * A manager admits or rejects an application. Only an application that is still open can be
 * decided: the update is conditional, so of two managers deciding at once exactly one wins and
 * the other is told that it was already decided. Who and when are recorded, the audit log is
 * written and the owners are notified (`application.decided`), in the same transaction.
 */
export async function decideApplication(
  db: DbOrTx,
  input: {
    centre: CentreRef
    initiativeId: string
    actor: Actor
    decision: 'admit' | 'reject'
    message?: string
  },
): Promise<DecisionResult> {
  const { centre, actor, decision } = input
  return db.transaction(async (tx) => {
    // one person, one side (ADR 058): a manager does not decide their own initiative's application
    if (isUuid(input.initiativeId) && (await isMemberOf(tx, actor.id, input.initiativeId))) return { ok: false, error: 'ownInitiative' }
    const [initiative] = await tx
      .update(initiatives)
      .set({
        status: decision === 'admit' ? 'active' : 'rejected',
        decidedBy: actor.id,
        decidedAt: new Date(),
        decisionMessage: input.message ?? null,
      })
      .where(
        and(
          eq(initiatives.id, input.initiativeId),
          eq(initiatives.centreId, centre.id),
          eq(initiatives.status, 'applied'),
        ),
      )
      .returning()
    if (!initiative) {
      const [current] = await tx
        .select({ status: initiatives.status })
        .from(initiatives)
        .where(and(eq(initiatives.id, input.initiativeId), eq(initiatives.centreId, centre.id)))
      return current
        ? { ok: false, error: 'alreadyDecided', status: current.status }
        : { ok: false, error: 'notFound' }
    }
    await recordAudit(tx, {
      centreId: centre.id,
      actorId: actor.id,
      action: decision === 'admit' ? 'application.admitted' : 'application.rejected',
      subjectType: 'initiative',
      subjectId: initiative.id,
      details: { name: initiative.name, message: input.message ?? null },
    })
    // The owners hear of it like of anything else: in the app, and by e-mail as each chose for
    // `application.decided` (immediately by default), in their own language.
    await notify(tx, {
      userIds: (await ownersOf(tx, initiative.id)).map((owner) => owner.id),
      exceptUserId: actor.id,
      centreId: centre.id,
      kind: 'application.decided',
      payload: {
        variant: decision === 'admit' ? 'admitted' : 'rejected',
        initiative: initiative.name,
        centre: centre.name,
        note: input.message?.trim() || null,
        url: decision === 'admit' ? `/c/${centre.slug}/initiatives/${initiative.slug}` : `/c/${centre.slug}`,
      },
    })
    return { ok: true, initiative }
  })
}

// ---------------------------------------------------------------------------------------------
// The initiative's profile and people
// ---------------------------------------------------------------------------------------------

export async function updateInitiativeProfile(
  db: DbOrTx,
  input: { centreId: string; initiativeId: string; profile: InitiativeProfile },
) {
  const { profile } = input
  await db
    .update(initiatives)
    .set({
      name: profile.name,
      kind: profile.kind,
      sector: profile.sector ?? '',
      description: profile.description ?? '',
      website: profile.website ?? null,
      contactEmail: profile.contactEmail ?? null,
    })
    .where(and(eq(initiatives.id, input.initiativeId), eq(initiatives.centreId, input.centreId)))
}

/**
 * An owner makes another member an owner (audited): how an owner hands the initiative on before
 * leaving it. A member who is an owner already, or no member, is `notFound`.
 */
export async function makeOwner(
  db: DbOrTx,
  input: { centreId: string; initiativeId: string; userId: string; actorId: string },
): Promise<{ ok: true } | { ok: false; error: 'notFound' }> {
  return db.transaction(async (tx) => {
    const promoted = await tx
      .update(initiativeMembers)
      .set({ role: 'owner' })
      .where(
        and(
          eq(initiativeMembers.initiativeId, input.initiativeId),
          eq(initiativeMembers.centreId, input.centreId),
          eq(initiativeMembers.userId, input.userId),
          eq(initiativeMembers.role, 'member'),
        ),
      )
      .returning({ userId: initiativeMembers.userId })
    if (!promoted.length) return { ok: false as const, error: 'notFound' as const }
    await recordAudit(tx, {
      centreId: input.centreId,
      actorId: input.actorId,
      action: 'member.made_owner',
      subjectType: 'initiative',
      subjectId: input.initiativeId,
      details: { userId: input.userId },
    })
    return { ok: true as const }
  })
}

export type RemoveMemberResult = { ok: true } | { ok: false; error: 'notFound' | 'lastOwner' | 'lastMember' }

/**
 * Removes a person from the initiative; the last owner cannot be removed. The member rows are
 * locked first, so two owners removing each other at once cannot leave the initiative ownerless.
 */
export async function removeMember(
  db: DbOrTx,
  input: { centreId: string; initiativeId: string; userId: string; actorId: string },
): Promise<RemoveMemberResult> {
  return db.transaction(async (tx) => {
    const members = await tx
      .select({ userId: initiativeMembers.userId, role: initiativeMembers.role })
      .from(initiativeMembers)
      .where(
        and(eq(initiativeMembers.initiativeId, input.initiativeId), eq(initiativeMembers.centreId, input.centreId)),
      )
      .orderBy(asc(initiativeMembers.userId))
      .for('update')
    const target = members.find((m) => m.userId === input.userId)
    if (!target) return { ok: false, error: 'notFound' }
    if (target.role === 'owner' && members.filter((m) => m.role === 'owner').length <= 1) {
      return { ok: false, error: members.length === 1 ? 'lastMember' : 'lastOwner' }
    }
    await tx
      .delete(initiativeMembers)
      .where(and(eq(initiativeMembers.initiativeId, input.initiativeId), eq(initiativeMembers.userId, input.userId)))
    await recordAudit(tx, {
      centreId: input.centreId,
      actorId: input.actorId,
      action: 'member.removed',
      subjectType: 'initiative',
      subjectId: input.initiativeId,
      details: { userId: input.userId, role: target.role },
    })
    return { ok: true }
  })
}
