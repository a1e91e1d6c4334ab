import { describe, expect, it } from 'vitest'
import { createT } from '~/utils/i18n'
import de from '~/locales/de/matching.json'
import en from '~/locales/en/matching.json'
import {
  asksForBroken,
  compareRanked,
  equipmentFound,
  lackedFeatures,
  matchingWords,
  MISS_REASONS,
  negatedEvidence,
  purposesFit,
  readNegation,
  saysBroken,
  type Ranked,
  reasonText,
  type ScoreCandidate,
  scoreCandidate,
  type ScoreSource,
  teaches,
  STRONG_MATCH,
  WEIGHTS,
  windowsOverlap,
} from './score'
import { expandWords } from './thesaurus'

const now = new Date('2026-11-25T12:00:00Z')

const need = (over: Partial<ScoreSource> = {}): ScoreSource => ({
  kind: 'need',
  category: 'tool',
  details: {},
  availableFrom: null,
  availableUntil: null,
  centreId: 'c1',
  ...over,
})

const candidate = (over: Partial<ScoreCandidate> = {}): ScoreCandidate => ({
  details: {},
  availableFrom: null,
  availableUntil: null,
  centreId: 'c1',
  text: 'Bohrmaschine zu verleihen. Mit Betonbohrern.',
  sharedLexemes: [],
  sharedTitleLexemes: [],
  titleWords: 2,
  titleWordsFound: 0,
  publishedAt: null,
  theyHelpedUs: false,
  weHelpedThem: false,
  ...over,
})

describe('scoreCandidate', () => {
  it('gives a bare same-category candidate a low score with only the category reason', () => {
    const { score, reasons } = scoreCandidate(need(), candidate(), now)
    expect(reasons).toEqual([{ key: 'sameCategory', params: { category: 'tool' } }])
    expect(score).toBeLessThan(30)
  })

  it('rates shared title words highest and names the candidate’s own words', () => {
    const strong = scoreCandidate(
      need(),
      candidate({ sharedLexemes: ['bohrmaschin', 'beton', 'verleih'], sharedTitleLexemes: ['bohrmaschin', 'verleih'], titleWordsFound: 2 }),
      now,
    )
    const weak = scoreCandidate(need(), candidate({ sharedLexemes: ['beton'], titleWordsFound: 1 }), now)
    expect(strong.score).toBeGreaterThanOrEqual(STRONG_MATCH)
    expect(strong.score).toBeGreaterThan(weak.score)
    expect(strong.reasons).toContainEqual({ key: 'keywords', params: { words: 'Bohrmaschine, verleihen, Betonbohrern' } })
  })

  it('rewards enough loan amount and term, and penalises too little', () => {
    const loanNeed = need({ category: 'loan', details: { amountCents: 300000, termMonths: 12 } })
    const enough = scoreCandidate(loanNeed, candidate({ details: { amountCents: 500000, termMonths: 24 } }), now)
    const short = scoreCandidate(loanNeed, candidate({ details: { amountCents: 100000, termMonths: 6 } }), now)
    expect(enough.reasons.map((r) => r.key)).toEqual(['sameCategory', 'amount', 'term'])
    expect(short.reasons.map((r) => r.key)).toEqual(['sameCategory', 'amountShort', 'termShort'])
    expect(short.score).toBe(0)
    expect(enough.score).toBeGreaterThan(short.score + 20)
  })

  it('reads need and offer the right way round when the source is the offer', () => {
    const offer = need({ kind: 'offer', category: 'room', details: { capacity: 30 } })
    expect(scoreCandidate(offer, candidate({ details: { capacity: 20 } }), now).reasons.map((r) => r.key)).toContain('room')
    expect(scoreCandidate(offer, candidate({ details: { capacity: 50 } }), now).reasons.map((r) => r.key)).not.toContain('room')
  })

  it('uses windows, reciprocity and freshness', () => {
    const windowed = need({ availableFrom: '2026-12-01', availableUntil: '2026-12-31' })
    const overlap = scoreCandidate(windowed, candidate({ availableFrom: '2026-12-20', availableUntil: null }), now)
    const disjoint = scoreCandidate(windowed, candidate({ availableFrom: '2027-02-01', availableUntil: '2027-03-01' }), now)
    expect(overlap.reasons.map((r) => r.key)).toContain('window')
    expect(disjoint.score).toBe(0)
    expect(overlap.score).toBeGreaterThan(disjoint.score + 10)
    const friends = scoreCandidate(need(), candidate({ theyHelpedUs: true, weHelpedThem: true, publishedAt: '2026-11-20' }), now)
    expect(friends.reasons.map((r) => r.key)).toEqual(['sameCategory', 'theyHelped', 'youHelped', 'fresh'])
  })

  it('keeps scores within 0..100', () => {
    const huge = scoreCandidate(
      need({ category: 'room', details: { capacity: 1 }, availableFrom: '2026-01-01', availableUntil: '2026-12-31' }),
      candidate({
        details: { capacity: 9 },
        sharedLexemes: ['a1', 'b1', 'c1', 'd1', 'e1', 'f1'],
        sharedTitleLexemes: ['a1', 'b1', 'c1', 'd1'],
        titleWordsFound: 2,
        availableFrom: '2026-06-01',
        theyHelpedUs: true,
        publishedAt: now,
      }),
      now,
    )
    expect(huge.score).toBe(100)
    const awful = scoreCandidate(
      need({ category: 'loan', details: { amountCents: 9, termMonths: 9 }, availableUntil: '2020-01-01' }),
      candidate({ details: { amountCents: 1, termMonths: 1 }, availableFrom: '2026-01-01' }),
      now,
    )
    expect(awful.score).toBe(0)
  })
})

