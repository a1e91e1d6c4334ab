import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { arrayLiteral, copyCell, copyRows, withoutIndexes } from '../../scripts/bulk-load'
import { createTestDatabase, onPostgres, type TestDatabase } from '../setup/db'

/**
 * The scale seeds' bulk load (scripts/bulk-load.ts, issue #20 item 4): COPY's text format and
 * indexes dropped and rebuilt inside the load's transaction. The seeds need PostgreSQL (COPY over
 * postgres.js), so the database half skips on PGlite, saying so.
 */
const onPg = onPostgres()
if (!onPg) console.log('bulk-load: database tests skipped on PGlite (COPY through postgres.js — set DATABASE_URL)')

describe('COPY text format', () => {
  it('escapes what COPY reads as syntax, and writes null as \\N', () => {
    expect(copyCell(null)).toBe('\\N')
    expect(copyCell('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e')
    expect(copyCell(12)).toBe('12')
    expect(copyCell(false)).toBe('false')
    expect(copyCell('\\N')).toBe('\\\\N') // the text "\N", not a null
  })

  it('quotes every array element, so commas, braces, quotes and backslashes stay inside it', () => {
    expect(arrayLiteral([])).toBe('{}')
    expect(arrayLiteral(['a', 'b,c', '{d}', 'say "x"', 'back\\slash', 'NULL'])).toBe('{"a","b,c","{d}","say \\"x\\"","back\\\\slash","NULL"}')
    expect(copyCell(['tab\there'])).toBe('{"tab\\there"}')
  })
})

describe.skipIf(!onPg)('copyRows and withoutIndexes on PostgreSQL', () => {
  let database: TestDatabase
  let sql: postgres.Sql
  beforeAll(async () => {
    database = await createTestDatabase()
    sql = postgres(database.url!, { max: 1, onnotice: () => {} })
    await sql`create table bulk_rows (id int primary key, t text, a text[], j jsonb, n int)`
    await sql`create index bulk_rows_t_idx on bulk_rows (t)`
    await sql`create index bulk_rows_n_idx on bulk_rows (n) where n > 0`
  })
  afterAll(async () => {
    await sql?.end()
    await database?.close()
  })
  const indexes = () => sql<{ name: string }[]>`select indexname as name from pg_indexes where tablename = 'bulk_rows' order by 1`

  it('stores awkward values exactly and builds the dropped indexes again', async () => {
    const awkward = ['tab\there', 'line\nbreak', 'back\\slash', '\\N', 'quote "q"', 'ünïcödé, {braces}', '']
    const said: string[] = []
    await sql.begin((tx) =>
      withoutIndexes(
        tx,
        ['bulk_rows'],
        async () => {
          // while loading, only the primary key's index is there
          expect((await tx`select count(*)::int as n from pg_indexes where tablename = 'bulk_rows'`)[0]!.n).toBe(1)
          await copyRows(
            tx,
            'bulk_rows',
            ['id', 't', 'a', 'j', 'n'],
            awkward.map((t, i) => [i, t, [t, 'x,y'], JSON.stringify({ t }), i % 2 ? null : i] as const),
          )
        },
        (line) => said.push(line),
      ),
    )
    const rows = await sql<{ id: number; t: string; a: string[]; j: { t: string }; n: number | null }[]>`select * from bulk_rows order by id`
    expect(rows.map((r) => r.t)).toEqual(awkward)
    expect(rows.map((r) => r.a)).toEqual(awkward.map((t) => [t, 'x,y']))
    expect(rows.map((r) => r.j.t)).toEqual(awkward)
    expect(rows.map((r) => r.n)).toEqual(awkward.map((_, i) => (i % 2 ? null : i)))
    expect((await indexes()).map((i) => i.name)).toEqual(['bulk_rows_n_idx', 'bulk_rows_pkey', 'bulk_rows_t_idx'])
    expect(said).toHaveLength(2)
    // the partial index came back as it was
    const [partial] = await sql<{ def: string }[]>`select indexdef as def from pg_indexes where indexname = 'bulk_rows_n_idx'`
    expect(partial!.def).toMatch(/WHERE \(n > 0\)/)
  })

  it('a load that fails leaves the table and its indexes as they were', async () => {
    const before = await sql<{ n: number }[]>`select count(*)::int as n from bulk_rows`
    await expect(
      sql.begin((tx) =>
        withoutIndexes(tx, ['bulk_rows'], () => copyRows(tx, 'bulk_rows', ['id', 't'], [[100, 'fine'], [0, 'a duplicate key']]), () => {}),
      ),
    ).rejects.toThrow(/duplicate key/)
    expect((await sql<{ n: number }[]>`select count(*)::int as n from bulk_rows`)[0]!.n).toBe(before[0]!.n)
    expect((await indexes()).map((i) => i.name)).toEqual(['bulk_rows_n_idx', 'bulk_rows_pkey', 'bulk_rows_t_idx'])
  })

  it('a load whose rows fail to be made is cancelled and rolled back too', async () => {
    function* rows() {
      for (let i = 1000; i < 21_000; i++) {
        if (i === 15_000) throw new Error('the generator broke')
        yield [i, `row ${i}`] as const
      }
    }
    await expect(sql.begin((tx) => withoutIndexes(tx, ['bulk_rows'], () => copyRows(tx, 'bulk_rows', ['id', 't'], rows()), () => {}))).rejects.toThrow(
      /the generator broke/,
    )
    expect((await sql<{ n: number }[]>`select count(*)::int as n from bulk_rows where id >= 1000`)[0]!.n).toBe(0)
    expect((await indexes()).map((i) => i.name)).toEqual(['bulk_rows_n_idx', 'bulk_rows_pkey', 'bulk_rows_t_idx'])
    // the connection is still usable
    expect((await sql<{ one: number }[]>`select 1 as one`)[0]!.one).toBe(1)
  })
})
