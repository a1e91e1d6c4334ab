import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import type { ListingDetails } from '#db/schema/listings'
import { BookingPanel } from '~/components/bookings/booking-panel'
import { LoanLink } from '~/components/loans/loan-link'
import { ProposeExchange } from '~/components/exchanges/propose-link'
import { ListingMatches } from '~/components/matching/match-list'
import { buttonClass, SubmitButton } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { FormErrors, TextareaField } from '~/components/ui/field'
import { getUser, listingViewer, requireCentre, requireUser } from '~/utils/auth.server'
import { namedConcepts } from '~/modules/matching/listing-concepts.server'
import { resolveLocale } from '~/utils/i18n.server'
import { getBookingPanel } from '~/modules/bookings/bookings.server'
import { hasOtherMember } from '~/modules/initiatives/memberships.server'
import { changeListingStatus, getListingForViewer } from '~/modules/listings/listings.server'
import { matchesForListing } from '~/modules/matching/matching.server'
import { REPORT_REASON_MAX } from '~/modules/listings/constants'
import { ListingStatusIntentSchema, ReportListingSchema } from '~/modules/listings/schemas'
import { checkReportRateLimit, createReport } from '~/modules/moderation/reports.server'
import { db } from '~/utils/db.server'
import { formatCents, formatDate } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { notFound, readFormData } from '~/utils/http.server'
import { isUuid } from '~/utils/misc'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.listing.title} · Viertel` : 'Viertel' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  if (!isUuid(params.id)) notFound()
  const user = await getUser(request)
  const viewer = await listingViewer(user, centre)
  const found = await getListingForViewer(db, viewer, centre.id, params.id)
  if (!found) notFound()
  const { listing, initiative, photos, canEdit } = found
  const base = `/c/${centre.slug}/listings/${listing.id}`
  // A member of the listing's initiative asking it from another of theirs: refused when nobody else
  // could answer (ADR 058), so the page says so instead of offering the request.
  const asksOwnInitiative = viewer.initiativeIds.includes(listing.initiativeId) && viewer.initiativeIds.some((id) => id !== listing.initiativeId)
  const nobodyToAnswer = asksOwnInitiative && user ? !(await hasOtherMember(db, listing.initiativeId, user.id)) : false
  return {
    centre: { slug: centre.slug, name: centre.name, moderationMode: centre.moderationMode },
    listing: {
      ...listing,
      // the reason a manager gave is for the listing's own people (and managers)
      moderationReason: canEdit || viewer.isManager ? listing.moderationReason : null,
      createdBy: null,
      concepts: null,
    },
    concepts: await namedConcepts(db, listing.concepts, await resolveLocale(request, user?.locale)),
    initiative,
    photos: photos.map((p) => ({ id: p.id, src: `${base}/photos/${p.id}`, thumb: `${base}/photos/${p.id}?size=thumb` })),
    canEdit,
    canReport: Boolean(user) && !canEdit,
    loggedIn: Boolean(user),
    nobodyToAnswer,
    isManager: viewer.isManager,
    bookingPanel: listing.bookable ? await getBookingPanel(db, user, centre.id, listing.id, { week: new URL(request.url).searchParams.get('week') }) : null,
    matches: canEdit ? await matchesForListing(db, listing.id) : null,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  if (!isUuid(params.id)) notFound()
  const viewer = await listingViewer(user, centre)
  const found = await getListingForViewer(db, viewer, centre.id, params.id)
  if (!found) notFound()
  const base = `/c/${centre.slug}/listings/${params.id}`
  const formData = await readFormData(request)

  if (formData.get('intent') === 'report') {
    const submission = parseForm(formData, ReportListingSchema)
    if (submission.status !== 'success') return data({ form: 'report' as const, result: submission.reply() }, { status: 400 })
    const limit = await checkReportRateLimit(db, user.id)
    if (!limit.allowed) {
      return data(
        {
          form: 'report' as const,
          result: submission.reply({ formErrors: [`moderation.errors.tooMany?minutes=${Math.ceil(limit.retryAfterSeconds / 60)}`] }),
        },
        { status: 429, headers: { 'Retry-After': String(limit.retryAfterSeconds) } },
      )
    }
    const { created } = await createReport(db, {
      reporterId: user.id,
      centreId: centre.id,
      subjectType: 'listing',
      subjectId: params.id,
      reason: submission.value.reason,
    })
    return redirectWithToast(base, { type: 'success', key: created ? 'moderation.toast.reported' : 'moderation.toast.alreadyReported' })
  }

  const submission = parseForm(formData, ListingStatusIntentSchema)
  if (submission.status !== 'success') return data({ form: 'status' as const, result: submission.reply() }, { status: 400 })
  if (!found.canEdit) notFound()
  const change = await changeListingStatus(db, viewer, centre, params.id, submission.value.intent)
  if (!change.ok) {
    if (change.error === 'notFound') notFound()
    return data(
      { form: 'status' as const, result: submission.reply({ formErrors: ['listings.errors.invalidTransition'] }) },
      { status: 409 },
    )
  }
  return redirectWithToast(base, { type: 'success', key: STATUS_TOASTS[change.status] ?? 'listings.toast.updated' })
}

const STATUS_TOASTS: Partial<Record<string, string>> = {
  active: 'listings.toast.reopened',
  pending: 'listings.toast.reopenedPending',
  paused: 'listings.toast.paused',
  closed: 'listings.toast.closed',
}

export default function ListingPage() {
  const t = useT()
  const locale = useLocale()
  const { centre, listing, initiative, photos, canEdit, canReport, loggedIn, matches, concepts, nobodyToAnswer } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const base = `/c/${centre.slug}/listings/${listing.id}`
  const { bookingPanel } = useLoaderData<typeof loader>()
  const [reportForm, reportFields] = useForm({
    id: 'report',
    lastResult: actionData?.form === 'report' ? actionData.result : undefined,
    shouldRevalidate: 'onBlur',
  })
  const intentsByStatus: Record<string, ('pause' | 'reopen' | 'close')[]> = {
    active: ['pause', 'close'],
    paused: ['reopen', 'close'],
    pending: ['close'],
    draft: ['close'],
    closed: ['reopen'],
    hidden: [],
  }
  const intents = intentsByStatus[listing.status] ?? []
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        <article className="rounded-lg border border-stone-200 bg-white p-5 shadow-sm">
          <p className="flex flex-wrap gap-2 text-xs font-semibold uppercase tracking-wide">
            <span className={listing.kind === 'offer' ? 'text-green-800' : 'text-amber-800'}>{t(`listings.kind.${listing.kind}`)}</span>
            <span className="text-stone-700">{t(`listings.category.${listing.category}`)}</span>
            {listing.status !== 'active' ? (
              <span className="rounded bg-stone-200 px-1 text-stone-900">{t(`listings.status.${listing.status}`)}</span>
            ) : null}
          </p>
          <h1 className="mt-1 text-2xl font-bold" lang={listing.language}>
            {listing.title}
          </h1>
          {listing.status === 'hidden' && listing.moderationReason ? (
            <div role="note" className="mt-3 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
              <p className="font-semibold">{t('listings.detail.hiddenTitle')}</p>
              <p>{listing.moderationReason}</p>
            </div>
          ) : null}
          {listing.status === 'pending' ? (
            <p role="note" className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
              {t('listings.detail.pendingNote')}
            </p>
          ) : null}
          <p className="mt-4 whitespace-pre-line" lang={listing.language}>
            {listing.description}
          </p>
          {concepts.length ? (
            <div className="mt-4">
              <h2 className="text-sm font-semibold">{t('listings.detail.concepts')}</h2>
              <ul className="mt-1 flex flex-wrap gap-2">
                {concepts.map((c) => (
                  <li key={c.key}>
                    <Link
                      to={`/c/${centre.slug}/listings?${new URLSearchParams({ q: c.name })}`}
                      className="inline-block rounded-full border border-stone-300 bg-stone-50 px-3 py-1 text-sm text-stone-900 no-underline hover:bg-stone-100"
                    >
                      {c.name}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {photos.length ? (
            <ul className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
              {photos.map((photo, index) => (
                <li key={photo.id}>
                  <a href={photo.src}>
                    <img
                      src={photo.thumb}
                      alt={t('listings.detail.photoAlt', { number: index + 1 })}
                      width={240}
                      height={240}
                      loading="lazy"
                      className="aspect-square w-full rounded object-cover"
                    />
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
          <dl className="mt-6 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            <DetailRows details={listing.details} />
            <div>
              <dt className="font-medium">{t('listings.fields.compensation')}</dt>
              <dd>
                {t(`listings.compensation.${listing.compensation}`)}
                {listing.compensation === 'paid' && listing.priceCents ? ` · ${formatCents(locale, listing.priceCents)}` : ''}
              </dd>
            </div>
            <div>
              <dt className="font-medium">{t('listings.detail.window')}</dt>
              <dd>
                {listing.availableFrom || listing.availableUntil
                  ? t('listings.detail.windowRange', {
                      from: listing.availableFrom ? formatDate(locale, listing.availableFrom) : '…',
                      until: listing.availableUntil ? formatDate(locale, listing.availableUntil) : '…',
                    })
                  : t('listings.detail.windowOpen')}
              </dd>
            </div>
            <div>
              <dt className="font-medium">{t('listings.fields.visibility')}</dt>
              <dd>{t(`listings.visibility.${listing.visibility}`)}</dd>
            </div>
            <div>
              <dt className="font-medium">{t('listings.fields.language')}</dt>
              <dd>{t(`common.language.names.${listing.language}`)}</dd>
            </div>
            {listing.bookable ? (
              <div>
                <dt className="font-medium">{t('listings.fields.bookable')}</dt>
                <dd>{t('common.yes')}</dd>
              </div>
            ) : null}
            <div>
              <dt className="font-medium">{t('listings.detail.posted')}</dt>
              <dd>{formatDate(locale, listing.createdAt)}</dd>
            </div>
          </dl>
        </article>

        {/* exchange actions go here */}
        {matches ? <ListingMatches matches={matches} centreSlug={centre.slug} listing={listing} /> : null}
        <ProposeExchange centreSlug={centre.slug} listing={listing} nobodyToAnswer={nobodyToAnswer} />
        <LoanLink centreSlug={centre.slug} listing={listing} nobodyToAnswer={nobodyToAnswer} />
        {bookingPanel ? <BookingPanel panel={bookingPanel} action={`${base}/bookings`} pagePath={base} loggedIn={loggedIn} /> : null}
      </div>

      <aside className="space-y-6">
        <Card>
          <h2 className="text-lg font-semibold">{t('listings.detail.initiative')}</h2>
          <p className="mt-2 font-medium">
            <Link to={`/c/${centre.slug}/initiatives/${initiative.slug}`}>{initiative.name}</Link>
          </p>
          <p className="text-sm text-stone-600">
            {t(`initiatives.kinds.${initiative.kind}`)}
            {initiative.sector ? ` · ${initiative.sector}` : ''}
          </p>
          <p className="mt-2 text-sm">{initiative.description}</p>
          {loggedIn && initiative.contactEmail ? (
            <p className="mt-2 text-sm">
              <a href={`mailto:${initiative.contactEmail}`}>{initiative.contactEmail}</a>
            </p>
          ) : null}
          {initiative.website ? (
            <p className="mt-1 text-sm">
              <a href={initiative.website} rel="noopener noreferrer nofollow">
                {initiative.website}
              </a>
            </p>
          ) : null}
        </Card>

        {canEdit ? (
          <Card>
            <h2 className="text-lg font-semibold">{t('listings.detail.manageHeading')}</h2>
            {actionData?.form === 'status' ? <FormErrors errors={actionData.result.error?.[''] ?? undefined} /> : null}
            <div className="mt-3 flex flex-wrap gap-2">
              {listing.status !== 'hidden' ? (
                <Link to={`${base}/edit`} className={buttonClass('secondary')}>
                  {t('listings.detail.edit')}
                </Link>
              ) : (
                <Link to={`${base}/edit`} className={buttonClass('secondary')}>
                  {t('listings.detail.editHidden')}
                </Link>
              )}
              {intents.map((intent) => (
                <Form method="post" key={intent}>
                  <SubmitButton
                    name="intent"
                    value={intent}
                    variant={intent === 'close' ? 'danger' : 'secondary'}
                    pendingLabel={t(`listings.detail.pending.${intent}`)}
                  >
                    {t(`listings.detail.actions.${intent}`)}
                  </SubmitButton>
                </Form>
              ))}
            </div>
          </Card>
        ) : null}

        {canReport ? (
          <Card>
            <h2 className="text-lg font-semibold">{t('moderation.report.title')}</h2>
            <p className="mt-1 text-sm text-stone-700">{t('moderation.report.intro')}</p>
            <Form method="post" {...getFormProps(reportForm)} className="mt-3 space-y-3">
              <FormErrors errors={reportForm.errors} />
              <TextareaField label={t('moderation.report.reason')} meta={reportFields.reason} rows={3} maxLength={REPORT_REASON_MAX} />
              <SubmitButton name="intent" value="report" variant="secondary" pendingLabel={t('moderation.report.pending')}>
                {t('moderation.report.submit')}
              </SubmitButton>
            </Form>
          </Card>
        ) : null}
        {!loggedIn ? (
          <p className="text-sm">
            <Link to={`/login?redirectTo=${encodeURIComponent(base)}`}>{t('listings.detail.loginToAct')}</Link>
          </p>
        ) : null}
      </aside>
    </div>
  )
}

function DetailRows({ details }: { details: ListingDetails }) {
  const t = useT()
  const locale = useLocale()
  const rows: [string, string][] = []
  switch (details.category) {
    case 'room':
      rows.push([t('listings.fields.capacity'), t('listings.detail.people', { count: details.capacity })])
      if (details.areaSqm) rows.push([t('listings.fields.areaSqm'), t('listings.detail.sqm', { area: details.areaSqm })])
      if (details.equipment?.length) rows.push([t('listings.fields.equipment'), details.equipment.join(', ')])
      break
    case 'tool':
      if (details.condition) rows.push([t('listings.fields.condition'), t(`listings.condition.${details.condition}`)])
      if (details.depositCents) rows.push([t('listings.fields.deposit'), formatCents(locale, details.depositCents)])
      break
    case 'skill':
      if (details.estimatedHours) rows.push([t('listings.fields.estimatedHours'), t('listings.detail.hours', { count: details.estimatedHours })])
      break
    case 'loan':
      rows.push([t('listings.fields.amount'), formatCents(locale, details.amountCents)])
      rows.push([t('listings.fields.termMonths'), t('listings.detail.months', { count: details.termMonths })])
      rows.push([
        t('listings.fields.interestRate'),
        new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(details.interestRateBasisPoints / 10_000),
      ])
      break
    case 'other':
      break
  }
  return (
    <>
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt className="font-medium">{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </>
  )
}
