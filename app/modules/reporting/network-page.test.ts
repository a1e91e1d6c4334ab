import { describe, expect, it } from 'vitest'
import { type NetworkRow, parseNetworkQuery, viewNetwork } from './network-page.server'

function row(name: string, values: Partial<NetworkRow> = {}): NetworkRow {
  return {
    id: name,
    slug: name.toLowerCase(),
    name,
    city: 'Bremen',
    country: 'DE',
    foundingYear: null,
    legalForm: null,
    activeInitiatives: 0,
    exchanges: 0,
    minutes: 0,
    cents: 0,
    offers: [],
    financing: null,
    from: '2025-01-01',
    to: '2026-01-01',
    ...values,
  }
}

const rows = [
  row('Lagerhaus', { minutes: 600, foundingYear: 1978, offers: ['room', 'skill'] }),
  row('Ökozentrum', { minutes: 1200, country: 'DE', foundingYear: 1984, offers: ['tool'] }),
  row('Maison', { minutes: 60, country: 'FR', city: 'Lille', offers: ['room'] }),
  row('Buurthuis', { minutes: 600, country: 'NL', foundingYear: 2001 }),
]
const names = (list: NetworkRow[]) => list.map((r) => r.name)
const q = (query: string) => parseNetworkQuery(new URLSearchParams(query), ['DE', 'FR', 'NL'])

describe('the network page query', () => {
  it('defaults to names A to Z and sorts numbers largest first on the first click', () => {
    expect(q('')).toEqual({ country: null, offers: null, sort: 'name', dir: 'asc' })
    expect(q('sort=hours')).toEqual({ country: null, offers: null, sort: 'hours', dir: 'desc' })
  })

  it('ignores what it does not know', () => {
    expect(q('country=XX&offers=loan&sort=drop table&dir=up')).toEqual({ country: null, offers: null, sort: 'name', dir: 'asc' })
    expect(q('country=FR&offers=room&sort=value&dir=asc')).toEqual({ country: 'FR', offers: 'room', sort: 'value', dir: 'asc' })
  })

  it('sorts by names in the reader’s collation and by hours, ties by name', () => {
    expect(names(viewNetwork(rows, q(''), 'de'))).toEqual(['Buurthuis', 'Lagerhaus', 'Maison', 'Ökozentrum'])
    expect(names(viewNetwork(rows, q('sort=hours'), 'de'))).toEqual(['Ökozentrum', 'Buurthuis', 'Lagerhaus', 'Maison'])
    expect(names(viewNetwork(rows, q('sort=hours&dir=asc'), 'de'))).toEqual(['Maison', 'Buurthuis', 'Lagerhaus', 'Ökozentrum'])
  })

  it('puts centres without a value last in either direction', () => {
    expect(names(viewNetwork(rows, q('sort=founded&dir=asc'), 'de'))).toEqual(['Lagerhaus', 'Ökozentrum', 'Buurthuis', 'Maison'])
    expect(names(viewNetwork(rows, q('sort=founded&dir=desc'), 'de'))).toEqual(['Buurthuis', 'Ökozentrum', 'Lagerhaus', 'Maison'])
  })

  it('filters by country and by what a centre offers', () => {
    expect(names(viewNetwork(rows, q('country=DE'), 'de'))).toEqual(['Lagerhaus', 'Ökozentrum'])
    expect(names(viewNetwork(rows, q('offers=room'), 'de'))).toEqual(['Lagerhaus', 'Maison'])
    expect(names(viewNetwork(rows, q('country=DE&offers=room'), 'de'))).toEqual(['Lagerhaus'])
  })

  it('sorts the financing column by the share of mutual help, centres without a published year last', () => {
    const mix = (share: number) => ({ year: 2025, elements: [], mutualHelpShare: share })
    const withMix = [row('A', { financing: mix(0.05) }), row('B'), row('C', { financing: mix(0.2) }), row('D', { financing: mix(0.1) })]
    expect(names(viewNetwork(withMix, q('sort=financing'), 'de'))).toEqual(['C', 'D', 'A', 'B'])
    expect(names(viewNetwork(withMix, q('sort=financing&dir=asc'), 'de'))).toEqual(['A', 'D', 'C', 'B'])
  })
})
