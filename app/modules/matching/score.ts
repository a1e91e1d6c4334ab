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
  /** Loans: the offer covers the amount asked / falls short. */
  amountFits: 14,
  amountShort: -30,
  /** Loans: the offer's term is at least the term asked / shorter. */
  termFits: 4,
  termShort: -8,
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
  /** Reciprocity: the two initiatives have helped each other before (either way). */
  reciprocity: 6,
  /** Same centre: help next door is easier than across the network. */
  sameCentre: 4,
  /** Fresh: the candidate was published within FRESH_DAYS. */
  fresh: 3,
  freshDays: 14,
} as const

/**
 * Words every listing uses ("gesucht", "biete", "lend", "besoin"…): shared, they say nothing
 * about fit, so they never count as matching words (all four languages; stemmed by the query).
 */
export const GENERIC_WORDS = [
  // de
  'suche', 'suchen', 'gesucht', 'brauchen', 'benötigt', 'biete', 'bieten', 'angebot', 'verleihen', 'leihen', 'ausleihen',
  'hilfe', 'helfen', 'unterstützung', 'initiative', 'projekt', 'zentrum', 'gerne', 'möglich', 'kostenlos', 'tausch',
  // en
  'need', 'needed', 'looking', 'wanted', 'offer', 'offering', 'lend', 'borrow', 'help', 'support', 'project', 'centre',
  'available', 'free', 'please',
  // fr
  'cherche', 'cherchons', 'recherche', 'besoin', 'offre', 'offrons', 'propose', 'proposons', 'prête', 'prêter', 'emprunter',
  'aide', 'aider', 'projet', 'centre', 'disponible', 'gratuit',
  // nl
  'zoek', 'zoeken', 'gezocht', 'nodig', 'bied', 'bieden', 'aanbod', 'lenen', 'uitlenen', 'hulp', 'helpen', 'project',
  'centrum', 'beschikbaar', 'gratis',
  // arrangements, times and condition: every kind of listing says them, none tells what it is
  'absprache', 'vereinbarung', 'arrangement', 'afspraak', 'kurzfristig', 'notice', 'préavis', 'einweisung', 'introduction',
  'initiation', 'uitleg', 'stunde', 'stunden', 'hour', 'hours', 'heure', 'heures', 'uur', 'uren', 'woche', 'wochen',
  'wochenende', 'week', 'weeks', 'weekend', 'semaine', 'semaines', 'weken', 'samstag', 'sonntag', 'saturday', 'sunday',
  'samedi', 'dimanche', 'zaterdag', 'zondag', 'zustand', 'erhalten', 'condition', 'état', 'staat', 'gut', 'good', 'bon',
  'goed', 'goede', 'abholen', 'récupérer', 'ophalen', 'gegenseitig', 'mutual', 'mutuel', 'wederzijds', 'mitglieder',
  'members', 'membres', 'leden',
] as const

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
  /** the kinds of room its text names (thesaurus.ts roomKindsOf); rooms only */
  roomKinds?: readonly string[]
  availableFrom: string | null
  availableUntil: string | null
  centreId: string
}

