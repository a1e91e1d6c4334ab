import type { ReviewChange, ReviewValue } from '~/modules/listings/review'
import { formatCents, formatCount, formatDate } from '~/utils/format'
import { useLocale, useT } from '~/utils/use-t'

type Review = { kind: 'new' } | { kind: 'changed'; changes: ReviewChange[] }

/**
 * What a manager reviews on a queued listing (ADR 059): "new listing", or each field changed
 * since the last approval, the approved value beside the new one.
 */
export function ReviewChanges({ review, id }: { review: Review; id: string }) {
  const t = useT()
  if (review.kind === 'new') {
    return (
      <p id={id} className="mt-2 inline-block rounded bg-sky-100 px-2 py-0.5 text-sm font-medium text-sky-950">
        {t('listings.review.new')}
      </p>
    )
  }
  if (!review.changes.length) {
    return (
      <p id={id} className="mt-2 text-sm text-stone-700">
        {t('listings.review.unchanged')}
      </p>
    )
  }
  return (
    <div id={id} className="mt-3">
      <h4 className="text-sm font-semibold">{t('listings.review.heading', { count: review.changes.length })}</h4>
      <dl className="mt-2 space-y-3 text-sm">
        {review.changes.map((change) => (
          <div key={change.field} className="rounded-md border border-stone-200 p-2">
            <dt className="font-medium">{t(`listings.review.fields.${change.field}`)}</dt>
            <dd className="mt-1 grid gap-2 sm:grid-cols-2">
              <div className="min-w-0 rounded bg-red-50 p-2 text-red-950">
                <span className="block text-xs font-semibold uppercase tracking-wide">{t('listings.review.before')}</span>
                <del className="whitespace-pre-line break-words no-underline">
                  <ReviewValueText value={change.before} />
                </del>
              </div>
              <div className="min-w-0 rounded bg-green-50 p-2 text-green-950">
                <span className="block text-xs font-semibold uppercase tracking-wide">{t('listings.review.after')}</span>
                <ins className="whitespace-pre-line break-words no-underline">
                  <ReviewValueText value={change.after} />
                </ins>
              </div>
              {change.photos ? (
                <p className="text-stone-700 sm:col-span-2">
                  {[
                    change.photos.added
                      ? t('listings.review.photosAdded', {
                          count: change.photos.added,
                        })
                      : null,
                    change.photos.removed
                      ? t('listings.review.photosRemoved', {
                          count: change.photos.removed,
                        })
                      : null,
                    change.photos.reordered ? t('listings.review.photosReordered') : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  )
}

function ReviewValueText({ value }: { value: ReviewValue }) {
  const t = useT()
  const locale = useLocale()
  switch (value.type) {
    case 'text':
      return <>{value.value}</>
    case 'enum':
      return <>{t(value.key)}</>
    case 'number':
      return <>{formatCount(locale, value.value)}</>
    case 'cents':
      return <>{formatCents(locale, value.value)}</>
    case 'percent':
      return (
        <>
          {new Intl.NumberFormat(locale, {
            style: 'percent',
            maximumFractionDigits: 2,
          }).format(value.basisPoints / 10_000)}
        </>
      )
    case 'date':
      return <>{formatDate(locale, value.value)}</>
    case 'bool':
      return <>{value.value ? t('common.yes') : t('common.no')}</>
    case 'photos':
      return <>{t('listings.review.photoCount', { count: value.count })}</>
    case 'none':
      return <>{t('listings.review.empty')}</>
  }
}
