import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { Field, FormErrors } from '~/components/ui/field'
import { requireAnonymous } from '~/utils/auth.server'
import { passwordWeakness } from '~/modules/auth/password-strength.server'
import { checkSignupRateLimit } from '~/modules/auth/rate-limits.server'
import { requestSignup } from '~/modules/auth/signup.server'
import { SignupSchema } from '~/modules/auth/schemas'
import { db } from '~/utils/db.server'
import { parseForm } from '~/utils/forms.server'
import { clientIp, readFormData, safeRedirectPath } from '~/utils/http.server'
import { resolveLocale } from '~/utils/i18n.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'

/** The action's Retry-After (rate limits) reaches the document response too. */
export { retryAfterHeaders as headers } from '~/utils/http.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request)
  const submission = parseForm(formData, SignupSchema)
  // counted per address only when it is one (a NUL byte or 50 KB of text is no address: the per-IP count still holds)
  const email = submission.status === 'success' ? submission.value.email : undefined
  const retryAfter = await checkSignupRateLimit(db, clientIp(context), email)
  if (retryAfter) {
    return data(
      { result: submission.reply({ formErrors: [`auth.errors.tooManyAttempts?seconds=${retryAfter}`], hideFields: ['password'] }) },
      { status: 429, headers: { 'Retry-After': String(retryAfter) } },
    )
  }
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  const { name, email: address, password, redirectTo } = submission.value
  const weakness = passwordWeakness(password, [address, name])
  if (weakness) {
    return data({ result: submission.reply({ fieldErrors: { password: [weakness] }, hideFields: ['password'] }) }, { status: 400 })
  }
  // The same answer whether the address has an account or not (ADR 061): "check your e-mail".
  await requestSignup(db, {
    name,
    email: address,
    password,
    locale: await resolveLocale(request),
    redirectTo: redirectTo ? safeRedirectPath(redirectTo, '/') : undefined,
  })
  return redirectWithToast('/confirm-email', { type: 'info', key: 'auth.toast.checkEmail' })
}

export default function SignupPage() {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, fields] = useForm({ lastResult: actionData?.result, shouldRevalidate: 'onBlur' })
  return (
    <div className="mx-auto max-w-md">
      <PageHeading sub={t('auth.signup.intro')}>{t('auth.signup.title')}</PageHeading>
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
          <FormErrors errors={form.errors} />
          <Field label={t('auth.fields.name')} meta={fields.name} autoComplete="name" />
          <Field label={t('auth.fields.email')} meta={fields.email} type="email" autoComplete="email" />
          <Field
            label={t('auth.fields.password')}
            meta={fields.password}
            type="password"
            autoComplete="new-password"
            hint={t('auth.fields.passwordHint')}
          />
          <SubmitButton pendingLabel={t('auth.signup.pending')} className="w-full">
            {t('auth.signup.submit')}
          </SubmitButton>
        </Form>
      </Card>
      <p className="mt-4 text-center text-sm">
        {t('auth.signup.haveAccount')} <Link to="/login">{t('auth.signup.toLogin')}</Link>
      </p>
      <p className="mt-2 text-center text-sm"><Link to="/privacy">{t('privacy.signup.notice')}</Link></p>
    </div>
  )
}
