import type { LoaderFunctionArgs } from '@remix-run/node'
import { isLocale } from '~/utils/i18n'
import { catalogueJson } from '~/utils/i18n.server'
import { notFound } from '~/utils/http.server'

/**
 * A language's message catalogue, `/i18n/<locale>.<hash>.json` (ADR 007). The URL changes with the
 * content, so the current one is cached for good; any other hash (a page from before a deploy)
 * gets the current catalogue uncached.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const match = /^(\w+)\.([0-9a-f]+)\.json$/.exec(params.file ?? '')
  const locale = match?.[1]
  if (!match || !isLocale(locale)) notFound()
  const { json, hash } = catalogueJson[locale]
  return new Response(json, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': match[2] === hash ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
  })
}
