import { z } from 'zod'
import { centsToEuroInput, parseEurosToCents } from '~/utils/money'
import { formNumber } from '~/utils/form-number'
import type { ListingDetails } from '#db/schema/listings'
import { DATE_RANGE_ERROR, plausibleDate } from '~/utils/dates'
import {
  LIMITS,
  LISTING_CATEGORIES,
  LISTING_KINDS,
  LISTING_LANGUAGES,
  COMPENSATIONS,
  MAX_PAGE,
  REPORT_REASON_MAX,
  REPORT_REASON_MIN,
  SEARCH_QUERY_MAX,
  type ListingCategory,
  type ListingKind,
  type SearchParams,
  TOOL_CONDITIONS,
  VISIBILITIES,
} from './constants'

export * from './constants'

/**
 * Listing forms: one schema serves the browser's field names and the server's validation.
 * Money is typed in euros and stored in integer cents; interest is typed in percent and stored
 * in basis points (1 % = 100 bp). Every number has bounds.
 */

/** Percent with up to two decimals ("1,5") → basis points (150). */
export function parsePercentToBasisPoints(input: string): number | null {
  const text = input.trim().replace(/\s|%/g, '').replace(',', '.')
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return null
  const [whole, fraction = ''] = text.split('.')
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
}

/** A euro amount field: the form sends text, the schema yields integer cents within bounds. */
function euros({ min, max }: { min: number; max: number }) {
  return z.string().transform((value, ctx) => {
    const cents = parseEurosToCents(value)
    if (cents === null) {
      ctx.addIssue({ code: 'custom', message: 'listings.errors.money' })
      return z.NEVER
    }
    if (cents < min) {
      ctx.addIssue({ code: 'custom', message: `validation.tooSmall?minimum=${centsToEuroInput(min)}` })
      return z.NEVER
    }
    if (cents > max) {
      ctx.addIssue({ code: 'custom', message: `listings.errors.moneyTooBig?maximum=${centsToEuroInput(max)}` })
      return z.NEVER
    }
    return cents
  })
}

function percentAsBasisPoints(max: number) {
  return z.string().transform((value, ctx) => {
    const bp = parsePercentToBasisPoints(value)
    if (bp === null) {
      ctx.addIssue({ code: 'custom', message: 'listings.errors.percent' })
      return z.NEVER
    }
    if (bp > max) {
      ctx.addIssue({ code: 'custom', message: `validation.tooBig?maximum=${max / 100}` })
      return z.NEVER
    }
    return bp
  })
}

const int = (min: number, max: number) => formNumber(z.number().int().min(min).max(max))

/** Comma- or line-separated equipment → a short list of short items. */
const equipmentList = z
  .string()
  .max(LIMITS.equipmentItems * (LIMITS.equipmentItemMax + 2))
  .transform((value, ctx) => {
    const items = value
      .split(/[,\n]/)
      .map((item) => item.trim())
      .filter(Boolean)
    if (items.length > LIMITS.equipmentItems) {
      ctx.addIssue({ code: 'custom', message: `validation.tooMany?maximum=${LIMITS.equipmentItems}` })
      return z.NEVER
    }
    if (items.some((item) => item.length > LIMITS.equipmentItemMax)) {
      ctx.addIssue({ code: 'custom', message: `listings.errors.equipmentItem?maximum=${LIMITS.equipmentItemMax}` })
      return z.NEVER
    }
    return items
  })

/**
 * THE per-category details: the form's field names under `details.*`, the server's validation.
 * Only the chosen category's fields are read; the others (rendered for forms without
 * JavaScript) are dropped. What depends on the kind as well is checked with the whole listing
 * (checkListing): a tool's condition and deposit are an offer's to give.
 */
