import { and, asc, count, eq, inArray, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { preparedQuery } from '#db/prepared'
import { centres, centreStaff, initiatives, users } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'

export type Centre = typeof centres.$inferSelect

/**
 * Every centre (the platform admin's list), with the number of initiatives its own page lists (the active
 * ones, as listActiveInitiatives). A join, not a correlated subquery: drizzle writes the columns of a
 * one-table select without their table, so `${centres.id}` inside a subquery on initiatives meant
 * initiatives.id and every centre counted 0 (issue #19). The landing page shows landingCentres.
 */
export async function listCentres(db: DbOrTx) {
  return db
    .select({
      id: centres.id,
      slug: centres.slug,
      name: centres.name,
      city: centres.city,
      country: centres.country,
      description: centres.description,
      activeInitiatives: count(initiatives.id),
    })
    .from(centres)
    .leftJoin(initiatives, and(eq(initiatives.centreId, centres.id), eq(initiatives.status, 'active')))
    .groupBy(centres.id)
    .orderBy(asc(centres.name))
}

/** How many centres the landing page shows; the network page (/network) lists and compares them all. */
export const LANDING_CENTRES = 9

/**
 * The landing page's centres: the first LANDING_CENTRES by name, each with its number of active
 * initiatives (counted for those only), and how many centres there are. Its cost does not grow
 * with the network: 200 centres and 50,000 initiatives read what 3 centres do.
 */
export async function landingCentres(db: DbOrTx) {
  const [shown, [total]] = await Promise.all([
    db
      .select({ id: centres.id, slug: centres.slug, name: centres.name, city: centres.city, country: centres.country, description: centres.description })
      .from(centres)
      .orderBy(asc(centres.name), asc(centres.id))
      .limit(LANDING_CENTRES),
    db.select({ n: count() }).from(centres),
  ])
  const counts = shown.length
    ? await db
        .select({ centreId: initiatives.centreId, n: count() })
        .from(initiatives)
        .where(and(inArray(initiatives.centreId, shown.map((c) => c.id)), eq(initiatives.status, 'active')))
        .groupBy(initiatives.centreId)
    : []
  const active = new Map(counts.map((row) => [row.centreId, row.n]))
  return { centres: shown.map((centre) => ({ ...centre, activeInitiatives: active.get(centre.id) ?? 0 })), total: total?.n ?? 0 }
}

export async function getCentreBySlug(db: DbOrTx, slug: string): Promise<Centre | null> {
  const [centre] = await preparedQuery(db, 'centre_by_slug', (db) =>
    db.select().from(centres).where(eq(centres.slug, sql.placeholder('slug'))).prepare('centre_by_slug'),
  ).execute({ slug })
  return centre ?? null
}

export async function isCentreManager(db: DbOrTx, centreId: string, userId: string): Promise<boolean> {
  const [row] = await preparedQuery(db, 'is_centre_manager', (db) =>
    db
      .select({ userId: centreStaff.userId })
      .from(centreStaff)
      .where(and(eq(centreStaff.centreId, sql.placeholder('centreId')), eq(centreStaff.userId, sql.placeholder('userId'))))
      .prepare('is_centre_manager'),
  ).execute({ centreId, userId })
  return Boolean(row)
}

export async function listManagedCentres(db: DbOrTx, userId: string) {
  return db
    .select({ id: centres.id, slug: centres.slug, name: centres.name })
    .from(centreStaff)
    .innerJoin(centres, eq(centres.id, centreStaff.centreId))
    .where(eq(centreStaff.userId, userId))
    .orderBy(asc(centres.name))
}

export async function listCentreManagers(db: DbOrTx, centreId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(centreStaff)
    .innerJoin(users, eq(users.id, centreStaff.userId))
    .where(eq(centreStaff.centreId, centreId))
    .orderBy(asc(users.name))
}

export interface NewCentre {
  slug: string
  name: string
  city: string
  country: string
  description?: string
  languages?: string[]
  moderationMode?: 'pre' | 'post'
  hourValueCents?: number
  loanLimitCents?: number
  timeZone?: string
  foundingYear?: number | null
  legalForm?: string | null
  fundingMix?: string | null
}

export class SlugTakenError extends Error {
  constructor() {
    super('slug taken')
  }
}

export async function createCentre(db: DbOrTx, actorId: string | null, values: NewCentre): Promise<Centre> {
  return db.transaction(async (tx) => {
    const [centre] = await tx.insert(centres).values(values).onConflictDoNothing().returning()
    if (!centre) throw new SlugTakenError()
    await recordAudit(tx, {
      centreId: centre.id,
      actorId,
      action: 'centre.created',
      subjectType: 'centre',
      subjectId: centre.id,
      details: { slug: centre.slug, name: centre.name },
    })
    return centre
  })
}

/** Appoints a user as manager of a centre; appointing twice is harmless. */
export async function appointManager(db: DbOrTx, actorId: string | null, centreId: string, userId: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(centreStaff)
      .values({ centreId, userId, appointedBy: actorId })
      .onConflictDoNothing()
      .returning()
    if (row) {
      await recordAudit(tx, {
        centreId,
        actorId,
        action: 'manager.appointed',
        subjectType: 'user',
        subjectId: userId,
      })
    }
    return Boolean(row)
  })
}

export async function removeManager(db: DbOrTx, actorId: string | null, centreId: string, userId: string) {
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(centreStaff)
      .where(and(eq(centreStaff.centreId, centreId), eq(centreStaff.userId, userId)))
      .returning()
    if (removed.length) {
      await recordAudit(tx, { centreId, actorId, action: 'manager.removed', subjectType: 'user', subjectId: userId })
    }
    return removed.length > 0
  })
}

/** Every centre's managers, for the platform admin's page. */
export async function listAllCentreManagers(db: DbOrTx) {
  return db
    .select({ centreId: centreStaff.centreId, userId: users.id, name: users.name, email: users.email })
    .from(centreStaff)
    .innerJoin(users, eq(users.id, centreStaff.userId))
    .orderBy(asc(users.name))
}

export async function getCentreById(db: DbOrTx, centreId: string): Promise<Centre | null> {
  const [centre] = await db.select().from(centres).where(eq(centres.id, centreId))
  return centre ?? null
}
