import { describe, expect, it } from 'vitest'
import { parseEurosToCents } from './money'
import { eurosValue, hoursValue } from './format'

describe('figures as form defaults', () => {
  it('use the reader’s decimal mark, as the fields’ hints do ("z. B. 1,5")', () => {
    expect(hoursValue('de', 90)).toBe('1,5')
    expect(hoursValue('en', 90)).toBe('1.5')
    expect(hoursValue('fr', 120)).toBe('2')
    expect(eurosValue('de', 100_050)).toBe('1000,50')
    expect(eurosValue('nl', 8_338)).toBe('83,38')
    expect(eurosValue('en', 100_050)).toBe('1000.50')
    expect(eurosValue('de', null)).toBe('')
    expect(hoursValue('de', 0)).toBe('')
  })
  it('are read back as the same amount', () => {
    for (const locale of ['de', 'en', 'fr', 'nl'] as const) {
      for (const cents of [1, 99, 100, 8_338, 100_050, 9_999_999]) expect(parseEurosToCents(eurosValue(locale, cents))).toBe(cents)
    }
  })
})