export function detailsSchema({ loanLimitCents }: { loanLimitCents: number }) {
  return z.discriminatedUnion('category', [
    z.object({
      category: z.literal('room'),
      capacity: int(1, LIMITS.roomCapacityMax),
      areaSqm: int(1, LIMITS.roomAreaMax).optional(),
      equipment: equipmentList.optional(),
    }),
    z.object({
      category: z.literal('tool'),
      condition: z.enum(TOOL_CONDITIONS).optional(),
      deposit: euros({ min: 0, max: LIMITS.toolDepositMaxCents }).optional(),
    }),
    z.object({
      category: z.literal('skill'),
      estimatedHours: int(1, LIMITS.skillHoursMax).optional(),
    }),
    z.object({
      category: z.literal('loan'),
      amount: euros({ min: 100, max: Math.max(100, loanLimitCents) }),
      termMonths: int(1, LIMITS.loanTermMonthsMax),
      interestRate: percentAsBasisPoints(LIMITS.interestBasisPointsMax).optional(),
    }),
    z.object({ category: z.literal('other') }),
  ])
}

type DetailsForm = z.output<ReturnType<typeof detailsSchema>>

/** The form's details in the shape the database stores; a need keeps only what a need can say. */
export function toStoredDetails(details: DetailsForm, kind: ListingKind): ListingDetails {
  switch (details.category) {
    case 'room':
      return {
        category: 'room',
        capacity: details.capacity,
        areaSqm: details.areaSqm ?? null,
        equipment: details.equipment ?? [],
      }
    case 'tool':
      // Who needs a tool has none to describe: the condition and the deposit are the lender's.
      if (kind === 'need') return { category: 'tool' }
      return { category: 'tool', condition: details.condition, depositCents: details.deposit ?? null }
    case 'skill':
      return { category: 'skill', estimatedHours: details.estimatedHours ?? null }
    case 'loan':
      return {
        category: 'loan',
        amountCents: details.amount,
        termMonths: details.termMonths,
        interestRateBasisPoints: details.interestRate ?? 0,
      }
    case 'other':
      return { category: 'other' }
  }
}

/** Stored details → the form's default values (the reverse of toStoredDetails). */
export function detailsToForm(details: ListingDetails): Record<string, string> {
  switch (details.category) {
    case 'room':
      return {
        category: 'room',
        capacity: String(details.capacity),
        areaSqm: details.areaSqm ? String(details.areaSqm) : '',
        equipment: (details.equipment ?? []).join(', '),
      }
    case 'tool':
      return { category: 'tool', condition: details.condition ?? '', deposit: centsToEuroInput(details.depositCents) }
    case 'skill':
      return { category: 'skill', estimatedHours: details.estimatedHours ? String(details.estimatedHours) : '' }
    case 'loan':
      return {
        category: 'loan',
        amount: centsToEuroInput(details.amountCents),
        termMonths: String(details.termMonths),
        interestRate: details.interestRateBasisPoints ? String(details.interestRateBasisPoints / 100) : '',
      }
    case 'other':
      return { category: 'other' }
  }
}

const isoDate = z.iso.date().refine(plausibleDate, { error: DATE_RANGE_ERROR })

function listingFields(options: { loanLimitCents: number }) {
  return {
    kind: z.enum(LISTING_KINDS),
    title: z.string().trim().min(LIMITS.titleMin).max(LIMITS.titleMax),
    description: z.string().trim().min(1).max(LIMITS.descriptionMax),
    language: z.enum(LISTING_LANGUAGES),
    compensation: z.enum(COMPENSATIONS),
    price: euros({ min: 1, max: LIMITS.priceMaxCents }).optional(),
    availableFrom: isoDate.optional(),
    availableUntil: isoDate.optional(),
    visibility: z.enum(VISIBILITIES),
    bookable: z.literal('on').optional(),
    details: detailsSchema(options),
  }
}

type ListingFieldsOutput = z.output<z.ZodObject<ReturnType<typeof listingFields>>>

export interface ListingValues {
  kind: ListingKind
  category: ListingCategory
  title: string
  description: string
  language: (typeof LISTING_LANGUAGES)[number]
  compensation: (typeof COMPENSATIONS)[number]
  priceCents: number | null
  availableFrom: string | null
  availableUntil: string | null
  visibility: (typeof VISIBILITIES)[number]
  bookable: boolean
  details: ListingDetails
}

