import type { TFunction } from '~/utils/i18n'

/**
 * Match scoring — pure, shared, unit-tested. The candidate query (candidates.server.ts) has
 * already kept only what can match at all: same category, opposite kind, active, visible, not
 * the same initiative, not dismissed. Here each candidate gets a score from 0 to 100 and the
 * reasons a person can read. Every weight lives in WEIGHTS; docs/decisions/030-match-scoring.md
 * says why they are what they are, and `npm run match:eval` measures them.
 */
export const WEIGHTS = {
  /** Always earned: same category and opposite kind is what makes a pair a candidate. */
  base: 10,
  /** Per stem of the source's words found in the candidate's TITLE (the strongest evidence). */
  titleWord: 14,
  titleWordMax: 35,
  /** Per further stem found only in the candidate's description. */
  bodyWord: 4,
  bodyWordMax: 12,
  /** Up to this much for the share of the source's TITLE words found anywhere in the candidate. */
  coverage: 18,
  /** Both give availability windows and they overlap / do not overlap. */
  windowOverlap: 8,
  windowDisjoint: -45,
  /**
   * Loans (issue #16 item 5): the fit of amount and term decides the order among loan offers.
   * An offer that covers the amount asked earns amountFits, plus amountCloseness times how close
   * it is (`closeness`, on a log scale: all of it when equal, half at twice, none at four times,
   * minus all of it at sixteen times: a 1,500 € need fits a 2,000 € offer better than a 15,000 €
   * fund); one that falls short earns amountShort. The same for the term, except that a term down
   * to termTolerance of the one asked still fits, less well (termSomewhatShort).
   * An offer whose amount or term excludes the need always ranks after those that fit
   * (compareRanked) and its score is at most loanExcludedMax; the reasons say what does not fit.
   */
  amountFits: 14,
  amountCloseness: 20,
  amountShort: -30,
  termFits: 4,
  termCloseness: 16,
  termShort: -30,
  /**
   * A term down to this share of the one asked still fits, less well (termSomewhatShort): a lender
   * of 30 months serves a need of 36 with larger instalments. Shorter than that excludes.
   */
  termTolerance: 0.75,
  termSomewhatShort: -6,
  loanExcludedMax: 30,
  /** Loans: the text (purpose) counts this share of its usual weight; amount and term come first. */
  loanTextShare: 0.4,
  /**
   * Loans: both texts state what the money is for (thesaurus.ts LOAN_PURPOSES: start, stock, cash,
   * deposit, equipment …) and a purpose of one fits one of the other's (purposesFit) / none does.
   * Less than the amount's closeness can add, so the fit of amount and term still comes first;
   * enough to put a stock loan of the right size before a start-up loan of the right size.
   */
  loanPurposeSame: 10,
  loanPurposeOther: -12,
  /**
   * Skills: a course offered where the need asks for the work itself ("Excel-Grundkurs" for "wer
   * räumt unsere Tabelle auf"), or the work offered where the need asks to learn it (teaches()).
   */
  courseNotService: -15,
  serviceNotCourse: -15,
  /** Rooms: capacity enough / too small for the need. */
  roomFits: 14,
  roomTooSmall: -35,
  /**
   * Rooms: both texts name a kind of room (thesaurus.ts ROOM_KINDS: meeting, hall, music,
   * kitchen, workshop, studio, storage, office, movement, cinema, outdoor) and share one / name
   * only different ones. Words like "Raum", "room", "salle" are shared by every pair of rooms;
   * the kind is what makes an office need and an event hall offer a poor pair.
   */
  roomKindSame: 8,
  roomKindOther: -15,
  /** Rooms and tools: per item of the need's equipment list found in the offer (max equipmentMax). */
  equipmentItem: 4,
  equipmentMax: 12,
  /**
   * Negation (issue #16 item 6): per thing the need asks for that the offer says it lacks ("ohne
   * HDMI", "no microphones", "sans cuisine", "zonder stroom"), at most lacksMax in all. The
   * lacking words also stop counting as shared words (negatedEvidence).
   */
  lacks: -20,
  lacksMax: -40,
  /**
   * Near misses (issue #16 item 6): the offer says it is broken — its condition is "broken", or its
   * text says so ("en panne", "defekt", "out of order", "kapot") — and the need says nothing of
   * broken things or repairs. Not for skills (a repair service names what is broken) nor loans.
   */
  broken: -20,
  /** Reciprocity: the two initiatives have helped each other before (either way). */
  reciprocity: 6,
  /** Same centre: help next door is easier than across the network. */
  sameCentre: 4,
  /** Fresh: the candidate was published within FRESH_DAYS. */
  fresh: 3,
  freshDays: 14,
} as const

