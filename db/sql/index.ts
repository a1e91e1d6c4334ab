import { LEDGER_POST_SQL } from './ledger'
import { BOOKINGS_POST_SQL } from './bookings'
import { SEARCH_POST_SQL, SEARCH_PRE_SQL } from './search'
import { REPORTING_POST_SQL } from './reporting'
import { MATCHING_POST_SQL } from './matching'

/**
 * SQL that drizzle-kit cannot express (extensions, immutable wrappers, triggers, exclusion
 * constraints). Every statement is idempotent: PRE runs before the drizzle migrations on every
 * start, POST after them. See docs/decisions/002-sql-beside-drizzle-migrations.md.
 */
export const PRE_SQL: string[] = [
  `CREATE EXTENSION IF NOT EXISTS unaccent`,
  `CREATE EXTENSION IF NOT EXISTS pg_trgm`,
  `CREATE EXTENSION IF NOT EXISTS btree_gist`,
  ...SEARCH_PRE_SQL,
]

export const POST_SQL: string[] = [...SEARCH_POST_SQL, ...LEDGER_POST_SQL, ...BOOKINGS_POST_SQL, ...REPORTING_POST_SQL, ...MATCHING_POST_SQL]
