import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { Field, FormErrors } from '~/components/ui/field'
import { startSession } from '~/modules/auth/accounts.server'
import { sessionCookie } from '~/utils/session-cookie.server'
import { readKnownDevice, rememberDevice } from '~/utils/known-device.server'
import { findResetLink, resetPassword } from '~/modules/auth/password-reset.server'
import { passwordWeakness } from '~/modules/auth/password-strength.server'
import { ResetPasswordSchema } from '~/modules/auth/schemas'
import { db } from '~/utils/db.server'
import { parseForm } from '~/utils/forms.server'
import { readFormData } from '~/utils/http.server'
import { toastHeader } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'

export const meta: MetaFunction = () => [{ title: 'Viertel' }, { name: 'robots', content: 'noindex' }]

const HIDE = ['newPassword', 'confirmPassword']
const PRIVATE = { 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' }

/**
 * The link from the reset e-mail (ADR 066). Opening it changes nothing (mail scanners open links);
 * the form sets the new password, ends all sessions and logs in on this device. A used, expired or
 * unknown link gets 410 and a way to ask again.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const link = await findResetLink(db, params.token ?? '')
  return data({ usable: Boolean(link), email: link?.email ?? null }, { status: link ? 200 : 410, headers: PRIVATE })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? ''
  const link = await findResetLink(db, token)
  if (!link) return data({ usable: false as const, result: null }, { status: 410, headers: PRIVATE })
  const submission = parseForm(await readFormData(request), ResetPasswordSchema)
  if (submission.status !== 'success') {
    return data({ usable: true as const, result: submission.reply({ hideFields: HIDE }) }, { status: 400, headers: PRIVATE })
  }
  const weakness = passwordWeakness(submission.value.newPassword, [link.email, link.name])
  if (weakness) {
    return data(
      { usable: true as const, result: submission.reply({ fieldErrors: { newPassword: [weakness] }, hideFields: HIDE }) },
      { status: 400, headers: PRIVATE },
    )
  }
  const result = await resetPassword(db, token, submission.value.newPassword)
  if (!result.ok) return data({ usable: false as const, result: null }, { status: 410, headers: PRIVATE })
  // Every session ended with the reset (this browser's too); a fresh one for this device.
  const { token: sessionToken, session } = await startSession(db, result.user.id)
  const headers = new Headers()
  headers.append('Set-Cookie', sessionCookie(sessionToken, session.expiresAt))
  headers.append('Set-Cookie', await rememberDevice(await readKnownDevice(request), result.user.id))
  headers.append('Set-Cookie', await toastHeader({ type: 'success', key: 'auth.toast.passwordReset' }))
  return redirect('/', { headers })
}

export default function ResetPasswordPage() {
  const t = useT()
  const loaded = useLoaderData<typeof loader>()
  const acted = useActionData<typeof action>()
  const usable = acted ? acted.usable : loaded.usable
  const [form, fields] = useForm({ lastResult: acted?.result ?? undefined })
  if (!usable) {
    return (
      <div className="mx-auto max-w-md">
        <PageHeading>{t('auth.reset.invalidTitle')}</PageHeading>
        <Card>
          <p className="text-stone-800">{t('auth.reset.invalidText')}</p>
          <p className="mt-4 flex flex-wrap gap-x-4 gap-y-2 text-sm">
            <Link to="/forgot-password">{t('auth.reset.askAgain')}</Link>
            <Link to="/login">{t('auth.signup.toLogin')}</Link>
          </p>
        </Card>
      </div>
    )
  }
  return (
    <div className="mx-auto max-w-md">
      <PageHeading sub={loaded.email ? t('auth.reset.intro', { email: loaded.email }) : undefined}>
        {t('auth.reset.title')}
      </PageHeading>
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} />
          {/* lets password managers store the new password under the right account */}
          <input type="hidden" name="username" autoComplete="username" value={loaded.email ?? ''} />
          <Field
            label={t('auth.fields.newPassword')}
            meta={fields.newPassword}
            type="password"
            autoComplete="new-password"
            hint={t('auth.fields.passwordHint')}
          />
          <Field
            label={t('auth.fields.confirmPassword')}
            meta={fields.confirmPassword}
            type="password"
            autoComplete="new-password"
          />
          <p className="text-sm text-stone-700">{t('auth.reset.sessionsEnd')}</p>
          <SubmitButton pendingLabel={t('auth.reset.pending')} className="w-full">
            {t('auth.reset.submit')}
          </SubmitButton>
        </Form>
      </Card>
    </div>
  )
}