describe('windowsOverlap', () => {
  it('is unknown when either side gives no window', () => {
    expect(windowsOverlap({ availableFrom: null, availableUntil: null }, { availableFrom: '2026-01-01', availableUntil: null })).toBeNull()
  })
  it('treats open ends as open', () => {
    expect(windowsOverlap({ availableFrom: '2026-01-01', availableUntil: null }, { availableFrom: null, availableUntil: '2026-01-01' })).toBe(true)
    expect(windowsOverlap({ availableFrom: '2026-01-02', availableUntil: null }, { availableFrom: null, availableUntil: '2026-01-01' })).toBe(false)
  })
})

describe('matchingWords', () => {
  it('maps stems back to the words as written, once each, in order', () => {
    expect(matchingWords('Räume für Proben; der Raum ist hell. RÄUME!', ['raum'])).toEqual(['Räume', 'Raum'])
    expect(matchingWords('A public library card', ['librari'])).toEqual(['library'])
    expect(matchingWords('anything', [])).toEqual([])
  })
})

describe('reasonText', () => {
  it('reads in plain words, with the category translated', () => {
    const tDe = createT('de', { matching: de })
    const tEn = createT('en', { matching: en })
    expect(reasonText(tEn, { key: 'sameCategory', params: { category: 'tool' } })).toBe('Same category: tool')
    expect(reasonText(tDe, { key: 'sameCategory', params: { category: 'tool' } })).toBe('Gleiche Kategorie: Werkzeug')
    expect(reasonText(tEn, { key: 'keywords', params: { words: 'Bohrmaschine, Beton' } })).toBe('Matches: Bohrmaschine, Beton')
    expect(reasonText(tEn, { key: 'window' })).toBe('Available in your window')
    expect(reasonText(tDe, { key: 'theyHelped' })).toBe('Sie haben euch schon geholfen')
  })
})