function checkListing(value: ListingFieldsOutput, ctx: z.core.$RefinementCtx<ListingFieldsOutput>) {
  if (value.kind === 'offer' && value.details.category === 'tool' && value.details.condition === undefined) {
    ctx.addIssue({ code: 'custom', path: ['details', 'condition'], message: 'validation.required' })
  }
  if (value.compensation === 'paid' && value.price === undefined) {
    ctx.addIssue({ code: 'custom', path: ['price'], message: 'listings.errors.priceRequired' })
  }
  if (value.availableFrom && value.availableUntil && value.availableFrom > value.availableUntil) {
    ctx.addIssue({ code: 'custom', path: ['availableUntil'], message: 'listings.errors.windowOrder' })
  }
}

function toValues(value: ListingFieldsOutput): ListingValues {
  const category = value.details.category
  return {
    kind: value.kind,
    category,
    title: value.title,
    description: value.description,
    language: value.language,
    compensation: value.compensation,
    priceCents: value.compensation === 'paid' ? (value.price ?? null) : null,
    availableFrom: value.availableFrom ?? null,
    availableUntil: value.availableUntil ?? null,
    visibility: value.visibility,
    // Only offered rooms and tools are booked by the slot.
    bookable: value.bookable === 'on' && value.kind === 'offer' && (category === 'room' || category === 'tool'),
    details: toStoredDetails(value.details, value.kind),
  }
}

/** New listing: which of my initiatives, and everything about it. The loan bound is the centre's. */
export function createListingSchema(options: { loanLimitCents: number }) {
  return z
    .object({ initiativeId: z.uuid(), ...listingFields(options) })
    .superRefine(checkListing)
    .transform((value) => ({ initiativeId: value.initiativeId, ...toValues(value) }))
}

export function editListingSchema(options: { loanLimitCents: number }) {
  return z.object(listingFields(options)).superRefine(checkListing).transform(toValues)
}

export type CreateListingInput = z.output<ReturnType<typeof createListingSchema>>

/** Owner members change a listing's state with one of these. */
export const ListingStatusIntentSchema = z.object({ intent: z.enum(['pause', 'reopen', 'close']) })

export const ModerationReasonSchema = z.string().trim().min(LIMITS.moderationReasonMin).max(LIMITS.moderationReasonMax)

/** Manager acts on the queue: approve, hide with a reason, restore. */
export const ModerateListingSchema = z.discriminatedUnion('intent', [
  // the version the manager looked at: approving or restoring a listing changed since is refused (ADR 059)
  z.object({ intent: z.literal('approve'), listingId: z.uuid(), revision: z.number().int().min(0).max(2_147_483_647) }),
  z.object({ intent: z.literal('hide'), listingId: z.uuid(), reason: ModerationReasonSchema }),
  z.object({ intent: z.literal('restore'), listingId: z.uuid(), revision: z.number().int().min(0).max(2_147_483_647) }),
])

export function parseSearchParams(params: URLSearchParams): SearchParams {
  const kind = params.get('kind')
  const category = params.get('category')
  const page = Number(params.get('page') ?? '1')
  return {
    q: normaliseQuery(params.get('q') ?? ''),
    kind: (LISTING_KINDS as readonly string[]).includes(kind ?? '') ? (kind as ListingKind) : null,
    category: (LISTING_CATEGORIES as readonly string[]).includes(category ?? '') ? (category as ListingCategory) : null,
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1,
  }
}

/** The user's words: control characters out, whitespace collapsed, length capped. */
export function normaliseQuery(q: string): string {
  return q.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, SEARCH_QUERY_MAX).trim()
}

/** Anyone logged in who can see a listing may report it to the centre's managers. */
export const ReportListingSchema = z.object({
  intent: z.literal('report'),
  reason: z.string().trim().min(REPORT_REASON_MIN).max(REPORT_REASON_MAX),
})
