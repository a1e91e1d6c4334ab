import { and, count, desc, eq, gte, lt, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { auditLog, initiatives, users } from '#db/schema'

/** The reading side of the audit log, for a centre's managers: filtered, newest first, paginated. */

export interface AuditFilter {
  actorId?: string
  /** the first part of the action, e.g. `exchange` for `exchange.confirmed` */
  group?: string
  from?: Date
  to?: Date
}

export const AUDIT_GROUP = /^[a-z][a-z_]{0,39}$/

function where(centreId: string, filter: AuditFilter) {
  return and(
    eq(auditLog.centreId, centreId),
    filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
    filter.group ? sql`split_part(${auditLog.action}, '.', 1) = ${filter.group}` : undefined,
    filter.from ? gte(auditLog.createdAt, filter.from) : undefined,
    filter.to ? lt(auditLog.createdAt, filter.to) : undefined,
  )
}

export async function listAuditEntries(db: DbOrTx, centreId: string, filter: AuditFilter, page: { page: number; size: number }) {
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: auditLog.id,
        action: auditLog.action,
        subjectType: auditLog.subjectType,
        subjectId: auditLog.subjectId,
        details: auditLog.details,
        createdAt: auditLog.createdAt,
        actorId: auditLog.actorId,
        actorName: users.name,
        initiativeSlug: initiatives.slug,
        initiativeName: initiatives.name,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .leftJoin(
        initiatives,
        and(eq(auditLog.subjectType, 'initiative'), eq(sql`${initiatives.id}::text`, auditLog.subjectId), eq(initiatives.centreId, centreId)),
      )
      .where(where(centreId, filter))
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(page.size)
      .offset((page.page - 1) * page.size),
    db.select({ n: count() }).from(auditLog).where(where(centreId, filter)),
  ])
  return { entries: rows, total: total?.n ?? 0 }
}

/** Who acted in this centre's log, and which kinds of action occur: the choices of the filter. */
export async function auditFilterChoices(db: DbOrTx, centreId: string) {
  const [actors, groups] = await Promise.all([
    db
      .selectDistinct({ id: users.id, name: users.name })
      .from(auditLog)
      .innerJoin(users, eq(users.id, auditLog.actorId))
      .where(eq(auditLog.centreId, centreId))
      .orderBy(users.name, users.id),
    db
      .selectDistinct({ group: sql<string>`split_part(${auditLog.action}, '.', 1)` })
      .from(auditLog)
      .where(eq(auditLog.centreId, centreId))
      .orderBy(sql`1`),
  ])
  return { actors, groups: groups.map((g) => g.group) }
}

/** Where an entry's subject can be seen in the app, if anywhere. */
export function subjectPath(
  centreSlug: string,
  entry: { subjectType: string; subjectId: string; initiativeSlug: string | null },
): string | null {
  const base = `/c/${centreSlug}`
  switch (entry.subjectType) {
    case 'initiative':
      return entry.initiativeSlug ? `${base}/initiatives/${entry.initiativeSlug}` : `${base}/manage/initiatives`
    case 'listing':
      return `${base}/listings/${entry.subjectId}`
    case 'exchange':
      return `${base}/exchanges/${entry.subjectId}`
    case 'loan':
      return `${base}/loans/${entry.subjectId}`
    case 'ledger_transaction':
      return `${base}/manage/ledger`
    case 'report':
      return `${base}/manage/reports`
    case 'report_text':
      return `${base}/manage/report`
    case 'centre':
      return `${base}/manage/settings`
    case 'vocabulary_concept':
      return `${base}/manage/vocabulary?${new URLSearchParams({ q: entry.subjectId })}#concept-${entry.subjectId}`
    case 'booking':
      return null
    default:
      return null
  }
}
