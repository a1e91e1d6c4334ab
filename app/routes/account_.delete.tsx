import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { Field, FormErrors } from '~/components/ui/field'
import { clearedSessionCookie } from '~/utils/session-cookie.server'
import { requireUser } from '~/utils/auth.server'
import { normaliseEmail } from '~/modules/auth/accounts.server'
import { checkOwnPassword, eraseAccount, soleOwnerships } from '~/modules/privacy/erasure.server'
import { DeleteAccountSchema } from '~/modules/privacy/schemas'
import { db } from '~/utils/db.server'
import { parseForm } from '~/utils/forms.server'
import { readFormData } from '~/utils/http.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

/**
 * `/account/delete`: erasure of one's own account (Art. 17 GDPR, ADR 068), with the password and
 * the person's e-mail address typed as confirmation. Initiatives they own alone are handed over first.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return { email: user.email, soleOwner: await soleOwnerships(db, user.id) }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const submission = parseForm(await readFormData(request), DeleteAccountSchema)
  const hideFields = ['password']
  if (submission.status !== 'success') return data({ result: submission.reply({ hideFields }), soleOwner: null }, { status: 400 })
  if (normaliseEmail(submission.value.confirmation) !== normaliseEmail(user.email)) {
    return data(
      { result: submission.reply({ fieldErrors: { confirmation: ['privacy.delete.confirmationMismatch'] }, hideFields }), soleOwner: null },
      { status: 400 },
    )
  }
  const checked = await checkOwnPassword(db, user.id, submission.value.password)
  if (!checked.ok) {
    const tooMany = checked.error === 'tooManyAttempts'
    const message = tooMany ? `account.password.tooManyAttempts?count=${Math.ceil(checked.retryAfterSeconds / 60)}` : 'auth.errors.wrongPassword'
    return data(
      { result: submission.reply({ fieldErrors: { password: [message] }, hideFields }), soleOwner: null },
      { status: tooMany ? 429 : 400, headers: tooMany ? { 'Retry-After': String(checked.retryAfterSeconds) } : undefined },
    )
  }
  const erased = await eraseAccount(db, user.id, { by: null })
  if (!erased.ok && erased.error === 'soleOwner') {
    return data(
      { result: submission.reply({ formErrors: ['privacy.delete.soleOwner'], hideFields }), soleOwner: erased.initiatives },
      { status: 409 },
    )
  }
  if (!erased.ok) return data({ result: submission.reply({ formErrors: ['privacy.delete.failed'], hideFields }), soleOwner: null }, { status: 409 })
  return redirectWithToast('/', { type: 'success', key: 'privacy.toast.deleted' }, { headers: { 'Set-Cookie': clearedSessionCookie() } })
}

export default function DeleteAccountPage() {
  const t = useT()
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({ id: 'privacy-delete', lastResult: actionData?.result })
  const soleOwner = actionData?.soleOwner ?? loaded.soleOwner
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <PageHeading sub={t('privacy.delete.intro')}>{t('privacy.delete.title')}</PageHeading>
      <Card>
        <h2 className="mb-2 text-lg font-semibold">{t('privacy.delete.whatGoesTitle')}</h2>
        <p className="mb-3 text-sm text-stone-700">{t('privacy.delete.whatGoes')}</p>
        <h2 className="mb-2 text-lg font-semibold">{t('privacy.delete.whatStaysTitle')}</h2>
        <p className="text-sm text-stone-700">{t('privacy.delete.whatStays')}</p>
        <p className="mt-3 text-sm">
          <Link to="/account/export">{t('privacy.delete.exportFirst')}</Link>
        </p>
      </Card>
      {soleOwner.length > 0 ? (
        <Card className="border-amber-600">
          <h2 className="mb-2 text-lg font-semibold">{t('privacy.delete.handOverTitle')}</h2>
          <p className="mb-2 text-sm text-stone-700">{t('privacy.delete.handOver')}</p>
          <ul className="list-disc pl-6">
            {soleOwner.map((i) => (
              <li key={i.id}>
                <Link to={`/c/${i.centreSlug}/initiatives/${i.slug}`}>{i.name}</Link>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} />
          <Field
            label={t('privacy.delete.confirmationLabel', { email: loaded.email })}
            meta={fields.confirmation}
            autoComplete="off"
            spellCheck={false}
          />
          <Field label={t('privacy.fields.password')} meta={fields.password} type="password" autoComplete="current-password" />
          <SubmitButton variant="danger" pendingLabel={t('privacy.delete.pending')}>
            {t('privacy.delete.submit')}
          </SubmitButton>
        </Form>
      </Card>
      <p>
        <Link to="/account">{t('privacy.backToAccount')}</Link>
      </p>
    </div>
  )
}
