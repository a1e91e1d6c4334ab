import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, EmptyState, PageHeading } from '~/components/ui/card'
import { requireUser } from '~/utils/auth.server'
import { isNotificationKind, type NotificationKind } from '~/modules/notifications/kinds'
import { listNotifications, markAllRead, markRead } from '~/modules/notifications/notifications.server'
import { NotificationActionSchema } from '~/modules/notifications/schemas'
import { notificationBody, notificationNote, notificationTitle } from '~/modules/notifications/text'
import { db } from '~/utils/db.server'
import { formatDateTime } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'
import { readFormData } from '~/utils/http.server'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const items = await listNotifications(db, user.id)
  return {
    items: items
      .filter((n) => isNotificationKind(n.kind))
      .map((n) => ({ ...n, createdAt: n.createdAt.toISOString(), read: Boolean(n.readAt) })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const submission = parseForm(await readFormData(request), NotificationActionSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  if (submission.value.intent === 'readAll') {
    await markAllRead(db, user.id)
    return redirectWithToast('/notifications', { type: 'success', key: 'notifications.toast.allMarked' })
  }
  await markRead(db, user.id, submission.value.id)
  return redirectWithToast('/notifications', { type: 'success', key: 'notifications.toast.marked' })
}

export default function NotificationsPage() {
  const t = useT()
  const locale = useLocale()
  const { items } = useLoaderData<typeof loader>()
  const unread = items.some((n) => !n.read)
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeading sub={t('notifications.intro')}>{t('notifications.title')}</PageHeading>
      <div className="mb-4 flex flex-wrap items-center gap-4">
        {unread ? (
          <Form method="post">
            <SubmitButton name="intent" value="readAll" variant="secondary" pendingLabel={t('notifications.list.markingRead')}>
              {t('notifications.list.markAllRead')}
            </SubmitButton>
          </Form>
        ) : null}
        <Link to="/notifications/settings">{t('notifications.list.settings')}</Link>
        <Link to="/notifications/searches">{t('notifications.list.searches')}</Link>
      </div>
      {items.length === 0 ? (
        <EmptyState>{t('notifications.list.empty')}</EmptyState>
      ) : (
        <ul className="space-y-3">
          {items.map((n) => {
            const item = { kind: n.kind as NotificationKind, payload: n.payload }
            const title = notificationTitle(t, item)
            const body = notificationBody(t, item)
            const note = notificationNote(t, item)
            const url = typeof n.payload.url === 'string' && n.payload.url.startsWith('/') ? n.payload.url : null
            return (
              <li key={n.id}>
                <Card className={n.read ? '' : 'border-brand-700'}>
                  <div className="flex flex-wrap items-start justify-between gap-3">
                    <div>
                      <p className="text-sm text-stone-600">
                        {formatDateTime(locale, n.createdAt)}
                        {n.centreName ? ` · ${n.centreName}` : ''}
                        {n.read ? null : (
                          <span className="ml-2 rounded bg-brand-700 px-2 py-0.5 text-xs font-semibold text-white">
                            {t('notifications.list.unread')}
                          </span>
                        )}
                      </p>
                      <p className={n.read ? '' : 'font-semibold'}>{url ? <Link to={url}>{title}</Link> : title}</p>
                      {body ? <p className="mt-1 text-sm">{body}</p> : null}
                      {note ? (
                        <p className="mt-1 text-sm whitespace-pre-line">
                          <span className="text-stone-600">{note.label}</span> {note.text}
                        </p>
                      ) : null}
                    </div>
                    {n.read ? null : (
                      <Form method="post">
                        <input type="hidden" name="id" value={n.id} />
                        <SubmitButton
                          name="intent"
                          value="read"
                          variant="ghost"
                          pendingLabel={t('notifications.list.markingRead')}
                          aria-label={`${t('notifications.list.markRead')}: ${title}`}
                        >
                          {t('notifications.list.markRead')}
                        </SubmitButton>
                      </Form>
                    )}
                  </div>
                </Card>
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}
