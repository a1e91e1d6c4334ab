import { sql } from 'drizzle-orm'
import { bigint, boolean, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, tstz } from './columns'

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    locale: text('locale').notNull().default('de'),
    isAdmin: boolean('is_admin').notNull().default(false),
    createdAt: createdAt(),
    passwordChangedAt: tstz('password_changed_at'),
    /** When the person proved they read this address (a confirmation link; demo and admin:create accounts at creation). */
    emailVerifiedAt: tstz('email_verified_at'),
    /**
     * The addresses the person had before an address change (lower case), so that an erasure also
     * removes what was sent to them (e-mails in the outbox, links, invitations): the change links
     * that named them are gone a week after they expire, the e-mails stay up to 180 days.
     */
    previousEmails: text('previous_emails').array(),
    /** Set only by the demo seed for its admin: the platform's two-factor rule for admins spares it (ADR 067). */
    twoFactorExempt: boolean('two_factor_exempt').notNull().default(false),
  },
  (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)],
)

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the token the browser holds, hex-encoded; the token itself is never stored. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The absolute end (created + 90 days); it never moves. The idle limit is read from last_seen_at (ADR 067). */
    expiresAt: tstz('expires_at').notNull(),
    createdAt: createdAt(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
    /** The browser's User-Agent, cut to 200 characters, to name the device in the list of sessions. */
    userAgent: text('user_agent'),
    /** Only the network part of the address (/24 IPv4, /48 IPv6): an approximate place, never the address. */
    ipPrefix: text('ip_prefix'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

/**
 * A person's authenticator app (TOTP, RFC 6238). The secret is encrypted with a key the database
 * does not hold beside it when SESSION_SECRET is set (ADR 067). Until `enabled_at` is set, the row
 * is a setup in progress and asks nothing at login.
 */
export const twoFactor = pgTable('two_factor', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  secretEncrypted: text('secret_encrypted').notNull(),
  enabledAt: tstz('enabled_at'),
  /** The highest 30-second step whose code was accepted: a code is never taken twice. */
  lastUsedStep: bigint('last_used_step', { mode: 'number' }),
  createdAt: createdAt(),
})

export const twoFactorRecoveryCodes = pgTable(
  'two_factor_recovery_codes',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** SHA-256 of the code (the codes carry 50 random bits each; only the person saw them). */
    codeHash: text('code_hash').notNull(),
    usedAt: tstz('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('two_factor_recovery_codes_user_idx').on(t.userId)],
)

/**
 * The step between password and code: the browser holds a random token, the table its SHA-256.
 * Not a session: it opens nothing but the code form, lives 10 minutes and takes 5 wrong codes.
 */
export const pendingLogins = pgTable(
  'pending_logins',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    redirectTo: text('redirect_to').notNull().default('/'),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    expiresAt: tstz('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('pending_logins_user_idx').on(t.userId)],
)
