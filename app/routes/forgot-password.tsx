import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { Field, FormErrors } from '~/components/ui/field'
import { RESET_TOKEN_MINUTES, requestPasswordReset } from '~/modules/auth/password-reset.server'
import { ForgotPasswordSchema } from '~/modules/auth/schemas'
import { db } from '~/utils/db.server'
import { parseForm } from '~/utils/forms.server'
import { clientIp, readFormData } from '~/utils/http.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

/** The action's Retry-After (rate limits) reaches the document response too. */
export { retryAfterHeaders as headers } from '~/utils/http.server'

/** Anyone may ask (a logged-in person too); `?sent=1` is the one answer after asking (ADR 066). */
export async function loader({ request }: LoaderFunctionArgs) {
  return { sent: new URL(request.url).searchParams.get('sent') === '1', minutes: RESET_TOKEN_MINUTES }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseForm(await readFormData(request), ForgotPasswordSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const result = await requestPasswordReset(db, { email: submission.value.email, ip: clientIp(context) })
  if (!result.ok) {
    const minutes = Math.ceil(result.retryAfterSeconds / 60)
    return data(
      { result: submission.reply({ fieldErrors: { email: [`auth.forgot.tooMany?count=${minutes}`] } }) },
      { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } },
    )
  }
  // The same answer for every address, known or not.
  return redirectWithToast('/forgot-password?sent=1', { type: 'info', key: 'auth.toast.checkEmail' })
}

export default function ForgotPasswordPage() {
  const t = useT()
  const { sent, minutes } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({ lastResult: actionData?.result, shouldRevalidate: 'onBlur' })
  return (
    <div className="mx-auto max-w-md">
      <PageHeading sub={sent ? undefined : t('auth.forgot.intro')}>{t('auth.forgot.title')}</PageHeading>
      <Card>
        {sent ? (
          <div className="space-y-3 text-stone-800">
            <p>{t('auth.forgot.sent', { minutes })}</p>
            <p className="text-sm text-stone-700">{t('auth.forgot.nothing')}</p>
          </div>
        ) : (
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <FormErrors errors={form.errors} />
            <Field label={t('auth.fields.email')} meta={fields.email} type="email" autoComplete="email" />
            <SubmitButton pendingLabel={t('auth.forgot.pending')} className="w-full">
              {t('auth.forgot.submit')}
            </SubmitButton>
          </Form>
        )}
      </Card>
      <p className="mt-4 text-center text-sm">
        <Link to="/login">{t('auth.signup.toLogin')}</Link>
      </p>
    </div>
  )
}
