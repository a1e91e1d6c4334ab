import { and, asc, eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { initiativeMembers, initiatives } from '#db/schema'

export type Initiative = typeof initiatives.$inferSelect

export async function listActiveInitiatives(db: DbOrTx, centreId: string) {
  return db
    .select({
      id: initiatives.id,
      slug: initiatives.slug,
      name: initiatives.name,
      kind: initiatives.kind,
      sector: initiatives.sector,
      description: initiatives.description,
    })
    .from(initiatives)
    .where(and(eq(initiatives.centreId, centreId), eq(initiatives.status, 'active')))
    .orderBy(asc(initiatives.name))
}

export async function getInitiativeBySlug(db: DbOrTx, centreId: string, slug: string) {
  const [row] = await db
    .select()
    .from(initiatives)
    .where(and(eq(initiatives.centreId, centreId), eq(initiatives.slug, slug)))
  return row ?? null
}

export async function listMyInitiatives(db: DbOrTx, userId: string, centreId: string) {
  return db
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
    .where(and(eq(initiativeMembers.userId, userId), eq(initiatives.centreId, centreId)))
    .orderBy(asc(initiatives.name))
}
