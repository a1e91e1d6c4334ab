import { describe, expect, it } from 'vitest'
import { contentOf, diffContent, type ListingContent, sameContent, statusAfterChange, statusOnReopen } from './review'

const base: ListingContent = {
  kind: 'offer',
  category: 'room',
  title: 'Seminarraum',
  description: 'Hell und ruhig.',
  language: 'de',
  details: { category: 'room', capacity: 12, areaSqm: 40, equipment: ['Beamer'] },
  compensation: 'reciprocal',
  priceCents: null,
  availableFrom: null,
  availableUntil: null,
  visibility: 'centre',
  bookable: false,
  photoIds: ['a', 'b'],
}

describe('sameContent', () => {
  it('ignores key order, absent versus null optional details and empty lists', () => {
    const reordered = JSON.parse(
      JSON.stringify({ ...base, details: { equipment: ['Beamer'], areaSqm: 40, capacity: 12, category: 'room' } }),
    )
    expect(sameContent(base, reordered)).toBe(true)
    const a = { ...base, details: { category: 'room' as const, capacity: 12, areaSqm: null, equipment: [] } }
    const b = { ...base, details: { category: 'room' as const, capacity: 12 } }
    expect(sameContent(a, b)).toBe(true)
  })

  it('sees every field, photo order included; nothing approved is never the same', () => {
    expect(sameContent(base, { ...base, title: 'Seminarraum ' })).toBe(false)
    expect(sameContent(base, { ...base, visibility: 'public' })).toBe(false)
    expect(sameContent(base, { ...base, details: { ...base.details, capacity: 13 } as ListingContent['details'] })).toBe(false)
    expect(sameContent(base, { ...base, photoIds: ['b', 'a'] })).toBe(false)
    expect(sameContent(null, base)).toBe(false)
  })

  it('contentOf copies the photo ids and maps missing optional columns to null', () => {
    const { photoIds: _photoIds, ...row } = base
    const ids = ['x']
    const content = contentOf(row, ids)
    ids.push('y')
    expect(content.photoIds).toEqual(['x'])
    expect(content.availableFrom).toBeNull()
  })
})

describe('status rules (ADR 059)', () => {
  it('a change in a pre-moderated centre goes to pending from every state but draft and hidden', () => {
    for (const status of ['active', 'paused', 'closed', 'pending'] as const) expect(statusAfterChange('pre', status, true)).toBe('pending')
    expect(statusAfterChange('pre', 'draft', true)).toBe('draft')
    expect(statusAfterChange('pre', 'hidden', true)).toBe('hidden')
    expect(statusAfterChange('pre', 'active', false)).toBe('active')
    for (const status of ['active', 'paused', 'hidden'] as const) expect(statusAfterChange('post', status, true)).toBe(status)
  })

  it('reopening in a pre-moderated centre is live only with exactly the approved content', () => {
    expect(statusOnReopen('pre', base, { ...base })).toBe('active')
    expect(statusOnReopen('pre', base, { ...base, description: 'neu' })).toBe('pending')
    expect(statusOnReopen('pre', null, base)).toBe('pending')
    expect(statusOnReopen('post', null, base)).toBe('active')
  })
})

describe('diffContent', () => {
  it('lists changed fields in form order with typed values, photos with what was added and removed', () => {
    const changes = diffContent(base, {
      ...base,
      title: 'Großer Seminarraum',
      details: { category: 'room', capacity: 12, areaSqm: 55, equipment: ['Beamer'] },
      compensation: 'paid',
      priceCents: 2500,
      availableFrom: '2030-01-01',
      photoIds: ['b', 'c'],
    })
    expect(changes.map((c) => c.field)).toEqual(['title', 'areaSqm', 'compensation', 'price', 'availableFrom', 'photos'])
    expect(changes[1]).toEqual({ field: 'areaSqm', before: { type: 'number', value: 40 }, after: { type: 'number', value: 55 } })
    expect(changes[3]).toEqual({ field: 'price', before: { type: 'none' }, after: { type: 'cents', value: 2500 } })
    expect(changes[5]!.photos).toEqual({ added: 1, removed: 1, reordered: false })
    expect(diffContent(base, { ...base, photoIds: ['b', 'a'] })[0]!.photos).toEqual({ added: 0, removed: 0, reordered: true })
  })

  it('a change of category shows the old and the new details', () => {
    const changes = diffContent(base, { ...base, category: 'tool', details: { category: 'tool', condition: 'good', depositCents: 500 } })
    expect(changes.map((c) => c.field)).toEqual(['category', 'capacity', 'areaSqm', 'equipment', 'condition', 'deposit'])
    expect(changes.find((c) => c.field === 'capacity')!.after).toEqual({ type: 'none' })
  })

  it('nothing changed, nothing listed', () => {
    expect(diffContent(base, { ...base })).toEqual([])
  })
})
