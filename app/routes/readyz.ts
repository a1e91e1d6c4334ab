import { checkDatabase } from '~/utils/db.server'
import { isDatabaseUnavailable, noteDatabaseFailure } from '~/utils/db-errors.server'

/** Readiness: the database answers within a second, else 503. */
export async function loader() {
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 1000).unref())
  try {
    const result = await Promise.race([checkDatabase(), timeout])
    if (result === 'timeout') return text('database did not answer within 1 s', 503)
    return text('ready', 200)
  } catch (error) {
    if (isDatabaseUnavailable(error)) noteDatabaseFailure(error)
    return text('database unavailable', 503)
  }
}

function text(body: string, status: number) {
  return new Response(body, { status, headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' } })
}
