import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, unstable_parseMultipartFormData } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { ImportPreviewView } from '~/components/import/import-preview'
import { ImportUploadForm } from '~/components/import/import-upload-form'
import { PageHeading } from '~/components/ui/card'
import { ImportIntentSchema, type ImportColumn, type ImportFileError } from '~/modules/initiatives/import'
import { IMPORT_FILE_FIELD, IMPORT_TOO_LARGE } from '~/modules/initiatives/import-constants'
import { confirmImport, previewImport, type ImportPreview } from '~/modules/initiatives/import.server'
import { createImportUploadHandler } from '~/utils/import-form.server'
import { publicOrigin } from '~/modules/notifications/outbox.server'
import { requireCentre, requireManager } from '~/utils/auth.server'
import { db } from '~/utils/db.server'
import { parseForm } from '~/utils/forms.server'
import { forbidden, readFormData } from '~/utils/http.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Import · Viertel' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  await requireManager(request, centre)
  return { centre: { slug: centre.slug, name: centre.name, timeZone: centre.timeZone } }
}

/** What the page shows after a step: a preview, or the reason the file could not be taken. */
export type ImportActionData = {
  preview?: ImportPreview
  error?: ImportFileError | 'changed'
  missing?: ImportColumn[]
}

async function readImportForm(request: Request): Promise<FormData> {
  if (!(request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) return readFormData(request)
  try {
    return await unstable_parseMultipartFormData(request, createImportUploadHandler())
  } catch {
    throw new Response('The form could not be read.', { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireManager(request, centre)
  const formData = await readImportForm(request)
  const submission = parseForm(formData, ImportIntentSchema)
  if (submission.status !== 'success') return data<ImportActionData>({ error: 'unreadable' }, { status: 400 })
  const upload = formData.get(IMPORT_FILE_FIELD)
  if (upload === IMPORT_TOO_LARGE) return data<ImportActionData>({ error: 'tooLarge' }, { status: 413 })
  if (!(upload instanceof File)) return data<ImportActionData>({ error: 'noFile' }, { status: 400 })
  const input = { actor: user, centre, file: upload, fileName: upload.name.slice(0, 200) }

  if (submission.value.intent === 'confirm') {
    const outcome = await confirmImport(db, { ...input, sha256: submission.value.sha256, origin: publicOrigin() })
    if (outcome.ok) {
      return redirectWithToast(`/c/${centre.slug}/manage/initiatives`, {
        type: 'success',
        key: 'import.toast.done',
        params: { count: outcome.created, invited: outcome.invited, skipped: outcome.skippedExisting + outcome.skippedInvalid },
      })
    }
    if (outcome.error === 'forbidden') forbidden()
    if (outcome.error !== 'changed') {
      return data<ImportActionData>({ error: outcome.error, missing: 'missing' in outcome ? outcome.missing : undefined }, { status: 400 })
    }
    // Another file than the previewed one: nothing was written; its own preview is shown instead.
  }

  const preview = await previewImport(db, input)
  const changed = submission.value.intent === 'confirm'
  if (preview.ok) return data<ImportActionData>({ preview, error: changed ? 'changed' : undefined }, { status: changed ? 409 : 200 })
  if (preview.error === 'forbidden') forbidden()
  return data<ImportActionData>(
    { error: preview.error === 'changed' ? 'unreadable' : preview.error, missing: 'missing' in preview ? preview.missing : undefined },
    { status: 400 },
  )
}

export default function ManageImport() {
  const t = useT()
  const { centre } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const preview = actionData?.preview
  return (
    <div className="space-y-6">
      <PageHeading sub={t('import.intro', { centre: centre.name })}>{t('import.title')}</PageHeading>
      <ImportUploadForm centreSlug={centre.slug} error={actionData?.error} missing={actionData?.missing} sha256={preview?.summary.sha256} />
      {preview ? <ImportPreviewView preview={preview} timeZone={centre.timeZone} changed={actionData?.error === 'changed'} /> : null}
    </div>
  )
}
