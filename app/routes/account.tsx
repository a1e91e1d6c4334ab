import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { Field, FormErrors, SelectField } from '~/components/ui/field'
import { changePassword, setUserLocale, updateProfile } from '~/modules/auth/accounts.server'
import { getSessionAndUser, requireUser } from '~/utils/auth.server'
import { passwordWeakness } from '~/modules/auth/password-strength.server'
import { ChangeEmailSchema, ChangePasswordSchema, ProfileSchema } from '~/modules/auth/schemas'
import { requestEmailChange } from '~/modules/auth/email-verification.server'
import { LocaleSchema } from '~/modules/auth/account-schemas'
import { db } from '~/utils/db.server'
import { parseForm } from '~/utils/forms.server'
import { LOCALES } from '~/utils/i18n'
import { localeCookie } from '~/utils/i18n.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'
import { readFormData } from '~/utils/http.server'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

/** The action's Retry-After (rate limits) reaches the document response too. */
export { retryAfterHeaders as headers } from '~/utils/http.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return { account: { name: user.name, email: user.email, locale: user.locale, verified: Boolean(user.emailVerifiedAt) } }
}

type Intent = 'profile' | 'password' | 'language' | 'email'

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  if (intent === 'profile') {
    const submission = parseForm(formData, ProfileSchema)
    if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
    await updateProfile(db, user.id, submission.value)
    return redirectWithToast('/account', { type: 'success', key: 'auth.toast.profileSaved' })
  }
  if (intent === 'password') {
    const submission = parseForm(formData, ChangePasswordSchema)
    const hideFields = ['currentPassword', 'newPassword', 'confirmPassword']
    if (submission.status !== 'success')
      return data({ intent, result: submission.reply({ hideFields }) }, { status: 400 })
    const current = await getSessionAndUser(request)
    if (!current) throw redirect('/login')
    const { currentPassword, newPassword } = submission.value
    const weakness = passwordWeakness(newPassword, [user.email, user.name])
    if (weakness) {
      return data({ intent, result: submission.reply({ fieldErrors: { newPassword: [weakness] }, hideFields }) }, { status: 400 })
    }
    const changed = await changePassword(db, user.id, current.session.id, currentPassword, newPassword)
    if (!changed.ok && changed.error === 'tooManyAttempts') {
      // As on /login: 429 with Retry-After; the wait (up to a quarter of an hour) in minutes, at the field guessed at.
      const seconds = changed.retryAfterSeconds
      const minutes = Math.ceil(seconds / 60)
      return data(
        {
          intent,
          result: submission.reply({
            fieldErrors: { currentPassword: [`account.password.tooManyAttempts?count=${minutes}`] },
            hideFields,
          }),
        },
        { status: 429, headers: { 'Retry-After': String(seconds) } },
      )
    }
    if (!changed.ok) {
      return data(
        {
          intent,
          result: submission.reply({ fieldErrors: { currentPassword: ['auth.errors.wrongPassword'] }, hideFields }),
        },
        { status: 400 },
      )
    }
    return redirectWithToast('/account', { type: 'success', key: 'auth.toast.passwordChanged' })
  }
  if (intent === 'email') {
    // A new address takes effect only when its link is followed; the old address is told then (ADR 066).
    const submission = parseForm(formData, ChangeEmailSchema)
    const hideFields = ['password']
    if (submission.status !== 'success') return data({ intent, result: submission.reply({ hideFields }) }, { status: 400 })
    const asked = await requestEmailChange(db, { userId: user.id, ...submission.value })
    if (!asked.ok && asked.error === 'tooManyAttempts') {
      const seconds = asked.retryAfterSeconds
      return data(
        {
          intent,
          result: submission.reply({
            fieldErrors: { password: [`account.password.tooManyAttempts?count=${Math.ceil(seconds / 60)}`] },
            hideFields,
          }),
        },
        { status: 429, headers: { 'Retry-After': String(seconds) } },
      )
    }
    if (!asked.ok) {
      const fieldErrors: Record<string, string[]> =
        asked.error === 'wrongPassword' ? { password: ['account.email.wrongPassword'] } : { newEmail: ['account.email.sameAddress'] }
      return data({ intent, result: submission.reply({ fieldErrors, hideFields }) }, { status: 400 })
    }
    return redirectWithToast('/account', {
      type: 'info',
      key: 'account.email.toast',
      params: { email: submission.value.newEmail },
    })
  }
  if (intent === 'language') {
    const submission = parseForm(formData, LocaleSchema)
    if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
    await setUserLocale(db, user.id, submission.value.locale)
    return redirectWithToast(
      '/account',
      { type: 'success', key: 'account.toast.languageSaved' },
      { headers: { 'Set-Cookie': await localeCookie.serialize(submission.value.locale) } },
    )
  }
  return data({ intent: null, result: null }, { status: 400 })
}

