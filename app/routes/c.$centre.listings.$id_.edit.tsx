import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ListingForm } from '~/components/listings/listing-form'
import { PageHeading } from '~/components/ui/card'
import { listingViewer, requireCentre, requireUser } from '~/utils/auth.server'
import { getListingForViewer, TooManyPhotosError, updateListing } from '~/modules/listings/listings.server'
import { PHOTO_FIELD, validatePhotos } from '~/modules/listings/photos.server'
import { readListingForm } from '~/utils/photo-form.server'
import { MAX_PHOTOS } from '~/modules/listings/constants'
import { detailsToForm, editListingSchema } from '~/modules/listings/schemas'
import { centsToEuroInput } from '~/utils/money'
import { conceptChips, settleListingConcepts, submittedChips } from '~/modules/matching/listing-concepts.server'
import { db } from '~/utils/db.server'
import { resolveLocale } from '~/utils/i18n.server'
import { parseForm } from '~/utils/forms.server'
import { notFound } from '~/utils/http.server'
import { isUuid } from '~/utils/misc'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

/** The listing, if this user may edit it (a member of its initiative); 404 otherwise. */
async function editable(request: Request, params: { centre?: string; id?: string }) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  if (!isUuid(params.id)) notFound()
  const viewer = await listingViewer(user, centre)
  const found = await getListingForViewer(db, viewer, centre.id, params.id)
  if (!found?.canEdit) notFound()
  return { user, centre, viewer, found }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, centre, found } = await editable(request, params)
  const { listing, photos } = found
  const base = `/c/${centre.slug}/listings/${listing.id}`
  return {
    centre: { slug: centre.slug },
    listing: { id: listing.id, title: listing.title },
    // in a pre-moderated centre a saved change takes a live, paused or closed listing out of view (ADR 059)
    reviewNote: centre.moderationMode === 'pre' && !['draft', 'hidden'].includes(listing.status),
    defaults: {
      kind: listing.kind,
      title: listing.title,
      description: listing.description,
      language: listing.language,
      compensation: listing.compensation,
      price: centsToEuroInput(listing.priceCents),
      availableFrom: listing.availableFrom ?? '',
      availableUntil: listing.availableUntil ?? '',
      visibility: listing.visibility,
      bookable: listing.bookable ? 'on' : '',
      details: detailsToForm(listing.details),
    },
    photos: photos.map((p) => ({ id: p.id, src: `${base}/photos/${p.id}?size=thumb` })),
    concepts: await conceptChips(db, listing, await resolveLocale(request, user.locale)),
    loanLimitEuros: centsToEuroInput(centre.loanLimitCents),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, centre, viewer, found } = await editable(request, params)
  const formData = await readListingForm(request)
  const reader = await resolveLocale(request, user.locale)
  const submission = parseForm(formData, editListingSchema({ loanLimitCents: centre.loanLimitCents }))
  const stored = new Set(found.photos.map((p) => p.id))
  const removed = [...new Set(formData.getAll('removePhoto').filter((id): id is string => typeof id === 'string' && stored.has(id)))]
  const { photos, errors: photoErrors } = await validatePhotos(formData.getAll(PHOTO_FIELD), stored.size - removed.length)
  // a page drawn again (without JS) shows the chips as they were sent
  const refused = async (reply: Parameters<typeof submission.reply>[0]) =>
    data({ result: submission.reply(reply), concepts: await submittedChips(db, formData, reader) }, { status: 400 })
  if (submission.status !== 'success' || photoErrors.length) {
    return refused(photoErrors.length ? { fieldErrors: { photos: photoErrors } } : undefined)
  }
  const concepts = await settleListingConcepts(db, submission.value, reader, formData)
  if (!concepts.ok) return refused({ fieldErrors: { [concepts.field]: [concepts.error] } })
  const updated = await updateListing(db, viewer, centre, found.listing.id, submission.value, { add: photos, remove: removed }, concepts.concepts, concepts.seen).catch(
    (error: unknown) => {
      if (error instanceof TooManyPhotosError) return 'tooManyPhotos' as const
      throw error
    },
  )
  if (updated === 'tooManyPhotos') return refused({ fieldErrors: { photos: [`listings.errors.photoCount?maximum=${MAX_PHOTOS}`] } })
  if (!updated) notFound()
  return redirectWithToast(`/c/${centre.slug}/listings/${updated.id}`, {
    type: 'success',
    key: updated.sentToReview ? 'listings.toast.updatedPending' : updated.changed || updated.conceptsChanged ? 'listings.toast.updated' : 'listings.toast.unchanged',
  })
}

export default function EditListingPage() {
  const t = useT()
  const { centre, listing, defaults, photos, loanLimitEuros, reviewNote, concepts } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeading sub={listing.title}>{t('listings.edit.title')}</PageHeading>
      <p className="mb-4">
        <Link to={`/c/${centre.slug}/listings/${listing.id}`}>{t('listings.edit.back')}</Link>
      </p>
      {reviewNote ? (
        <p role="note" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {t('listings.edit.reviewNote')}
        </p>
      ) : null}
      <ListingForm
        lastResult={actionData?.result}
        defaultValue={defaults}
        loanLimitEuros={loanLimitEuros}
        submitLabel={t('listings.edit.submit')}
        pendingLabel={t('listings.edit.pending')}
        photos={photos}
        photoSlots={MAX_PHOTOS - photos.length}
        centreSlug={centre.slug}
        concepts={actionData?.concepts ?? concepts}
      />
    </div>
  )
}
