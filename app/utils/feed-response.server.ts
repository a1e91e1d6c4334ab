import { createHash } from 'node:crypto'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { type FeedDocument, feedUpdated, toAtom, toJsonFeed } from '~/modules/listings/feed-formats'
import { publicListingsFeed } from '~/modules/listings/feeds.server'
import { appOrigin } from '~/modules/notifications/origin.server'
import { requireCentre } from '~/utils/auth.server'
import { db } from '~/utils/db.server'
import { DEFAULT_LOCALE, isLocale } from '~/utils/i18n'
import { getT } from '~/utils/i18n.server'

const TYPES = { atom: 'application/atom+xml; charset=utf-8', json: 'application/feed+json; charset=utf-8' } as const

/**
 * `/c/:centre/offers.atom` and `/c/:centre/offers.json` (issue #17 §4): a centre's public listings
 * for feed readers and other websites, no session needed and none read. In the centre's first
 * language. An ETag (a hash of the body) and Last-Modified let readers ask again cheaply (304);
 * caches may keep it five minutes.
 */
export async function feedResponse({ request, params }: LoaderFunctionArgs, format: keyof typeof TYPES): Promise<Response> {
  const centre = await requireCentre(params.centre)
  const locale = isLocale(centre.languages[0]) ? centre.languages[0] : DEFAULT_LOCALE
  const t = getT(locale)
  const feed = await publicListingsFeed(db, centre.id)
  const doc: FeedDocument = {
    origin: appOrigin(),
    centre: { slug: centre.slug, name: centre.name, language: locale },
    title: t('listings.feed.title', { centre: centre.name }),
    description: t('listings.feed.description', { centre: centre.name }),
    kindLabel: (kind) => t(`listings.kind.${kind}`),
    categoryLabel: (category) => t(`listings.category.${category}`),
    ...feed,
  }
  const body = format === 'atom' ? toAtom(doc) : `${JSON.stringify(toJsonFeed(doc), null, 2)}\n`
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
  const updated = feedUpdated(doc)
  updated.setUTCMilliseconds(0)
  const headers = {
    'Content-Type': TYPES[format],
    ETag: etag,
    'Last-Modified': updated.toUTCString(),
    'Cache-Control': 'public, max-age=300',
    'Access-Control-Allow-Origin': '*',
  }
  if (notModified(request, etag, updated)) return new Response(null, { status: 304, headers })
  return new Response(body, { headers })
}

/** RFC 9110 §13.1: If-None-Match decides when present (weak comparison), else If-Modified-Since. */
function notModified(request: Request, etag: string, updated: Date) {
  const ifNoneMatch = request.headers.get('If-None-Match')
  if (ifNoneMatch !== null) {
    return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
  }
  const since = Date.parse(request.headers.get('If-Modified-Since') ?? '')
  return Number.isFinite(since) && updated.getTime() <= since
}
