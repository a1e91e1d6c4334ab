import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { maskEmail } from '~/modules/initiatives/invitations.server'
import { getUserForUnsubscribe } from '~/modules/notifications/notifications.server'
import {
  readUnsubscribeToken,
  redeemUnsubscribeToken,
  type UnsubscribeLink,
} from '~/modules/notifications/unsubscribe.server'
import { db } from '~/utils/db.server'
import { useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

/** A page opened by a secret link shows whom it is for: never kept by a cache, whoever opens it. */
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'private, no-store' })

export const meta: MetaFunction = () => [
  { title: 'Viertel' },
  { name: 'robots', content: 'noindex' },
  { name: 'referrer', content: 'no-referrer' },
]

/**
 * A link that does not work (any more) is not an error of the person's: the page says so and
 * sends them to their settings (through the login). Forged or unknown-key links are 404, used,
 * revoked or expired ones 410 Gone.
 */
function refused(link: Extract<UnsubscribeLink, { ok: false }>) {
  return data({ state: link.error, kind: null, email: null }, { status: link.error === 'invalid' ? 404 : 410 })
}

/** The link from an e-mail: no login needed, the signed token says who and what. Opening it changes nothing. */
export async function loader({ params }: LoaderFunctionArgs) {
  const link = await readUnsubscribeToken(db, params.token)
  if (!link.ok) return refused(link)
  const user = await getUserForUnsubscribe(db, link.userId)
  if (!user) return refused({ ok: false, error: 'invalid' })
  // masked, as on an invitation page: whoever holds a forwarded link learns the address no more than
  // it takes its owner to recognise it (the privacy audit found it shown whole, for 60 days)
  return data({ state: 'open' as const, kind: link.kind, email: maskEmail(user.email) })
}

/** Also the target of one-click unsubscribe (RFC 8058): a POST with or without a form body. Works once. */
export async function action({ params }: ActionFunctionArgs) {
  const link = await redeemUnsubscribeToken(db, params.token)
  if (!link.ok) return refused(link)
  return data({ state: 'done' as const, kind: link.kind, email: null })
}

export default function UnsubscribePage() {
  const t = useT()
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { state, kind, email } = actionData ?? loaded
  const label = kind ? t(`notifications.kinds.${kind}.label`) : ''
  return (
    <div className="mx-auto max-w-lg">
      <PageHeading>{t('notifications.unsubscribe.title')}</PageHeading>
      <Card>
        {state === 'done' ? (
          <p role="status">{t('notifications.unsubscribe.done', { kind: label })}</p>
        ) : state === 'open' ? (
          <Form method="post" className="space-y-4">
            <p>{t('notifications.unsubscribe.confirm', { kind: label, email: email ?? '' })}</p>
            <SubmitButton pendingLabel={t('notifications.unsubscribe.pending')}>{t('notifications.unsubscribe.submit')}</SubmitButton>
          </Form>
        ) : (
          <div role="alert">
            <p className="font-semibold">{t(`notifications.unsubscribe.refused.${state}`)}</p>
            <p className="mt-1 text-sm">{t('notifications.unsubscribe.refused.login')}</p>
          </div>
        )}
        <p className="mt-4 text-sm">
          <Link to="/notifications/settings">{t('notifications.unsubscribe.settings')}</Link>
        </p>
      </Card>
    </div>
  )
}
