/**
 * Bulk loading for the scale seeds (issue #20 item 4): rows go in by COPY, and the loaded tables'
 * secondary indexes are dropped first and built once at the end, in the same transaction, so a
 * failed load leaves the database as it was (indexes included). Benchmark databases only.
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Sql, TransactionSql } from 'postgres'

type Cell = string | number | boolean | null | readonly string[]

/** One value in COPY's text format: \N for null, backslash escapes for the characters COPY reads. */
export function copyCell(value: Cell): string {
  if (value === null) return '\\N'
  if (Array.isArray(value)) return copyCell(arrayLiteral(value))
  return String(value).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
}

/** A text[] literal, every element quoted: `{"a","b \"c\""}`. */
export function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((item) => `"${item.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`
}

/** COPY `rows` into `table` (columns in order); the rows are produced lazily, a batch of lines per write. */
export async function copyRows(tx: Sql | TransactionSql, table: string, columns: readonly string[], rows: Iterable<readonly Cell[]>) {
  const query = tx.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`)
  // postgres.js (3.4) hands out the stream when COPY starts and never settles it when the server
  // refuses the data after the last row (a key found twice at the end): the refusal only reaches
  // the query's own reject, which has already resolved. Listen there, so the load fails instead
  // of waiting forever; an error during the stream destroys it and fails the pipeline as usual.
  const refused = new Promise<never>((_, fail) => {
    const internal = query as unknown as { reject?: (error: unknown) => void }
    const reject = internal.reject
    if (typeof reject === 'function')
      internal.reject = (error) => {
        fail(error)
        reject(error)
      }
  })
  refused.catch(() => {})
  const writable = await query.writable()
  function* lines() {
    let chunk: string[] = []
    for (const row of rows) {
      chunk.push(row.map(copyCell).join('\t'))
      if (chunk.length === 2000) {
        yield chunk.join('\n') + '\n'
        chunk = []
      }
    }
    if (chunk.length) yield chunk.join('\n') + '\n'
  }
  await Promise.race([pipeline(Readable.from(lines()), writable), refused])
}

/**
 * Runs `load` with the tables' secondary indexes dropped (those that back no constraint), then
 * builds them again from their own definitions. Call inside a transaction: a failure rolls the
 * drops back too.
 */
export async function withoutIndexes(tx: TransactionSql, tables: readonly string[], load: () => Promise<void>, say: (line: string) => void) {
  const indexes = await tx<{ name: string; definition: string }[]>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
      from pg_index i
     where i.indrelid = any(${tx.array(tables.map((t) => `public.${t}`))}::regclass[])
       and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
     order by 1`
  for (const index of indexes) await tx.unsafe(`drop index ${index.name}`)
  await load()
  await tx`set local maintenance_work_mem = '512MB'`
  for (const [n, index] of indexes.entries()) {
    const started = Date.now()
    await tx.unsafe(index.definition)
    say(`index ${n + 1}/${indexes.length} ${index.name} built (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  }
}
