import { and, eq, inArray, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { queryRows } from '#db/rows'
import { initiativeMembers, initiatives } from '#db/schema'

/**
 * "My initiatives in this centre": the one reader of a person's memberships (issue #18). Every
 * module asks here, so what counts as a membership (an active initiative of this centre) is said
 * once.
 */
export interface Membership {
  initiative: typeof initiatives.$inferSelect
  role: 'owner' | 'member'
}

/** The person's initiatives in the centre with their role, by name; inactive ones too unless `activeOnly`. */
export async function membershipsIn(db: DbOrTx, userId: string, centreId: string, options: { activeOnly?: boolean } = {}): Promise<Membership[]> {
  const scope = [eq(initiativeMembers.userId, userId), eq(initiatives.centreId, centreId)]
  if (options.activeOnly) scope.push(eq(initiatives.status, 'active'))
  return db
    .select({ initiative: initiatives, role: initiativeMembers.role })
    .from(initiativeMembers)
    .innerJoin(initiatives, eq(initiatives.id, initiativeMembers.initiativeId))
    .where(and(...scope))
    .orderBy(initiatives.name)
}

/** One of the person's initiatives in a centre, as navigation and the forms show it. */
export interface MyInitiative {
  id: string
  slug: string
  name: string
  status: (typeof initiatives.$inferSelect)['status']
  role: Membership['role']
  decisionMessage: string | null
}

/**
 * A person seen from one centre: their initiatives there (any status, by name), whether they are on
 * its staff, and whether they belong anywhere in the network (an active initiative or a staff seat
 * of any centre). The centre layout, the manager checks and the listings' visibility each needed a
 * part of this; one statement answers all three (ADR 089).
 */
export interface CentreViewer {
  initiatives: MyInitiative[]
  staffHere: boolean
  activeAnywhere: boolean
  staffAnywhere: boolean
}

export async function seenFromCentre(db: DbOrTx, userId: string, centreId: string): Promise<CentreViewer> {
  type Row = { mine: MyInitiative[] | string | null; staff_here: boolean; active_anywhere: boolean; staff_anywhere: boolean }
  const [row] = await queryRows<Row>(db, sql`
    select
      (select json_agg(json_build_object('id', i.id, 'slug', i.slug, 'name', i.name, 'status', i.status, 'role', m.role,
          'decisionMessage', i.decision_message) order by i.name, i.id)
        from initiative_members m join initiatives i on i.id = m.initiative_id
        where m.user_id = ${userId} and i.centre_id = ${centreId}) as mine,
      exists (select 1 from centre_staff s where s.user_id = ${userId} and s.centre_id = ${centreId}) as staff_here,
      exists (select 1 from initiative_members m join initiatives i on i.id = m.initiative_id
        where m.user_id = ${userId} and i.status = 'active') as active_anywhere,
      exists (select 1 from centre_staff s where s.user_id = ${userId}) as staff_anywhere
  `)
  // postgres.js parses json columns; a driver that hands back text gets it parsed here
  const mine = typeof row?.mine === 'string' ? (JSON.parse(row.mine) as MyInitiative[]) : (row?.mine ?? [])
  return {
    initiatives: mine,
    staffHere: Boolean(row?.staff_here),
    activeAnywhere: Boolean(row?.active_anywhere),
    staffAnywhere: Boolean(row?.staff_anywhere),
  }
}

/** The ids of the person's initiatives in the centre (active ones unless `activeOnly: false`). */
export async function myInitiativeIds(db: DbOrTx, userId: string, centreId: string, options: { activeOnly?: boolean } = {}): Promise<string[]> {
  const scope = [eq(initiativeMembers.userId, userId), eq(initiatives.centreId, centreId)]
  if (options.activeOnly ?? true) scope.push(eq(initiatives.status, 'active'))
  const rows = await db
    .select({ id: initiatives.id })
    .from(initiativeMembers)
    .innerJoin(initiatives, eq(initiatives.id, initiativeMembers.initiativeId))
    .where(and(...scope))
  return rows.map((row) => row.id)
}

/** The person's membership of one initiative of this centre, whatever its status; null when there is none. */
export async function membershipOf(db: DbOrTx, userId: string, initiativeId: string, centreId: string): Promise<Membership | null> {
  const [row] = await db
    .select({ initiative: initiatives, role: initiativeMembers.role })
    .from(initiativeMembers)
    .innerJoin(initiatives, eq(initiatives.id, initiativeMembers.initiativeId))
    .where(and(eq(initiativeMembers.userId, userId), eq(initiativeMembers.initiativeId, initiativeId), eq(initiatives.centreId, centreId)))
  return row ?? null
}

/** Whether the person belongs to the initiative; with `activeIn`, only to an active initiative of that centre. */
export async function isMemberOf(db: DbOrTx, userId: string, initiativeId: string, options: { activeIn?: string } = {}): Promise<boolean> {
  const scope = [eq(initiativeMembers.userId, userId), eq(initiativeMembers.initiativeId, initiativeId)]
  if (options.activeIn) scope.push(eq(initiatives.centreId, options.activeIn), eq(initiatives.status, 'active'))
  const [row] = await db
    .select({ id: initiatives.id })
    .from(initiativeMembers)
    .innerJoin(initiatives, eq(initiatives.id, initiativeMembers.initiativeId))
    .where(and(...scope))
    .limit(1)
  return Boolean(row)
}

/**
 * Inside a transaction that writes something for these initiatives (a listing, an exchange): whether
 * they are all active initiatives of the centre, with their rows held (FOR SHARE, in id order) until
 * the transaction ends. A suspension (which locks the initiative's row to change it) then waits for
 * the write, or the write sees the suspension: what was checked before the transaction may be stale.
 */
export async function activeUnderLock(tx: DbOrTx, centreId: string, initiativeIds: readonly string[]): Promise<boolean> {
  const ids = [...new Set(initiativeIds)].sort()
  if (!ids.length) return false
  const rows = await tx
    .select({ id: initiatives.id, centreId: initiatives.centreId, status: initiatives.status })
    .from(initiatives)
    .where(inArray(initiatives.id, ids))
    .orderBy(initiatives.id)
    .for('share')
  return rows.length === ids.length && rows.every((r) => r.centreId === centreId && r.status === 'active')
}

/** Whether the person belongs to any of these initiatives (one person, one side: ADR 058). */
export async function isMemberOfAny(db: DbOrTx, userId: string, initiativeIds: readonly string[]): Promise<boolean> {
  if (!initiativeIds.length) return false
  const [row] = await db
    .select({ id: initiativeMembers.initiativeId })
    .from(initiativeMembers)
    .where(and(eq(initiativeMembers.userId, userId), inArray(initiativeMembers.initiativeId, [...initiativeIds])))
    .limit(1)
  return Boolean(row)
}

/**
 * Whether someone other than this person may act for the initiative (it is active and has another
 * member). A proposal or request to an initiative whose only member is the one asking would wait
 * for an answer nobody can give: one person, one side (ADR 058).
 */
export async function hasOtherMember(db: DbOrTx, initiativeId: string, userId: string): Promise<boolean> {
  return (await memberIdsOf(db, initiativeId, { activeOnly: true })).some((id) => id !== userId)
}

/** The people of these initiatives, as (initiative, person) pairs; of active initiatives only when `activeOnly`. */
export async function membersOf(
  db: DbOrTx,
  initiativeIds: readonly string[],
  options: { activeOnly?: boolean } = {},
): Promise<{ initiativeId: string; userId: string }[]> {
  if (!initiativeIds.length) return []
  const scope = [inArray(initiativeMembers.initiativeId, [...initiativeIds])]
  if (options.activeOnly) scope.push(eq(initiatives.status, 'active'))
  return db
    .select({ initiativeId: initiativeMembers.initiativeId, userId: initiativeMembers.userId })
    .from(initiativeMembers)
    .innerJoin(initiatives, eq(initiatives.id, initiativeMembers.initiativeId))
    .where(and(...scope))
}

/** The ids of one initiative's people (none when `activeOnly` and the initiative is not active). */
export async function memberIdsOf(db: DbOrTx, initiativeId: string, options: { activeOnly?: boolean } = {}): Promise<string[]> {
  return (await membersOf(db, [initiativeId], options)).map((row) => row.userId)
}
