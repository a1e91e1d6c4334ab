import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { Card, PageHeading } from '~/components/ui/card'
import { SubmitButton } from '~/components/ui/button'
import { Field, FormErrors } from '~/components/ui/field'
import { startSession } from '~/modules/auth/accounts.server'
import { sessionCookie } from '~/utils/session-cookie.server'
import { getSessionAndUser, requireAnonymous } from '~/utils/auth.server'
import { readKnownDevice, rememberDevice } from '~/utils/known-device.server'
import { attemptLogin } from '~/modules/auth/login.server'
import { LoginSchema } from '~/modules/auth/schemas'
import { describeSessionDevice } from '~/modules/auth/session.server'
import { isTwoFactorEnabled, startPendingLogin } from '~/modules/auth/two-factor.server'
import { pendingLoginCookie } from '~/utils/two-factor-cookie.server'
import { db } from '~/utils/db.server'
import { parseForm } from '~/utils/forms.server'
import { clientIp, readFormData, safeRedirectPath } from '~/utils/http.server'
import { toastHeader } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

/** The action's Retry-After (rate limits) reaches the document response too. */
export { retryAfterHeaders as headers } from '~/utils/http.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request)
  const submission = parseForm(formData, LoginSchema)
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  const { email, password, redirectTo } = submission.value
  const device = await readKnownDevice(request)
  const result = await attemptLogin(db, { email, password, ip: clientIp(context), device })
  if (!result.ok && result.error === 'tooManyAttempts') {
    // The wait (up to a quarter of an hour, ADR 061) in minutes, at the password field.
    const minutes = Math.ceil(result.retryAfterSeconds / 60)
    return data(
      {
        result: submission.reply({
          fieldErrors: { password: [`auth.errors.tooManyLogins?count=${minutes}`] },
          hideFields: ['password'],
        }),
      },
      { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } },
    )
  }
  if (!result.ok) {
    return data(
      { result: submission.reply({ formErrors: ['auth.errors.invalidCredentials'], hideFields: ['password'] }) },
      { status: 400 },
    )
  }
  const { user } = result
  const target = safeRedirectPath(redirectTo, '/')
  if (await isTwoFactorEnabled(db, user.id)) {
    // The password was right; the session waits for the code (ADR 067).
    const pending = await startPendingLogin(db, user.id, target)
    const headers = new Headers()
    headers.append('Set-Cookie', pendingLoginCookie(pending.token))
    headers.append('Set-Cookie', await rememberDevice(device, user.id))
    return redirect('/login/code', { headers })
  }
  const previous = await getSessionAndUser(request)
  const { token, session } = await startSession(db, user.id, previous?.session.id)
  await describeSessionDevice(db, session.id, { userAgent: request.headers.get('User-Agent'), ip: clientIp(context) })
  const headers = new Headers()
  headers.append('Set-Cookie', sessionCookie(token, session.expiresAt))
  headers.append('Set-Cookie', await rememberDevice(device, user.id))
  headers.append('Set-Cookie', await toastHeader({ type: 'success', key: 'auth.toast.loggedIn', params: { name: user.name } }))
  return redirect(target, { headers })
}

export default function LoginPage() {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, fields] = useForm({ lastResult: actionData?.result, shouldRevalidate: 'onBlur' })
  return (
    <div className="mx-auto max-w-md">
      <PageHeading>{t('auth.login.title')}</PageHeading>
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
          <FormErrors errors={form.errors} />
          <Field label={t('auth.fields.email')} meta={fields.email} type="email" autoComplete="email" />
          <Field
            label={t('auth.fields.password')}
            meta={fields.password}
            type="password"
            autoComplete="current-password"
          />
          <p className="text-sm">
            <Link to="/forgot-password">{t('auth.login.forgot')}</Link>
          </p>
          <SubmitButton pendingLabel={t('auth.login.pending')} className="w-full">
            {t('auth.login.submit')}
          </SubmitButton>
        </Form>
      </Card>
      <p className="mt-4 text-center text-sm">
        {t('auth.login.noAccount')} <Link to="/signup">{t('auth.login.toSignup')}</Link>
      </p>
    </div>
  )
}