/** Re-exported: the words live beside the SQL that also reads them (db must not import app modules). */
export { GENERIC_WORDS } from '#db/sql/generic-words'

/** At or above this, both sides are told of a new match (notifications). */
export const STRONG_MATCH = 45
/** Below this a candidate is not worth a person's time on the matches page. */
export const WORTH_SHOWING = 30

export type Kind = 'offer' | 'need'
export type Category = 'room' | 'tool' | 'skill' | 'loan' | 'other'

export interface ScoreSource {
  kind: Kind
  category: Category
  details: Record<string, unknown>
  /** whether its text offers or asks for teaching: a course, lessons, a workshop (teaches()); skills only */
  teaches?: boolean
  /** the kinds of room its text names (thesaurus.ts roomKindsOf); rooms only */
  roomKinds?: readonly string[]
  /** what its text says the money is for (thesaurus.ts loanPurposesOf); loans only */
  loanPurposes?: readonly string[]
  availableFrom: string | null
  availableUntil: string | null
  centreId: string
}

export interface ScoreCandidate {
  details: Record<string, unknown>
  /** whether its text offers or asks for teaching: a course, lessons, a workshop (teaches()); skills only */
  teaches?: boolean
  /** the kinds of room its text names (thesaurus.ts roomKindsOf); rooms only */
  roomKinds?: readonly string[]
  /** what its text says the money is for (thesaurus.ts loanPurposesOf); loans only */
  loanPurposes?: readonly string[]
  /** the need's equipment items found in the offer (folded words; computed by equipmentFound) */
  equipmentFound?: readonly string[]
  availableFrom: string | null
  availableUntil: string | null
  centreId: string
  /** title + description, for naming the matching words */
  text: string
  /** what the need asks for and the offer says it lacks, as the offer writes it (lackedFeatures) */
  lacking?: readonly string[]
  /** the words by which the offer says it does not work, as it writes them ("en panne"; saysBroken) */
  broken?: string | null
  /** the need names broken things, repairs or parts itself (asksForBroken): a broken offer is no near miss */
  brokenWanted?: boolean
  /** stems both share (generic listing words excluded) */
  sharedLexemes: string[]
  /** of those, the ones in the candidate's title */
  sharedTitleLexemes: string[]
  /** how many words the source's title has, and how many of them the candidate contains */
  titleWords: number
  titleWordsFound: number
  publishedAt: Date | string | null
  /** the candidate's initiative provided help to the source's (ledger), and the reverse */
  theyHelpedUs: boolean
  weHelpedThem: boolean
}

export type ReasonKey =
  | 'sameCategory'
  // concepts both sides' authors confirmed (ADR 083)
  | 'concepts'
  | 'keywords'
  | 'window'
  | 'amount'
  | 'term'
  | 'amountShort'
  | 'termShort'
  | 'termSomewhatShort'
  | 'amountLarge'
  | 'termLong'
  | 'loanPurpose'
  | 'room'
  | 'roomKind'
  | 'equipment'
  | 'theyHelped'
  | 'youHelped'
  | 'sameCentre'
  | 'fresh'
  // what does not fit (MISS_REASONS)
  | 'lacks'
  | 'broken'
  | 'brokenCondition'
  | 'roomSmall'
  | 'roomKindOther'
  | 'loanPurposeOther'
  | 'courseNotService'
  | 'serviceNotCourse'
  | 'windowMissed'

/** Reasons that say what does not fit: shown apart from the reasons a candidate fits. */
export const MISS_REASONS: ReadonlySet<ReasonKey> = new Set([
  'amountShort',
  'termShort',
  'termSomewhatShort',
  'amountLarge',
  'termLong',
  'lacks',
  'broken',
  'brokenCondition',
  'roomSmall',
  'roomKindOther',
  'loanPurposeOther',
  'courseNotService',
  'serviceNotCourse',
  'windowMissed',
])

