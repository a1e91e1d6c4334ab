import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ListingForm } from '~/components/listings/listing-form'
import { EmptyState, PageHeading } from '~/components/ui/card'
import { getMemberships, requireCentre, requireMember, requireVerifiedUser } from '~/utils/auth.server'
import { checkListingRateLimit, createListing, InactiveInitiativeError } from '~/modules/listings/listings.server'
import { PHOTO_FIELD, validatePhotos } from '~/modules/listings/photos.server'
import { readListingForm } from '~/utils/photo-form.server'
import { MAX_PHOTOS } from '~/modules/listings/constants'
import { createListingSchema } from '~/modules/listings/schemas'
import { centsToEuroInput } from '~/utils/money'
import { settleListingConcepts, submittedChips } from '~/modules/matching/listing-concepts.server'
import { db } from '~/utils/db.server'
import { resolveLocale } from '~/utils/i18n.server'
import { parseForm } from '~/utils/forms.server'
import { isLocale } from '~/utils/i18n'
import { redirectWithToast } from '~/utils/toast.server'
import { forbidden } from '~/utils/http.server'
import { useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireVerifiedUser(request)
  const centre = await requireCentre(params.centre)
  const memberships = await getMemberships(user.id, centre.id)
  return {
    centre: { slug: centre.slug, name: centre.name },
    initiatives: memberships.filter((m) => m.initiative.status === 'active').map((m) => ({ id: m.initiative.id, name: m.initiative.name })),
    loanLimitEuros: centsToEuroInput(centre.loanLimitCents),
    language: isLocale(user.locale) ? user.locale : 'de',
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireVerifiedUser(request)
  const centre = await requireCentre(params.centre)
  const formData = await readListingForm(request)
  const reader = await resolveLocale(request, user.locale)
  const submission = parseForm(formData, createListingSchema({ loanLimitCents: centre.loanLimitCents }))
  const { photos, errors: photoErrors } = await validatePhotos(formData.getAll(PHOTO_FIELD))
  // a page drawn again (without JS) shows the chips as they were sent
  const refused = async (reply: Parameters<typeof submission.reply>[0], init: ResponseInit = { status: 400 }) =>
    data({ result: submission.reply(reply), concepts: await submittedChips(db, formData, reader) }, init)
  if (submission.status !== 'success' || photoErrors.length) {
    return refused(photoErrors.length ? { fieldErrors: { photos: photoErrors } } : undefined)
  }
  const membership = await requireMember(user, submission.value.initiativeId, centre)
  const { initiativeId: _initiativeId, ...values } = submission.value
  // checked before the hourly limit: a word no concept has does not use up a listing
  const concepts = await settleListingConcepts(db, values, reader, formData)
  if (!concepts.ok) return refused({ fieldErrors: { [concepts.field]: [concepts.error] } })
  const limit = await checkListingRateLimit(db, user.id)
  if (!limit.allowed) {
    return refused(
      { formErrors: [`listings.errors.tooMany?minutes=${Math.ceil(limit.retryAfterSeconds / 60)}`] },
      { status: 429, headers: { 'Retry-After': String(limit.retryAfterSeconds) } },
    )
  }
  const listing = await createListing(db, membership, centre, user.id, values, photos, concepts.concepts, concepts.seen).catch((error: unknown) => {
    // the initiative was suspended while the form was sent: as requireMember answers afterwards
    if (error instanceof InactiveInitiativeError) forbidden()
    throw error
  })
  return redirectWithToast(`/c/${centre.slug}/listings/${listing.id}`, {
    type: 'success',
    key: listing.status === 'pending' ? 'listings.toast.createdPending' : 'listings.toast.created',
  })
}

export default function NewListingPage() {
  const t = useT()
  const { centre, initiatives, loanLimitEuros, language } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  if (!initiatives.length) {
    return (
      <div className="mx-auto max-w-3xl">
        <PageHeading>{t('listings.new.title')}</PageHeading>
        <EmptyState>
          {t('listings.new.noInitiative')} <Link to={`/c/${centre.slug}/join`}>{t('listings.new.join')}</Link>
        </EmptyState>
      </div>
    )
  }
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeading sub={t('listings.new.intro')}>{t('listings.new.title')}</PageHeading>
      <ListingForm
        lastResult={actionData?.result}
        defaultValue={{
          initiativeId: initiatives[0]!.id,
          kind: 'offer',
          language,
          compensation: 'reciprocal',
          visibility: 'centre',
        }}
        initiatives={initiatives}
        loanLimitEuros={loanLimitEuros}
        submitLabel={t('listings.new.submit')}
        pendingLabel={t('listings.new.pending')}
        photoSlots={MAX_PHOTOS}
        centreSlug={centre.slug}
        concepts={actionData?.concepts}
      />
    </div>
  )
}
