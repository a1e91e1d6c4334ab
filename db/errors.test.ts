import { describe, expect, it } from 'vitest'
import { isRetryable, isUniqueViolation, pgCode, pgConstraint, withRetry } from './errors'
import { rowsOf } from './rows'

describe('db/errors', () => {
  it('reads the SQLSTATE through wrappers, and only a SQLSTATE', () => {
    expect(pgCode({ code: '23505' })).toBe('23505')
    expect(pgCode(new Error('query failed', { cause: { code: '40P01' } }))).toBe('40P01')
    expect(pgCode({ code: 'ECONNREFUSED' })).toBeUndefined()
    expect(pgCode(null)).toBeUndefined()
  })

  it('names the constraint from either driver', () => {
    expect(pgConstraint({ constraint_name: 'a' })).toBe('a')
    expect(pgConstraint({ cause: { constraint: 'b' } })).toBe('b')
    expect(isUniqueViolation({ code: '23505', constraint_name: 'x' }, 'x')).toBe(true)
    expect(isUniqueViolation({ code: '23505', constraint_name: 'x' }, 'y')).toBe(false)
    expect(isUniqueViolation({ code: '23503' })).toBe(false)
  })

  it('retries serialization failures and deadlocks a bounded number of times, nothing else', async () => {
    expect(isRetryable({ code: '40001' })).toBe(true)
    expect(isRetryable({ code: '23505' })).toBe(false)
    let calls = 0
    await expect(
      withRetry(async () => {
        calls++
        throw Object.assign(new Error('conflict'), { code: '40001' })
      }, 3),
    ).rejects.toThrow('conflict')
    expect(calls).toBe(3)
    calls = 0
    await expect(
      withRetry(async () => {
        calls++
        throw Object.assign(new Error('bug'), { code: '23505' })
      }),
    ).rejects.toThrow('bug')
    expect(calls).toBe(1)
    calls = 0
    expect(await withRetry(async () => (++calls < 2 ? Promise.reject(Object.assign(new Error(), { code: '40P01' })) : 'done'))).toBe('done')
  })
})

describe('db/rows', () => {
  it('takes rows from either driver and refuses anything else', () => {
    expect(rowsOf([{ a: 1 }])).toEqual([{ a: 1 }])
    expect(rowsOf({ rows: [{ a: 2 }] })).toEqual([{ a: 2 }])
    expect(() => rowsOf({ count: 1 })).toThrow(TypeError)
  })
})