describe('kind of room and equipment', () => {
  const room = (over: Partial<ScoreSource> = {}) => need({ category: 'room', details: { category: 'room', capacity: 10 }, ...over })
  const offer = (over: Partial<ScoreCandidate> = {}) =>
    candidate({ details: { category: 'room', capacity: 20 }, text: 'Raum', ...over })

  it('ranks the right kind of room above a wrong one with the same words and figures', () => {
    const dance = room({ roomKinds: ['movement'] })
    const studio = scoreCandidate(dance, offer({ roomKinds: ['movement'] }), now)
    const cinema = scoreCandidate(dance, offer({ roomKinds: ['cinema'] }), now)
    const unknown = scoreCandidate(dance, offer({ roomKinds: [] }), now)
    expect(studio.score - unknown.score).toBe(WEIGHTS.roomKindSame)
    expect(cinema.score - unknown.score).toBe(WEIGHTS.roomKindOther)
    expect(studio.reasons.map((r) => r.key)).toContain('roomKind')
    expect(cinema.reasons.map((r) => r.key)).not.toContain('roomKind')
  })

  it('counts a shared kind when a room names several (a hall that is also a gym)', () => {
    const s = scoreCandidate(room({ roomKinds: ['movement'] }), offer({ roomKinds: ['hall', 'movement'] }), now)
    expect(s.reasons.map((r) => r.key)).toContain('roomKind')
  })

  it('ignores kinds of room outside the room category', () => {
    const tool = need({ roomKinds: ['office'] })
    const a = scoreCandidate(tool, candidate({ roomKinds: ['hall'] }), now)
    const b = scoreCandidate(tool, candidate({ roomKinds: [] }), now)
    expect(a.score).toBe(b.score)
  })

  it('finds the need’s equipment in the offer’s list, text or other-language words', () => {
    const wanted = { category: 'room', equipment: ['Beamer', 'Spiegel', 'Klavier'] }
    expect(equipmentFound(wanted, { category: 'room', equipment: ['Beamer', 'Tische'] }, 'Saal')).toEqual(['Beamer'])
    expect(equipmentFound(wanted, { category: 'room' }, 'Dance studio with a mirror wall', expandWords)).toEqual(['Spiegel'])
    expect(equipmentFound({ category: 'room' }, { category: 'room', equipment: ['Beamer'] }, '')).toEqual([])
    // what the text says it has not is not equipment found (when its negations are read)
    const heating = { category: 'room', equipment: ['Heizung'] }
    const cold = 'Behandelkamer met wastafel. Er is geen verwarming.'
    expect(equipmentFound(heating, { category: 'room' }, cold, expandWords)).toEqual(['Heizung'])
    expect(equipmentFound(heating, { category: 'room' }, cold, expandWords, readNegation(cold))).toEqual([])
    const warm = 'Geen wastafel, wel verwarming.'
    expect(equipmentFound(heating, { category: 'room' }, warm, expandWords, readNegation(warm))).toEqual(['Heizung'])
  })

  it('adds a bounded bonus and names the items', () => {
    const base = scoreCandidate(room(), offer(), now)
    const one = scoreCandidate(room(), offer({ equipmentFound: ['Beamer'] }), now)
    const many = scoreCandidate(room(), offer({ equipmentFound: ['a', 'b', 'c', 'd', 'e'] }), now)
    expect(one.score - base.score).toBe(WEIGHTS.equipmentItem)
    expect(many.score - base.score).toBe(WEIGHTS.equipmentMax)
    expect(one.reasons).toContainEqual({ key: 'equipment', params: { items: 'Beamer' } })
  })
})

