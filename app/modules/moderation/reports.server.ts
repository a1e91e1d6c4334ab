import { sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { reports } from '#db/schema'
import { hitRateLimit } from '~/modules/security/rate-limit.server'

export type ReportSubjectType = 'listing' | 'initiative' | 'message'

export const REPORTS_PER_HOUR = 10

/** Counts one report by this person; `allowed` is false once the hourly limit is spent. */
export async function checkReportRateLimit(db: DbOrTx, userId: string) {
  return hitRateLimit(db, `report:create:${userId}`, REPORTS_PER_HOUR, 3600)
}

/**
 * Raises a flag for the centre's managers. The caller has checked that the reporter may see the
 * subject. Reporting the same thing again while a report of it is open changes nothing.
 */
export async function createReport(
  db: DbOrTx,
  input: { reporterId: string; centreId: string; subjectType: ReportSubjectType; subjectId: string; reason: string },
) {
  const [row] = await db
    .insert(reports)
    .values({ ...input, reason: input.reason.trim() })
    .onConflictDoNothing({
      target: [reports.reporterId, reports.subjectType, reports.subjectId],
      where: sql`${reports.status} = 'open'`,
    })
    .returning({ id: reports.id })
  return { created: Boolean(row), id: row?.id ?? null }
}
