import type { LoaderFunctionArgs } from '@remix-run/node'
import { getMemberships, isManagerOf, requireCentre, requireVerifiedUser } from '~/utils/auth.server'
import { searchConcepts, suggestConcepts, SUGGEST_TEXT_MAX } from '~/modules/matching/listing-concepts.server'
import { isLanguage } from '~/modules/matching/languages'
import { db } from '~/utils/db.server'
import { notFound } from '~/utils/http.server'
import { resolveLocale } from '~/utils/i18n.server'

/**
 * `/c/:centre/concepts` (ADR 083), for the listing form's chips, to those who may write listings
 * here (a member of one of its initiatives, a manager, an admin):
 * - `?text=…&language=de`: the concepts the recogniser finds in a listing's text, named in the reader's language;
 * - `?q=…`: concepts with a label starting with what was typed (the autocomplete).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireVerifiedUser(request)
  const centre = await requireCentre(params.centre)
  if (!(await isManagerOf(user, centre)) && !(await getMemberships(user.id, centre.id)).length) notFound()
  const url = new URL(request.url)
  const reader = await resolveLocale(request, user.locale)
  const q = url.searchParams.get('q')
  if (q !== null) return Response.json({ found: await searchConcepts(db, q.replaceAll('\u0000', ''), reader) })
  const language = url.searchParams.get('language') ?? ''
  const text = (url.searchParams.get('text') ?? '').replaceAll('\u0000', '').slice(0, SUGGEST_TEXT_MAX)
  return Response.json({ suggested: await suggestConcepts(db, text, isLanguage(language) ? language : reader, reader) })
}
