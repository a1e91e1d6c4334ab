import type { LoaderFunctionArgs } from '@remix-run/node'
import { feedResponse } from '~/utils/feed-response.server'

/** `/c/:centre/offers.atom`: the centre's public listings as an Atom feed (issue #17 §4). */
export function loader(args: LoaderFunctionArgs) {
  return feedResponse(args, 'atom')
}