describe('loans by fit', () => {
  const loanNeed = need({ category: 'loan', details: { amountCents: 150000, termMonths: 4 } })
  const offer = (amountCents: number, termMonths: number, over: Partial<ScoreCandidate> = {}) =>
    scoreCandidate(loanNeed, candidate({ details: { amountCents, termMonths }, ...over }), now)
  const rank = (items: Record<string, ReturnType<typeof offer>>) =>
    Object.entries(items)
      .map(([id, scored]): Ranked => ({ id, title: id, publishedAt: null, scored }))
      .sort(compareRanked)
      .map((r) => r.id)

  it('ranks the offer closest to the amount and term asked first among those that fit', () => {
    expect(rank({ fund: offer(1500000, 48), close: offer(200000, 6), exact: offer(150000, 4) })).toEqual(['exact', 'close', 'fund'])
  })
  it('lets amount and term outweigh shared words among offers that fit', () => {
    const words = { sharedLexemes: ['kredit', 'saison'], sharedTitleLexemes: ['kredit', 'saison'], titleWordsFound: 2 }
    expect(rank({ wordy: offer(1500000, 48, words), close: offer(150000, 4) })).toEqual(['close', 'wordy'])
  })
  it('puts offers whose amount or term excludes the need after every one that fits, and says why', () => {
    const words = { sharedLexemes: ['kredit', 'saison', 'ware'], sharedTitleLexemes: ['kredit', 'saison', 'ware'], titleWordsFound: 2 }
    const tooSmall = offer(100000, 12, words)
    const tooShort = offer(500000, 2, words)
    const fits = offer(1500000, 48)
    expect(tooSmall.excluded).toBe(true)
    expect(tooShort.excluded).toBe(true)
    expect(fits.excluded).toBe(false)
    expect(rank({ tooSmall, tooShort, fits })[0]).toBe('fits')
    expect(tooShort.score).toBeLessThanOrEqual(WEIGHTS.loanExcludedMax)
    expect(tooSmall.reasons.map((r) => r.key)).toContain('amountShort')
    expect(tooShort.reasons.map((r) => r.key)).toContain('termShort')
    expect(tooShort.reasons.map((r) => r.key)).not.toContain('term')
    expect(reasonText(createT('en', { matching: en }), { key: 'termShort' })).toBe('Term shorter than needed')
    expect(reasonText(createT('de', { matching: de }), { key: 'amountShort' })).toBe('Betrag reicht nicht für den Bedarf')
  })
  it('takes a term a little shorter than asked as a weaker fit, not an exclusion, and says so', () => {
    // asked: 1,500 € for 4 months; 3 months is three quarters of that, 2 months half
    const littleShort = offer(150000, 3)
    const exact = offer(150000, 4)
    expect(littleShort.excluded).toBe(false)
    expect(offer(150000, 2).excluded).toBe(true)
    expect(littleShort.reasons.map((r) => r.key)).toContain('termSomewhatShort')
    expect(MISS_REASONS.has('termSomewhatShort')).toBe(true)
    expect(rank({ littleShort, exact, tooShort: offer(150000, 2) })).toEqual(['exact', 'littleShort', 'tooShort'])
    expect(reasonText(createT('en', { matching: en }), { key: 'termSomewhatShort' })).toBe('Term a little shorter than asked')
  })
  it('counts a term or amount far beyond what was asked against the offer, and says so', () => {
    // the same amount over six times the term loses against a larger amount over a term close to the one asked
    const longer = offer(150000, 24)
    const closer = offer(250000, 6)
    expect(longer.excluded).toBe(false)
    expect(longer.reasons.map((r) => r.key)).toEqual(['sameCategory', 'amount', 'termLong'])
    expect(rank({ longer, closer })).toEqual(['closer', 'longer'])
    // twice and half as far again weigh alike: 2× the term costs as much as 2× the amount
    expect(offer(150000, 8).exact).toBeCloseTo(offer(150000, 4).exact - WEIGHTS.termCloseness / 2, 5)
    expect(offer(300000, 4).exact).toBeCloseTo(offer(150000, 4).exact - WEIGHTS.amountCloseness / 2, 5)
    // beyond four times it counts against the offer, down to the whole weight at sixteen times
    expect(offer(2400000, 4).exact).toBeCloseTo(offer(600000, 4).exact - WEIGHTS.amountCloseness, 5)
    expect(offer(150000, 64).exact).toBeCloseTo(offer(150000, 16).exact - WEIGHTS.termCloseness, 5)
    const huge = offer(1500000, 4)
    expect(huge.reasons.map((r) => r.key)).toContain('amountLarge')
    expect(reasonText(createT('de', { matching: de }), { key: 'termLong' })).toBe('Laufzeit viel länger als gesucht')
  })
  it('does not exclude other categories for their figures', () => {
    expect(scoreCandidate(need(), candidate({ details: { amountCents: 1 } }), now).excluded).toBe(false)
  })
})