export default function AccountPage() {
  const t = useT()
  const { account } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const resultFor = (intent: Intent) => (actionData?.intent === intent ? actionData.result ?? undefined : undefined)
  const [profileForm, profileFields] = useForm({
    id: 'account-profile',
    lastResult: resultFor('profile'),
    defaultValue: { name: account.name },
  })
  const [passwordForm, passwordFields] = useForm({ id: 'account-password', lastResult: resultFor('password') })
  const [emailForm, emailFields] = useForm({ id: 'account-email', lastResult: resultFor('email') })
  const [languageForm, languageFields] = useForm({
    id: 'account-language',
    lastResult: resultFor('language'),
    defaultValue: { locale: account.locale },
  })
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <PageHeading sub={t('account.intro', { email: account.email })}>{t('account.title')}</PageHeading>
      <p className="text-sm"><Link to="/account/security">{t('security.accountLink')}</Link></p>

      <Card>
        <h2 className="mb-3 text-lg font-semibold">{t('account.profile.title')}</h2>
        <Form method="post" {...getFormProps(profileForm)} className="space-y-4">
          <FormErrors errors={profileForm.errors} />
          <Field label={t('auth.fields.name')} meta={profileFields.name} autoComplete="name" />
          <SubmitButton name="intent" value="profile" pendingLabel={t('common.saving')}>
            {t('account.profile.submit')}
          </SubmitButton>
        </Form>
      </Card>

      <Card>
        <h2 className="mb-3 text-lg font-semibold">{t('account.email.title')}</h2>
        <p className="mb-3 text-sm text-stone-700 break-words">
          {t(account.verified ? 'account.email.verified' : 'account.email.unverified', { email: account.email })}{' '}
          {account.verified ? null : <Link to="/verify-email">{t('account.email.verifyNow')}</Link>}
        </p>
        <p className="mb-3 text-sm text-stone-700">{t('account.email.intro')}</p>
        <Form method="post" {...getFormProps(emailForm)} className="space-y-4">
          <FormErrors errors={emailForm.errors} />
          <Field label={t('account.email.newEmail')} meta={emailFields.newEmail} type="email" autoComplete="email" />
          <Field
            label={t('account.email.password')}
            meta={emailFields.password}
            type="password"
            autoComplete="current-password"
          />
          <SubmitButton name="intent" value="email" pendingLabel={t('account.email.pending')}>
            {t('account.email.submit')}
          </SubmitButton>
        </Form>
      </Card>

      <Card>
        <h2 className="mb-3 text-lg font-semibold">{t('account.password.title')}</h2>
        <p className="mb-3 text-sm text-stone-700">{t('account.password.intro')}</p>
        <Form method="post" {...getFormProps(passwordForm)} className="space-y-4">
          <FormErrors errors={passwordForm.errors} />
          <Field
            label={t('auth.fields.currentPassword')}
            meta={passwordFields.currentPassword}
            type="password"
            autoComplete="current-password"
          />
          <Field
            label={t('auth.fields.newPassword')}
            meta={passwordFields.newPassword}
            type="password"
            autoComplete="new-password"
            hint={t('auth.fields.passwordHint')}
          />
          <Field
            label={t('auth.fields.confirmPassword')}
            meta={passwordFields.confirmPassword}
            type="password"
            autoComplete="new-password"
          />
          <SubmitButton name="intent" value="password" pendingLabel={t('account.password.pending')}>
            {t('account.password.submit')}
          </SubmitButton>
        </Form>
      </Card>

      <Card>
        <h2 className="mb-3 text-lg font-semibold">{t('account.language.title')}</h2>
        <p className="mb-3 text-sm text-stone-700">{t('account.language.intro')}</p>
        <Form method="post" {...getFormProps(languageForm)} className="space-y-4">
          <FormErrors errors={languageForm.errors} />
          <SelectField label={t('auth.fields.language')} meta={languageFields.locale}>
            {LOCALES.map((lng) => (
              <option key={lng} value={lng} lang={lng}>
                {t(`common.language.names.${lng}`)}
              </option>
            ))}
          </SelectField>
          <SubmitButton name="intent" value="language" pendingLabel={t('common.saving')}>
            {t('account.language.submit')}
          </SubmitButton>
        </Form>
      </Card>
      <Card><h2 className="mb-2 text-lg font-semibold">{t('privacy.account.title')}</h2><p className="mb-3 text-sm text-stone-700">{t('privacy.account.intro')}</p><p className="flex flex-wrap gap-4"><Link to="/account/export">{t('privacy.account.export')}</Link><Link to="/account/delete">{t('privacy.account.delete')}</Link></p></Card>
    </div>
  )
}
