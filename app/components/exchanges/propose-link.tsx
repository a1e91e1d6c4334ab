import { Link, useRouteLoaderData } from '@remix-run/react'
import { buttonClass } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import type { loader as centreLoader } from '~/routes/c.$centre'
import { useT } from '~/utils/use-t'

/**
 * "Ask for this" on an offer, "Offer help" on a need: a link to the proposal form, for members of
 * another active initiative of the centre. Loans have their own flow; closed listings take no proposals.
 */
export function ProposeExchange({
  centreSlug,
  listing,
  nobodyToAnswer = false,
}: {
  centreSlug: string
  listing: { id: string; kind: 'offer' | 'need'; category: string; status: string; initiativeId: string }
  /** the viewer is the listing's initiative's only member: nobody could answer them (ADR 058) */
  nobodyToAnswer?: boolean
}) {
  const t = useT()
  const centre = useRouteLoaderData<typeof centreLoader>('routes/c.$centre')
  const mine = centre?.myInitiatives.filter((i) => i.status === 'active') ?? []
  if (listing.status !== 'active' || listing.category === 'loan') return null
  if (!mine.some((i) => i.id !== listing.initiativeId)) return null
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t(`exchanges.new.title.${listing.kind}`)}</h2>
      <p className="mt-1 text-sm text-stone-700">{t(`exchanges.propose.${listing.kind}`)}</p>
      {nobodyToAnswer ? (
        <p role="note" className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {t('exchanges.errors.nobodyToAnswer')}
        </p>
      ) : (
        <p className="mt-3">
          <Link to={`/c/${centreSlug}/exchanges/new?listing=${listing.id}`} className={buttonClass()}>
            {t(`exchanges.new.submit.${listing.kind}`)}
          </Link>
        </p>
      )}
    </Card>
  )
}
