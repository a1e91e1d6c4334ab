import { and, eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { reportTexts } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'

/** The manager's words for the funder report of exactly this period (empty when none yet). */
export async function getReportText(db: DbOrTx, centreId: string, period: { from: string; to: string }) {
  const [row] = await db
    .select({ body: reportTexts.body, updatedAt: reportTexts.updatedAt })
    .from(reportTexts)
    .where(and(eq(reportTexts.centreId, centreId), eq(reportTexts.periodFrom, period.from), eq(reportTexts.periodTo, period.to)))
  return row ?? null
}

export async function saveReportText(
  db: DbOrTx,
  input: { centreId: string; actorId: string; period: { from: string; to: string }; body: string },
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(reportTexts)
      .values({ centreId: input.centreId, periodFrom: input.period.from, periodTo: input.period.to, body: input.body, updatedBy: input.actorId })
      .onConflictDoUpdate({
        target: [reportTexts.centreId, reportTexts.periodFrom, reportTexts.periodTo],
        set: { body: input.body, updatedBy: input.actorId, updatedAt: new Date() },
      })
      .returning({ id: reportTexts.id })
    await recordAudit(tx, {
      centreId: input.centreId,
      actorId: input.actorId,
      action: 'funder_report.text_saved',
      subjectType: 'report_text',
      subjectId: row!.id,
      details: { from: input.period.from, to: input.period.to, length: input.body.length },
    })
    return row!
  })
}
