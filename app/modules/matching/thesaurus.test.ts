import { describe, expect, it } from 'vitest'
import { expandWords } from './thesaurus'

describe('expandWords', () => {
  it('adds the other languages’ words for what the text names', () => {
    const extra = expandWords('Bohrmaschine für Betonwand gesucht')
    expect(extra).toEqual(expect.arrayContaining(['drill', 'perceuse', 'boormachine', 'concrete', 'beton']))
    expect(extra).not.toContain('bohrmaschine')
  })
  it('needs every word of a multi-word entry', () => {
    expect(expandWords('sewing machine for costumes')).toContain('nahmaschine')
    expect(expandWords('a washing machine')).not.toContain('nahmaschine')
  })
  it('adds nothing for unknown words', () => {
    expect(expandWords('Quittengelee')).toEqual([])
  })
})
