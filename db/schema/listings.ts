import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { centres, initiatives } from './centres'
import { createdAt, id, tstz } from './columns'
import { users } from './users'

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })

export const listingKind = pgEnum('listing_kind', ['offer', 'need'])
export const listingCategory = pgEnum('listing_category', ['room', 'tool', 'skill', 'loan', 'other'])
export const compensation = pgEnum('compensation', ['reciprocal', 'free', 'swap', 'paid'])
export const visibility = pgEnum('visibility', ['centre', 'network', 'public'])
export const listingStatus = pgEnum('listing_status', ['draft', 'pending', 'active', 'paused', 'closed', 'hidden'])

/** Per-category details; validated by the one zod discriminated union in app/modules/listings. */
export type ListingDetails =
  | { category: 'room'; capacity: number; areaSqm?: number | null; equipment?: string[] }
  // condition and deposit describe a tool someone lends: an offer's, never a need's
  | { category: 'tool'; condition?: 'new' | 'good' | 'used' | 'worn' | 'broken'; depositCents?: number | null }
  | { category: 'skill'; estimatedHours?: number | null }
  | { category: 'loan'; amountCents: number; termMonths: number; interestRateBasisPoints: number }
  | { category: 'other' }

/**
 * Everything an owner can change about a listing, as one comparable value (ADR 059): the content
 * a manager approved (or that went live in a post-moderated centre) is kept in this shape, so a
 * later change can be shown field by field and nothing changed goes live unreviewed.
 */
export interface ListingContent {
  kind: 'offer' | 'need'
  category: 'room' | 'tool' | 'skill' | 'loan' | 'other'
  title: string
  description: string
  language: 'de' | 'en' | 'fr' | 'nl'
  details: ListingDetails
  compensation: 'reciprocal' | 'free' | 'swap' | 'paid'
  priceCents: number | null
  availableFrom: string | null
  availableUntil: string | null
  visibility: 'centre' | 'network' | 'public'
  bookable: boolean
  /** The listing's photo ids in their order (a photo never changes under its id). */
  photoIds: string[]
}

export const listings = pgTable(
  'listings',
  {
    id: id(),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'cascade' }),
    initiativeId: uuid('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    kind: listingKind('kind').notNull(),
    category: listingCategory('category').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** The language the listing is written in: picks the text-search configuration. */
    // text, not an enum: casting an enum to text is not immutable, and the generated column needs that.
    language: text('language', { enum: ['de', 'en', 'fr', 'nl'] })
      .notNull()
      .default('de'),
    details: jsonb('details').$type<ListingDetails>().notNull(),
    compensation: compensation('compensation').notNull().default('reciprocal'),
    priceCents: integer('price_cents'),
    availableFrom: date('available_from'),
    availableUntil: date('available_until'),
    visibility: visibility('visibility').notNull().default('centre'),
    status: listingStatus('status').notNull().default('draft'),
    /** Rooms and tools can be booked by the slot (bookings issue). */
    bookable: boolean('bookable').notNull().default(false),
    moderationReason: text('moderation_reason'),
    /** The content as last approved by a manager, or as it went live in a post-moderated centre (ADR 059). */
    approvedContent: jsonb('approved_content').$type<ListingContent>(),
    approvedAt: tstz('approved_at'),
    /** Counts content changes, so a manager approves exactly the version they looked at. */
    revision: integer('revision').notNull().default(0),
    /**
     * The vocabulary concepts the author confirmed (chips, ADR 083): null until the listing was
     * written with chips or given the recogniser's by `npm run concepts:apply`.
     */
    concepts: text('concepts').array(),
    /**
     * The concepts a person decided on for this listing: the chips its author was shown (ticked or
     * not) or added, when last saving it. The others in `concepts` are the recogniser's alone, and
     * follow the vocabulary when `npm run concepts:apply` runs after it changed (ADR 094).
     */
    conceptsSeen: text('concepts_seen').array().notNull().default(sql`'{}'::text[]`),
    /** The confirmed concepts as search tokens (conceptMarker), kept with `concepts` for the vector. */
    conceptTerms: text('concept_terms').notNull().default(''),
    search: tsvector('search').generatedAlwaysAs(
      sql`viertel_listing_tsv(language, title, description, concept_terms)`,
    ),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    publishedAt: tstz('published_at'),
  },
  (t) => [
    // fastupdate off: with a pending list the planner (rightly) distrusts the index until the next
    // vacuum and scans the table; listings are written rarely and searched often.
    index('listings_search_idx').using('gin', t.search).with({ fastupdate: false }),
    index('listings_title_trgm_idx').using('gin', sql`${t.title} gin_trgm_ops`).with({ fastupdate: false }),
    index('listings_centre_status_idx').on(t.centreId, t.status, t.createdAt),
    index('listings_initiative_idx').on(t.initiativeId, t.status),
    index('listings_visibility_idx').on(t.visibility, t.status, t.category),
    // Browsing without words reads listings_browse_idx (db/sql/search.ts: drizzle-kit cannot write
    // its INCLUDE columns), which replaced listings_active_recent_idx (ADR 057).
    // Match candidates (ADR 033): the same category and the other kind in one centre — the newest
    // few read in index order, and the centre's share of the text hits as one small bitmap.
    index('listings_match_scope_idx').on(t.category, t.kind, t.centreId, t.createdAt).where(sql`${t.status} = 'active'`),
    // …and the text hits' share visible across the network (ADR 033)
    index('listings_match_visible_idx').on(t.category, t.kind, t.visibility).where(sql`${t.status} = 'active'`),
    check('listings_language_known', sql`${t.language} in ('de', 'en', 'fr', 'nl')`),
    check('listings_price_positive', sql`${t.priceCents} is null or (${t.priceCents} > 0 and ${t.priceCents} <= 100000000)`),
    check('listings_details_category', sql`${t.details}->>'category' = ${t.category}::text`),
    check('listings_price_when_paid', sql`(${t.compensation} = 'paid') = (${t.priceCents} is not null)`),
    check('listings_hidden_has_reason', sql`${t.status} <> 'hidden' or ${t.moderationReason} is not null`),
    check('listings_concepts_count', sql`${t.concepts} is null or cardinality(${t.concepts}) <= 20`),
    check('listings_concept_terms_length', sql`char_length(${t.conceptTerms}) <= 2000`),
    check('listings_title_length', sql`char_length(${t.title}) between 1 and 120`),
    check(
      'listings_window_ordered',
      sql`${t.availableFrom} is null or ${t.availableUntil} is null or ${t.availableFrom} <= ${t.availableUntil}`,
    ),
  ],
)

export const listingPhotos = pgTable(
  'listing_photos',
  {
    id: id(),
    listingId: uuid('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'cascade' }),
    contentType: text('content_type').notNull(),
    bytes: bytea('bytes').notNull(),
    thumbnail: bytea('thumbnail'),
    size: integer('size').notNull(),
    position: integer('position').notNull().default(0),
    /** Re-encoded without EXIF/XMP/IPTC (GPS, camera, owner): at upload, or by `npm run photos:clean`. */
    metadataStripped: boolean('metadata_stripped').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('listing_photos_listing_position_key').on(t.listingId, t.position),
    check('listing_photos_size_limit', sql`${t.size} > 0 and ${t.size} <= 5242880`),
    check('listing_photos_position_range', sql`${t.position} between 0 and 3`),
  ],
)
