import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  classifyDatabaseError,
  databaseSeemsDown,
  describeDatabaseError,
  handleDatabaseError,
  LOG_EVERY_MS,
  noteConnectionClosed,
  noteDatabaseBack,
  noteDatabaseFailure,
  setDatabaseLogWriter,
  unavailableDataResponse,
  unavailableStatus,
} from './db-errors.server'

function coded(code: string, message = code, name = 'Error') {
  return Object.assign(new Error(message), { code, name })
}
/** What drizzle throws: its own error, the query and parameters in the message, the driver's error as cause. */
function drizzle(cause: unknown) {
  return Object.assign(new Error('Failed query: select "email" from "users" where "email" = $1\nparams: someone@example.org'), { cause })
}

describe('classifyDatabaseError', () => {
  it.each([
    ['refused', coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['reset', coded('ECONNRESET')],
    ['postgres.js closed', coded('CONNECTION_CLOSED', 'write CONNECTION_CLOSED 127.0.0.1:5432')],
    ['postgres.js connect timeout', coded('CONNECT_TIMEOUT')],
    ['admin shutdown', coded('57P01', 'terminating connection due to administrator command', 'PostgresError')],
    ['starting up', coded('57P03', 'the database system is starting up', 'PostgresError')],
    ['connection exception', coded('08006', 'connection failure', 'PostgresError')],
    ['too many connections', coded('53300', 'sorry, too many clients already', 'PostgresError')],
    ['disk full', coded('53100', 'could not extend file: No space left on device', 'PostgresError')],
    ['wrong password', coded('28P01', 'password authentication failed for user "viertel"', 'PostgresError')],
    ['no pg_hba entry', coded('28000', 'no pg_hba.conf entry for host "10.0.0.5"', 'PostgresError')],
    ['no such database', coded('3D000', 'database "viertel" does not exist', 'PostgresError')],
    ['not accepting connections', coded('55000', 'database "viertel" is not currently accepting connections', 'PostgresError')],
  ])('%s is unavailability, also wrapped by drizzle', (_, error) => {
    expect(classifyDatabaseError(error)).toBe('unavailable')
    expect(classifyDatabaseError(drizzle(error))).toBe('unavailable')
  })

  it('finds a refused connection inside an AggregateError (localhost: both ::1 and 127.0.0.1 refused)', () => {
    const aggregate = Object.assign(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]), { code: 'ECONNREFUSED' })
    expect(classifyDatabaseError(drizzle(aggregate))).toBe('unavailable')
    const bare = new AggregateError([coded('ECONNREFUSED')])
    expect(classifyDatabaseError(bare)).toBe('unavailable')
  })

  it('a statement timeout is a slow query, not an outage', () => {
    expect(classifyDatabaseError(drizzle(coded('57014', 'canceling statement due to statement timeout', 'PostgresError')))).toBe('timeout')
  })

  it('ordinary errors are not the database being away', () => {
    expect(classifyDatabaseError(drizzle(coded('23505', 'duplicate key', 'PostgresError')))).toBeNull()
    expect(classifyDatabaseError(coded('40001', 'could not serialize', 'PostgresError'))).toBeNull()
    // 55000 is also the app's own mistake (e.g. a sequence's currval before nextval)
    expect(classifyDatabaseError(coded('55000', 'currval of sequence "s" is not yet defined in this session', 'PostgresError'))).toBeNull()
    expect(classifyDatabaseError(new TypeError('x is undefined'))).toBeNull()
    expect(classifyDatabaseError(new Response(null, { status: 404 }))).toBeNull()
    expect(classifyDatabaseError(null)).toBeNull()
    expect(classifyDatabaseError('ECONNREFUSED')).toBeNull()
  })

  it('describes the driver error, never drizzle’s message with the parameters', () => {
    const text = describeDatabaseError(drizzle(coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')))
    expect(text).toBe('connect ECONNREFUSED 127.0.0.1:5432')
    expect(describeDatabaseError(drizzle(coded('57P01', 'terminating connection due to administrator command')))).toBe(
      '57P01: terminating connection due to administrator command',
    )
    expect(text).not.toContain('example.org')
  })
})

const lines: string[] = []
beforeEach(() => setDatabaseLogWriter((line) => lines.push(line)))

describe('the outage log', () => {
  afterEach(() => {
    noteDatabaseBack()
    lines.length = 0
  })

  it('one line when the database goes, at most one per interval while away, one when back', () => {
    const refused = coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')
    const t0 = 1_000_000
    for (let i = 0; i < 50; i++) noteDatabaseFailure(refused, t0 + i * 100) // 5 s of failures
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/database unavailable \(connect ECONNREFUSED 127\.0\.0\.1:5432\)/)
    noteDatabaseFailure(refused, t0 + LOG_EVERY_MS)
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatch(/still unavailable after 10 s \(50 failed requests since the last line/)
    expect(databaseSeemsDown()).toBe(true)
    noteDatabaseBack(t0 + 42_000)
    expect(lines[2]).toBe('Viertel: database back after 42 s')
    expect(databaseSeemsDown()).toBe(false)
    noteDatabaseBack()
    expect(lines).toHaveLength(3)
    for (const line of lines) expect(line).not.toContain('\n')
  })

  it('a closed pool connection makes the database worth a check, until it answers', () => {
    expect(databaseSeemsDown()).toBe(false)
    noteConnectionClosed()
    expect(databaseSeemsDown()).toBe(true)
    noteDatabaseBack()
    expect(databaseSeemsDown()).toBe(false)
    expect(lines).toHaveLength(0)
  })
})

describe('status of a request that failed on the database', () => {
  afterEach(() => {
    noteDatabaseBack()
    lines.length = 0
  })

  it('is 503 with Retry-After for pages and data requests; other requests keep theirs', async () => {
    // the load context: one object per request, handed by Remix to handleError, handleRequest, handleDataRequest
    const failed = { cspNonce: 'a' }
    const other = { cspNonce: 'b' }
    expect(handleDatabaseError(drizzle(coded('ECONNREFUSED')), failed)).toBe(true)
    expect(handleDatabaseError(new Error('a bug'), other)).toBe(false)

    const headers = new Headers()
    expect(unavailableStatus(failed, 500, headers)).toBe(503)
    expect(headers.get('Retry-After')).toBe('10')
    const untouched = new Headers()
    expect(unavailableStatus(other, 500, untouched)).toBe(500)
    expect(untouched.has('Retry-After')).toBe(false)

    const data = unavailableDataResponse(failed, new Response('turbo', { status: 500 }))
    expect(data.status).toBe(503)
    expect(data.headers.get('Retry-After')).toBe('10')
    expect(await data.text()).toBe('turbo')
    const fine = new Response('ok', { status: 200 })
    expect(unavailableDataResponse(other, fine)).toBe(fine)
  })

  it('a statement timeout is a 503 too, but logged as an error by the caller (returns false)', () => {
    const context = {}
    expect(handleDatabaseError(coded('57014', 'canceling statement', 'PostgresError'), context)).toBe(false)
    expect(unavailableStatus(context, 500, new Headers())).toBe(503)
    expect(unavailableStatus(undefined, 500, new Headers())).toBe(500)
    expect(databaseSeemsDown()).toBe(false)
  })
})
