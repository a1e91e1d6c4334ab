import type { ListingContent, ListingDetails } from '#db/schema/listings'
import type { ListingStatus } from './constants'

/**
 * Pre-moderation of changes (ADR 059), as pure rules shared by the server and the queue page:
 * what counts as a listing's content, whether it changed, and where a change or a reopening
 * leaves the listing's status.
 */

export type { ListingContent }
export type ModerationMode = 'pre' | 'post'

type ContentSource = Omit<ListingContent, 'photoIds'>

/** The reviewable content of a listing row and its photo ids (in order). */
export function contentOf(listing: ContentSource, photoIds: string[]): ListingContent {
  return {
    kind: listing.kind,
    category: listing.category,
    title: listing.title,
    description: listing.description,
    language: listing.language,
    details: listing.details,
    compensation: listing.compensation,
    priceCents: listing.priceCents ?? null,
    availableFrom: listing.availableFrom ?? null,
    availableUntil: listing.availableUntil ?? null,
    visibility: listing.visibility,
    bookable: listing.bookable,
    photoIds: [...photoIds],
  }
}

const isEmpty = (value: unknown) => value === null || value === undefined || (Array.isArray(value) && value.length === 0)

/**
 * A value with object keys sorted and empty members (null, undefined, []) dropped, so that jsonb's
 * own key order and an absent optional detail versus an explicit null never count as a change.
 */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => !isEmpty((value as Record<string, unknown>)[key]))
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    )
  }
  return value
}

function same(a: unknown, b: unknown) {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
}

export function sameContent(a: ListingContent | null | undefined, b: ListingContent | null | undefined) {
  if (!a || !b) return false
  return same(a, b)
}

/**
 * Where an owner's change leaves the status. In a pre-moderated centre any real change sends the
 * listing to the queue whatever its state, except a draft (nobody sees it yet) and a listing a
 * manager hid (it stays hidden until a manager acts). In a post-moderated centre nothing moves.
 */
export function statusAfterChange(mode: ModerationMode, status: ListingStatus, changed: boolean): ListingStatus {
  if (!changed || mode !== 'pre') return status
  if (status === 'draft' || status === 'hidden') return status
  return 'pending'
}

/**
 * Reopening goes live only if a pre-moderated centre's manager approved exactly this content
 * (text, details, visibility and photos); anything else waits in the queue.
 */
export function statusOnReopen(mode: ModerationMode, approved: ListingContent | null, current: ListingContent): 'active' | 'pending' {
  if (mode !== 'pre') return 'active'
  return sameContent(approved, current) ? 'active' : 'pending'
}

/** The fields a manager sees compared, in the order of the listing form. */
export const REVIEW_FIELDS = [
  'kind',
  'category',
  'title',
  'description',
  'language',
  'capacity',
  'areaSqm',
  'equipment',
  'condition',
  'deposit',
  'estimatedHours',
  'amount',
  'termMonths',
  'interestRate',
  'compensation',
  'price',
  'availableFrom',
  'availableUntil',
  'visibility',
  'bookable',
  'photos',
] as const
export type ReviewField = (typeof REVIEW_FIELDS)[number]

/** A compared value, typed so the page can format it in the reader's language. */
export type ReviewValue =
  | { type: 'text'; value: string }
  | { type: 'enum'; key: string }
  | { type: 'number'; value: number }
  | { type: 'cents'; value: number }
  | { type: 'percent'; basisPoints: number }
  | { type: 'date'; value: string }
  | { type: 'bool'; value: boolean }
  | { type: 'photos'; count: number }
  | { type: 'none' }

export interface ReviewChange {
  field: ReviewField
  before: ReviewValue
  after: ReviewValue
  /** For photos: how many of the approved ones are gone, how many are new. */
  photos?: { added: number; removed: number; reordered: boolean }
}

const none: ReviewValue = { type: 'none' }
const text = (value: string | null | undefined): ReviewValue => (value ? { type: 'text', value } : none)
const num = (value: number | null | undefined): ReviewValue => (value === null || value === undefined ? none : { type: 'number', value })
const cents = (value: number | null | undefined): ReviewValue => (value === null || value === undefined ? none : { type: 'cents', value })
const date = (value: string | null | undefined): ReviewValue => (value ? { type: 'date', value } : none)

function detailValues(details: ListingDetails): Partial<Record<ReviewField, ReviewValue>> {
  switch (details.category) {
    case 'room':
      return {
        capacity: num(details.capacity),
        areaSqm: num(details.areaSqm),
        equipment: details.equipment?.length ? { type: 'text', value: details.equipment.join(', ') } : none,
      }
    case 'tool':
      return {
        condition: details.condition ? { type: 'enum', key: `listings.condition.${details.condition}` } : none,
        deposit: cents(details.depositCents),
      }
    case 'skill':
      return { estimatedHours: num(details.estimatedHours) }
    case 'loan':
      return {
        amount: cents(details.amountCents),
        termMonths: num(details.termMonths),
        interestRate: {
          type: 'percent',
          basisPoints: details.interestRateBasisPoints,
        },
      }
    case 'other':
      return {}
  }
}

function valuesOf(content: ListingContent): Partial<Record<ReviewField, ReviewValue>> {
  return {
    kind: { type: 'enum', key: `listings.kind.${content.kind}` },
    category: { type: 'enum', key: `listings.category.${content.category}` },
    title: text(content.title),
    description: text(content.description),
    language: {
      type: 'enum',
      key: `common.language.names.${content.language}`,
    },
    ...detailValues(content.details),
    compensation: {
      type: 'enum',
      key: `listings.compensation.${content.compensation}`,
    },
    price: cents(content.priceCents),
    availableFrom: date(content.availableFrom),
    availableUntil: date(content.availableUntil),
    visibility: {
      type: 'enum',
      key: `listings.visibility.${content.visibility}`,
    },
    bookable: { type: 'bool', value: content.bookable },
    photos: { type: 'photos', count: content.photoIds.length },
  }
}

/** What changed since the approved content, field by field (empty when nothing did). */
export function diffContent(approved: ListingContent, current: ListingContent): ReviewChange[] {
  const before = valuesOf(approved)
  const after = valuesOf(current)
  const changes: ReviewChange[] = []
  for (const field of REVIEW_FIELDS) {
    const a = before[field] ?? none
    const b = after[field] ?? none
    if (field === 'photos') {
      if (same(approved.photoIds, current.photoIds)) continue
      const kept = current.photoIds.filter((id) => approved.photoIds.includes(id))
      const keptBefore = approved.photoIds.filter((id) => current.photoIds.includes(id))
      changes.push({
        field,
        before: a,
        after: b,
        photos: {
          added: current.photoIds.length - kept.length,
          removed: approved.photoIds.length - keptBefore.length,
          reordered: !same(kept, keptBefore),
        },
      })
      continue
    }
    if (!same(a, b)) changes.push({ field, before: a, after: b })
  }
  return changes
}
