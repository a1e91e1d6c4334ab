import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evaluate, readEvalSet } from '../fixtures/matching-eval/run'
import { createTestDatabase, type TestDatabase } from '../setup/db'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

describe('matching quality on the hand-labelled set (docs/matching.md)', () => {
  it('is a set of at least 30 needs among at least 300 listings in all four languages', () => {
    const set = readEvalSet()
    expect(set.needs.length).toBeGreaterThanOrEqual(30)
    expect(set.listings.length).toBeGreaterThanOrEqual(300)
    expect(new Set(set.listings.map((l) => l.language))).toEqual(new Set(['de', 'en', 'fr', 'nl']))
    const keys = new Set(set.listings.map((l) => l.key))
    for (const n of set.needs) {
      expect(keys.has(n.need)).toBe(true)
      for (const r of n.relevant) expect(keys.has(r), r).toBe(true)
    }
  })

  it('puts correct offers in the top 3 (precision@3 ≥ 0.8) and finds most of them in the top 10', async () => {
    const result = await evaluate(database.db)
    expect(result.precisionAt3).toBeGreaterThanOrEqual(0.8)
    expect(result.recallAt10).toBeGreaterThanOrEqual(0.8)
  }, 120_000)
})
