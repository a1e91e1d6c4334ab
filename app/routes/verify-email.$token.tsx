import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { confirmEmailLink, EMAIL_CHANGE_PURPOSE, findVerificationLink } from '~/modules/auth/email-verification.server'
import { getUser } from '~/modules/auth/guards.server'
import { db } from '~/utils/db.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'

export const meta: MetaFunction = () => [{ title: 'Viertel' }, { name: 'robots', content: 'noindex' }]

const PRIVATE = { 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' }

/**
 * The link that verifies an address or confirms a new one (ADR 066). Opening it changes nothing
 * (mail scanners open links); the button confirms. It needs no login: the link proves the mailbox.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const link = await findVerificationLink(db, params.token ?? '')
  return data(
    { usable: Boolean(link), change: link?.purpose === EMAIL_CHANGE_PURPOSE, email: link?.email ?? null },
    { status: link ? 200 : 410, headers: PRIVATE },
  )
}

export async function action({ request, params }: ActionFunctionArgs) {
  const result = await confirmEmailLink(db, params.token ?? '')
  if (!result.ok) return data({ usable: false }, { status: 410, headers: PRIVATE })
  const user = await getUser(request)
  const next = user?.id === result.userId ? (result.purpose === EMAIL_CHANGE_PURPOSE ? '/account' : '/') : '/login'
  const key = result.purpose === EMAIL_CHANGE_PURPOSE ? 'auth.toast.emailChanged' : 'auth.toast.emailVerified'
  return redirectWithToast(next, { type: 'success', key, params: { email: result.email } })
}

export default function VerifyEmailLinkPage() {
  const t = useT()
  const loaded = useLoaderData<typeof loader>()
  const acted = useActionData<typeof action>()
  const usable = acted ? acted.usable : loaded.usable
  if (!usable) {
    return (
      <div className="mx-auto max-w-md">
        <PageHeading>{t('auth.confirm.invalidTitle')}</PageHeading>
        <Card>
          <p className="text-stone-800">{t('auth.verifyLink.invalidText')}</p>
          <p className="mt-4 flex flex-wrap gap-x-4 gap-y-2 text-sm">
            <Link to="/verify-email">{t('auth.verifyLink.askAgain')}</Link>
            <Link to="/account">{t('auth.verify.toAccount')}</Link>
          </p>
        </Card>
      </div>
    )
  }
  return (
    <div className="mx-auto max-w-md">
      <PageHeading>{loaded.change ? t('auth.verifyLink.changeTitle') : t('auth.verifyLink.title')}</PageHeading>
      <Card>
        <Form method="post" className="space-y-4">
          <p className="text-stone-800 break-words">
            {loaded.change ? t('auth.verifyLink.changeText', { email: loaded.email ?? '' }) : t('auth.verifyLink.text', { email: loaded.email ?? '' })}
          </p>
          <SubmitButton pendingLabel={t('auth.confirm.pending')} className="w-full">
            {loaded.change ? t('auth.verifyLink.changeSubmit') : t('auth.confirm.submit')}
          </SubmitButton>
        </Form>
      </Card>
    </div>
  )
}
