import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { BookingPanel } from '~/components/bookings/booking-panel'
import { PageHeading } from '~/components/ui/card'
import { getUser, listingViewer, requireCentre, requireUser } from '~/utils/auth.server'
import { getBookingPanel } from '~/modules/bookings/bookings.server'
import { isBookingIntent, runBookingIntent } from '~/modules/bookings/intents.server'
import { getListingForViewer } from '~/modules/listings/listings.server'
import { db } from '~/utils/db.server'
import { appOrigin } from '~/modules/notifications/origin.server'
import { notFound, readFormData } from '~/utils/http.server'
import { getT, resolveLocale } from '~/utils/i18n.server'
import { isUuid } from '~/utils/misc'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · Viertel` : 'Viertel' }]

/** The booking page of a bookable room or tool: its week, the request form, and where every booking form posts. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  if (!isUuid(params.id)) notFound()
  const user = await getUser(request)
  const viewer = await listingViewer(user, centre)
  if (!(await getListingForViewer(db, viewer, centre.id, params.id))) notFound()
  const panel = await getBookingPanel(db, user, centre.id, params.id, { week: new URL(request.url).searchParams.get('week') })
  if (!panel) notFound()
  const t = getT(await resolveLocale(request, user?.locale))
  return { centre: { slug: centre.slug }, panel, loggedIn: Boolean(user), title: t('bookings.page.title', { title: panel.listing.title }) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  if (!isUuid(params.id)) notFound()
  const viewer = await listingViewer(user, centre)
  if (!(await getListingForViewer(db, viewer, centre.id, params.id))) notFound()
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  if (!isBookingIntent(intent)) {
    return data({ intent: null, bookingId: null, feedUrl: null, result: { status: 'error' as const, error: { '': ['bookings.errors.unknownAction'] } } }, { status: 400 })
  }
  const answer = await runBookingIntent(db, user, centre.id, intent, formData, { listingId: params.id })
  const here = `/c/${centre.slug}/listings/${params.id}`
  switch (answer.type) {
    case 'notFound':
      notFound()
    // falls through (notFound throws)
    case 'done':
      return redirectWithToast(`${here}#bookings`, { type: 'success', key: answer.toast })
    case 'feed':
      return data({ intent, bookingId: answer.key, feedUrl: `${appOrigin()}/ical/${answer.token}.ics`, result: { status: 'success' as const } })
    case 'reply':
      return data({ intent, bookingId: answer.bookingId, feedUrl: null, result: answer.reply }, { status: answer.status })
  }
}

export default function ListingBookingsPage() {
  const t = useT()
  const { centre, panel, loggedIn } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const listingPath = `/c/${centre.slug}/listings/${panel.listing.id}`
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <p className="text-sm">
        <Link to={listingPath}>{t('bookings.page.back', { title: panel.listing.title })}</Link>
      </p>
      <PageHeading sub={panel.listing.initiativeName}>{t('bookings.page.title', { title: panel.listing.title })}</PageHeading>
      <BookingPanel panel={panel} action={`${listingPath}/bookings`} pagePath={`${listingPath}/bookings`} actionData={actionData} loggedIn={loggedIn} />
    </div>
  )
}
