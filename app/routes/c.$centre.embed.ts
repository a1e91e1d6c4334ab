import type { LoaderFunctionArgs } from '@remix-run/node'
import { getCentreBySlug } from '~/modules/centres/centres.server'
import { embedHtml } from '~/modules/listings/embed-html'
import { publicListingsFeed } from '~/modules/listings/feeds.server'
import { appOrigin } from '~/modules/notifications/origin.server'
import { db } from '~/utils/db.server'
import { DEFAULT_LOCALE, isLocale } from '~/utils/i18n'
import { getT } from '~/utils/i18n.server'

/** How many of each kind the widget shows. */
const SHOWN = 6

/**
 * `/c/:centre/embed?lang=`: the widget for a centre's own website (issue #17 §4). The only page
 * another site may frame, and only the sites its manager listed (settings): its own
 * Content-Security-Policy names them in `frame-ancestors` (scripts/server.mjs leaves this path's
 * policy to it) and allows nothing but its inline style. No session is read.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = params.centre ? await getCentreBySlug(db, params.centre) : null
  if (!centre) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  const asked = new URL(request.url).searchParams.get('lang')
  const lang = isLocale(asked) ? asked : isLocale(centre.languages[0]) ? centre.languages[0] : DEFAULT_LOCALE
  const t = getT(lang)
  const { listings } = await publicListingsFeed(db, centre.id)
  const body = embedHtml({
    lang,
    origin: appOrigin(),
    centre: { slug: centre.slug, name: centre.name },
    text: {
      title: t('listings.embed.title', { centre: centre.name }),
      offers: t('listings.kindPlural.offer'),
      needs: t('listings.kindPlural.need'),
      none: t('listings.embed.none'),
      all: t('listings.embed.all'),
    },
    categoryLabel: (category) => t(`listings.category.${category}`),
    offers: listings.filter((l) => l.kind === 'offer').slice(0, SHOWN),
    needs: listings.filter((l) => l.kind === 'need').slice(0, SHOWN),
  })
  const ancestors = centre.embedOrigins.length ? centre.embedOrigins.join(' ') : `'none'`
  return new Response(body, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`,
      'Cache-Control': 'public, max-age=300',
    },
  })
}
