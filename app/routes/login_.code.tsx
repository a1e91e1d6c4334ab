import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { Field, FormErrors } from '~/components/ui/field'
import { startSession } from '~/modules/auth/accounts.server'
import { sessionCookie } from '~/utils/session-cookie.server'
import { getSessionAndUser, requireAnonymous } from '~/utils/auth.server'
import { describeSessionDevice } from '~/modules/auth/session.server'
import { completePendingLogin, findPendingLogin } from '~/modules/auth/two-factor.server'
import {
  clearedPendingLoginCookie,
  readPendingLoginToken,
} from '~/utils/two-factor-cookie.server'
import { LoginCodeSchema } from '~/modules/auth/two-factor-schemas'
import { db } from '~/utils/db.server'
import { parseForm } from '~/utils/forms.server'
import { clientIp, readFormData } from '~/utils/http.server'
import { redirectWithToast, toastHeader } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

/** The action's Retry-After (rate limits) reaches the document response too. */
export { retryAfterHeaders as headers } from '~/utils/http.server'

/** Without a live pending login (none, expired, used up) the password comes first again. */
async function startOver() {
  return redirectWithToast(
    '/login',
    { type: 'error', key: 'security.login.startOver' },
    { headers: { 'Set-Cookie': clearedPendingLoginCookie() } },
  )
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  const token = readPendingLoginToken(request)
  if (!token || !(await findPendingLogin(db, token))) throw await startOver()
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const token = readPendingLoginToken(request)
  if (!token) throw await startOver()
  const formData = await readFormData(request)
  const submission = parseForm(formData, LoginCodeSchema)
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['code'] }) }, { status: 400 })
  }
  const result = await completePendingLogin(db, token, submission.value.code)
  if (!result.ok && result.error === 'expired') throw await startOver()
  if (!result.ok && result.error === 'tooManyAttempts') {
    const minutes = Math.ceil(result.retryAfterSeconds / 60)
    return data(
      { result: submission.reply({ fieldErrors: { code: [`security.errors.tooManyCodes?count=${minutes}`] }, hideFields: ['code'] }) },
      { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } },
    )
  }
  if (!result.ok) {
    return data({ result: submission.reply({ fieldErrors: { code: ['security.errors.wrongCode'] }, hideFields: ['code'] }) }, { status: 400 })
  }
  const previous = await getSessionAndUser(request)
  const { token: sessionToken, session } = await startSession(db, result.userId, previous?.session.id)
  await describeSessionDevice(db, session.id, { userAgent: request.headers.get('User-Agent'), ip: clientIp(context) })
  const headers = new Headers()
  headers.append('Set-Cookie', sessionCookie(sessionToken, session.expiresAt))
  headers.append('Set-Cookie', clearedPendingLoginCookie())
  headers.append(
    'Set-Cookie',
    await toastHeader({ type: 'success', key: result.used === 'recovery' ? 'security.toast.loggedInWithRecovery' : 'security.toast.loggedIn' }),
  )
  return redirect(result.redirectTo, { headers })
}

export default function LoginCodePage() {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({ lastResult: actionData?.result })
  return (
    <div className="mx-auto max-w-md">
      <PageHeading>{t('security.login.title')}</PageHeading>
      <Card>
        <p className="mb-4 text-sm">{t('security.login.intro')}</p>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} />
          <Field
            label={t('security.fields.code')}
            hint={t('security.login.recoveryHint')}
            meta={fields.code}
            autoComplete="one-time-code"
            inputMode="text"
            maxLength={64}
            spellCheck={false}
            autoCapitalize="none"
          />
          <SubmitButton pendingLabel={t('security.login.pending')} className="w-full">
            {t('security.login.submit')}
          </SubmitButton>
        </Form>
      </Card>
      <p className="mt-4 text-center text-sm">
        <Link to="/login">{t('security.login.back')}</Link>
      </p>
    </div>
  )
}
