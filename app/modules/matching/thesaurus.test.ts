import { describe, expect, it } from 'vitest'
import { conceptsOf, createThesaurus, expandWords, loanPurposesOf, roomKindsOf, seedThesaurus, THESAURUS } from './thesaurus'
import { VOCABULARY } from './vocabulary'

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
  it('takes the little words of a multi-word label ("micro sans fil", "prêt sans intérêt") for no words of their own', () => {
    const words = expandWords('Akkuschrauber und Mikrofon', 'de')
    expect(words).toContain('fil')
    expect(words).toContain('micro')
    expect(words).not.toContain('sans')
    expect(expandWords('zinsloses Darlehen', 'de')).not.toContain('sans')
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

describe('loanPurposesOf', () => {
  it('reads what a loan is for in any of the four languages, compounds included', () => {
    expect(loanPurposesOf('Warenkredit für Saisonware bis 2.000 €')).toEqual(['stock'])
    expect(loanPurposesOf('Small loan to buy yarn stock before the Christmas market')).toEqual(['stock'])
    expect(loanPurposesOf('Microcrédit solidaire pour démarrer')).toEqual(['start'])
    expect(loanPurposesOf('Mikrokredit für Gründer*innen')).toEqual(['start'])
    expect(loanPurposesOf('Lening voor de waarborgsom van een bedrijfsruimte')).toEqual(['deposit'])
    expect(loanPurposesOf('Mietkaution für die neue Werkstatt')).toEqual(['deposit'])
    expect(loanPurposesOf('Prêt pour acheter un four à pain')).toEqual(['appliance'])
    expect(loanPurposesOf('Überbrückungskredit bis die Förderung kommt')).toEqual(['cash'])
  })
  it('does not take everyday words of one language for a purpose in another', () => {
    // Dutch "van" (of), French "car" (because), German "geraten" (to get into), "Begründung" (reason), "waren" (were)
    expect(loanPurposesOf('Lening van 3.000 euro voor de buurt')).toEqual([])
    expect(loanPurposesOf('Petit prêt, car nous attendons une subvention')).toEqual([])
    expect(loanPurposesOf('Wir sind in Not geraten, die Begründung folgt, wir waren zu spät')).toEqual([])
    // a number is not an oven
    expect(loanPurposesOf('Loan repaid over four months')).toEqual([])
  })
  it('may name several purposes, or none', () => {
    expect(loanPurposesOf('Avance de trésorerie pour achat de stock')).toEqual(['cash', 'stock'])
    expect(loanPurposesOf('Zinsloser Kredit bis 5.000 €')).toEqual([])
  })
})

describe('conceptsOf (the recogniser over the shared vocabulary)', () => {
  it('names the same concept for the same thing in two languages', () => {
    expect(conceptsOf('Töpferscheibe', 'de')).toContain('potters-wheel')
    expect(conceptsOf('Tour de potier électrique', 'fr')).toContain('potters-wheel')
    // and widens one to the other's words
    expect(expandWords('Töpferscheibe', 'de')).toEqual(expect.arrayContaining(['potier', 'draaischijf']))
  })
  it('finds a concept at the start or end of a German or Dutch compound, in that language only', () => {
    expect(conceptsOf('Kettensägenkurs', 'de')).toEqual(expect.arrayContaining(['chainsaw', 'chainsaw-course']))
    expect(conceptsOf('Bandproberaum', 'de')).toContain('rehearsal-room')
    // a part is a word of the text's own language: "Umzugshelfer" is not English "shelf"
    expect(conceptsOf('Umzugshelfer', 'de')).not.toContain('shelving')
    // and not a part in a language that does not compound: French words are matched whole
    expect(conceptsOf('perceuses', 'fr')).not.toContain('drill')
  })
  it('lets a multi-word label’s head word name only the longer label’s concept ("caméra" of "caméra thermique")', () => {
    expect(seedThesaurus.conceptsOf('Caméra thermique à prêter', 'fr')).toEqual(['thermal-camera'])
    expect(seedThesaurus.conceptsOf('Caméra de surveillance wifi', 'fr')).toContain('video-camera')
    expect(seedThesaurus.conceptsOf('meeting room for 12', 'en')).not.toContain('rooms')
    // a German compound's part is found as before
    expect(seedThesaurus.conceptsOf('Kamera und Wärmebildkamera', 'de')).toEqual(['camera', 'thermal-camera'])
  })
  it('does not link two concepts through a label that is ambiguous in one language', () => {
    // German "Ton" is clay and sound: in German it names neither, and neither is widened with it
    expect(conceptsOf('Ton', 'de')).not.toContain('clay')
    expect(conceptsOf('Ton', 'de')).not.toContain('sound-equipment')
    expect(conceptsOf('Töpferton', 'de')).toContain('clay')
    expect(expandWords('Porzellan', 'de')).not.toContain('ton')
    expect(expandWords('Audiotechnik', 'de')).not.toContain('ton')
    // French "atelier" is both a workshop and an artist's studio
    expect(conceptsOf('Atelier', 'fr')).not.toContain('art-studio')
    expect(conceptsOf('Atelier', 'fr')).not.toContain('workshop-space')
  })
  it('reads a word borrowed from another language by that language’s label', () => {
    expect(conceptsOf('Beamer für den Filmabend', 'de')).toContain('projector')
    expect(conceptsOf('Ein Hot Desk für zwei Monate', 'de')).toContain('coworking-space')
  })
  it('loads the whole seed vocabulary once', () => {
    expect(VOCABULARY.length).toBeGreaterThanOrEqual(500)
  })
})

describe('createThesaurus with additions', () => {
  it('widens with an added label of a seed concept, and with an added concept, in the label’s language', () => {
    const grown = createThesaurus({
      labels: [
        { conceptKey: 'projector', language: 'de', label: 'Lichtwerfer' },
        { conceptKey: 'pretzel-oven', language: 'de', label: 'Brezelofen' },
        { conceptKey: 'pretzel-oven', language: 'en', label: 'pretzel oven' },
      ],
      concepts: [{ key: 'pretzel-oven' }],
    })
    expect(grown.expandWords('Lichtwerfer gesucht', 'de')).toContain('projector')
    expect(grown.conceptsOf('Brezelofen für das Fest', 'de')).toContain('pretzel-oven')
    expect(grown.expandWords('Brezelofen', 'de')).toEqual(expect.arrayContaining(['pretzel', 'oven']))
    // a German compound holding the added label names it too
    expect(grown.conceptsOf('Elektrobrezelofen', 'de')).toContain('pretzel-oven')
    // the seed alone knows neither
    expect(seedThesaurus.expandWords('Lichtwerfer gesucht', 'de')).not.toContain('projector')
    expect(seedThesaurus.conceptsOf('Brezelofen', 'de')).toEqual([])
  })
  it('tells which concepts a label already belongs to in a language', () => {
    expect(seedThesaurus.conceptsLabelled('Beamer', 'de')).toEqual(['projector'])
    // a label is one language's: the German word is not an English label
    expect(seedThesaurus.conceptsLabelled('Bohrmaschine', 'fr')).toEqual([])
    expect(seedThesaurus.conceptsLabelled('Projection Screen', 'en')).toEqual(['projection-screen'])
  })
  it('an added label that another concept has in that language names neither (why the console refuses it)', () => {
    const clash = createThesaurus({ labels: [{ conceptKey: 'projector', language: 'de', label: 'Leinwand' }], concepts: [] })
    expect(clash.conceptsOf('Leinwand', 'de')).toEqual([])
    expect(seedThesaurus.conceptsOf('Leinwand', 'de')).toEqual(['projection-screen'])
  })
})
