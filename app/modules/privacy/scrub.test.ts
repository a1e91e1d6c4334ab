import { describe, expect, it } from 'vitest'
import { SCRUB_MARK, scrubJson, scrubPattern, scrubText } from './scrub'

describe('removing a person’s name and address from text', () => {
  const pattern = scrubPattern(['Ann Berg', 'ann@berg.de'])!

  it('replaces whole words in any case, the address before the name', () => {
    expect(scrubText('Danke, ann berg! Schreib an ANN@berg.de.', pattern)).toBe(`Danke, ${SCRUB_MARK}! Schreib an ${SCRUB_MARK}.`)
  })

  it('leaves longer words and other addresses alone', () => {
    const short = scrubPattern(['Ann'])!
    expect(scrubText('Anna nahm die Annahme an; Ann nicht.', short)).toBe(`Anna nahm die Annahme an; ${SCRUB_MARK} nicht.`)
    expect(scrubText('joann@berg.de und ann@berg.dex', pattern)).toBe('joann@berg.de und ann@berg.dex')
  })

  it('treats the name as text, not as a pattern', () => {
    const odd = scrubPattern(['A.*(b'])!
    expect(scrubText('A.*(b und Axxb', odd)).toBe(`${SCRUB_MARK} und Axxb`)
  })

  it('never makes a text longer than the name it replaces', () => {
    expect(scrubText('Ann Berg', pattern).length).toBeLessThanOrEqual('Ann Berg'.length)
  })

  it('walks JSON values but keeps keys', () => {
    expect(scrubJson({ 'Ann Berg': ['ann berg', 3, null, { e: 'ann@berg.de' }] }, pattern)).toEqual({
      'Ann Berg': [SCRUB_MARK, 3, null, { e: SCRUB_MARK }],
    })
  })

  it('ignores blank words', () => {
    expect(scrubPattern(['', '  '])).toBeNull()
  })
})
