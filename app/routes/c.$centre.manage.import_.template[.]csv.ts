import type { LoaderFunctionArgs } from '@remix-run/node'
import { IMPORT_COLUMNS, type ImportColumn, templateCsv } from '~/modules/initiatives/import'
import { requireCentre, requireManager } from '~/utils/auth.server'
import { getT, resolveLocale } from '~/utils/i18n.server'

/** `/c/:centre/manage/import/template.csv`: the import's header row in the manager's language (ADR 072). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireManager(request, centre)
  const locale = await resolveLocale(request, user.locale)
  const t = getT(locale)
  const labels = Object.fromEntries(IMPORT_COLUMNS.map((column) => [column, t(`import.columns.${column}`)])) as Record<ImportColumn, string>
  return new Response(templateCsv(labels, locale), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="viertel-import-${centre.slug}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
