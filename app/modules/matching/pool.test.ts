import { describe, expect, it } from 'vitest'
import { commonInPool } from './candidates.server'

describe('stems common in a pool of candidates (commonInPool)', () => {
  it('marks a stem shared with at least a tenth of the candidates and at least five of them', () => {
    const pool = [
      ...Array.from({ length: 30 }, () => ['raum']),
      ['raum', 'dunkelkamm'],
      ['dunkelkamm'],
      ...Array.from({ length: 8 }, () => ['salle', 'raum']),
    ]
    // raum: 39 of 40; salle: 8 of 40 (a fifth); dunkelkamm: 2
    expect(commonInPool(pool)).toEqual(new Set(['raum', 'salle']))
  })

  it('needs five candidates: in a small pool the one word that matters is not common', () => {
    const pool = [['beamer'], ['beamer'], ['beamer'], ['beamer'], [], [], null]
    expect(commonInPool(pool)).toEqual(new Set())
    expect(commonInPool([...pool, ['beamer']])).toEqual(new Set(['beamer']))
  })

  it('counts a candidate once however often it lists a stem, and not over a tenth of a big pool', () => {
    const pool = [...Array.from({ length: 5 }, () => ['werkstatt', 'werkstatt']), ...Array.from({ length: 95 }, (_, i) => [`other${i}`])]
    expect(commonInPool(pool).has('werkstatt')).toBe(false)
    expect(commonInPool([...pool.slice(0, 5), ...pool.slice(5, 50)]).has('werkstatt')).toBe(true)
  })

  it('is empty for no candidates', () => {
    expect(commonInPool([])).toEqual(new Set())
  })
})
