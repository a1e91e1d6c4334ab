import { Form } from '@remix-run/react'
import { useId } from 'react'
import { SubmitButton } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import type { ImportFileError } from '~/modules/initiatives/import'
import { IMPORT_COLUMNS, IMPORT_FILE_FIELD, MAX_IMPORT_BYTES, REQUIRED_COLUMNS, type ImportColumn } from '~/modules/initiatives/import-constants'
import { useT } from '~/utils/use-t'

export const IMPORT_FORM_ID = 'import-form'

/**
 * Choosing the file and asking for its preview. The confirmation (below the preview) submits this
 * same form with its own button, so the file is sent again and the server compares its hash with
 * the previewed one; with JavaScript the chosen file stays in the field, without it the browser
 * asks for it again (the field is required).
 */
export function ImportUploadForm({
  centreSlug,
  error,
  missing,
  sha256,
}: {
  centreSlug: string
  error?: ImportFileError | 'changed'
  missing?: ImportColumn[]
  sha256?: string
}) {
  const t = useT()
  const fieldId = useId()
  const fileError = error && error !== 'changed' ? error : null
  return (
    <Card className="space-y-4">
      <h2 className="text-lg font-semibold">{t('import.upload.title')}</h2>
      <p className="text-sm">{t('import.upload.explain')}</p>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        {IMPORT_COLUMNS.map((column) => (
          <div key={column} className="contents">
            <dt className="font-medium">
              {t(`import.columns.${column}`)}
              {REQUIRED_COLUMNS.includes(column) ? ` (${t('import.upload.required')})` : ''}
            </dt>
            <dd className="mb-2 text-stone-700 sm:mb-0">{t(`import.columnHelp.${column}`)}</dd>
          </div>
        ))}
      </dl>
      <p className="text-sm">
        <a href={`/c/${centreSlug}/manage/import/template.csv`} download>
          {t('import.upload.template')}
        </a>
      </p>
      <Form method="post" encType="multipart/form-data" id={IMPORT_FORM_ID} className="space-y-4">
        {sha256 ? <input type="hidden" name="sha256" value={sha256} /> : null}
        <div>
          <label htmlFor={fieldId} className="block text-sm font-medium">
            {t('import.upload.file')}
          </label>
          <input
            id={fieldId}
            type="file"
            name={IMPORT_FILE_FIELD}
            required
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={fileError ? true : undefined}
            aria-describedby={`${fieldId}-hint${fileError ? ` ${fieldId}-error` : ''}`}
            className="mt-1 block w-full max-w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:font-semibold file:text-brand-800"
          />
          <p id={`${fieldId}-hint`} className="mt-1 text-sm text-stone-600">
            {t('import.upload.fileHint', { megabytes: Math.floor(MAX_IMPORT_BYTES / 1024 / 1024) })}
          </p>
          {fileError ? (
            <p id={`${fieldId}-error`} role="alert" className="mt-1 text-sm text-red-800">
              {t(`import.errors.${fileError}`)}
              {missing?.length ? ` ${missing.map((column) => t(`import.columns.${column}`)).join(', ')}` : ''}
            </p>
          ) : null}
        </div>
        <SubmitButton name="intent" value="preview" variant={sha256 ? 'secondary' : 'primary'} pendingLabel={t('import.upload.previewing')}>
          {t('import.upload.preview')}
        </SubmitButton>
      </Form>
    </Card>
  )
}
