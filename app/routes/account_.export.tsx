import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { buttonClass, SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { Field, FormErrors } from '~/components/ui/field'
import { getSessionAndUser, requireUser } from '~/utils/auth.server'
import { checkOwnPassword } from '~/modules/privacy/erasure.server'
import { EXPORT_GRANT_MINUTES, grantExport, hasExportGrant } from '~/modules/privacy/export-grants.server'
import { ExportSchema } from '~/modules/privacy/schemas'
import { db } from '~/utils/db.server'
import { parseForm } from '~/utils/forms.server'
import { readFormData } from '~/utils/http.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

/**
 * `/account/export`: the person's data as one JSON file (Art. 15/20 GDPR, ADR 068). The password
 * is typed again; that leaves a short, single-use grant for this session, and the file itself
 * comes from `/account/export.json`.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  const current = await getSessionAndUser(request)
  if (!current) throw redirect('/login')
  return { ready: await hasExportGrant(db, current.user.id, current.session.id), minutes: EXPORT_GRANT_MINUTES }
}

export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request)
  const current = await getSessionAndUser(request)
  if (!current) throw redirect('/login')
  const submission = parseForm(await readFormData(request), ExportSchema)
  const hideFields = ['password']
  if (submission.status !== 'success') return data({ result: submission.reply({ hideFields }) }, { status: 400 })
  const checked = await checkOwnPassword(db, current.user.id, submission.value.password)
  if (!checked.ok) {
    const tooMany = checked.error === 'tooManyAttempts'
    const message = tooMany ? `account.password.tooManyAttempts?count=${Math.ceil(checked.retryAfterSeconds / 60)}` : 'auth.errors.wrongPassword'
    return data(
      { result: submission.reply({ fieldErrors: { password: [message] }, hideFields }) },
      { status: tooMany ? 429 : 400, headers: tooMany ? { 'Retry-After': String(checked.retryAfterSeconds) } : undefined },
    )
  }
  await grantExport(db, current.user, current.session.id)
  return redirectWithToast('/account/export', { type: 'success', key: 'privacy.toast.exportReady' })
}

export default function ExportPage() {
  const t = useT()
  const { ready, minutes } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({ id: 'privacy-export', lastResult: actionData?.result })
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <PageHeading sub={t('privacy.export.intro')}>{t('privacy.export.title')}</PageHeading>
      <Card>
        <h2 className="mb-2 text-lg font-semibold">{t('privacy.export.contentsTitle')}</h2>
        <p className="text-sm text-stone-700">{t('privacy.export.contents')}</p>
      </Card>
      {ready ? (
        <Card>
          <p className="mb-3">{t('privacy.export.ready', { count: minutes })}</p>
          <a href="/account/export.json" className={buttonClass()} download>
            {t('privacy.export.download')}
          </a>
        </Card>
      ) : (
        <Card>
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <FormErrors errors={form.errors} />
            <Field
              label={t('privacy.fields.password')}
              meta={fields.password}
              type="password"
              autoComplete="current-password"
              hint={t('privacy.export.passwordHint')}
            />
            <SubmitButton pendingLabel={t('privacy.export.pending')}>{t('privacy.export.submit')}</SubmitButton>
          </Form>
        </Card>
      )}
      <p>
        <Link to="/account">{t('privacy.backToAccount')}</Link>
      </p>
    </div>
  )
}
