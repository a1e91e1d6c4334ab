import { describe, expect, it } from 'vitest'
import { changePercent, circleLayout, letterFor, niceMax } from './anonymise'

describe('letterFor', () => {
  it('counts like spreadsheet columns', () => {
    expect([0, 1, 25, 26, 27, 51, 52].map(letterFor)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA'])
  })
})

describe('circleLayout', () => {
  it('starts at the top and is deterministic', () => {
    const points = circleLayout(4, 100, 100, 50)
    expect(points.map(({ x, y }) => [x, y])).toEqual([
      [100, 50],
      [150, 100],
      [100, 150],
      [50, 100],
    ])
  })
})

describe('niceMax and changePercent', () => {
  it('rounds axes up and compares periods', () => {
    expect(niceMax(0)).toBe(1)
    expect(niceMax(7)).toBe(10)
    expect(niceMax(13)).toBe(20)
    expect(niceMax(41)).toBe(50)
    expect(changePercent(150, 100)).toBe(50)
    expect(changePercent(0, 0)).toBe(0)
    expect(changePercent(5, 0)).toBeNull()
  })
})

describe('anonymiseText', () => {
  it('replaces names and slugs, longest first, case-insensitively', async () => {
    const { anonymiseText } = await import('./anonymise')
    const initiatives = [
      { id: '1', name: 'Radwerk', slug: 'radwerk' },
      { id: '2', name: 'Radwerk Kollektiv', slug: 'radwerk-kollektiv' },
      { id: '3', name: 'Foodcoop', slug: 'foodcoop' },
    ]
    const letters = new Map([
      ['1', 'Initiative A'],
      ['2', 'Initiative B'],
    ])
    expect(anonymiseText('Radwerk Kollektiv half radwerk and the FOODCOOP.', initiatives, letters)).toBe(
      'Initiative B half Initiative A and the ***.',
    )
  })
})
