import type { LoaderFunctionArgs } from '@remix-run/node'
import { getUser, listingViewer, requireCentre } from '~/utils/auth.server'
import { getPhotoForViewer } from '~/modules/listings/photos.server'
import { db } from '~/utils/db.server'
import { notFound } from '~/utils/http.server'
import { isUuid } from '~/utils/misc'

/**
 * A listing's photo (`?size=thumb` for the small WebP). A photo's picture never changes under its
 * id, so browsers may keep it; shared caches only for public listings, and only briefly. Its bytes change once, when
 * `photos:clean` strips the metadata of an old photo (ADR 059): the ETag says which version it is.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  if (!isUuid(params.id) || !isUuid(params.photoId)) notFound()
  const variant = new URL(request.url).searchParams.get('size') === 'thumb' ? 'thumb' : 'full'
  const user = await getUser(request)
  const viewer = await listingViewer(user, centre)
  const photo = await getPhotoForViewer(db, viewer, centre.id, params.id, params.photoId, variant)
  if (!photo) notFound()
  const etag = `"${params.photoId}-${variant}-${photo.version}"`
  const headers = {
    // a browser keeps it a day (its viewer has seen it); a shared cache asks again after 5 minutes,
    // so a listing hidden or withdrawn stops showing its photos there soon (the ETag makes that a 304)
    'Cache-Control': photo.public ? 'public, max-age=86400, s-maxage=300' : 'private, max-age=86400',
    ETag: etag,
    Vary: 'Cookie',
  }
  if (request.headers.get('If-None-Match') === etag) return new Response(null, { status: 304, headers })
  return new Response(photo.bytes, {
    headers: {
      ...headers,
      'Content-Type': photo.contentType,
      'Content-Length': String(photo.bytes.length),
      'Content-Disposition': 'inline',
    },
  })
}
