/**
 * Measures matching quality on the hand-labelled set in tests/fixtures/matching-eval
 * (`npm run match:eval`): precision@3 and recall@10 of the real candidate query and scorer,
 * in a throw-away database (PGlite in memory, or a fresh PostgreSQL database with EVAL_DATABASE_URL).
 * `--set <file>` (or MATCH_EVAL_SET=<file>) measures another set of the same format, e.g. held-out.json.
 */
import { readFileSync } from 'node:fs'
import { openDatabase } from '../db/connect'
import { type EvalSet, evaluate, readEvalSet } from '../tests/fixtures/matching-eval/run'

const setArg = process.argv.indexOf('--set')
const setFile = setArg >= 0 ? process.argv[setArg + 1] : process.env.MATCH_EVAL_SET
const set: EvalSet = setFile ? (JSON.parse(readFileSync(setFile, 'utf8')) as EvalSet) : readEvalSet()

const url = process.env.EVAL_DATABASE_URL
const database = await openDatabase(url ? { url } : { dataDir: 'memory://' })
try {
  const result = await evaluate(database.db, set)
  for (const n of result.perNeed) {
    const mark = n.hits3 >= Math.min(3, n.relevant) ? '  ' : '✗ '
    console.log(`${mark}${n.need.padEnd(24)} top3 ${n.hits3}/${Math.min(3, n.relevant)}  top10 ${n.hits10}/${n.relevant}  [${n.top3.join(', ')}]`)
  }
  const sorted = [...result.timings].sort((a, b) => a - b)
  console.log(`\nneeds: ${result.perNeed.length}`)
  console.log(`precision@3: ${result.precisionAt3.toFixed(3)}`)
  console.log(`recall@10:   ${result.recallAt10.toFixed(3)}`)
  console.log(`findMatches: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms (${database.kind})`)
} finally {
  await database.close()
}
