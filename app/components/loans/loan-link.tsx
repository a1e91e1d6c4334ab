import { Link, useRouteLoaderData } from '@remix-run/react'
import { buttonClass } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import type { loader as centreLoader } from '~/routes/c.$centre'
import { useT } from '~/utils/use-t'

/** On a loan offer "ask for this loan", on a loan need "offer a loan": for members of another active initiative. */
export function LoanLink({
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
  if (listing.status !== 'active' || listing.category !== 'loan') return null
  if (!mine.some((i) => i.id !== listing.initiativeId)) return null
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t(`loans.listing.title.${listing.kind}`)}</h2>
      <p className="mt-1 text-sm text-stone-700">{t(`loans.listing.help.${listing.kind}`)}</p>
      {nobodyToAnswer ? (
        <p role="note" className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {t('loans.errors.nobodyToAnswer')}
        </p>
      ) : (
        <p className="mt-3">
          <Link to={`/c/${centreSlug}/loans/new?listing=${listing.id}`} className={buttonClass()}>
            {t(`loans.listing.link.${listing.kind}`)}
          </Link>
        </p>
      )}
    </Card>
  )
}
