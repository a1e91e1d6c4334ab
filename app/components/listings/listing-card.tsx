import { Link } from '@remix-run/react'
import { formatCents } from '~/utils/format'
import type { Locale, TFunction } from '~/utils/i18n'

// Building an Intl.DateTimeFormat costs far more than using one; a result list formats 20 dates.
const dateFormats = new Map<Locale, Intl.DateTimeFormat>()
function formatListingDate(locale: Locale, date: string | Date) {
  let format = dateFormats.get(locale)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'Europe/Berlin' })
    dateFormats.set(locale, format)
  }
  return format.format(new Date(date))
}

export interface ListingCardData {
  id: string
  centreSlug: string
  centreName: string
  kind: 'offer' | 'need'
  category: string
  title: string
  excerpt: string
  language: string
  compensation: string
  priceCents: number | null
  initiativeName: string
  createdAt: string | Date
  photoId: string | null
}

/**
 * Only what a card shows, for a loader to send (issue #20: the client gets the data the page
 * renders — not the row's ids, visibility, dates or rank).
 */
export function cardData(row: ListingCardData): ListingCardData {
  return {
    id: row.id,
    centreSlug: row.centreSlug,
    centreName: row.centreName,
    kind: row.kind,
    category: row.category,
    title: row.title,
    excerpt: row.excerpt,
    language: row.language,
    compensation: row.compensation,
    priceCents: row.priceCents,
    initiativeName: row.initiativeName,
    createdAt: row.createdAt,
    photoId: row.photoId,
  }
}

/**
 * One listing in a result list; a listing of another centre says so (it is read-only here).
 * The list passes `t` and `locale` down: a translator per card would be built twenty times.
 */
export function ListingCard({
  listing,
  currentCentreSlug,
  t,
  locale,
}: {
  listing: ListingCardData
  currentCentreSlug: string
  t: TFunction
  locale: Locale
}) {
  const href = `/c/${listing.centreSlug}/listings/${listing.id}`
  const foreign = listing.centreSlug !== currentCentreSlug
  return (
    <article className="flex gap-4 rounded-lg border border-stone-200 bg-white p-4" lang={listing.language}>
      {listing.photoId ? (
        <img
          src={`${href}/photos/${listing.photoId}?size=thumb`}
          alt=""
          width={96}
          height={96}
          loading="lazy"
          className="size-24 shrink-0 rounded object-cover"
        />
      ) : null}
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap gap-2 text-xs font-semibold uppercase tracking-wide" lang={locale}>
          {/* the spaces between the flex items are for the text (screen readers, copying), not the layout */}
          <span className={listing.kind === 'offer' ? 'text-green-800' : 'text-amber-800'}>{t(`listings.kind.${listing.kind}`)}</span>{' '}
          <span className="text-stone-700">{t(`listings.category.${listing.category}`)}</span>{' '}
          {foreign ? <span className="rounded bg-stone-100 px-1 text-stone-800">{t('listings.browse.fromCentre', { centre: listing.centreName })}</span> : null}
        </p>
        <h3 className="mt-1 text-lg font-semibold">
          <Link to={href}>{listing.title}</Link>
        </h3>
        <p className="line-clamp-2 text-sm text-stone-700">{listing.excerpt}</p>
        <p className="mt-1 text-sm text-stone-600" lang={locale}>
          {listing.initiativeName} · {t(`listings.compensation.${listing.compensation}`)}
          {listing.compensation === 'paid' && listing.priceCents ? ` (${formatCents(locale, listing.priceCents)})` : ''} ·{' '}
          {formatListingDate(locale, listing.createdAt)}
        </p>
      </div>
    </article>
  )
}
