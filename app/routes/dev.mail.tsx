import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Fragment } from 'react'
import { EmptyState, PageHeading } from '~/components/ui/card'
import { getUser } from '~/utils/auth.server'
import { listOutbox } from '~/modules/notifications/outbox.server'
import { db } from '~/utils/db.server'
import { env, isProduction } from '~/utils/env.server'
import { formatDateTime } from '~/utils/format'
import { notFound } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }, { name: 'robots', content: 'noindex' }]

/**
 * The development mailbox: the outbox as it is, newest first. Only when no SMTP server is
 * configured, and in production only for platform admins (e-mails hold invitation links).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  if (env.SMTP_URL) notFound()
  const user = await getUser(request)
  if (isProduction && !user?.isAdmin) notFound()
  return { emails: await listOutbox(db, 100) }
}

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g

/** The text with its links clickable (the text itself is never interpreted as HTML). */
function TextWithLinks({ text }: { text: string }) {
  return (
    <>
      {text.split(URL_PATTERN).map((part, index) =>
        index % 2 === 1 ? (
          <a key={index} href={part}>
            {part}
          </a>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </>
  )
}

export default function DevMailPage() {
  const t = useT()
  const locale = useLocale()
  const { emails } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-6">
      <PageHeading sub={t('devmail.intro')}>{t('devmail.title')}</PageHeading>
      {emails.length ? (
        <ol className="space-y-4">
          {emails.map((email) => (
            <li key={email.id}>
              <article aria-labelledby={`mail-${email.id}`} className="rounded-lg border border-stone-200 bg-white p-4">
                <h2 id={`mail-${email.id}`} className="text-lg font-semibold">
                  {email.subject}
                </h2>
                <dl className="mt-1 grid gap-x-3 text-sm text-stone-700 sm:grid-cols-[6rem_1fr]">
                  <dt className="font-medium">{t('devmail.to')}</dt>
                  <dd>{email.toAddress}</dd>
                  <dt className="font-medium">{t('devmail.when')}</dt>
                  <dd>{formatDateTime(locale, email.createdAt)}</dd>
                  <dt className="font-medium">{t('devmail.kind')}</dt>
                  <dd>
                    {email.kind} · {t(`devmail.status.${email.status}`)}
                  </dd>
                </dl>
                <pre className="mt-3 whitespace-pre-wrap break-words rounded-md bg-stone-50 p-3 font-sans text-sm">
                  <TextWithLinks text={email.text} />
                </pre>
              </article>
            </li>
          ))}
        </ol>
      ) : (
        <EmptyState>{t('devmail.empty')}</EmptyState>
      )}
    </div>
  )
}
