import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, useRouteError } from '@remix-run/react'
import { ErrorPage } from '~/components/error-page'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { getUserForUnsubscribe, setPreference } from '~/modules/notifications/notifications.server'
import { verifyUnsubscribeToken } from '~/modules/notifications/unsubscribe.server'
import { db } from '~/utils/db.server'
import { notFound } from '~/utils/http.server'
import { useT } from '~/utils/use-t'

export const meta: MetaFunction = () => [{ title: 'Viertel' }, { name: 'robots', content: 'noindex' }]

/** The link from an e-mail: no login needed, the signed token says who and what. A forged one is 404. */
async function requireToken(token: string | undefined) {
  const subject = await verifyUnsubscribeToken(db, token)
  if (!subject) notFound()
  const user = await getUserForUnsubscribe(db, subject.userId)
  if (!user) notFound()
  return { ...subject, email: user.email }
}

export async function loader({ params }: LoaderFunctionArgs) {
  const { kind, email } = await requireToken(params.token)
  return { kind, email }
}

/** Also the target of one-click unsubscribe (RFC 8058): a POST with or without a form body. */
export async function action({ params }: ActionFunctionArgs) {
  const { userId, kind } = await requireToken(params.token)
  await setPreference(db, userId, kind, 'never')
  return data({ done: true, kind })
}

export default function UnsubscribePage() {
  const t = useT()
  const { kind, email } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const label = t(`notifications.kinds.${kind}.label`)
  return (
    <div className="mx-auto max-w-lg">
      <PageHeading>{t('notifications.unsubscribe.title')}</PageHeading>
      <Card>
        {actionData?.done ? (
          <p role="status">{t('notifications.unsubscribe.done', { kind: label })}</p>
        ) : (
          <Form method="post" className="space-y-4">
            <p>{t('notifications.unsubscribe.confirm', { kind: label, email })}</p>
            <SubmitButton pendingLabel={t('notifications.unsubscribe.pending')}>{t('notifications.unsubscribe.submit')}</SubmitButton>
          </Form>
        )}
        <p className="mt-4 text-sm">
          <Link to="/notifications/settings">{t('notifications.unsubscribe.settings')}</Link>
        </p>
      </Card>
    </div>
  )
}

export function ErrorBoundary() {
  const t = useT()
  const error = useRouteError()
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <div className="mx-auto max-w-lg" role="alert">
        <PageHeading>{t('notifications.unsubscribe.title')}</PageHeading>
        <p>{t('notifications.unsubscribe.invalid')}</p>
      </div>
    )
  }
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />
}
