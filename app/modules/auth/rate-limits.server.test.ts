import { describe, expect, it } from 'vitest'
import { loginWaitSeconds } from './rate-limits.server'

describe('loginWaitSeconds', () => {
  it('lets 4 failures pass, then waits 1 minute, doubling, at most 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 50, 10_000].map(loginWaitSeconds)).toEqual([
      0, 0, 0, 0, 60, 120, 240, 480, 900, 900, 900, 900,
    ])
  })
})
