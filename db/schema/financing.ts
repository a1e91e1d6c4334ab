import { sql } from 'drizzle-orm'
import { bigint, boolean, check, foreignKey, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { tstz } from './columns'
import { centres } from './centres'
import { FINANCING_SOURCES } from './financing-sources'
import { users } from './users'

export { FINANCING_SOURCES, type FinancingSource } from './financing-sources'

/** One year of a centre's financing: whether it is public (and with amounts or shares only), and its unpaid work. */
export const centreFinancingYears = pgTable(
  'centre_financing_years',
  {
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    published: boolean('published').notNull().default(false),
    /** false: the public profile shows shares only */
    publicAmounts: boolean('public_amounts').notNull().default(false),
    unpaidHours: integer('unpaid_hours').notNull().default(0),
    unpaidHourRateCents: integer('unpaid_hour_rate_cents').notNull().default(0),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.centreId, t.year] }),
    check('centre_financing_years_year_range', sql`${t.year} between 1950 and 2100`),
    check('centre_financing_years_unpaid_hours_range', sql`${t.unpaidHours} between 0 and 1000000`),
    check('centre_financing_years_rate_range', sql`${t.unpaidHourRateCents} between 0 and 100000`),
  ],
)

/** The amount of one kind of financing in one year (none recorded: no row). */
export const centreFinancingSources = pgTable(
  'centre_financing_sources',
  {
    centreId: uuid('centre_id').notNull(),
    year: integer('year').notNull(),
    kind: text('kind').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.centreId, t.year, t.kind] }),
    foreignKey({
      name: 'centre_financing_sources_year_fk',
      columns: [t.centreId, t.year],
      foreignColumns: [centreFinancingYears.centreId, centreFinancingYears.year],
    }).onDelete('cascade'),
    check(
      'centre_financing_sources_kind',
      sql`${t.kind} in (${sql.raw(FINANCING_SOURCES.map((k) => `'${k}'`).join(', '))})`,
    ),
    check('centre_financing_sources_amount_range', sql`${t.amountCents} between 0 and 10000000000`),
    check('centre_financing_sources_note_length', sql`char_length(${t.note}) <= 300`),
  ],
)