export interface ScoreCandidate {
  details: Record<string, unknown>
  /** the kinds of room its text names (thesaurus.ts roomKindsOf); rooms only */
  roomKinds?: readonly string[]
  /** the need's equipment items found in the offer (folded words; computed by equipmentFound) */
  equipmentFound?: readonly string[]
  availableFrom: string | null
  availableUntil: string | null
  centreId: string
  /** title + description, for naming the matching words */
  text: string
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
  | 'keywords'
  | 'window'
  | 'amount'
  | 'term'
  | 'room'
  | 'roomKind'
  | 'equipment'
  | 'theyHelped'
  | 'youHelped'
  | 'sameCentre'
  | 'fresh'

export interface Reason {
  key: ReasonKey
  params?: Record<string, string | number>
}

export interface Scored {
  score: number
  reasons: Reason[]
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
  if (!lexemes.length) return []
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
): string[] {
  const list = (details: Record<string, unknown>) =>
    Array.isArray(details.equipment) ? details.equipment.filter((x): x is string => typeof x === 'string') : []
  const wanted = list(need)
  if (!wanted.length) return []
  const words = (text: string) => fold(text).split(/[^a-z0-9]+/).filter((w) => w.length > 1)
  const theirs = new Set([...list(offer).flatMap(words), ...words(offerText)])
  return wanted.filter((item) => [...words(item), ...expand(item)].some((w) => theirs.has(w)))
}

export function scoreCandidate(source: ScoreSource, candidate: ScoreCandidate, now: Date = new Date()): Scored {
  const W = WEIGHTS
  const reasons: Reason[] = [{ key: 'sameCategory', params: { category: source.category } }]
  let score = W.base

  const inTitle = new Set(candidate.sharedTitleLexemes)
  const inBody = candidate.sharedLexemes.filter((l) => !inTitle.has(l))
  score += Math.min(W.titleWordMax, W.titleWord * inTitle.size)
  score += Math.min(W.bodyWordMax, W.bodyWord * inBody.length)
  if (candidate.titleWords > 0) score += (W.coverage * Math.min(candidate.titleWordsFound, candidate.titleWords)) / candidate.titleWords
  const words = matchingWords(candidate.text, candidate.sharedLexemes)
  if (words.length) reasons.push({ key: 'keywords', params: { words: words.join(', ') } })

  const overlap = windowsOverlap(source, candidate)
  if (overlap === true) {
    score += W.windowOverlap
    reasons.push({ key: 'window' })
  } else if (overlap === false) {
    score += W.windowDisjoint
  }

  const need = source.kind === 'need' ? source.details : candidate.details
  const offer = source.kind === 'need' ? candidate.details : source.details
  if (source.category === 'loan') {
    const asked = num(need, 'amountCents')
    const available = num(offer, 'amountCents')
    if (asked !== null && available !== null) {
      if (available >= asked) {
        score += W.amountFits
        reasons.push({ key: 'amount' })
      } else score += W.amountShort
    }
    const termAsked = num(need, 'termMonths')
    const termOffered = num(offer, 'termMonths')
    if (termAsked !== null && termOffered !== null) {
      if (termOffered >= termAsked) {
        score += W.termFits
        reasons.push({ key: 'term' })
      } else score += W.termShort
    }
  }
  if (source.category === 'room') {
    const wanted = num(need, 'capacity')
    const capacity = num(offer, 'capacity')
    if (wanted !== null && capacity !== null) {
      if (capacity >= wanted) {
        score += W.roomFits
        reasons.push({ key: 'room' })
      } else score += W.roomTooSmall
    }
  }

  if (source.category === 'room') {
    const mine = source.roomKinds ?? []
    const theirs = candidate.roomKinds ?? []
    if (mine.length && theirs.length) {
      if (mine.some((k) => theirs.includes(k))) {
        score += W.roomKindSame
        reasons.push({ key: 'roomKind' })
      } else score += W.roomKindOther
    }
  }
  const equipment = candidate.equipmentFound ?? []
  if (equipment.length) {
    score += Math.min(W.equipmentMax, W.equipmentItem * equipment.length)
    reasons.push({ key: 'equipment', params: { items: equipment.join(', ') } })
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

  return { score: Math.max(0, Math.min(100, Math.round(score))), reasons }
}

/** A reason in the reader's language ("Same category: tool", "Matches: Bohrmaschine, Beton"). */
export function reasonText(t: TFunction, reason: Reason): string {
  const params = { ...reason.params }
  if (reason.key === 'sameCategory' && typeof params.category === 'string') {
    params.category = t(`matching.categories.${params.category}`)
  }
  return t(`matching.reasons.${reason.key}`, params)
}
