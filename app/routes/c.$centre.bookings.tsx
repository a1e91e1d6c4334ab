import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { FeedForms } from '~/components/bookings/booking-panel'
import { SubmitButton } from '~/components/ui/button'
import { Card, EmptyState, PageHeading } from '~/components/ui/card'
import { Field, FormErrors } from '~/components/ui/field'
import { requireCentre, requireUser } from '~/utils/auth.server'
import { listMyBookings } from '~/modules/bookings/bookings.server'
import { isBookingIntent, runBookingIntent } from '~/modules/bookings/intents.server'
import { db } from '~/utils/db.server'
import { translateError } from '~/utils/forms'
import { formatSpan } from '~/utils/time'
import { appOrigin } from '~/modules/notifications/origin.server'
import { notFound, readFormData } from '~/utils/http.server'
import { getT, resolveLocale } from '~/utils/i18n.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · Viertel` : 'Viertel' }]

/** My initiatives' bookings (made and received) and their calendar feeds. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  const mine = await listMyBookings(db, user, centre.id)
  const t = getT(await resolveLocale(request, user.locale))
  return { centre: { slug: centre.slug, timeZone: centre.timeZone }, ...mine, title: t('bookings.mine.title') }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  if (!isBookingIntent(intent) || intent === 'request') {
    return data({ intent: null, bookingId: null, feedUrl: null, result: { status: 'error' as const, error: { '': ['bookings.errors.unknownAction'] } } }, { status: 400 })
  }
  const answer = await runBookingIntent(db, user, centre.id, intent, formData, {})
  const here = `/c/${centre.slug}/bookings`
  switch (answer.type) {
    case 'notFound':
      notFound()
    // falls through (notFound throws)
    case 'done':
      return redirectWithToast(here, { type: 'success', key: answer.toast })
    case 'feed':
      return data({ intent, bookingId: answer.key, feedUrl: `${appOrigin()}/ical/${answer.token}.ics`, result: { status: 'success' as const } })
    case 'reply':
      return data({ intent, bookingId: answer.bookingId, feedUrl: null, result: answer.reply }, { status: answer.status })
  }
}

export default function MyBookingsPage() {
  const t = useT()
  const locale = useLocale()
  const { centre, bookings, initiatives } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: centre.timeZone })
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: centre.timeZone })
  const here = `/c/${centre.slug}/bookings`
  const resultErrors = (actionData?.result as { error?: Record<string, string[] | null> } | undefined)?.error ?? {}
  const errorsFor = (id: string) => (actionData?.bookingId === id ? Object.values(resultErrors).flat().filter((e): e is string => typeof e === 'string') : [])
  return (
    <div className="space-y-6">
      <PageHeading sub={t('bookings.mine.intro')}>{t('bookings.mine.title')}</PageHeading>
      {bookings.length === 0 ? (
        <EmptyState>{t('bookings.mine.empty')}</EmptyState>
      ) : (
        <Card>
          <ul className="divide-y divide-stone-200 text-sm">
            {bookings.map((b) => (
              <li key={b.id} className="space-y-2 py-3">
                <p>
                  <Link to={`/c/${centre.slug}/listings/${b.listingId}#bookings`} className="font-semibold">
                    {b.listingTitle}
                  </Link>{' '}
                  · {formatSpan(new Date(b.start), new Date(b.end), centre.timeZone, when, time)} · {t(`bookings.state.${b.state}`)}
                </p>
                <p className="text-stone-700">
                  {t(b.side === 'owner' ? 'bookings.mine.requestedBy' : 'bookings.mine.offeredBy', { name: b.side === 'owner' ? b.requesterName : b.ownerName })} · {b.purpose}
                  {b.exchangeId ? (
                    <>
                      {' · '}
                      <Link to={`/c/${centre.slug}/exchanges/${b.exchangeId}`}>{t('bookings.mine.exchange')}</Link>
                    </>
                  ) : null}
                </p>
                {errorsFor(b.id).length ? <FormErrors errors={errorsFor(b.id)} /> : null}
                {b.canDecide ? (
                  <Form method="post" className="flex flex-wrap gap-2">
                    <input type="hidden" name="bookingId" value={b.id} />
                    <SubmitButton name="intent" value="accept" pendingLabel={t('bookings.decide.accepting')}>
                      {t('bookings.decide.accept')}
                    </SubmitButton>
                    <SubmitButton name="intent" value="decline" variant="secondary" pendingLabel={t('bookings.decide.declining')}>
                      {t('bookings.decide.decline')}
                    </SubmitButton>
                  </Form>
                ) : null}
                {b.canCancel && (b.state === 'accepted' || b.state === 'requested') ? (
                  <details>
                    <summary className="cursor-pointer text-brand-800">{t('bookings.cancel.open')}</summary>
                    <Form method="post" className="mt-2 space-y-2">
                      <input type="hidden" name="bookingId" value={b.id} />
                      <Field label={t('bookings.cancel.reason')} name="reason" id={`reason-${b.id}`} required minLength={3} />
                      <SubmitButton name="intent" value="cancel" variant="secondary" pendingLabel={t('bookings.cancel.pending')}>
                        {t('bookings.cancel.submit')}
                      </SubmitButton>
                    </Form>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      )}
      {initiatives.map((i) => (
        <Card key={i.id}>
          <h2 className="text-lg font-semibold">{i.name}</h2>
          <FeedForms action={here} live={i.feedLive} actionData={actionData} initiativeId={i.id} />
        </Card>
      ))}
      {actionData?.intent === null && resultErrors[''] ? <p role="alert">{translateError(t, String(resultErrors[''][0]))}</p> : null}
    </div>
  )
}
