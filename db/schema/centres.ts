import { sql } from 'drizzle-orm'
import { boolean, check, doublePrecision, index, integer, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, tstz } from './columns'
import { users } from './users'

export const moderationMode = pgEnum('moderation_mode', ['pre', 'post'])

export const centres = pgTable(
  'centres',
  {
    id: id(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    city: text('city').notNull(),
    country: text('country').notNull(),
    description: text('description').notNull().default(''),
    languages: text('languages').array().notNull().default(sql`'{de}'::text[]`),
    moderationMode: moderationMode('moderation_mode').notNull().default('post'),
    hourValueCents: integer('hour_value_cents').notNull().default(2000),
    loanLimitCents: integer('loan_limit_cents').notNull().default(500000),
    /** Above these figures an exchange's confirmation waits for a manager's approval (ADR 058). */
    exchangeCapMinutes: integer('exchange_cap_minutes').notNull().default(2400),
    exchangeCapCents: integer('exchange_cap_cents').notNull().default(200000),
    timeZone: text('time_zone').notNull().default('Europe/Berlin'),
    foundingYear: integer('founding_year'),
    legalForm: text('legal_form'),
    fundingMix: text('funding_mix'),
    /** Managers of this centre must sign in with a second factor (ADR 067). */
    requireTwoFactorForManagers: boolean('require_two_factor_for_managers').notNull().default(false),
    /** Websites (origins such as https://example.org) that may show the centre's widget in a frame (issue #17). */
    embedOrigins: text('embed_origins').array().notNull().default(sql`'{}'::text[]`),
    /** Where the centre's dot sits on the network map (issue #17 §2), in decimal degrees (WGS 84); both or neither. */
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('centres_slug_key').on(t.slug),
    check('centres_hour_value_positive', sql`${t.hourValueCents} > 0 and ${t.hourValueCents} <= 100000`),
    check('centres_loan_limit_positive', sql`${t.loanLimitCents} >= 0`),
    check('centres_exchange_cap_minutes_range', sql`${t.exchangeCapMinutes} between 60 and 60000`),
    check('centres_exchange_cap_cents_range', sql`${t.exchangeCapCents} between 100 and 10000000`),
    check('centres_embed_origins_count', sql`cardinality(${t.embedOrigins}) <= 10`),
    check(
      'centres_coordinates',
      // "between" on a null is null, which a check lets pass: both named as not null
      sql`(${t.latitude} is null and ${t.longitude} is null) or (${t.latitude} is not null and ${t.longitude} is not null and ${t.latitude} between -90 and 90 and ${t.longitude} between -180 and 180)`,
    ),
  ],
)

export const centreStaff = pgTable(
  'centre_staff',
  {
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['manager'] })
      .notNull()
      .default('manager'),
    appointedBy: uuid('appointed_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.centreId, t.userId] }), index('centre_staff_user_idx').on(t.userId)],
)

export const initiativeKind = pgEnum('initiative_kind', ['enterprise', 'cooperative', 'association', 'project', 'other'])
export const initiativeStatus = pgEnum('initiative_status', ['applied', 'active', 'suspended', 'left', 'rejected'])
export const memberRole = pgEnum('member_role', ['owner', 'member'])

export const initiatives = pgTable(
  'initiatives',
  {
    id: id(),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    kind: initiativeKind('kind').notNull(),
    sector: text('sector').notNull().default(''),
    description: text('description').notNull().default(''),
    website: text('website'),
    contactEmail: text('contact_email'),
    status: initiativeStatus('status').notNull().default('applied'),
    applicationMessage: text('application_message'),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: tstz('decided_at'),
    decisionMessage: text('decision_message'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('initiatives_centre_slug_key').on(t.centreId, t.slug),
    index('initiatives_centre_status_idx').on(t.centreId, t.status),
  ],
)

export const initiativeMembers = pgTable(
  'initiative_members',
  {
    initiativeId: uuid('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'cascade' }),
    role: memberRole('role').notNull().default('member'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.initiativeId, t.userId] }),
    index('initiative_members_user_idx').on(t.userId),
    index('initiative_members_centre_idx').on(t.centreId),
  ],
)

/**
 * An invitation by e-mail link (ADR 006, ADR 073). Two kinds share the token mechanism, the link
 * (/invite/<token>) and the rules (14 days, once, revocable, bound to the address): `initiative`
 * makes the person a member of `initiative_id`; `manager` (sent by a platform admin) makes them a
 * manager of `centre_id`, and has no initiative.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    kind: text('kind', { enum: ['initiative', 'manager'] })
      .notNull()
      .default('initiative'),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'cascade' }),
    initiativeId: uuid('initiative_id').references(() => initiatives.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    /** SHA-256 of the link's token; the link itself is only in the e-mail. */
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: tstz('expires_at').notNull(),
    acceptedAt: tstz('accepted_at'),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: tstz('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invitations_token_key').on(t.tokenHash),
    index('invitations_initiative_idx').on(t.initiativeId),
    index('invitations_centre_manager_idx').on(t.centreId).where(sql`${t.kind} = 'manager'`),
    check('invitations_kind', sql`${t.kind} in ('initiative', 'manager')`),
    check('invitations_kind_target', sql`(${t.kind} = 'initiative') = (${t.initiativeId} is not null)`),
  ],
)
