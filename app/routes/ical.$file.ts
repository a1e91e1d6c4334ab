import type { LoaderFunctionArgs } from '@remix-run/node'
import { renderFeed } from '~/modules/bookings/feeds.server'
import { db } from '~/utils/db.server'

/**
 * A calendar feed at its secret URL, /ical/<token>.ics, for calendar apps (no session). An
 * unknown or revoked token is a plain 404.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const file = params.file ?? ''
  const token = file.endsWith('.ics') ? file.slice(0, -4) : ''
  const text = token ? await renderFeed(db, token) : null
  if (!text) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  return new Response(text, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="viertel.ics"',
      'Cache-Control': 'private, max-age=300',
      'X-Robots-Tag': 'noindex',
      'Referrer-Policy': 'no-referrer',
    },
  })
}
