import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { sendVerificationEmail, VERIFY_TOKEN_HOURS } from '~/modules/auth/email-verification.server'
import { requireUser } from '~/utils/auth.server'
import { db } from '~/utils/db.server'
import { safeRedirectPath } from '~/utils/http.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

/** The action's Retry-After (rate limits) reaches the document response too. */
export { retryAfterHeaders as headers } from '~/utils/http.server'

/**
 * Where `requireVerifiedUser` sends a person whose address is not verified (ADR 066): says what
 * waits for the verification and sends the link again. A verified person goes straight on.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get('redirectTo') ?? undefined, '/')
  if (user.emailVerifiedAt) throw redirect(redirectTo)
  return { email: user.email, redirectTo, hours: VERIFY_TOKEN_HOURS }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const here = `/verify-email${new URL(request.url).search}`
  const sent = await sendVerificationEmail(db, user.id)
  if (!sent.ok && sent.error === 'tooManyRequests') {
    return data(
      { error: `auth.verify.tooMany?count=${Math.ceil(sent.retryAfterSeconds / 60)}` },
      { status: 429, headers: { 'Retry-After': String(sent.retryAfterSeconds) } },
    )
  }
  if (!sent.ok) return redirectWithToast('/', { type: 'info', key: 'auth.toast.alreadyVerified' })
  return redirectWithToast(here, { type: 'success', key: 'auth.toast.verificationSent' })
}

export default function VerifyEmailPage() {
  const t = useT()
  const { email, hours } = useLoaderData<typeof loader>()
  const acted = useActionData<typeof action>()
  const [key, query] = (acted?.error ?? '').split('?')
  const count = Number(new URLSearchParams(query).get('count') ?? 0)
  return (
    <div className="mx-auto max-w-md">
      <PageHeading>{t('auth.verify.title')}</PageHeading>
      <Card>
        <Form method="post" className="space-y-4">
          <p className="text-stone-800">{t('auth.verify.text', { email })}</p>
          <p className="text-sm text-stone-700">{t('auth.verify.howto', { hours })}</p>
          {key ? (
            <p role="alert" className="text-sm font-medium text-red-800">
              {t(key, { count })}
            </p>
          ) : null}
          <SubmitButton pendingLabel={t('auth.verify.pending')} className="w-full">
            {t('auth.verify.submit')}
          </SubmitButton>
        </Form>
      </Card>
      <p className="mt-4 text-center text-sm">
        <Link to="/account">{t('auth.verify.toAccount')}</Link>
      </p>
    </div>
  )
}