export interface Reason {
  key: ReasonKey
  params?: Record<string, string | number>
}

export interface Scored {
  score: number
  reasons: Reason[]
  /** the score before rounding and clamping: breaks ties between equal scores (compareRanked) */
  exact: number
  /** a loan offer whose amount or term excludes the need: ranked after every one that fits */
  excluded: boolean
}

/**
 * The loan purpose a narrower one belongs to (the purposes are thesaurus.ts LOAN_PURPOSES; kept
 * here, apart from the vocabulary, because this module is also in the browser's bundle).
 */
export const LOAN_PURPOSE_BROADER: Readonly<Record<string, string>> = { vehicle: 'equipment', appliance: 'equipment' }

/** Do two loan purposes fit: the same, or one the other's broader ("equipment" and "appliance")? */
export function purposesFit(a: string, b: string): boolean {
  return a === b || LOAN_PURPOSE_BROADER[a] === b || LOAN_PURPOSE_BROADER[b] === a
}

function num(details: Record<string, unknown>, key: string): number | null {
  const value = details[key]
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** Both windows known (at least one bound each)? Then do they overlap. Null when either is open. */
export function windowsOverlap(
  a: { availableFrom: string | null; availableUntil: string | null },
  b: { availableFrom: string | null; availableUntil: string | null },
): boolean | null {
  const known = (w: typeof a) => w.availableFrom !== null || w.availableUntil !== null
  if (!known(a) || !known(b)) return null
  const start = (w: typeof a) => w.availableFrom ?? '0000-01-01'
  const end = (w: typeof a) => w.availableUntil ?? '9999-12-31'
  return start(a) <= end(b) && start(b) <= end(a)
}

function fold(s: string) {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').toLowerCase()
}

/**
 * The candidate's own words behind the shared stems ("bohrmaschin" → "Bohrmaschine"), as
 * they are written, in order of appearance; at most `max`.
 */
export function matchingWords(text: string, lexemes: string[], max = 4): string[] {
  // no text (a candidate not among those shown, rankCandidates) or no stems: nothing to name
  if (!lexemes.length || !text) return []
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? []
  const found: string[] = []
  const seen = new Set<string>()
  const stems = lexemes.map(fold).filter((l) => l.length >= 2)
  for (const word of words) {
    const folded = fold(word)
    if (folded.length < 3 || seen.has(folded)) continue
    // Snowball stems are (nearly) prefixes of their words: "librari" for "library" drops one letter.
    const hit = stems.some((stem) => folded.startsWith(stem) || (stem.length >= 5 && folded.startsWith(stem.slice(0, -1))))
    if (!hit) continue
    seen.add(folded)
    found.push(word)
    if (found.length >= max) break
  }
  return found
}

/**
 * The items of the need's equipment list (rooms: "Beamer, Küche, Spiegel") that the offer has:
 * in its own equipment list or its text, compared as folded words, or through the thesaurus
 * (`expand` gives an item's other-language words, e.g. thesaurus.ts expandWords).
 */
export function equipmentFound(
  need: Record<string, unknown>,
  offer: Record<string, unknown>,
  offerText: string,
  expand: (text: string) => string[] = () => [],
  offerRead: NegationRead | null = null,
): string[] {
  const list = (details: Record<string, unknown>) =>
    Array.isArray(details.equipment) ? details.equipment.filter((x): x is string => typeof x === 'string') : []
  const wanted = list(need)
  if (!wanted.length) return []
  const words = (text: string) => fold(text).split(/[^a-z0-9]+/).filter((w) => w.length > 1)
  // what the text names only in a negation ("geen verwarming") is not equipment it has
  const unsaid = (w: string) => offerRead !== null && offerRead.negated.has(w) && !offerRead.positive.has(w)
  const theirs = new Set([...list(offer).flatMap(words), ...words(offerText).filter((w) => !unsaid(w))])
  return wanted.filter((item) => [...words(item), ...expand(item)].some((w) => theirs.has(w)))
}

/**
 * Words that say the next words are missing: "ohne Beamer", "kein Strom", "no microphones",
 * "without a lift", "sans cuisine", "pas de parking", "aucune table", "zonder stroom", "geen
 * water", "nicht frostfrei", "not Euro size", "niet verwarmd", "doesn't split logs". Only words
 * placed before what they negate: "HDMI fehlt" or "Beamer nicht dabei" are not read.
 */
const NEGATORS = new Set([
  'ohne', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'keines', 'nicht',
  'without', 'no', 'not',
  'sans', 'aucun', 'aucune',
  'zonder', 'geen', 'niet',
])
/** English contractions read as "not" when a "t" follows: "doesn't split logs", "don't do mediation". */
const CONTRACTED = new Set(['don', 'doesn', 'didn', 'isn', 'aren', 'wasn', 'can', 'won', 'hasn', 'haven'])
/** "pas" negates only as "pas de …" / "pas d'…". */
const PAS = 'pas'
/**
 * Negations that name a feature rather than a lack: "sans fil" is wireless; "nicht nur", "not
 * only", "niet alleen" add rather than take away.
 */
const IDIOMS: Readonly<Record<string, ReadonlySet<string>>> = {
  sans: new Set(['fil']),
  nicht: new Set(['nur', 'bloss', 'zuletzt']),
  not: new Set(['only', 'just', 'least']),
  niet: new Set(['alleen', 'enkel']),
}
/** Passed over inside a negation's reach: articles and the like ("ohne den Akku", "sans le"). */
const FILLERS = new Set([
  'a', 'an', 'the', 'any', 'der', 'die', 'das', 'den', 'dem', 'ein', 'eine', 'einen', 'einem',
  'de', 'des', 'du', 'la', 'le', 'les', 'l', 'd', 'het', 'een', 'or', 'oder', 'ou', 'of', 'noch', 'ni',
])
/** End a negation's reach: "ohne Strom, aber mit Wasser", "no sink but a fridge". */
const ENDS = new Set(['aber', 'mit', 'sondern', 'but', 'with', 'mais', 'avec', 'maar', 'met'])
/** How many words after a negator it reaches ("no microphones or cables" → both). */
const REACH = 3
const NEGATION_HINT = /\b(ohne|kein\w*|nicht|without|no|not|\w+n't|\w+n’t|sans|pas|aucune?|zonder|geen|niet)\b/i

/** Could the text hold a negation at all? (A cheap test before readNegation.) */
export function mayNegate(text: string): boolean {
  return NEGATION_HINT.test(text)
}

export interface NegationRead {
  /** folded words that stand in a negation's reach */
  negated: Set<string>
  /** folded words that stand anywhere else */
  positive: Set<string>
  /** the negated words as written, in order, by folded word */
  written: Map<string, string>
}

/** Which words of a text are negated ("ohne HDMI") and which are said plainly. */
export function readNegation(text: string): NegationRead {
  const read: NegationRead = { negated: new Set(), positive: new Set(), written: new Map() }
  if (!NEGATION_HINT.test(text)) {
    for (const word of text.match(/[\p{L}\p{N}]+/gu) ?? []) read.positive.add(fold(word))
    return read
  }
  const tokens = text.match(/[\p{L}\p{N}]+|[.,;:!?()[\]{}\n/+&]/gu) ?? []
  let reach = 0
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    const word = fold(token)
    if (!/[a-z0-9]/.test(word)) {
      reach = 0
      continue
    }
    const next = tokens[i + 1] ? fold(tokens[i + 1]!) : ''
    if (CONTRACTED.has(word) && next === 't') {
      reach = REACH
      i++
      continue
    }
    if (NEGATORS.has(word) || (word === PAS && (next === 'de' || next === 'd'))) {
      reach = IDIOMS[word]?.has(next) ? 0 : REACH
      if (reach === 0) i++
      continue
    }
    if (reach > 0 && ENDS.has(word)) reach = 0
    if (reach > 0) {
      if (FILLERS.has(word)) continue
      reach--
      if (word.length >= 3) {
        read.negated.add(word)
        if (!read.written.has(word)) read.written.set(word, token)
      }
      continue
    }
    read.positive.add(word)
  }
  return read
}

/** The same word, or one a prefix of the other ("mikrofon" / "mikrofone", "strom" / "stromanschluss"). */
function sameWord(a: string, b: string) {
  if (a === b) return true
  if (a.length < 4 || b.length < 4) return false
  return a.startsWith(b) || b.startsWith(a)
}

/**
 * What the need asks for that the offer says it lacks, as the offer writes it: a word the offer
 * negates ("Raum ohne Küche") that the need names plainly ("Raum mit Küche"), directly or through
 * the vocabulary (`expand` gives a text's other-language words: "cuisine" for "Küche"). A word
 * both sides negate ("Kredit ohne Zinsen" / "prêt sans intérêts") is not a lack.
 */
export function lackedFeatures(
  offer: NegationRead,
  need: NegationRead,
  expand: (text: string) => string[] = () => [],
  needEquipment: readonly string[] = [],
): string[] {
  if (!offer.negated.size) return []
  // what the need asks for: its plain words, and the equipment it lists ("Heizung" where the text says "gut heizbar")
  const listed = needEquipment.flatMap((item) => fold(item).split(/[^a-z0-9]+/))
  const asked = [...need.positive, ...listed].filter((w) => w.length >= 3)
  const lacking: string[] = []
  for (const word of offer.negated) {
    if ([...need.negated].some((n) => sameWord(n, word))) continue
    const variants = [word, ...expand(word).map(fold)]
    if (variants.some((v) => asked.some((n) => sameWord(n, v)))) lacking.push(offer.written.get(word)!)
  }
  return lacking.slice(0, 3)
}

/**
 * The shared stems that stand only in negations of a text ("ohne HDMI" shares "hdmi" with a
 * need for HDMI, but it is no evidence for the pair): those to leave out of the text score.
 */
export function negatedEvidence(lexemes: readonly string[], ...texts: NegationRead[]): Set<string> {
  const out = new Set<string>()
  for (const read of texts) {
    if (!read.negated.size) continue
    for (const lexeme of lexemes) {
      const stem = fold(lexeme)
      const hits = (w: string) => w.startsWith(stem) || (stem.length >= 5 && w.startsWith(stem.slice(0, -1)))
      if ([...read.negated].some(hits) && ![...read.positive].some(hits)) out.add(lexeme)
    }
  }
  return out
}

/**
 * Words that say a thing does not work, as folded word sequences: "en panne", "defekt", "out of
 * order", "kapot". Dutch "stuk" is left out (it is also "a piece": "per stuk"); French "HS" too.
 * Built on first use: this module is also in the browser's bundle, which never reads them.
 */
let broken: { phrases: readonly string[][]; anyKey: RegExp } | undefined
function brokenWords() {
  if (!broken) {
    const phrases = [
      'defekt', 'defekte', 'defekter', 'defektes', 'kaputt', 'kaputte', 'kaputter', 'kaputtes', 'reparaturbedurftig', 'reparaturbedurftige',
      'funktioniert nicht', 'funktioniert nicht mehr', 'geht nicht mehr', 'ausser betrieb',
      'broken', 'out of order', 'not working', 'does not work', 'doesn t work', 'needs repair', 'needs fixing', 'faulty',
      'en panne', 'hors service', 'ne fonctionne pas', 'ne fonctionne plus', 'ne marche pas', 'ne marche plus', 'casse', 'cassee', 'a reparer',
      'kapot', 'kapotte', 'defect', 'defecte', 'werkt niet', 'werkt niet meer', 'buiten gebruik',
    ]
      .map((phrase) => phrase.split(' '))
      // the longest first: "funktioniert nicht mehr" before "funktioniert nicht"
      .sort((a, b) => b.length - a.length)
    // The cheap first test: the key word of a phrase anywhere in the folded text, even inside a word
    // ("service" in "Reparaturservice"). A key word is the phrase's longest word that is not an
    // everyday one ("panne" of "en panne", "order" of "out of order"): nearly every text holds an
    // "a", "en", "not" or "out". About 6 % of the scale seed's texts pass; the test costs 3 µs a text
    // where splitting the folded text into words cost 10 µs.
    const everyday = new Set(['a', 'en', 'ne', 'not', 'out', 'of', 'does', 'doesn', 't', 'needs', 'nicht', 'mehr', 'pas', 'plus', 'niet', 'meer'])
    const key = (p: string[]) => p.filter((w) => !everyday.has(w)).sort((a, b) => b.length - a.length)[0] ?? p[0]!
    broken = { phrases, anyKey: new RegExp([...new Set(phrases.map(key))].join('|')) }
  }
  return broken
}
/** Said of the need (folded), these make a broken offer fair game: it wants parts, or something to mend. */
const REPAIR_HINT =
  /\b(defekt|kaputt|reparatur|ersatzteil|ausschlacht|broken|repair|spare parts|for parts|en panne|reparer|pieces detachees|pieces de rechange|casse|kapot|defect|repareren|onderdelen)/
/** Negations before a "broken" word that take it back: "nicht defekt", "not broken", "pas cassé", "niet kapot". */
const UNSAID = new Set(['nicht', 'kein', 'keine', 'ohne', 'not', 'no', 'never', 'without', 'pas', 'jamais', 'sans', 'niet', 'nooit', 'geen', 'zonder'])

/** Does a need name broken things or repairs itself ("Ersatzteile", "for parts", "à réparer")? Then a broken offer may be what it wants. */
export function asksForBroken(needText: string): boolean {
  return REPAIR_HINT.test(fold(needText))
}

/**
 * The words by which an offer says it does not work, as it writes them ("en panne"), or null.
 * "nicht defekt", "not broken", "niet kapot" take it back.
 */
export function saysBroken(offerText: string): string | null {
  const { phrases, anyKey } = brokenWords()
  // The cheap test first. It lets through every text the word loop below can find a phrase in: a
  // word's fold is part of the whole text's fold (NFKD decomposes character by character)
  if (!anyKey.test(fold(offerText))) return null
  const tokens = [...offerText.matchAll(/[\p{L}\p{N}]+/gu)]
  const words = tokens.map((t) => fold(t[0]))
  for (let i = 0; i < words.length; i++) {
    const phrase = phrases.find((p) => p.every((w, j) => words[i + j] === w))
    if (!phrase || UNSAID.has(words[i - 1] ?? '')) continue
    // as written, from its first word to its last ("doesn't work", "hors-service")
    const last = tokens[i + phrase.length - 1]!
    return offerText.slice(tokens[i]!.index, last.index + last[0].length)
  }
  return null
}

/** Words of teaching, folded: "Kurs", "lessons", "cours", "cursus", "apprendre", "leren" … */
const TEACHING = new Set([
  'kurs', 'kurse', 'kurses', 'kursus', 'unterricht', 'lernen', 'lerne', 'lernt', 'beibringen', 'schulung', 'schulungen', 'einfuhrung',
  'course', 'courses', 'class', 'classes', 'lesson', 'lessons', 'learn', 'learning', 'teach', 'teaching', 'tutorial', 'training',
  'cours', 'formation', 'formations', 'apprendre', 'apprenez', 'initiation',
  'cursus', 'cursussen', 'lessen', 'leren', 'workshop', 'workshops',
])
/** The same as the last part of a German or Dutch compound: "Grundkurs", "kookcursus", "Kommunikationstraining". */
const TEACHING_ENDS = ['kurs', 'kurse', 'cursus', 'unterricht', 'schulung', 'training', 'workshop']

/**
 * Does a skill listing's text offer or ask for teaching (a course, lessons, a workshop, learning
 * it oneself) rather than the work itself? A course does not serve a need for the work, nor the
 * work a need to learn it (issue #16, near misses).
 */
export function teaches(text: string): boolean {
  for (const word of fold(text).split(/[^a-z0-9]+/)) {
    if (word.length < 4) continue
    if (TEACHING.has(word)) return true
    if (word.length > 7 && TEACHING_ENDS.some((end) => word.endsWith(end))) return true
  }
  return false
}

export function scoreCandidate(source: ScoreSource, candidate: ScoreCandidate, now: Date = new Date()): Scored {
  const W = WEIGHTS
  const reasons: Reason[] = [{ key: 'sameCategory', params: { category: source.category } }]
  let score = W.base

  const inTitle = new Set(candidate.sharedTitleLexemes)
  const inBody = candidate.sharedLexemes.filter((l) => !inTitle.has(l))
  let text = Math.min(W.titleWordMax, W.titleWord * inTitle.size) + Math.min(W.bodyWordMax, W.bodyWord * inBody.length)
  if (candidate.titleWords > 0) text += (W.coverage * Math.min(candidate.titleWordsFound, candidate.titleWords)) / candidate.titleWords
  score += source.category === 'loan' ? text * W.loanTextShare : text
  const words = matchingWords(candidate.text, candidate.sharedLexemes)
  if (words.length) reasons.push({ key: 'keywords', params: { words: words.join(', ') } })

  const overlap = windowsOverlap(source, candidate)
  if (overlap === true) {
    score += W.windowOverlap
    reasons.push({ key: 'window' })
  } else if (overlap === false) {
    score += W.windowDisjoint
    reasons.push({ key: 'windowMissed' })
  }

  const need = source.kind === 'need' ? source.details : candidate.details
  const offer = source.kind === 'need' ? candidate.details : source.details
  let excluded = false
  if (source.category === 'loan') {
    const asked = num(need, 'amountCents')
    const available = num(offer, 'amountCents')
    if (asked !== null && available !== null && asked > 0 && available > 0) {
      if (available >= asked) {
        score += W.amountFits + W.amountCloseness * closeness(available / asked)
        reasons.push({ key: available > FAR * asked ? 'amountLarge' : 'amount' })
      } else {
        score += W.amountShort
        excluded = true
        reasons.push({ key: 'amountShort' })
      }
    }
    const termAsked = num(need, 'termMonths')
    const termOffered = num(offer, 'termMonths')
    if (termAsked !== null && termOffered !== null && termAsked > 0 && termOffered > 0) {
      if (termOffered >= termAsked) {
        score += W.termFits + W.termCloseness * closeness(termOffered / termAsked)
        reasons.push({ key: termOffered > FAR * termAsked ? 'termLong' : 'term' })
      } else if (termOffered >= W.termTolerance * termAsked) {
        // a little shorter: the borrower pays back sooner in larger instalments; fits, less well
        score += W.termFits + W.termCloseness * closeness(termAsked / termOffered) + W.termSomewhatShort
        reasons.push({ key: 'termSomewhatShort' })
      } else {
        score += W.termShort
        excluded = true
        reasons.push({ key: 'termShort' })
      }
    }
    const wanted = source.kind === 'need' ? source.loanPurposes ?? [] : candidate.loanPurposes ?? []
    const lent = source.kind === 'need' ? candidate.loanPurposes ?? [] : source.loanPurposes ?? []
    if (wanted.length && lent.length) {
      const fits = wanted.find((w) => lent.some((l) => purposesFit(w, l)))
      if (fits) {
        score += W.loanPurposeSame
        reasons.push({ key: 'loanPurpose', params: { purpose: fits } })
      } else {
        score += W.loanPurposeOther
        reasons.push({ key: 'loanPurposeOther', params: { purposes: lent.join(', ') } })
      }
    }
  }
  if (source.category === 'room') {
    const wanted = num(need, 'capacity')
    const capacity = num(offer, 'capacity')
    if (wanted !== null && capacity !== null) {
      if (capacity >= wanted) {
        score += W.roomFits
        reasons.push({ key: 'room' })
      } else {
        score += W.roomTooSmall
        reasons.push({ key: 'roomSmall' })
      }
    }
  }

  if (source.category === 'skill' && source.teaches !== undefined && candidate.teaches !== undefined) {
    const [needTeaches, offerTeaches] = source.kind === 'need' ? [source.teaches, candidate.teaches] : [candidate.teaches, source.teaches]
    if (offerTeaches && !needTeaches) {
      score += W.courseNotService
      reasons.push({ key: 'courseNotService' })
    } else if (needTeaches && !offerTeaches) {
      score += W.serviceNotCourse
      reasons.push({ key: 'serviceNotCourse' })
    }
  }

  if (source.category === 'room') {
    const mine = source.roomKinds ?? []
    const theirs = candidate.roomKinds ?? []
    if (mine.length && theirs.length) {
      if (mine.some((k) => theirs.includes(k))) {
        score += W.roomKindSame
        reasons.push({ key: 'roomKind' })
      } else {
        score += W.roomKindOther
        reasons.push({ key: 'roomKindOther' })
      }
    }
  }
  const equipment = candidate.equipmentFound ?? []
  if (equipment.length) {
    score += Math.min(W.equipmentMax, W.equipmentItem * equipment.length)
    reasons.push({ key: 'equipment', params: { items: equipment.join(', ') } })
  }

  const lacking = candidate.lacking ?? []
  if (lacking.length) {
    score += Math.max(W.lacksMax, W.lacks * lacking.length)
    reasons.push({ key: 'lacks', params: { words: lacking.join(', ') } })
  }
  if (!candidate.brokenWanted && source.category !== 'skill' && source.category !== 'loan') {
    if (offer.condition === 'broken') {
      score += W.broken
      reasons.push({ key: 'brokenCondition' })
    } else if (candidate.broken) {
      score += W.broken
      reasons.push({ key: 'broken', params: { words: candidate.broken } })
    }
  }

  if (candidate.theyHelpedUs || candidate.weHelpedThem) score += W.reciprocity
  if (candidate.theyHelpedUs) reasons.push({ key: 'theyHelped' })
  if (candidate.weHelpedThem) reasons.push({ key: 'youHelped' })

  if (candidate.centreId === source.centreId) score += W.sameCentre

  if (candidate.publishedAt) {
    const age = now.getTime() - new Date(candidate.publishedAt).getTime()
    if (age >= 0 && age <= W.freshDays * 24 * 3600_000) {
      score += W.fresh
      reasons.push({ key: 'fresh' })
    }
  }

  const shown = Math.max(0, Math.min(excluded ? W.loanExcludedMax : 100, Math.round(score)))
  return { score: shown, reasons, exact: score, excluded }
}

/** What the order of a listing's candidates is decided by (compareRanked). */
export interface Ranked {
  id: string
  title: string
  publishedAt: Date | string | null
  scored: Pick<Scored, 'score' | 'exact' | 'excluded'>
}

const time = (at: Date | string | null) => (at === null ? -Infinity : new Date(at).getTime())

/**
 * How close an offer's amount or term is to what the need asks, from its ratio (offered ÷ asked,
 * at least 1): 1 when equal, ½ at twice, 0 at four times, down to −1 at sixteen times and beyond.
 * Read on a log scale, so that twice and half as far again weigh alike: a loan of 3,000 € over
 * three years is not what a bridge of 3,000 € for six months is looking for.
 */
/** From this ratio on, an offer's amount or term no longer counts as close, and the reasons say so. */
const FAR = 4

function closeness(ratio: number) {
  return Math.max(-1, 1 - Math.log(ratio) / Math.log(4))
}

/**
 * The order of candidates, best first, the same on every run (issue #16 item 8): loan offers
 * that fit before those whose range excludes the need; then the score shown, the exact score
 * behind it, the newer listing, its title and last its id (random: it only separates copies).
 */
export function compareRanked(a: Ranked, b: Ranked): number {
  return (
    Number(a.scored.excluded) - Number(b.scored.excluded) ||
    b.scored.score - a.scored.score ||
    b.scored.exact - a.scored.exact ||
    time(b.publishedAt) - time(a.publishedAt) ||
    (a.title < b.title ? -1 : a.title > b.title ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  )
}

/** A reason in the reader's language ("Same category: tool", "Matches: Bohrmaschine, Beton"). */
export function reasonText(t: TFunction, reason: Reason): string {
  const params = { ...reason.params }
  if (reason.key === 'sameCategory' && typeof params.category === 'string') {
    params.category = t(`matching.categories.${params.category}`)
  }
  if (reason.key === 'loanPurpose' && typeof params.purpose === 'string') {
    params.purpose = t(`matching.loanPurposes.${params.purpose}`)
  }
  if (reason.key === 'loanPurposeOther' && typeof params.purposes === 'string') {
    params.purposes = params.purposes
      .split(', ')
      .map((p) => t(`matching.loanPurposes.${p}`))
      .join(', ')
  }
  return t(`matching.reasons.${reason.key}`, params)
}
