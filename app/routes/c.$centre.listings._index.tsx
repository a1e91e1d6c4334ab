import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { cardData, ListingCard } from '~/components/listings/listing-card'
import { buttonClass } from '~/components/ui/button'
import { EmptyState, PageHeading } from '~/components/ui/card'
import { getUser, listingViewer, requireCentre } from '~/utils/auth.server'
import { LISTING_CATEGORIES, LISTING_KINDS, searchHref } from '~/modules/listings/constants'
import { parseSearchParams } from '~/modules/listings/schemas'
import { searchListings } from '~/modules/listings/search.server'
import { resolveLocale } from '~/utils/i18n.server'
import { db } from '~/utils/db.server'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await getUser(request)
  const viewer = await listingViewer(user, centre)
  const search = parseSearchParams(new URL(request.url).searchParams)
  const result = await searchListings(db, viewer, centre.id, search, { language: await resolveLocale(request, user?.locale) })
  return {
    centre: { slug: centre.slug, name: centre.name },
    search,
    result: { ...result, items: result.items.map(cardData) },
    canPost: viewer.initiativeIds.length > 0,
  }
}

export default function ListingsPage() {
  const t = useT()
  const locale = useLocale()
  const { centre, search, result, canPost } = useLoaderData<typeof loader>()
  const base = `/c/${centre.slug}/listings`
  const filtered = Boolean(search.q || search.kind || search.category)
  return (
    <div>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeading sub={t('listings.browse.intro')}>{t('listings.browse.title')}</PageHeading>
        {canPost ? (
          <Link to={`${base}/new`} className={buttonClass()}>
            {t('listings.browse.newListing')}
          </Link>
        ) : null}
      </div>

      <Form method="get" role="search" aria-label={t('listings.browse.searchLabel')} className="mb-6 grid gap-3 rounded-lg border border-stone-200 bg-white p-4 sm:grid-cols-[1fr_auto_auto_auto] sm:items-end">
        <div>
          <label htmlFor="listing-q" className="block text-sm font-medium">
            {t('listings.browse.searchLabel')}
          </label>
          <input
            id="listing-q"
            type="search"
            name="q"
            defaultValue={search.q}
            maxLength={200}
            placeholder={t('listings.browse.searchPlaceholder')}
            className="mt-1 block w-full rounded-md border border-stone-400 bg-white px-3 py-2"
          />
        </div>
        <div>
          <label htmlFor="listing-kind" className="block text-sm font-medium">
            {t('listings.fields.kind')}
          </label>
          <select id="listing-kind" name="kind" defaultValue={search.kind ?? ''} className="mt-1 block w-full rounded-md border border-stone-400 bg-white px-3 py-2">
            <option value="">{t('listings.browse.allKinds')}</option>
            {LISTING_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`listings.kindPlural.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="listing-category" className="block text-sm font-medium">
            {t('listings.fields.category')}
          </label>
          <select id="listing-category" name="category" defaultValue={search.category ?? ''} className="mt-1 block w-full rounded-md border border-stone-400 bg-white px-3 py-2">
            <option value="">{t('listings.browse.allCategories')}</option>
            {LISTING_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`listings.category.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClass()}>
          {t('listings.browse.submit')}
        </button>
      </Form>

      <p role="status" className="mb-3 text-sm text-stone-700">
        {result.mode === 'similar' ? t('listings.browse.similar', { q: search.q }) + ' ' : ''}
        {result.capped ? t('listings.browse.capped', { count: result.total }) : t('listings.browse.results', { count: result.total })}
      </p>

      {result.items.length ? (
        <>
          {/* the cards' titles are h3: this keeps the page's headings in order (h1, h2, h3) */}
          <h2 className="sr-only">{t('listings.browse.resultsHeading')}</h2>
          <ul className="space-y-3">
            {result.items.map((listing) => (
              <li key={listing.id}>
                <ListingCard listing={listing} currentCentreSlug={centre.slug} t={t} locale={locale} />
              </li>
            ))}
          </ul>
        </>
      ) : (
        <EmptyState>
          {filtered ? t('listings.browse.emptyFiltered') : t('listings.browse.empty')}{' '}
          {filtered ? <Link to={base}>{t('listings.browse.clear')}</Link> : null}
          {canPost ? (
            <>
              {' '}
              <Link to={`${base}/new`}>{t('listings.browse.postInstead')}</Link>
            </>
          ) : null}
        </EmptyState>
      )}

      {result.pages > 1 ? (
        <nav aria-label={t('common.pagination')} className="mt-6 flex items-center justify-between gap-4">
          {search.page > 1 ? (
            <Link to={searchHref(base, search, { page: search.page - 1 })} rel="prev">
              {t('common.previous')}
            </Link>
          ) : (
            <span />
          )}
          <span className="text-sm">{t('common.pageOf', { page: search.page, pages: result.pages })}</span>
          {search.page < result.pages ? (
            <Link to={searchHref(base, search, { page: search.page + 1 })} rel="next">
              {t('common.next')}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}

      {/* feeds of the public listings, for feed readers and the centre's own website (#17) */}
      <p className="mt-8 text-sm text-stone-700">
        {t('listings.feed.follow')}{' '}
        <a href={`/c/${centre.slug}/offers.atom`} type="application/atom+xml" className="inline-block py-1">
          {t('listings.feed.atom')}
        </a>
        {' · '}
        <a href={`/c/${centre.slug}/offers.json`} type="application/feed+json" className="inline-block py-1">
          {t('listings.feed.json')}
        </a>
      </p>
    </div>
  )
}
