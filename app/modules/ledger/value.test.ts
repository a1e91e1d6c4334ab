import { describe, expect, it } from 'vitest'
import { inKindCents } from './value'

describe('in-kind value of help', () => {
  it('takes the value the exchange names', () => {
    expect(inKindCents(90, 4500, 2000)).toBe(4500)
    expect(inKindCents(0, 1234, 2000)).toBe(1234)
  })
  it('else values the hours at the centre’s hour value, in whole cents, rounded half up', () => {
    expect(inKindCents(60, null, 2000)).toBe(2000)
    expect(inKindCents(90, null, 2000)).toBe(3000)
    expect(inKindCents(50, null, 2000)).toBe(1667) // 1666.67
    expect(inKindCents(1, null, 2000)).toBe(33) // 33.33
    expect(inKindCents(1, null, 1530)).toBe(26) // 25.5 → 26
    expect(inKindCents(60_000, null, 100_000)).toBe(100_000_000)
  })
  it('is zero without hours or value', () => {
    expect(inKindCents(0, null, 2000)).toBe(0)
  })
})
