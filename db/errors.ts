/**
 * PostgreSQL errors as both drivers report them (postgres.js: `code`, `constraint_name`; PGlite:
 * `code`, `constraint`), possibly wrapped by drizzle in `cause`. The one place that reads them.
 */
type PgErrorShape = { code?: unknown; constraint_name?: unknown; constraint?: unknown; message?: unknown; cause?: unknown }

function* chain(error: unknown): Generator<PgErrorShape> {
  let e = error as PgErrorShape | undefined
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++, e = e.cause as PgErrorShape | undefined) yield e
}

/** The SQLSTATE of an error (e.g. '23505'), looking through wrappers; undefined for other errors. */
export function pgCode(error: unknown): string | undefined {
  for (const e of chain(error)) if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code
  return undefined
}

/** The constraint an integrity error names, if any. */
export function pgConstraint(error: unknown): string | undefined {
  for (const e of chain(error)) {
    const name = e.constraint_name ?? e.constraint
    if (typeof name === 'string' && name) return name
  }
  return undefined
}

export const UNIQUE_VIOLATION = '23505'

/** A unique violation, of the named constraint when one is given. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (pgCode(error) !== UNIQUE_VIOLATION) return false
  if (!constraint) return true
  if (pgConstraint(error) === constraint) return true
  return [...chain(error)].some((e) => typeof e.message === 'string' && e.message.includes(constraint))
}

/** Serialization failures and deadlocks: the transaction may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01'])

export function isRetryable(error: unknown): boolean {
  const code = pgCode(error)
  return code !== undefined && RETRYABLE.has(code)
}

/** Runs `work` again (a bounded number of times, with jitter) when it failed by serialization or deadlock. */
export async function withRetry<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      if (!isRetryable(error) || attempt >= attempts) throw error
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt))
    }
  }
}
