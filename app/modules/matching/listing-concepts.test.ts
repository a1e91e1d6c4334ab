import { describe, expect, it } from 'vitest'
import { widening } from './candidates.server'
import { conceptTermsOf, MAX_CONCEPTS, readConceptChoice, settleConcepts } from './listing-concepts.server'
import { conceptMarker, seedThesaurus } from './thesaurus'

const form = (entries: [string, string][]) => {
  const data = new FormData()
  for (const [k, v] of entries) data.append(k, v)
  return data
}

describe('settleConcepts (what a listing form saves)', () => {
  const text = 'Beamer für Filmabend gesucht'
  it('takes the recogniser’s concepts when no chip was shown (a browser without JS)', () => {
    // nobody saw a chip: the concepts are the recogniser's, decided by nobody (they follow the vocabulary)
    expect(settleConcepts(seedThesaurus, text, 'de', 'de', { offered: [], chosen: [] })).toEqual({ ok: true, concepts: ['film-screening', 'projector'], seen: [] })
  })

  it('keeps a chip that was shown and unticked off, and keeps what the author ticked', () => {
    const settled = settleConcepts(seedThesaurus, text, 'de', 'de', { offered: ['film-screening', 'projector'], chosen: ['projector'] })
    // both were decided on: the one kept and the one removed
    expect(settled).toEqual({ ok: true, concepts: ['projector'], seen: ['film-screening', 'projector'] })
  })

  it('adds a concept the text does not name, by its key or by a label typed in any language', () => {
    expect(settleConcepts(seedThesaurus, text, 'de', 'de', { offered: ['film-screening', 'projector'], chosen: ['projector', 'potters-wheel'] })).toEqual({
      ok: true,
      concepts: ['potters-wheel', 'projector'],
      seen: ['film-screening', 'potters-wheel', 'projector'],
    })
    // typed in French while the listing and the reader are German
    expect(settleConcepts(seedThesaurus, text, 'de', 'de', { offered: ['film-screening', 'projector'], chosen: [], add: 'tour de potier' })).toEqual({
      ok: true,
      concepts: ['potters-wheel'],
      seen: ['film-screening', 'potters-wheel', 'projector'],
    })
  })

  it('refuses an unknown key and a word no concept has, at their fields', () => {
    expect(settleConcepts(seedThesaurus, text, 'de', 'de', { offered: [], chosen: ['no-such-concept'] })).toEqual({
      ok: false,
      field: 'concepts',
      error: 'listings.errors.conceptUnknown',
    })
    expect(settleConcepts(seedThesaurus, text, 'de', 'de', { offered: [], chosen: [], add: 'Xylofonschrubber' })).toEqual({
      ok: false,
      field: 'conceptAdd',
      error: 'listings.errors.conceptNotFound',
    })
  })

  it('refuses more than MAX_CONCEPTS chosen, and never adds recognised ones beyond it', () => {
    const many = seedThesaurus.findConcepts('ma', 'de', 100).map((c) => c.key)
    expect(many.length).toBeGreaterThan(MAX_CONCEPTS)
    const refused = settleConcepts(seedThesaurus, text, 'de', 'de', { offered: [], chosen: many.slice(0, MAX_CONCEPTS + 1) })
    expect(refused).toMatchObject({ ok: false, field: 'concepts' })
    const full = settleConcepts(seedThesaurus, text, 'de', 'de', { offered: [], chosen: many.filter((k) => k !== 'projector').slice(0, MAX_CONCEPTS) })
    expect(full.ok && full.concepts).toHaveLength(MAX_CONCEPTS)
    expect(full.ok && full.concepts).not.toContain('projector')
  })
})

describe('readConceptChoice', () => {
  it('reads the chips’ fields; malformed offered keys are dropped, malformed chosen ones kept to be refused', () => {
    const choice = readConceptChoice(
      form([
        ['concepts', 'projector'],
        ['concepts', 'projector'],
        ['concepts', 'DROP TABLE'],
        ['conceptsOffered', 'projector'],
        ['conceptsOffered', 'x\ty'],
        ['conceptAdd', 'Töpferscheibe'],
      ]),
    )
    expect(choice).toEqual({ offered: ['projector'], chosen: ['projector', 'DROP TABLE'], add: 'Töpferscheibe' })
    expect(settleConcepts(seedThesaurus, '', 'de', 'de', choice)).toMatchObject({ ok: false, field: 'concepts' })
    // a 50 MB field is cut before it is looked at
    expect(readConceptChoice(form([['conceptAdd', 'a'.repeat(1_000_000)]])).add).toHaveLength(200)
  })
})

