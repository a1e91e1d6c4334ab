import { DrizzleQueryError } from 'drizzle-orm/errors'
import { describe, expect, it } from 'vitest'
import { withoutValues } from './logger.server'

describe('withoutValues', () => {
  it('keeps a failed statement’s SQL and drops its values, in the message, the stack, the properties and the cause', () => {
    const photo = Buffer.from('JFIF\nsecret pixels\n    at nothing', 'latin1')
    const cause = Object.assign(new Error('new row for relation "listing_photos" violates check constraint "listing_photos_position_range"'), {
      code: '23514',
      constraint: 'listing_photos_position_range',
      detail: 'Failing row contains (…, anna@example.test, …).',
    })
    const error = new DrizzleQueryError('insert into "listing_photos" ("bytes", "position") values ($1, $2)', [photo, 4, 'anna@example.test'], cause)
    const safe = withoutValues(error) as Error & { query: string; params: unknown; cause: Error & Record<string, unknown> }
    const text = JSON.stringify({ message: safe.message, stack: safe.stack, params: safe.params, cause: { ...safe.cause, message: safe.cause.message } })
    expect(text).not.toContain('anna@example.test')
    expect(text).not.toContain('secret pixels')
    expect(safe.message).toBe('Failed query: insert into "listing_photos" ("bytes", "position") values ($1, $2)\nparams: (not logged)')
    expect(safe.query).toBe('insert into "listing_photos" ("bytes", "position") values ($1, $2)')
    expect(safe.stack).toMatch(/^Error: Failed query: insert into[\s\S]*params: \(not logged\)\n {4}at /)
    expect(safe.cause).toMatchObject({ code: '23514', constraint: 'listing_photos_position_range', detail: '(not logged)' })
    expect(safe.cause.message).toContain('violates check constraint')
  })

  it('leaves other errors and values as they are', () => {
    const plain = new TypeError('x is not a function')
    expect((withoutValues(plain) as Error).message).toBe('x is not a function')
    expect((withoutValues(plain) as Error).name).toBe('TypeError')
    expect(withoutValues('text')).toBe('text')
    expect(withoutValues(null)).toBe(null)
  })
})