describe('loans by purpose, where both state one', () => {
  const stockNeed = need({ category: 'loan', details: { amountCents: 150000, termMonths: 4 }, loanPurposes: ['stock'] })
  const offer = (loanPurposes: string[], amountCents = 200000, termMonths = 6) =>
    scoreCandidate(stockNeed, candidate({ details: { amountCents, termMonths }, loanPurposes }), now)

  it('adds loanPurposeSame for the same purpose and loanPurposeOther for only others, nothing when one side says none', () => {
    const unsaid = offer([])
    expect(offer(['stock', 'cash']).exact - unsaid.exact).toBeCloseTo(WEIGHTS.loanPurposeSame)
    expect(offer(['start']).exact - unsaid.exact).toBeCloseTo(WEIGHTS.loanPurposeOther)
    expect(unsaid.reasons.map((r) => r.key)).not.toContain('loanPurpose')
    expect(unsaid.reasons.map((r) => r.key)).not.toContain('loanPurposeOther')
    const silentNeed = need({ category: 'loan', details: { amountCents: 150000, termMonths: 4 } })
    const any = candidate({ details: { amountCents: 200000, termMonths: 6 }, loanPurposes: ['start'] })
    expect(scoreCandidate(silentNeed, any, now).exact).toBeCloseTo(unsaid.exact)
  })
  it('puts a stock loan of the right size before a start-up loan of a closer size (the case it was built for)', () => {
    const start = offer(['start'], 150000, 4)
    const stock = offer(['stock'], 200000, 6)
    expect(stock.score).toBeGreaterThan(start.score)
  })
  it('still puts an offer whose range excludes the need after one that fits, whatever the purposes', () => {
    const tooSmall = offer(['stock'], 100000, 6)
    const other = offer(['start'], 200000, 6)
    expect(tooSmall.excluded).toBe(true)
    expect(compareRanked({ id: 'a', title: 'a', publishedAt: null, scored: other }, { id: 'b', title: 'b', publishedAt: null, scored: tooSmall })).toBeLessThan(0)
  })
  it('lets a general purpose serve a narrower one (equipment / an oven), not two narrow ones each other', () => {
    expect(purposesFit('appliance', 'equipment')).toBe(true)
    expect(purposesFit('equipment', 'vehicle')).toBe(true)
    expect(purposesFit('appliance', 'vehicle')).toBe(false)
    expect(purposesFit('stock', 'start')).toBe(false)
    const ovenNeed = need({ category: 'loan', details: {}, loanPurposes: ['appliance'] })
    expect(scoreCandidate(ovenNeed, candidate({ loanPurposes: ['equipment'] }), now).reasons).toContainEqual({ key: 'loanPurpose', params: { purpose: 'appliance' } })
    expect(scoreCandidate(ovenNeed, candidate({ loanPurposes: ['vehicle'] }), now).reasons).toContainEqual({ key: 'loanPurposeOther', params: { purposes: 'vehicle' } })
  })
  it('reads the purposes the right way round when the source is the offer', () => {
    const lender = { ...stockNeed, kind: 'offer' as const, details: { amountCents: 200000, termMonths: 6 }, loanPurposes: ['start', 'stock'] }
    const s = scoreCandidate(lender, candidate({ details: { amountCents: 150000, termMonths: 4 }, loanPurposes: ['deposit'] }), now)
    expect(s.reasons).toContainEqual({ key: 'loanPurposeOther', params: { purposes: 'start, stock' } })
  })
  it('says what does not fit apart, with the purposes in the reader\'s language', () => {
    expect(MISS_REASONS.has('loanPurposeOther')).toBe(true)
    expect(MISS_REASONS.has('loanPurpose')).toBe(false)
    expect(reasonText(createT('en', { matching: en }), { key: 'loanPurposeOther', params: { purposes: 'start, stock' } })).toBe(
      'For another purpose: starting up, buying stock',
    )
    expect(reasonText(createT('de', { matching: de }), { key: 'loanPurpose', params: { purpose: 'stock' } })).toBe('Für denselben Zweck: Wareneinkauf')
  })
})

describe('a course or the work itself (skills)', () => {
  it('reads teaching in four languages, compounds included, and not in plain work', () => {
    expect(teaches('Excel-Grundkurs (6 Abende)')).toBe(true)
    expect(teaches('Cursus gipsplaten plaatsen (weekend)')).toBe(true)
    expect(teaches('Cours de cuisine végétarienne')).toBe(true)
    expect(teaches('Guitar lessons for beginners')).toBe(true)
    expect(teaches('Leer zelf een wand zetten: leren in één weekend')).toBe(true)
    expect(teaches('Kommunikationstraining für Vereine')).toBe(true)
    expect(teaches('Pose de placo pour cloisonner un atelier')).toBe(false)
    expect(teaches('Wir räumen eure Excel-Tabelle auf')).toBe(false)
    expect(teaches('Knife sharpening service on whetstones')).toBe(false)
    // "les" is a French article, not a Dutch lesson; short words are not read
    expect(teaches('Je pose les plaques')).toBe(false)
  })
  it('counts a course offered for a need of the work against it, and the other way round, and says so', () => {
    const skillNeed = (teachesToo: boolean) => need({ category: 'skill', details: {}, teaches: teachesToo })
    const plain = scoreCandidate(skillNeed(false), candidate({ teaches: false }), now)
    const course = scoreCandidate(skillNeed(false), candidate({ teaches: true }), now)
    expect(plain.exact - course.exact).toBe(-WEIGHTS.courseNotService)
    expect(course.reasons.map((r) => r.key)).toContain('courseNotService')
    const work = scoreCandidate(skillNeed(true), candidate({ teaches: false }), now)
    expect(work.reasons.map((r) => r.key)).toContain('serviceNotCourse')
    expect(scoreCandidate(skillNeed(true), candidate({ teaches: true }), now).reasons.map((r) => r.key)).not.toContain('serviceNotCourse')
    // read the right way round when the source is the offer
    const courseOffer = need({ kind: 'offer', category: 'skill', details: {}, teaches: true })
    expect(scoreCandidate(courseOffer, candidate({ teaches: false }), now).reasons.map((r) => r.key)).toContain('courseNotService')
    expect([...MISS_REASONS]).toEqual(expect.arrayContaining(['courseNotService', 'serviceNotCourse']))
    // other categories are not read for it
    expect(scoreCandidate(need({ teaches: false }), candidate({ teaches: true }), now).reasons.map((r) => r.key)).not.toContain('courseNotService')
  })
})

