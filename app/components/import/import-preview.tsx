import { SubmitButton } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import type { CellError, ImportRow, ImportSummary } from '~/modules/initiatives/import'
import { IMPORT_COLUMNS, PREVIEW_ROWS, type ImportColumn } from '~/modules/initiatives/import-constants'
import { formatCount, formatDateTime } from '~/utils/format'
import { useLocale, useT } from '~/utils/use-t'
import { IMPORT_FORM_ID } from './import-upload-form'

const STATUS_STYLE = {
  new: 'bg-green-50 text-green-900 ring-green-700',
  exists: 'bg-stone-100 text-stone-800 ring-stone-500',
  invalid: 'bg-red-50 text-red-900 ring-red-700',
} as const

function CellErrors({ errors }: { errors?: CellError[] }) {
  const t = useT()
  if (!errors?.length) return null
  return (
    <ul className="mt-1 space-y-0.5 text-xs text-red-800">
      {errors.map((error, index) => (
        <li key={index}>
          <span aria-hidden="true">⚠ </span>
          {t(`import.cell.${error.code}`, { detail: error.detail ?? '' })}
        </li>
      ))}
    </ul>
  )
}

function cellText(row: ImportRow, column: ImportColumn, kindLabel: (kind: string) => string): string {
  switch (column) {
    case 'kind':
      return row.kind ? kindLabel(row.kind) : row.kindText
    case 'emails':
      return row.emails.join(', ')
    default:
      return row[column]
  }
}

function RowsTable({ rows, caption }: { rows: ImportRow[]; caption: string }) {
  const t = useT()
  const kindLabel = (kind: string) => t(`initiatives.kinds.${kind}`)
  return (
    // Wide on a phone: the table scrolls inside its own frame, never the page (WCAG 1.4.10).
    // w-0 + min-w-full: the frame takes its parent's width without the table's width pushing the
    // parent (a grid item of the console) wider than the screen.
    <div className="w-0 min-w-full overflow-x-auto rounded-md border border-stone-200" role="region" aria-label={caption} tabIndex={0}>
      <table className="w-full min-w-[50rem] text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-stone-50">
          <tr>
            <th scope="col" className="px-2 py-2">
              {t('import.preview.row')}
            </th>
            <th scope="col" className="px-2 py-2">
              {t('import.preview.status')}
            </th>
            {IMPORT_COLUMNS.map((column) => (
              <th key={column} scope="col" className="px-2 py-2">
                {t(`import.columns.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.row} className="border-t border-stone-200 align-top">
              <th scope="row" className="px-2 py-2 font-normal tabular-nums">
                {row.row}
              </th>
              <td className="px-2 py-2">
                <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-semibold ring-1 ${STATUS_STYLE[row.status]}`}>
                  {t(`import.status.${row.status}`)}
                </span>
              </td>
              {IMPORT_COLUMNS.map((column) => (
                <td key={column} className={`px-2 py-2 ${column === 'description' ? 'min-w-[14rem]' : ''} ${column === 'emails' ? 'min-w-[12rem] [overflow-wrap:anywhere]' : ''}`}>
                  {cellText(row, column, kindLabel)}
                  <CellErrors errors={row.errors[column]} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** What the file would create, row by row, and the button that creates it. */
export function ImportPreviewView({
  preview,
  timeZone,
  changed,
}: {
  preview: { summary: ImportSummary; rows: ImportRow[]; laterProblems: ImportRow[] }
  timeZone: string
  /** the confirmation came with another file than the previewed one: this is that file's preview */
  changed?: boolean
}) {
  const t = useT()
  const locale = useLocale()
  const { summary, rows, laterProblems } = preview
  const facts = [
    ['rows', summary.rows],
    ['newRows', summary.newRows],
    ['existingRows', summary.existingRows],
    ['invalidRows', summary.invalidRows],
    ['cellErrors', summary.cellErrors],
  ] as const
  return (
    <Card className="space-y-4">
      <h2 className="text-lg font-semibold" id="import-preview-heading">
        {t('import.preview.title', { file: summary.fileName })}
      </h2>
      {changed ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {t('import.errors.changed')}
        </p>
      ) : null}
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        {facts.map(([key, value]) => (
          <div key={key} className="rounded-md bg-stone-50 p-3">
            <dt className="text-xs text-stone-700">{t(`import.summary.${key}`)}</dt>
            <dd className={`text-xl font-semibold tabular-nums ${key === 'cellErrors' && value > 0 ? 'text-red-800' : ''}`}>
              {formatCount(locale, value)}
            </dd>
          </div>
        ))}
      </dl>
      {summary.importedBefore ? (
        <p className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950">
          {t('import.preview.importedBefore', {
            at: formatDateTime(locale, summary.importedBefore.at, timeZone),
            by: summary.importedBefore.by ?? t('privacy.formerMember'),
          })}
        </p>
      ) : null}
      {summary.ignoredColumns.length ? (
        <p className="text-sm text-stone-700">{t('import.preview.ignoredColumns', { columns: summary.ignoredColumns.join(', ') })}</p>
      ) : null}
      <p className="text-sm text-stone-700">
        {summary.rows > rows.length
          ? t('import.preview.shownFirst', { shown: rows.length, count: summary.rows })
          : t('import.preview.shownAll', { count: summary.rows })}
      </p>
      <RowsTable rows={rows} caption={t('import.preview.caption', { count: Math.min(summary.rows, PREVIEW_ROWS) })} />
      {laterProblems.length ? (
        <div className="space-y-2">
          <h3 className="font-semibold">{t('import.preview.laterProblems', { count: laterProblems.length })}</h3>
          <RowsTable rows={laterProblems} caption={t('import.preview.laterProblems', { count: laterProblems.length })} />
        </div>
      ) : null}
      <div className="space-y-2 border-t border-stone-200 pt-4">
        {summary.newRows > 0 ? (
          <>
            <p className="text-sm">
              {t('import.confirm.explain', { count: summary.newRows, skipped: summary.existingRows + summary.invalidRows })}
            </p>
            <p className="text-sm text-stone-700">{t('import.confirm.sameFile')}</p>
            <SubmitButton form={IMPORT_FORM_ID} name="intent" value="confirm" pendingLabel={t('import.confirm.pending')}>
              {t('import.confirm.button', { count: summary.newRows })}
            </SubmitButton>
          </>
        ) : (
          <p className="text-sm font-medium">{t('import.confirm.nothing')}</p>
        )}
      </div>
    </Card>
  )
}