describe('concepts as search tokens', () => {
  it('are unstemmable numwords, one per concept, sorted and without repeats', () => {
    expect(conceptMarker('potters-wheel')).toBe('vc0potterswheel')
    expect(conceptTermsOf(['projector', 'potters-wheel', 'projector'])).toBe('vc0potterswheel vc0projector')
    expect(conceptTermsOf([])).toBe('')
  })
})

describe('widening (the words a listing is matched with)', () => {
  const title = 'Beamer gesucht'
  const body = `${title} für einen Filmabend im Hof`
  it('without confirmed concepts: the recogniser’s, as before', () => {
    const w = widening(seedThesaurus, title, body, 'de', null)
    expect(w.titleExtra.split(' ')).toContain('projector')
    expect(w.titleExtra).not.toContain('vc0')
  })

  it('with confirmed concepts: a removed one does not widen, an added one does, and each confirmed one is a token of the title', () => {
    const pottery = 'Töpferscheibe gesucht'
    expect(widening(seedThesaurus, pottery, pottery, 'de', null).titleExtra.split(' ')).toContain('draaischijf')
    const w = widening(seedThesaurus, pottery, `${pottery} für einen Filmabend`, 'de', ['projector'])
    expect(w.titleExtra.split(' ')).not.toContain('draaischijf')
    expect(w.bodyExtra.split(' ')).not.toContain('draaischijf')
    expect(w.titleExtra.split(' ')).toEqual(expect.arrayContaining(['videoprojecteur', 'vc0projector']))
    expect(w.bodyExtra.split(' ')).toContain('videoprojecteur')
    // the code's own groups (THESAURUS) are not concepts: they still widen what the text says
    expect(widening(seedThesaurus, title, body, 'de', []).titleExtra.split(' ')).toContain('projector')
  })

  it('leaves out the top concept of the listing’s own category, which every candidate shares, and keeps it for another category', () => {
    const room = 'Raum für Kurse'
    const asRoom = widening(seedThesaurus, room, room, 'de', null, 'room')
    const asSkill = widening(seedThesaurus, room, room, 'de', null, 'skill')
    // "premises", "espace" are the top concept's words ("room", "ruimte" are also in a group of the code's, which stays)
    expect(asSkill.titleExtra.split(' ')).toEqual(expect.arrayContaining(['premises', 'espace']))
    expect(asRoom.titleExtra.split(' ')).not.toContain('premises')
    expect(asRoom.titleExtra.split(' ')).not.toContain('espace')
    const confirmed = widening(seedThesaurus, room, room, 'de', ['rooms', 'projector'], 'room')
    expect(confirmed.titleExtra.split(' ')).toContain('vc0projector')
    expect(confirmed.titleExtra.split(' ')).not.toContain('vc0rooms')
    expect(widening(seedThesaurus, room, room, 'de', ['rooms'], 'skill').titleExtra.split(' ')).toContain('vc0rooms')
  })
})

describe('the thesaurus for chips', () => {
  it('names a concept in the reader’s language, and finds concepts by the start of a label, own language first', () => {
    expect(seedThesaurus.conceptName('projector', 'fr')).toBe('vidéoprojecteur')
    expect(seedThesaurus.conceptName('projector', 'de')).toBe('Beamer')
    const found = seedThesaurus.findConcepts('Töpfersch', 'de')
    expect(found[0]).toEqual({ key: 'potters-wheel', name: 'Töpferscheibe', label: 'Töpferscheibe' })
    expect(seedThesaurus.findConcepts('t', 'de')).toEqual([])
    expect(seedThesaurus.hasConcept('projector')).toBe(true)
    expect(seedThesaurus.hasConcept('nope')).toBe(false)
  })
})