describe('compareRanked (stable order)', () => {
  const item = (id: string, score: number, over: Partial<Ranked> = {}, exact = score): Ranked => ({
    id,
    title: `Listing ${id}`,
    publishedAt: '2026-11-20T00:00:00Z',
    scored: { score, exact, excluded: false },
    ...over,
  })
  it('breaks equal scores by the exact score, then the newer listing, then title and id', () => {
    const list = [
      item('d', 40),
      item('a', 40, { publishedAt: '2026-11-01T00:00:00Z' }),
      item('c', 40, {}, 40.4),
      item('b', 40, { publishedAt: '2026-11-24T00:00:00Z' }),
      item('e', 41),
      item('f', 40, { title: 'Listing d' }),
    ]
    const order = ['e', 'c', 'b', 'd', 'f', 'a']
    expect([...list].sort(compareRanked).map((r) => r.id)).toEqual(order)
    // the same whatever order the rows arrive in
    for (let i = 0; i < 20; i++) {
      const shuffled = [...list].sort(() => Math.random() - 0.5)
      expect(shuffled.sort(compareRanked).map((r) => r.id)).toEqual(order)
    }
  })
})

describe('negation (issue #16 item 6)', () => {
  const lacks = (offer: string, need: string) => lackedFeatures(readNegation(offer), readNegation(need), expandWords)

  it('reads what stands in a negation’s reach in four languages, and what is said plainly', () => {
    expect([...readNegation('Beamer ohne HDMI-Kabel, mit Leinwand').negated]).toEqual(['hdmi', 'kabel'])
    expect(readNegation('Beamer ohne HDMI-Kabel, mit Leinwand').positive).toEqual(new Set(['beamer', 'mit', 'leinwand']))
    expect([...readNegation('Four boom microphone stands, no microphones or cables.').negated]).toEqual(['microphones', 'cables'])
    expect(readNegation('Four boom microphone stands, no microphones').positive.has('microphone')).toBe(true)
    expect([...readNegation('Salle conviviale, sans cuisine équipée.').negated]).toEqual(['cuisine', 'equipee'])
    expect([...readNegation('Il n’y a pas de parking.').negated]).toEqual(['parking'])
    expect([...readNegation('Opslag zonder stroom en geen water').negated]).toEqual(['stroom', 'water'])
    expect([...readNegation('Lagerraum, kein Strom, kein Wasser.').negated]).toEqual(['strom', 'wasser'])
    // a negation reaches three words at most, stops at punctuation and at "but"/"aber"/"mais"/"maar"
    expect([...readNegation('ohne den großen schweren alten Koffer').negated]).toEqual(['grossen', 'schweren', 'alten'])
    expect([...readNegation('no sink but a fridge').negated]).toEqual(['sink'])
    expect(readNegation('no sink but a fridge').positive.has('fridge')).toBe(true)
    // "not", "nicht", "niet" before what they negate, and English contractions
    expect([...readNegation('Koude kas (niet vorstvrij)').negated]).toEqual(['vorstvrij'])
    expect([...readNegation('Gewächshaus, nicht frostfrei').negated]).toEqual(['frostfrei'])
    expect([...readNegation('About 20 pallets, not Euro size.').negated]).toEqual(['euro', 'size'])
    expect([...readNegation('Garden shredder, doesn’t split logs.').negated]).toEqual(['split', 'logs'])
    expect([...readNegation("I don't do conflict mediation.").negated]).toEqual(['conflict', 'mediation'])
  })

  it('leaves idioms and plain text alone', () => {
    expect(readNegation('Sono portable avec micro sans fil').negated.size).toBe(0)
    expect(readNegation('Tischkreissäge mit Absaugung').negated.size).toBe(0)
    expect(readNegation('pas à pas').negated.size).toBe(0)
    expect(readNegation('Tel. no. 5').negated.size).toBe(0)
    // "not only" adds: nothing is negated
    expect(readNegation('nicht nur Holz, auch Metall').negated.size).toBe(0)
    expect(readNegation('not only wood but metal too').negated.size).toBe(0)
    expect(readNegation('niet alleen hout').negated.size).toBe(0)
    expect(readNegation('We can’t wait').negated).toEqual(new Set(['wait']))
  })

  it('counts the equipment a need lists as asked for, though its text words it otherwise', () => {
    const offer = readNegation('Kleine kamer met wastafel. Er is geen verwarming.')
    const need = readNegation('Suche einen ruhigen, gut heizbaren Raum mit Waschbecken')
    expect(lackedFeatures(offer, need, expandWords)).toEqual([])
    expect(lackedFeatures(offer, need, expandWords, ['Waschbecken', 'Heizung'])).toEqual(['verwarming'])
  })
  it('finds what the need asks for and the offer lacks, directly, as compound part and across languages', () => {
    expect(lacks('Beamer ohne HDMI', 'Beamer mit HDMI für Vorträge')).toEqual(['HDMI'])
    expect(lacks('Lagerraum, kein Strom, kein Wasser.', 'Lagerraum mit Stromanschluss')).toEqual(['Strom'])
    expect(lacks('Four microphone stands, no microphones.', 'Mikrofone für ein Konzert')).toEqual(['microphones'])
    expect(lacks('Salle conviviale, sans cuisine équipée.', 'Raum mit Küche für 30 Leute')).toEqual(['cuisine'])
    // not asked for, or both say "without": no lack
    expect(lacks('Beamer ohne HDMI', 'Beamer für Vorträge')).toEqual([])
    expect(lacks('Prêt solidaire sans intérêts', 'Kredit ohne Zinsen, gern ohne Bank')).toEqual([])
    expect(lacks('Prêt solidaire sans intérêts', 'Loan without interest')).toEqual([])
  })

  it('takes negated words out of the evidence only where the text never says them plainly', () => {
    const offer = readNegation('Beamer ohne HDMI')
    expect(negatedEvidence(['beam', 'hdmi'], offer)).toEqual(new Set(['hdmi']))
    const stands = readNegation('Microphone stands, no microphones.')
    expect(negatedEvidence(['microphon'], stands).size).toBe(0)
  })

  it('scores a lacking feature down, says so apart from the reasons it fits, in every language', () => {
    const plain = scoreCandidate(need(), candidate({ sharedTitleLexemes: ['beam'], sharedLexemes: ['beam'] }), now)
    const lacking = scoreCandidate(
      need(),
      candidate({ sharedTitleLexemes: ['beam'], sharedLexemes: ['beam'], lacking: ['HDMI', 'Kabel', 'Ton'] }),
      now,
    )
    expect(plain.exact - lacking.exact).toBe(-WEIGHTS.lacksMax)
    expect(lacking.reasons).toContainEqual({ key: 'lacks', params: { words: 'HDMI, Kabel, Ton' } })
    expect(MISS_REASONS.has('lacks')).toBe(true)
    expect(MISS_REASONS.has('keywords')).toBe(false)
    expect(reasonText(createT('de', { matching: de }), { key: 'lacks', params: { words: 'HDMI' } })).toBe('Laut Beschreibung ohne: HDMI')
    expect(reasonText(createT('en', { matching: en }), { key: 'lacks', params: { words: 'HDMI' } })).toBe('Says it has no: HDMI')
  })

  it('names the other things that do not fit: a room too small or of another kind, a window missed', () => {
    const room = need({ category: 'room', details: { capacity: 40 }, roomKinds: ['office'], availableFrom: '2026-12-01', availableUntil: '2026-12-02' })
    const keys = scoreCandidate(
      room,
      candidate({ details: { capacity: 10 }, roomKinds: ['hall'], availableFrom: '2027-01-01', availableUntil: '2027-01-02' }),
      now,
    ).reasons.map((r) => r.key)
    expect(keys).toEqual(expect.arrayContaining(['roomSmall', 'roomKindOther', 'windowMissed']))
    expect(keys.filter((k) => MISS_REASONS.has(k))).toHaveLength(3)
  })
})

