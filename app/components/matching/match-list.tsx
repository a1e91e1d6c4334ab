import { Form, Link } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { MISS_REASONS, type Reason, reasonText } from '~/modules/matching/score'
import { useT } from '~/utils/use-t'

/** A match as loaders send it (see app/modules/matching/candidates.server.ts `Match`). */
export interface MatchItem {
  listingId: string
  listingTitle: string
  other: {
    id: string
    kind: 'offer' | 'need'
    title: string
    centreSlug: string
    centreName: string
    initiativeName: string
  }
  score: number
  reasons: Reason[]
}

/**
 * Matches with their reasons, a "propose exchange" link (to the exchanges page, naming the
 * other side's listing) and — for the listing's own initiative — "not a fit".
 * `showSource` names the listing each match belongs to (the matches page gathers several).
 */
export function MatchList({
  matches,
  centreSlug,
  canAct,
  showSource = false,
  redirectTo,
}: {
  matches: MatchItem[]
  centreSlug: string
  canAct: boolean
  showSource?: boolean
  redirectTo?: string
}) {
  const t = useT()
  const dismissAction = `/c/${centreSlug}/matches`
  return (
    <ul className="space-y-3">
      {matches.map((m) => (
        <li key={`${m.listingId}-${m.other.id}`} className="rounded-lg border border-stone-200 bg-white p-4">
          {showSource ? <p className="text-sm text-stone-600">{t('matching.forListing', { title: m.listingTitle })}</p> : null}
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p className="font-semibold">
              <span className="mr-1 text-sm font-normal text-stone-600">{t(`matching.kinds.${m.other.kind}`)}</span>{' '}
              <Link to={`/c/${m.other.centreSlug}/listings/${m.other.id}`}>{m.other.title}</Link>
            </p>
            <p className="text-sm font-semibold text-brand-800">{t('matching.score', { score: m.score })}</p>
          </div>
          <p className="text-sm text-stone-700">{t('matching.by', { initiative: m.other.initiativeName, centre: m.other.centreName })}</p>
          <ul aria-label={t('matching.reasonsLabel')} className="mt-2 flex flex-wrap gap-2">
            {m.reasons
              .filter((r) => !MISS_REASONS.has(r.key))
              .map((r) => (
                <li key={r.key} className="rounded-full bg-stone-100 px-3 py-0.5 text-sm text-stone-800">
                  {reasonText(t, r)}
                </li>
              ))}
          </ul>
          {m.reasons.some((r) => MISS_REASONS.has(r.key)) ? (
            <ul aria-label={t('matching.missesLabel')} className="mt-2 flex flex-wrap gap-2">
              {m.reasons
                .filter((r) => MISS_REASONS.has(r.key))
                .map((r) => (
                  <li key={r.key} className="rounded-full border border-amber-300 bg-amber-50 px-3 py-0.5 text-sm text-amber-950">
                    <span aria-hidden="true">✕ </span>
                    {reasonText(t, r)}
                  </li>
                ))}
            </ul>
          ) : null}
          {canAct ? (
            <div className="mt-3 flex flex-wrap items-center gap-3">
              <Link
                to={`/c/${centreSlug}/exchanges/new?listing=${m.other.id}`}
                className="rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white no-underline hover:bg-brand-800"
                aria-label={`${t('matching.propose')}: ${m.other.title}`}
              >
                {t('matching.propose')}
              </Link>
              <Form method="post" action={dismissAction}>
                <input type="hidden" name="listingId" value={m.listingId} />
                <input type="hidden" name="otherListingId" value={m.other.id} />
                {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
                <SubmitButton
                  variant="ghost"
                  formAction={dismissAction}
                  pendingLabel={t('matching.dismissing')}
                  aria-label={`${t('matching.dismiss')}: ${m.other.title}`}
                >
                  {t('matching.dismiss')}
                </SubmitButton>
              </Form>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  )
}

/** The matches section of a listing's page (for the listing's own initiative). */
export function ListingMatches({
  matches,
  centreSlug,
  listing,
}: {
  matches: MatchItem[]
  centreSlug: string
  listing: { id: string; kind: 'offer' | 'need' }
}) {
  const t = useT()
  return (
    <section aria-labelledby="listing-matches" className="mt-6">
      <h2 id="listing-matches" className="mb-3 text-lg font-semibold">
        {listing.kind === 'need' ? t('matching.offersHeading') : t('matching.needsHeading')}
      </h2>
      {matches.length ? (
        <MatchList matches={matches} centreSlug={centreSlug} canAct redirectTo={`/c/${centreSlug}/listings/${listing.id}`} />
      ) : (
        <p className="text-stone-700">{t('matching.noneForListing')}</p>
      )}
    </section>
  )
}
