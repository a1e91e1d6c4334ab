import type { SQL } from 'drizzle-orm'
import type { DbOrTx } from './connect'

/**
 * `db.execute(sql)` answers with an array of rows on postgres.js and with `{ rows }` on PGlite.
 * The one place that knows: raw statements go through `rowsOf` or `queryRows`.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[]
  const rows = (result as { rows?: unknown } | null)?.rows
  if (!Array.isArray(rows)) throw new TypeError('db.execute answered neither rows nor { rows }')
  return rows as T[]
}

/** Runs a raw statement and returns its rows, typed by the caller (who names the columns it selects). */
export async function queryRows<T>(db: DbOrTx, statement: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(statement))
}
