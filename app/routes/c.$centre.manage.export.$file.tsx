import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireCentre, requireManager } from '~/modules/auth/guards.server'
import { isExportName } from '~/modules/reporting/constants'
import { periodFromRequest, reportCentre } from '~/modules/reporting/console.server'
import { csvFileName } from '~/modules/reporting/csv'
import { exportCsvStream } from '~/modules/reporting/exports.server'
import { toRange } from '~/modules/reporting/period'
import { db } from '~/utils/db.server'
import { notFound } from '~/utils/http.server'

/**
 * `/c/:centre/manage/export/:what.csv?from=&to=`: one table of the centre for a period, as a CSV
 * download, streamed page by page as the rows are read (csv.ts for quoting and formula
 * neutralisation; docs/decisions/056-streamed-exports.md). Authorisation and the period are
 * checked before anything is sent.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  await requireManager(request, centre)
  const match = /^([a-z]+)\.csv$/.exec(params.file ?? '')
  const what = match?.[1]
  if (!isExportName(what)) notFound()
  const asked = periodFromRequest(request, centre)
  if (!asked.ok) {
    return new Response(JSON.stringify({ errors: asked.errors }), {
      status: 400,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    })
  }
  const { period } = asked
  const body = await exportCsvStream(db, reportCentre(centre), what, toRange(period, centre.timeZone))
  const name = csvFileName('viertel', centre.slug, what, period.from, period.to)
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'private, no-store',
      // X-Content-Type-Options: nosniff comes with every response (scripts/server.mjs)
    },
  })
}
