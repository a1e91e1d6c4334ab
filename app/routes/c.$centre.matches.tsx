import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { MatchList } from '~/components/matching/match-list'
import { SaveSearchForm } from '~/components/notifications/save-search'
import { Card, EmptyState, PageHeading } from '~/components/ui/card'
import { requireCentre, requireMember, requireUser } from '~/utils/auth.server'
import { myInitiativeIds } from '~/modules/initiatives/memberships.server'
import { dismissMatch, listingOwner, matchesForInitiatives } from '~/modules/matching/matching.server'
import { DismissMatchSchema } from '~/modules/matching/schemas'
import { db } from '~/utils/db.server'
import { parseForm } from '~/utils/forms.server'
import { notFound, readFormData, safeRedirectPath } from '~/utils/http.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  const initiativeIds = await myInitiativeIds(db, user.id, centre.id)
  const matches = await matchesForInitiatives(db, centre.id, initiativeIds)
  return { centreSlug: centre.slug, isMember: initiativeIds.length > 0, matches }
}

/** "Not a fit": only a member of the listing's own initiative may dismiss for it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  const formData = await readFormData(request)
  const submission = parseForm(formData, DismissMatchSchema)
  if (submission.status !== 'success') notFound()
  const { listingId, otherListingId } = submission.value
  const initiativeId = await listingOwner(db, centre.id, listingId)
  if (!initiativeId) notFound()
  await requireMember(user, initiativeId, centre)
  if (!(await dismissMatch(db, { centreId: centre.id, initiativeId, listingId, otherListingId, userId: user.id, isAdmin: user.isAdmin }))) notFound()
  const back = safeRedirectPath(formData.get('redirectTo'), `/c/${centre.slug}/matches`)
  return redirectWithToast(back, { type: 'success', key: 'matching.toast.dismissed' })
}

export default function MatchesPage() {
  const t = useT()
  const { centreSlug, isMember, matches } = useLoaderData<typeof loader>()
  return (
    <div>
      <PageHeading sub={t('matching.intro')}>{t('matching.title')}</PageHeading>
      {!isMember ? (
        <EmptyState>{t('matching.noMembership')}</EmptyState>
      ) : matches.length === 0 ? (
        <EmptyState>{t('matching.empty')}</EmptyState>
      ) : (
        <MatchList matches={matches} centreSlug={centreSlug} canAct showSource />
      )}
      {isMember ? (
        <Card className="mt-8">
          <h2 className="mb-1 text-lg font-semibold">{t('notifications.searches.title')}</h2>
          <p className="mb-3 text-sm text-stone-700">{t('notifications.searches.intro')}</p>
          <SaveSearchForm centreSlug={centreSlug} redirectTo={`/c/${centreSlug}/matches`} />
        </Card>
      ) : null}
    </div>
  )
}
