import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { EmailLinkPage } from '~/components/email-link-page'
import { startSession } from '~/modules/auth/accounts.server'
import { sessionCookie } from '~/utils/session-cookie.server'
import { getSessionAndUser } from '~/utils/auth.server'
import { readKnownDevice, rememberDevice } from '~/utils/known-device.server'
import { confirmSignup, isSignupTokenUsable } from '~/modules/auth/signup.server'
import { db } from '~/utils/db.server'
import { safeRedirectPath } from '~/utils/http.server'
import { toastHeader } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'

/** A page opened by a secret link shows whom it is for: never kept by a cache, whoever opens it. */
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'private, no-store' })

export const meta: MetaFunction = () => [{ title: 'Viertel' }, { name: 'robots', content: 'noindex' }]

/**
 * The link from the signup e-mail. Opening it changes nothing (mail scanners open links too); the
 * button confirms: the account is created with the address verified and the person is logged in.
 * A used, expired or unknown link gets 410 and a way on.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const usable = await isSignupTokenUsable(db, params.token ?? '')
  return data({ usable }, { status: usable ? 200 : 410, headers: { 'Referrer-Policy': 'no-referrer' } })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const result = await confirmSignup(db, params.token ?? '')
  if (!result.ok) return data({ usable: false }, { status: 410 })
  const { user } = result
  const previous = await getSessionAndUser(request)
  const { token, session } = await startSession(db, user.id, previous?.session.id)
  const headers = new Headers()
  headers.append('Set-Cookie', sessionCookie(token, session.expiresAt))
  headers.append('Set-Cookie', await rememberDevice(await readKnownDevice(request), user.id))
  headers.append('Set-Cookie', await toastHeader({ type: 'success', key: 'auth.toast.signedUp', params: { name: user.name } }))
  return redirect(safeRedirectPath(result.redirectTo ?? undefined, '/'), { headers })
}

export default function ConfirmEmailPage() {
  const t = useT()
  const loaded = useLoaderData<typeof loader>()
  const acted = useActionData<typeof action>()
  return (
    <EmailLinkPage
      usable={acted ? acted.usable : loaded.usable}
      title={t('auth.confirm.title')}
      text={t('auth.confirm.text')}
      submitLabel={t('auth.confirm.submit')}
      invalidText={t('auth.confirm.invalidText')}
      wayOn={[
        { to: '/login', label: t('auth.signup.toLogin') },
        { to: '/signup', label: t('auth.login.toSignup') },
      ]}
    />
  )
}
