/**
 * Issue #16 item 7, an experiment (not a feature): would learning from "not a match" and from
 * accepted matches raise precision for needs that gave no feedback? One simulated round on a
 * set: the even-numbered needs (then the odd ones) act as people — each of their top 5 is
 * accepted when the set calls it relevant and dismissed otherwise — and the learned weights
 * re-rank the other half's candidates. Two models, each with three strengths:
 * - conceptPair: a weight per (concept of the need, concept of the offer), different concepts only;
 * - needConceptXofferListing: a weight per (concept of the need, the offer listing itself);
 * - offerListing: a weight per offer listing, whatever the need (an offer many needs dismiss sinks
 *   for all; added 2026-12-06, the model docs/matching.md named as untried).
 * Run: npx tsx scripts/experiments/match-feedback.ts tests/fixtures/matching-eval/fresh.json
 * Results and the decision: docs/matching.md, "Learning from feedback".
 */
import { readFileSync } from 'node:fs'
import { openDatabase } from '../../db/connect'
import { findMatches } from '../../app/modules/matching/candidates.server'
import { seedThesaurus } from '../../app/modules/matching/thesaurus'
import { type EvalSet, loadEvalSet } from '../../tests/fixtures/matching-eval/run'

const file = process.argv[2]
if (!file) throw new Error('usage: npx tsx scripts/experiments/match-feedback.ts <set.json>')
const set = JSON.parse(readFileSync(file, 'utf8')) as EvalSet
const database = await openDatabase({ dataDir: 'memory://' })
const db = database.db
console.log(`${file}: loading ${set.listings.length} listings, ranking ${set.needs.length} needs…`)
const { idOf, keyOf } = await loadEvalSet(db, set)
const concepts = new Map(set.listings.map((l) => [l.key, seedThesaurus.conceptsOf(`${l.title} ${l.description}`, l.language)]))
type Run = { need: string; relevant: Set<string>; ranked: { key: string; score: number }[] }
const runs: Run[] = []
for (const { need, relevant } of set.needs) {
  const matches = await findMatches(db, idOf.get(need)!, { limit: 40 })
  runs.push({ need, relevant: new Set(relevant), ranked: matches.map((m) => ({ key: keyOf.get(m.other.id)!, score: m.score })) })
}
await database.close()

type Model = 'conceptPair' | 'needConceptXofferListing' | 'offerListing'
/** The keys a (need, offer) pair's weight is read from and written to. */
function keys(model: Model, need: string, offer: string): string[] {
  if (model === 'offerListing') return [offer]
  const needConcepts = concepts.get(need)!
  if (model === 'needConceptXofferListing') return needConcepts.map((a) => `${a}|${offer}`)
  return needConcepts.flatMap((a) => concepts.get(offer)!.filter((b) => b !== a).map((b) => `${a}|${b}`))
}

function measure(model: Model, sel: Run[], weights: Map<string, number>, k: number, cap: number) {
  let precision = 0
  let recall = 0
  for (const run of sel) {
    const order = run.ranked
      .map((c, i) => {
        const learned = keys(model, run.need, c.key).reduce((s, key) => s + (weights.get(key) ?? 0), 0)
        return { key: c.key, i, score: c.score + Math.max(-cap, Math.min(cap, k * learned)) }
      })
      .sort((x, y) => y.score - x.score || x.i - y.i)
      .map((c) => c.key)
    precision += order.slice(0, 3).filter((key) => run.relevant.has(key)).length / Math.min(3, run.relevant.size)
    recall += order.slice(0, 10).filter((key) => run.relevant.has(key)).length / run.relevant.size
  }
  return `${(precision / sel.length).toFixed(3)} / ${(recall / sel.length).toFixed(3)}`
}

for (const model of (process.env.MODELS?.split(',') ?? ['conceptPair', 'needConceptXofferListing', 'offerListing']) as Model[]) {
  for (const [k, cap] of [
    [2, 10],
    [3, 15],
    [5, 20],
  ] as const) {
    for (const half of [0, 1]) {
      const train = runs.filter((_, i) => i % 2 === half)
      const test = runs.filter((_, i) => i % 2 !== half)
      const weights = new Map<string, number>()
      for (const run of train) {
        for (const c of run.ranked.slice(0, 5)) {
          const delta = run.relevant.has(c.key) ? 1 : -1
          for (const key of keys(model, run.need, c.key)) weights.set(key, Math.max(-5, Math.min(5, (weights.get(key) ?? 0) + delta)))
        }
      }
      console.log(
        `${model} k=${k} cap=${cap} feedback from ${half ? 'odd' : 'even'} needs: ` +
          `other needs p@3/r@10 ${measure(model, test, new Map(), k, cap)} → ${measure(model, test, weights, k, cap)}; ` +
          `needs that gave it ${measure(model, train, new Map(), k, cap)} → ${measure(model, train, weights, k, cap)}`,
      )
    }
  }
}
