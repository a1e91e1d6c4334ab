import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { exchangeMessages, initiatives, listings, reports, users } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { enqueueEmail } from '~/modules/notifications/outbox.server'
import { isLocale } from '~/utils/i18n'
import { getT } from '~/utils/i18n.server'

/**
 * The managers' side of reports (flags): the open ones with what they are about, and the
 * decision — resolved or dismissed, always with a note that the reporter is told by e-mail
 * (the notifications module has no kind for it, so the outbox carries it) and the audit log keeps.
 */

export interface ReportSubject {
  /** listing title, initiative name or the start of the message */
  label: string | null
  /** an in-app path to it */
  path: string | null
}

export async function listReports(db: DbOrTx, centre: { id: string; slug: string }, options: { recentLimit?: number } = {}) {
  const columns = {
    id: reports.id,
    subjectType: reports.subjectType,
    subjectId: reports.subjectId,
    reason: reports.reason,
    status: reports.status,
    resolutionNote: reports.resolutionNote,
    resolvedAt: reports.resolvedAt,
    createdAt: reports.createdAt,
    reporterName: users.name,
  }
  const [open, decided] = await Promise.all([
    db
      .select(columns)
      .from(reports)
      .leftJoin(users, eq(users.id, reports.reporterId))
      .where(and(eq(reports.centreId, centre.id), eq(reports.status, 'open')))
      .orderBy(asc(reports.createdAt), asc(reports.id))
      .limit(200),
    db
      .select(columns)
      .from(reports)
      .leftJoin(users, eq(users.id, reports.reporterId))
      .where(and(eq(reports.centreId, centre.id), sql`${reports.status} <> 'open'`))
      .orderBy(desc(reports.resolvedAt), desc(reports.id))
      .limit(options.recentLimit ?? 20),
  ])
  const subjects = await describeSubjects(db, centre, [...open, ...decided])
  const withSubject = <T extends { id: string }>(r: T) => ({ ...r, subject: subjects.get(r.id) ?? { label: null, path: null } })
  return { open: open.map(withSubject), decided: decided.map(withSubject) }
}

async function describeSubjects(
  db: DbOrTx,
  centre: { id: string; slug: string },
  rows: { id: string; subjectType: 'listing' | 'initiative' | 'message'; subjectId: string }[],
) {
  const ids = (type: string) => rows.filter((r) => r.subjectType === type).map((r) => r.subjectId)
  const [listingRows, initiativeRows, messageRows] = await Promise.all([
    ids('listing').length
      ? db.select({ id: listings.id, title: listings.title }).from(listings).where(and(eq(listings.centreId, centre.id), inArray(listings.id, ids('listing'))))
      : [],
    ids('initiative').length
      ? db
          .select({ id: initiatives.id, name: initiatives.name, slug: initiatives.slug })
          .from(initiatives)
          .where(and(eq(initiatives.centreId, centre.id), inArray(initiatives.id, ids('initiative'))))
      : [],
    ids('message').length
      ? db
          .select({ id: exchangeMessages.id, body: exchangeMessages.body, exchangeId: exchangeMessages.exchangeId })
          .from(exchangeMessages)
          .where(and(eq(exchangeMessages.centreId, centre.id), inArray(exchangeMessages.id, ids('message'))))
      : [],
  ])
  const base = `/c/${centre.slug}`
  const result = new Map<string, ReportSubject>()
  for (const row of rows) {
    if (row.subjectType === 'listing') {
      const l = listingRows.find((x) => x.id === row.subjectId)
      result.set(row.id, l ? { label: l.title, path: `${base}/listings/${l.id}` } : { label: null, path: null })
    } else if (row.subjectType === 'initiative') {
      const i = initiativeRows.find((x) => x.id === row.subjectId)
      result.set(row.id, i ? { label: i.name, path: `${base}/initiatives/${i.slug}` } : { label: null, path: null })
    } else {
      const m = messageRows.find((x) => x.id === row.subjectId)
      result.set(row.id, m ? { label: m.body.slice(0, 140), path: `${base}/exchanges/${m.exchangeId}` } : { label: null, path: null })
    }
  }
  return result
}

export type DecideReportResult = { ok: true; status: 'resolved' | 'dismissed' } | { ok: false; error: 'notFound' | 'alreadyDecided' }

/**
 * Resolves or dismisses an open report of the centre. The update is conditional on `open`, so
 * of two managers deciding at once one wins and the other is told. Audit and e-mail in the same
 * transaction.
 */
export async function decideReport(
  db: DbOrTx,
  input: { centre: { id: string; name: string }; actorId: string; reportId: string; decision: 'resolve' | 'dismiss'; note: string },
): Promise<DecideReportResult> {
  const status = input.decision === 'resolve' ? 'resolved' : 'dismissed'
  return db.transaction(async (tx) => {
    const [report] = await tx
      .update(reports)
      .set({ status, resolutionNote: input.note, resolvedBy: input.actorId, resolvedAt: new Date() })
      .where(and(eq(reports.id, input.reportId), eq(reports.centreId, input.centre.id), eq(reports.status, 'open')))
      .returning()
    if (!report) {
      const [exists] = await tx
        .select({ id: reports.id })
        .from(reports)
        .where(and(eq(reports.id, input.reportId), eq(reports.centreId, input.centre.id)))
      return { ok: false, error: exists ? 'alreadyDecided' : 'notFound' } as const
    }
    await recordAudit(tx, {
      centreId: input.centre.id,
      actorId: input.actorId,
      action: `report.${status}`,
      subjectType: 'report',
      subjectId: report.id,
      details: { note: input.note, subjectType: report.subjectType, subjectId: report.subjectId },
    })
    if (report.reporterId) {
      const [reporter] = await tx
        .select({ email: users.email, name: users.name, locale: users.locale })
        .from(users)
        .where(eq(users.id, report.reporterId))
      if (reporter) {
        const t = getT(isLocale(reporter.locale) ? reporter.locale : 'de')
        const params = { name: reporter.name, centre: input.centre.name, note: input.note, reason: report.reason }
        await enqueueEmail(tx, {
          to: reporter.email,
          subject: t(`reporting.mail.report.${status}.subject`, params),
          text: `${t('mail.greeting', params)}\n\n${t(`reporting.mail.report.${status}.text`, params)}\n\n${t('mail.footer')}`,
          kind: `report.${status}`,
          centreId: input.centre.id,
        })
      }
    }
    return { ok: true, status } as const
  })
}

export async function countOpenReports(db: DbOrTx, centreId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(reports)
    .where(and(eq(reports.centreId, centreId), eq(reports.status, 'open')))
  return row?.n ?? 0
}
