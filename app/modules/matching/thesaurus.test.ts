import { describe, expect, it } from 'vitest'
import { expandWords, roomKindsOf, THESAURUS } from './thesaurus'

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
  it('finds a known word at the start or the end of a German compound, not in its middle', () => {
    expect(expandWords('Schlagbohrmaschine')).toEqual(expect.arrayContaining(['drill', 'hammer']))
    expect(expandWords('Betonwand')).toContain('concrete')
    // "Umzugshelfer" holds the letters of "shelf", but is about moving, not furniture
    const moving = expandWords('Umzugshelfer')
    expect(moving).toContain('moving')
    expect(moving).not.toContain('furniture')
  })
  it('finds words marked whole-word only as words of their own', () => {
    expect(expandWords('Leiter')).toContain('ladder')
    expect(expandWords('Projektleiter')).not.toContain('ladder')
    expect(expandWords('nach Vereinbarung')).not.toContain('association')
    expect(expandWords('unsere gemeinsamen Beete')).not.toContain('seeds')
  })
  it('reads multi-word entries with elided articles (“atelier d’artiste”)', () => {
    expect(expandWords("atelier d'artiste")).toContain('kunstleratelier')
  })
  it('has at least two terms in every group', () => {
    for (const group of THESAURUS) expect(group.length).toBeGreaterThan(1)
  })
})

describe('roomKindsOf', () => {
  it('names the kind of room in any of the four languages', () => {
    expect(roomKindsOf('Bewegungsraum mit Schwingboden')).toEqual(['movement'])
    expect(roomKindsOf('Dance studio with sprung floor')).toEqual(['movement'])
    expect(roomKindsOf('Büro mit drei Schreibtischen')).toEqual(['office'])
    expect(roomKindsOf('Salle de réunion pour 12 personnes')).toEqual(['meeting'])
    expect(roomKindsOf('Opslagruimte, droog')).toEqual(['storage'])
  })
  it('may name several kinds, or none', () => {
    expect(roomKindsOf('Turnhalle')).toEqual(['hall', 'movement'])
    expect(roomKindsOf('Raum für 20 Personen')).toEqual([])
  })
})
