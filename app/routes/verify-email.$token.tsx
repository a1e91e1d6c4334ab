import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { EmailLinkPage } from '~/components/email-link-page'
import { confirmEmailLink, EMAIL_CHANGE_PURPOSE, findVerificationLink } from '~/modules/auth/email-verification.server'
import { getUser } from '~/utils/auth.server'
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
  const email = loaded.email ?? ''
  return (
    <EmailLinkPage
      usable={acted ? acted.usable : loaded.usable}
      title={loaded.change ? t('auth.verifyLink.changeTitle') : t('auth.verifyLink.title')}
      text={loaded.change ? t('auth.verifyLink.changeText', { email }) : t('auth.verifyLink.text', { email })}
      submitLabel={loaded.change ? t('auth.verifyLink.changeSubmit') : t('auth.confirm.submit')}
      invalidText={t('auth.verifyLink.invalidText')}
      wayOn={[
        { to: '/verify-email', label: t('auth.verifyLink.askAgain') },
        { to: '/account', label: t('auth.verify.toAccount') },
      ]}
    />
  )
}