describe('a broken offer (near misses, issue #16 item 6)', () => {
  it('finds what an offer says of not working, in four languages, as written', () => {
    expect(saysBroken('Machine à coudre les sacs de jute (industrielle, en panne)')).toBe('en panne')
    expect(saysBroken('Bohrmaschine, leider defekt')).toBe('defekt')
    expect(saysBroken('Waschmaschine funktioniert nicht mehr')).toBe('funktioniert nicht mehr')
    expect(saysBroken('Projector, out of order since May')).toBe('out of order')
    expect(saysBroken('Naaimachine, helaas kapot')).toBe('kapot')
    expect(saysBroken('Frigo hors service')).toBe('hors service')
    // words apart by an apostrophe or a hyphen, and given back as written
    expect(saysBroken("Heater, doesn't work any more")).toBe("doesn't work")
    expect(saysBroken('Frigo hors-service')).toBe('hors-service')
    // with a character that folds into letters ("™" → "tm") against a word of the phrase
    expect(saysBroken('Kühlschrank kaputt™, leider')).toBe('kaputt')
    expect(saysBroken('Projector out of™order')).toBe('out of™order')
    // upper case and accents as written, folded for the comparison
    expect(saysBroken('WASCHMASCHINE AUSSER BETRIEB')).toBe('AUSSER BETRIEB')
    expect(saysBroken('Four à réparer')).toBe('à réparer')
  })
  it('passes over texts that only hold a phrase’s key word inside another word', () => {
    expect(saysBroken('Reparaturservice für Fahrräder')).toBeNull()
    expect(saysBroken('Werkbank in der Werkstatt, in Ordnung')).toBeNull()
  })
  it('is not fooled by taking it back, by look-alikes or by other senses', () => {
    expect(saysBroken('Bohrmaschine, nicht defekt, frisch gewartet')).toBeNull()
    expect(saysBroken('Not broken, just old')).toBeNull()
    expect(saysBroken('Panneaux solaires et casseroles')).toBeNull()
    expect(saysBroken('Stoelen, 5 euro per stuk')).toBeNull()
    expect(saysBroken('Perceuse à prêter, fonctionne très bien')).toBeNull()
  })
  it('knows a need that asks for broken things or repairs', () => {
    expect(asksForBroken('Defekte Waschmaschine zum Ausschlachten gesucht')).toBe(true)
    expect(asksForBroken('Spare parts for our sewing machine')).toBe(true)
    expect(asksForBroken('Vélo à réparer pour atelier')).toBe(true)
    expect(asksForBroken('Naaimachine lenen voor gordijnen')).toBe(false)
  })
  it('scores a broken offer down and says so apart, not for skills', () => {
    const plain = scoreCandidate(need(), candidate(), now)
    const broken = scoreCandidate(need(), candidate({ broken: 'en panne' }), now)
    expect(broken.exact - plain.exact).toBe(WEIGHTS.broken)
    expect(broken.reasons).toContainEqual({ key: 'broken', params: { words: 'en panne' } })
    expect(MISS_REASONS.has('broken')).toBe(true)
    const skill = need({ category: 'skill' })
    expect(scoreCandidate(skill, candidate({ broken: 'broken' }), now).exact).toBe(scoreCandidate(skill, candidate(), now).exact)
    expect(reasonText(createT('de', { matching: de }), { key: 'broken', params: { words: 'en panne' } })).toBe('Laut Beschreibung kaputt: en panne')
  })
  it('takes the condition "broken" the offer gives as it takes its words, once, and not when the need wants broken things', () => {
    const plain = scoreCandidate(need(), candidate(), now)
    const given = scoreCandidate(need(), candidate({ details: { condition: 'broken' } }), now)
    expect(given.exact - plain.exact).toBe(WEIGHTS.broken)
    expect(given.reasons).toContainEqual({ key: 'brokenCondition' })
    const both = scoreCandidate(need(), candidate({ details: { condition: 'broken' }, broken: 'defekt' }), now)
    expect(both.exact - plain.exact).toBe(WEIGHTS.broken)
    expect(MISS_REASONS.has('brokenCondition')).toBe(true)
    const wanted = scoreCandidate(need(), candidate({ details: { condition: 'broken' }, broken: 'defekt', brokenWanted: true }), now)
    expect(wanted.exact).toBe(plain.exact)
    expect(wanted.reasons.map((r) => r.key)).not.toContain('brokenCondition')
  })
})
