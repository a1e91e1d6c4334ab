/**
 * The listing module's constants and the few pure helpers that components use. No zod here:
 * components import this file, and zod stays out of the browser's bundle (schemas.ts has it).
 */

export const LISTING_KINDS = ['offer', 'need'] as const
export const LISTING_CATEGORIES = ['room', 'tool', 'skill', 'loan', 'other'] as const
export const COMPENSATIONS = ['reciprocal', 'free', 'swap', 'paid'] as const
export const VISIBILITIES = ['centre', 'network', 'public'] as const
export const LISTING_LANGUAGES = ['de', 'en', 'fr', 'nl'] as const
export const TOOL_CONDITIONS = ['new', 'good', 'used', 'worn', 'broken'] as const
export const LISTING_STATUSES = ['draft', 'pending', 'active', 'paused', 'closed', 'hidden'] as const

export type ListingKind = (typeof LISTING_KINDS)[number]
export type ListingCategory = (typeof LISTING_CATEGORIES)[number]
export type ListingStatus = (typeof LISTING_STATUSES)[number]

/** Photos per listing (the server checks; the form says). */
export const MAX_PHOTOS = 4

export const LIMITS = {
  titleMin: 3,
  titleMax: 120,
  descriptionMax: 5000,
  roomCapacityMax: 1000,
  roomAreaMax: 10_000,
  equipmentItems: 20,
  equipmentItemMax: 60,
  toolDepositMaxCents: 500_000, // 5,000 €
  skillHoursMax: 1000,
  loanTermMonthsMax: 120,
  interestBasisPointsMax: 1500, // 15 %
  priceMaxCents: 10_000_000, // 100,000 €
  moderationReasonMin: 3,
  moderationReasonMax: 500,
} as const

/** Browse and search parameters; anything unusable falls back to the default, never an error. */
export interface SearchParams {
  q: string
  kind: ListingKind | null
  category: ListingCategory | null
  page: number
}

export const SEARCH_QUERY_MAX = 200
export const PAGE_SIZE = 20
/** Ranking costs grow with the number of hits: only this many newest hits are ranked and paged. */
export const MAX_RESULTS = 500
export const MAX_PAGE = MAX_RESULTS / PAGE_SIZE

/** The URL of a search page with some parameters changed (page resets unless given). */
export function searchHref(base: string, current: SearchParams, change: Partial<SearchParams>): string {
  const next = { ...current, page: 1, ...change }
  const params = new URLSearchParams()
  if (next.q) params.set('q', next.q)
  if (next.kind) params.set('kind', next.kind)
  if (next.category) params.set('category', next.category)
  if (next.page > 1) params.set('page', String(next.page))
  const query = params.toString()
  return query ? `${base}?${query}` : base
}

export const REPORT_REASON_MIN = 5
export const REPORT_REASON_MAX = 1000

