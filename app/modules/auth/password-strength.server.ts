import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as de from '@zxcvbn-ts/language-de'
import * as en from '@zxcvbn-ts/language-en'
import * as fr from '@zxcvbn-ts/language-fr'
import * as nl from '@zxcvbn-ts/language-nl-be'

/**
 * Password strength, on the server only (the dictionaries weigh megabytes; ADR 061). A new
 * password needs zxcvbn's score 3 ("safely unguessable": about 10^8 guesses, beyond an online
 * attack and slow against an offline one on our argon2id hashes) and 10 to 128 characters. The
 * person's own e-mail address and name count as dictionary words. Only on set and change, never
 * on login.
 */
export const MIN_PASSWORD_SCORE = 3
/**
 * And at least 10^9 estimated guesses: score 3 begins at 10^8, where `Passwort123!`,
 * `Hallo123456!` and `lagerhaus-bremen` sit (8.0–8.2, found by the re-probe of issue #13).
 */
export const MIN_GUESSES_LOG10 = 9
/**
 * Words everyone using this platform knows: its name, and the published demo password's parts
 * (`viertel-demo` is in the README). They count as the person's own words.
 */
const PLATFORM_WORDS = ['viertel', 'demo', 'viertel-demo', 'vierteldemo', 'projektezentrum']
export const MIN_PASSWORD_LENGTH = 10
export const MAX_PASSWORD_LENGTH = 128
/**
 * zxcvbn's cost grows steeply with length and with l33t-looking characters: 128 characters like
 * `p@$$w0rd…` took 10–15 s (measured). Only the first 64 characters are analysed (a password whose
 * first 64 are guessable is refused; one whose first 64 are strong is strong) and at most 8 l33t
 * substitutions are tried: the worst inputs we found then cost 0.2–0.5 s on a busy 2-core machine.
 */
const ANALYSED_LENGTH = 64
const L33T_MAX_SUBSTITUTIONS = 8

let factory: ZxcvbnFactory | undefined
function zxcvbn() {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...prefixed('de', de.dictionary), ...prefixed('fr', fr.dictionary), ...prefixed('nl', nl.dictionary) },
    graphs: common.adjacencyGraphs,
    // Levenshtein matching against 100,000s of words costs seconds a password; l33t and reversed stay.
    useLevenshteinDistance: false,
    maxLength: ANALYSED_LENGTH,
    l33tMaxSubstitutions: L33T_MAX_SUBSTITUTIONS,
  })
  return factory
}

// Every language has lists called commonWords, firstnames, … : without a prefix they would overwrite each other.
function prefixed(prefix: string, dictionary: Record<string, string[]>) {
  return Object.fromEntries(Object.entries(dictionary).map(([name, words]) => [`${prefix}-${name}`, words]))
}

/** zxcvbn's warnings, mapped to our own translation keys (its English strings are never shown). */
const WARNING_KEYS: Record<string, string> = {
  straightRow: 'auth.password.weak.keyboard',
  keyPattern: 'auth.password.weak.keyboard',
  simpleRepeat: 'auth.password.weak.repeat',
  extendedRepeat: 'auth.password.weak.repeat',
  sequences: 'auth.password.weak.sequence',
  recentYears: 'auth.password.weak.dates',
  dates: 'auth.password.weak.dates',
  topTen: 'auth.password.weak.common',
  topHundred: 'auth.password.weak.common',
  common: 'auth.password.weak.common',
  similarToCommon: 'auth.password.weak.common',
  pwned: 'auth.password.weak.common',
  wordByItself: 'auth.password.weak.word',
  namesByThemselves: 'auth.password.weak.names',
  commonNames: 'auth.password.weak.names',
  userInputs: 'auth.password.weak.personal',
}

/** The zxcvbn warning's key (its `feedback.warning` is a translated string; these are the keys). */
function warningOf(result: ZxcvbnResult): string | null {
  const warning = result.feedback.warning
  if (!warning) return null
  // With no translations configured, zxcvbn returns the key itself as the warning.
  return warning in WARNING_KEYS ? warning : null
}

/**
 * Says why a password is not good enough (a translation key of the `auth` namespace), or null.
 * `personal` are the person's own words: e-mail address (whole and its parts) and name.
 */
export function passwordWeakness(password: string, personal: (string | null | undefined)[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return 'auth.password.weak.short'
  if (password.length > MAX_PASSWORD_LENGTH) return 'auth.password.weak.long'
  const result = zxcvbn().check(password, [...personalWords(personal), ...PLATFORM_WORDS])
  if (result.score >= MIN_PASSWORD_SCORE && result.guessesLog10 >= MIN_GUESSES_LOG10) return null
  const warning = warningOf(result)
  return warning ? WARNING_KEYS[warning]! : 'auth.password.weak.guessable'
}

function personalWords(inputs: (string | null | undefined)[]) {
  const words = new Set<string>()
  for (const input of inputs) {
    if (!input) continue
    const value = input.trim().toLowerCase().slice(0, 254)
    if (!value) continue
    words.add(value)
    const local = value.split('@')[0]!
    words.add(local)
    const parts = local.split(/[^\p{L}\p{N}]+/u).filter((part) => part.length >= 3)
    for (const part of parts) words.add(part)
    words.add(parts.join(''))
  }
  return [...words]
}
