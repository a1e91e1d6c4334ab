import type { DbOrTx } from './connect'

const built = new WeakMap<DbOrTx, Map<string, unknown>>()

/**
 * A query every page runs, built once per database handle. drizzle turns a query builder into SQL
 * on every call — ≈ 0.2–0.3 ms for a join with a nested selection, several times per page — while
 * a prepared drizzle query keeps its SQL and only fills in the placeholders (ADR 057). `build`
 * must end in `.prepare(name)` and take its values as `sql.placeholder(...)`.
 *
 * Keyed by the handle: the app's database is built for once; a transaction handle gets its own
 * (short-lived) entry, so a query run inside a caller's transaction stays in that transaction.
 */
export function preparedQuery<T>(db: DbOrTx, name: string, build: (db: DbOrTx) => T): T {
  let queries = built.get(db)
  if (!queries) {
    queries = new Map()
    built.set(db, queries)
  }
  let query = queries.get(name) as T | undefined
  if (query === undefined) {
    query = build(db)
    queries.set(name, query)
  }
  return query
}
