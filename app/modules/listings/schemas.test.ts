import { describe, expect, it } from 'vitest'
import {
  createListingSchema,
  detailsSchema,
  detailsToForm,
  editListingSchema,
  normaliseQuery,
  parsePercentToBasisPoints,
  parseSearchParams,
  searchHref,
  toStoredDetails,
} from './schemas'
import { centsToEuroInput, parseEurosToCents } from '~/utils/money'

const LIMIT = 500_000 // the centre's loan limit: 5,000 €
const details = detailsSchema({ loanLimitCents: LIMIT })

/** What conform hands the schema after coercion: numbers as numbers, empty fields absent. */
function errorsOf(input: Record<string, unknown>) {
  const result = details.safeParse(input)
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('per-category details', () => {
  it('accepts a complete room, tool, skill, loan and other', () => {
    expect(details.parse({ category: 'room', capacity: 12, areaSqm: 40, equipment: 'Beamer, Tische,\nKüche' })).toEqual({
      category: 'room',
      capacity: 12,
      areaSqm: 40,
      equipment: ['Beamer', 'Tische', 'Küche'],
    })
    expect(details.parse({ category: 'tool', condition: 'good', deposit: '25,50' })).toEqual({ category: 'tool', condition: 'good', deposit: 2550 })
    // a broken tool may be lent for parts or to be mended (matching marks it for needs that do not ask for that)
    expect(details.parse({ category: 'tool', condition: 'broken' })).toEqual({ category: 'tool', condition: 'broken' })
    expect(details.parse({ category: 'skill', estimatedHours: 6 })).toEqual({ category: 'skill', estimatedHours: 6 })
    expect(details.parse({ category: 'loan', amount: '1.500', termMonths: 12, interestRate: '1,5' })).toEqual({
      category: 'loan',
      amount: 150_000,
      termMonths: 12,
      interestRate: 150,
    })
    expect(details.parse({ category: 'other' })).toEqual({ category: 'other' })
  })

  it('reads only the chosen category’s fields (the others are in the form too, without JavaScript)', () => {
    expect(details.parse({ category: 'skill', estimatedHours: 3, capacity: 'abc', amount: 'x' })).toEqual({ category: 'skill', estimatedHours: 3 })
  })

  it.each([
    [{ category: 'room' }, 'capacity'],
    [{ category: 'room', capacity: 0 }, 'capacity'],
    [{ category: 'room', capacity: 1001 }, 'capacity'],
    [{ category: 'room', capacity: 2.5 }, 'capacity'],
    [{ category: 'room', capacity: 4, areaSqm: 0 }, 'areaSqm'],
    [{ category: 'room', capacity: 4, areaSqm: 10_001 }, 'areaSqm'],
    [{ category: 'room', capacity: 4, equipment: Array.from({ length: 21 }, (_, i) => `Ding ${i}`).join(',') }, 'equipment'],
    [{ category: 'room', capacity: 4, equipment: 'x'.repeat(61) }, 'equipment'],
    [{ category: 'tool', condition: 'kaputt' }, 'condition'],
    [{ category: 'tool', condition: 'good', deposit: '-5' }, 'deposit'],
    [{ category: 'tool', condition: 'good', deposit: '5000,01' }, 'deposit'],
    [{ category: 'tool', condition: 'good', deposit: '12,345' }, 'deposit'],
    [{ category: 'skill', estimatedHours: 0 }, 'estimatedHours'],
    [{ category: 'skill', estimatedHours: 1001 }, 'estimatedHours'],
    [{ category: 'loan', termMonths: 12 }, 'amount'],
    [{ category: 'loan', amount: '0,99', termMonths: 12 }, 'amount'],
    [{ category: 'loan', amount: '5000,01', termMonths: 12 }, 'amount'],
    [{ category: 'loan', amount: '100', termMonths: 0 }, 'termMonths'],
    [{ category: 'loan', amount: '100', termMonths: 121 }, 'termMonths'],
    [{ category: 'loan', amount: '100', termMonths: 12, interestRate: '15,01' }, 'interestRate'],
    [{ category: 'loan', amount: '100', termMonths: 12, interestRate: 'viel' }, 'interestRate'],
    [{ category: 'castle' }, 'category'],
  ])('refuses %j (field %s)', (input, field) => {
    const errors = errorsOf(input)
    expect(errors.some((e) => e.startsWith(`${field}:`)), errors.join('; ')).toBe(true)
  })

  it('bounds the loan by the centre’s own limit', () => {
    const small = detailsSchema({ loanLimitCents: 100_000 })
    expect(small.safeParse({ category: 'loan', amount: '1000', termMonths: 6 }).success).toBe(true)
    const tooMuch = small.safeParse({ category: 'loan', amount: '1000,01', termMonths: 6 })
    expect(tooMuch.success).toBe(false)
    expect(tooMuch.error?.issues[0]?.message).toBe('listings.errors.moneyTooBig?maximum=1000')
  })

  it('stores details in cents and basis points, and gives them back to the form unchanged', () => {
    for (const input of [
      { category: 'room', capacity: 8, areaSqm: 30, equipment: 'PA, Schlagzeug' },
      { category: 'tool', condition: 'used', deposit: '12.50' },
      { category: 'loan', amount: '2500', termMonths: 24, interestRate: '2.25' },
      { category: 'skill', estimatedHours: 4 },
    ]) {
      const stored = toStoredDetails(details.parse(input), 'offer')
      const back = detailsToForm(stored)
      const reparsed = toStoredDetails(
        details.parse({ ...back, ...(back.capacity ? { capacity: Number(back.capacity), areaSqm: Number(back.areaSqm) } : {}), ...(back.termMonths ? { termMonths: Number(back.termMonths) } : {}), ...(back.estimatedHours ? { estimatedHours: Number(back.estimatedHours) } : {}) }),
        'offer',
      )
      expect(reparsed).toEqual(stored)
    }
    expect(toStoredDetails(details.parse({ category: 'loan', amount: '100', termMonths: 1 }), 'need')).toEqual({
      category: 'loan',
      amountCents: 10_000,
      termMonths: 1,
      interestRateBasisPoints: 0,
    })
  })
})

describe('the whole listing', () => {
  const base = {
    initiativeId: '8d3c4f0e-1b2a-4c3d-9e8f-0a1b2c3d4e5f',
    kind: 'offer',
    title: 'Bohrmaschine',
    description: 'Eine gute Bohrmaschine.',
    language: 'de',
    compensation: 'reciprocal',
    visibility: 'centre',
    details: { category: 'tool', condition: 'good' },
  }
  const schema = createListingSchema({ loanLimitCents: LIMIT })

  it('yields the stored shape', () => {
    expect(schema.parse({ ...base, bookable: 'on' })).toMatchObject({
      category: 'tool',
      priceCents: null,
      availableFrom: null,
      bookable: true,
      details: { category: 'tool', condition: 'good', depositCents: null },
    })
  })

  it('asks for a price only when paid, and drops a price otherwise', () => {
    expect(schema.safeParse({ ...base, compensation: 'paid' }).error?.issues.map((i) => i.path.join('.'))).toEqual(['price'])
    expect(schema.parse({ ...base, compensation: 'paid', price: '12,50' }).priceCents).toBe(1250)
    expect(schema.parse({ ...base, price: '12,50' }).priceCents).toBeNull()
  })

  it('wants the window in order', () => {
    const result = schema.safeParse({ ...base, availableFrom: '2027-05-01', availableUntil: '2027-04-30' })
    expect(result.error?.issues[0]).toMatchObject({ path: ['availableUntil'], message: 'listings.errors.windowOrder' })
    expect(schema.safeParse({ ...base, availableFrom: '2027-13-01' }).success).toBe(false)
  })

  it('bounds title and description, and needs a uuid for the initiative', () => {
    expect(schema.safeParse({ ...base, title: 'ab' }).success).toBe(false)
    expect(schema.safeParse({ ...base, title: 'x'.repeat(121) }).success).toBe(false)
    expect(schema.safeParse({ ...base, description: 'x'.repeat(5001) }).success).toBe(false)
    expect(schema.safeParse({ ...base, initiativeId: 'not-a-uuid' }).success).toBe(false)
  })

  it('books only offered rooms and tools', () => {
    expect(schema.parse({ ...base, kind: 'need', bookable: 'on' }).bookable).toBe(false)
    expect(schema.parse({ ...base, details: { category: 'skill' }, bookable: 'on' }).bookable).toBe(false)
  })

  it('the edit schema has no initiative: a listing never changes hands', () => {
    const parsed = editListingSchema({ loanLimitCents: LIMIT }).parse(base)
    expect('initiativeId' in parsed).toBe(false)
  })
})

/**
 * What each kind of listing must say about each category (PRODUCT.md, "listing"): the condition
 * and the deposit describe a tool someone has, so only an offer gives them; a need says how many
 * people the room is for, how much money for how long, as an offer does.
 */
const REQUIRED_DETAILS = {
  offer: { room: ['capacity'], tool: ['condition'], skill: [], loan: ['amount', 'termMonths'], other: [] },
  need: { room: ['capacity'], tool: [], skill: [], loan: ['amount', 'termMonths'], other: [] },
} as const

describe('details by kind', () => {
  const schema = createListingSchema({ loanLimitCents: LIMIT })
  const listing = (kind: string, details: Record<string, unknown>) => ({
    initiativeId: '8d3c4f0e-1b2a-4c3d-9e8f-0a1b2c3d4e5f',
    kind,
    title: 'Etwas',
    description: 'Etwas Genaueres.',
    language: 'de',
    compensation: 'reciprocal',
    visibility: 'centre',
    details,
  })

  for (const kind of ['offer', 'need'] as const) {
    for (const [category, required] of Object.entries(REQUIRED_DETAILS[kind])) {
      it(`a ${kind} of the category ${category} must give ${required.length ? required.join(' and ') : 'no details'}`, () => {
        const result = schema.safeParse(listing(kind, { category }))
        const missing = result.success ? [] : result.error.issues.map((i) => i.path.join('.'))
        expect(missing).toEqual(required.map((field) => `details.${field}`))
      })
    }
  }

  it('a needed tool is stored without a condition or a deposit, even when the form sent them', () => {
    expect(schema.parse(listing('need', { category: 'tool' })).details).toEqual({ category: 'tool' })
    expect(schema.parse(listing('need', { category: 'tool', condition: 'good', deposit: '25' })).details).toEqual({ category: 'tool' })
    expect(editListingSchema({ loanLimitCents: LIMIT }).parse(listing('need', { category: 'tool', condition: 'worn' })).details).toEqual({ category: 'tool' })
  })

  it('an offered tool keeps its condition and deposit; a wrong condition is still refused for a need', () => {
    expect(schema.parse(listing('offer', { category: 'tool', condition: 'used', deposit: '25,50' })).details).toEqual({
      category: 'tool',
      condition: 'used',
      depositCents: 2550,
    })
    const wrong = schema.safeParse(listing('need', { category: 'tool', condition: 'kaputt' }))
    expect(wrong.error?.issues.map((i) => i.path.join('.'))).toEqual(['details.condition'])
  })

  it('the required condition of an offer says so in the form’s words', () => {
    const result = schema.safeParse(listing('offer', { category: 'tool' }))
    expect(result.error?.issues[0]?.message).toBe('validation.required')
  })

  it('a needed tool goes back to the form with an empty condition', () => {
    expect(detailsToForm({ category: 'tool' })).toEqual({ category: 'tool', condition: '', deposit: '' })
  })
})

describe('money and percent', () => {
  it.each([
    ['12', 1200],
    ['12,5', 1250],
    ['12.50', 1250],
    ['1.500', 150_000],
    ['1.234,56', 123_456],
    ['1,234.56', 123_456],
    ['1,234,567', 123_456_700],
    ['25 €', 2500],
    ['0', 0],
  ])('%s € is %i cents', (input, cents) => {
    expect(parseEurosToCents(input)).toBe(cents)
  })

  it.each(['', 'abc', '-5', '12,345', '1.2.3,4,5', '12.5.', '1e3'])('%j is not an amount', (input) => {
    expect(parseEurosToCents(input)).toBeNull()
  })

  it('writes cents back unambiguously', () => {
    expect(centsToEuroInput(150_000)).toBe('1500')
    expect(centsToEuroInput(1250)).toBe('12.50')
    expect(parseEurosToCents(centsToEuroInput(123_456))).toBe(123_456)
    expect(centsToEuroInput(null)).toBe('')
  })

  it('reads percent as basis points', () => {
    expect(parsePercentToBasisPoints('1,5')).toBe(150)
    expect(parsePercentToBasisPoints('0')).toBe(0)
    expect(parsePercentToBasisPoints('2.25 %')).toBe(225)
    expect(parsePercentToBasisPoints('1.234')).toBeNull()
  })
})

describe('search parameters', () => {
  it('keeps what is usable and ignores the rest', () => {
    expect(parseSearchParams(new URLSearchParams('q=  Bohr\u0000maschine   gesucht &kind=need&category=tool&page=3'))).toEqual({
      q: 'Bohr maschine gesucht',
      kind: 'need',
      category: 'tool',
      page: 3,
    })
    expect(parseSearchParams(new URLSearchParams('kind=everything&category=castle&page=-2'))).toEqual({ q: '', kind: null, category: null, page: 1 })
    expect(parseSearchParams(new URLSearchParams('page=9999')).page).toBe(25)
    expect(parseSearchParams(new URLSearchParams('page=2.5')).page).toBe(1)
  })

  it('caps the words', () => {
    expect(normaliseQuery('a'.repeat(500))).toHaveLength(200)
  })

  it('builds page links that keep the filters', () => {
    const current = { q: 'Räume', kind: 'offer' as const, category: null, page: 2 }
    expect(searchHref('/c/x/listings', current, { page: 3 })).toBe('/c/x/listings?q=R%C3%A4ume&kind=offer&page=3')
    expect(searchHref('/c/x/listings', current, { kind: null })).toBe('/c/x/listings?q=R%C3%A4ume')
  })
})
