import type { LoaderFunctionArgs } from '@remix-run/node'
import { feedResponse } from '~/utils/feed-response.server'

/** `/c/:centre/offers.json`: the centre's public listings as a JSON Feed 1.1 (issue #17 §4). */
export function loader(args: LoaderFunctionArgs) {
  return feedResponse(args, 'json')
}
