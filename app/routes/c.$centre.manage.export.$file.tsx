import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireCentre, requireManager } from '~/utils/auth.server'
import { isExportName } from '~/modules/reporting/constants'
import { periodFromSearch, reportCentre } from '~/modules/reporting/console.server'
import { csvDialect, csvFileName } from '~/modules/reporting/csv'
import { exportCsvStream } from '~/modules/reporting/exports.server'
import { toRange } from '~/modules/reporting/period'
import { db } from '~/utils/db.server'
import { translateError } from '~/utils/forms'
import { getT, resolveLocale } from '~/utils/i18n.server'
import { notFound } from '~/utils/http.server'

/**
 * `/c/:centre/manage/export/:what.csv?from=&to=&sep=`: one table of the centre for a period, as a CSV
 * download in the dialect of the manager's language or `sep` (comma|semicolon), streamed page by page as the rows are read (csv.ts for quoting and formula
 * neutralisation; docs/decisions/056-streamed-exports.md). Authorisation and the period are
 * checked before anything is sent.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireManager(request, centre)
  const match = /^([a-z]+)\.csv$/.exec(params.file ?? '')
  const what = match?.[1]
  if (!isExportName(what)) notFound()
  const search = new URL(request.url).searchParams
  const asked = periodFromSearch(search, centre)
  const locale = await resolveLocale(request, user.locale)
  if (!asked.ok) {
    // a hand-made address (the dashboard links only periods it accepted): what is wrong, in words
    const t = getT(locale)
    const lines = Object.values(asked.errors)
      .flat()
      .map((message) => translateError(t, message))
    return new Response(`${lines.join('\n')}\n`, {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    })
  }
  const { period } = asked
  // the separator the manager's spreadsheet expects (`;` for de/fr/nl), or the one asked for
  const dialect = csvDialect(locale, search.get('sep'))
  const body = await exportCsvStream(db, reportCentre(centre), what, toRange(period, centre.timeZone), { dialect })
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
