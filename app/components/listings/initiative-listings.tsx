import { Link } from '@remix-run/react'
import { useT } from '~/utils/use-t'

interface Item {
  id: string
  kind: 'offer' | 'need'
  category: string
  title: string
  centreSlug: string
}

/** An initiative's active offers and needs, for its profile page. */
export function InitiativeListings({ listings, newHref }: { listings: Item[]; newHref?: string | null }) {
  const t = useT()
  const groups = [
    { kind: 'offer' as const, heading: t('listings.initiative.offers'), items: listings.filter((l) => l.kind === 'offer') },
    { kind: 'need' as const, heading: t('listings.initiative.needs'), items: listings.filter((l) => l.kind === 'need') },
  ]
  return (
    <section aria-labelledby="initiative-listings-heading" className="rounded-lg border border-stone-200 bg-white p-5 shadow-sm">
      <h2 id="initiative-listings-heading" className="text-lg font-semibold">
        {t('listings.initiative.heading')}
      </h2>
      <div className="mt-3 grid gap-4 sm:grid-cols-2">
        {groups.map((group) => (
          <div key={group.kind}>
            <h3 className="font-medium">{group.heading}</h3>
            {group.items.length ? (
              <ul className="mt-1 list-disc space-y-1 pl-5">
                {group.items.map((item) => (
                  <li key={item.id}>
                    <Link to={`/c/${item.centreSlug}/listings/${item.id}`}>{item.title}</Link>{' '}
                    <span className="text-sm text-stone-600">({t(`listings.category.${item.category}`)})</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mt-1 text-sm text-stone-600">{t('listings.initiative.none')}</p>
            )}
          </div>
        ))}
      </div>
      {newHref ? (
        <p className="mt-4">
          <Link to={newHref}>{t('listings.initiative.post')}</Link>
        </p>
      ) : null}
    </section>
  )
}
