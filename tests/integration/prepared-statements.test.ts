import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Database, openDatabase } from '#db/connect'
import { makeCentre } from '#db/factories'
import { preparedQuery } from '#db/prepared'
import { centres } from '#db/schema'
import { getCentreBySlug } from '~/modules/centres/centres.server'
import { createTestDatabase, onPostgres, type TestDatabase } from '../setup/db'

/**
 * ADR 057: the queries every page runs are built once (both databases); on PostgreSQL, the app's
 * drizzle queries run as prepared statements (parsed once per connection), but each execution is
 * still planned with its own parameters. PGlite has no connection pool and no postgres.js: those
 * tests skip there, saying so.
 */
const postgres = onPostgres()
if (!postgres) console.log('prepared-statements: skipped on PGlite (postgres.js connections only — set DATABASE_URL)')

let database: TestDatabase
/** one connection, so the session views below see the statements the queries prepared */
let single: Database
beforeAll(async () => {
  database = await createTestDatabase()
  if (postgres) single = await openDatabase({ url: database.url!, migrate: false, poolSize: 1 })
})
afterAll(async () => {
  if (postgres) await single.close()
  await database.close()
})

describe('queries built once (preparedQuery)', () => {
  it('builds once per database handle and fills in each call’s values', async () => {
    const centre = await makeCentre(database.db, { slug: 'built-once' })
    let builds = 0
    const bySlug = (slug: string) =>
      preparedQuery(database.db, 'test_centre_id_by_slug', (db) => {
        builds++
        return db.select({ id: centres.id }).from(centres).where(eq(centres.slug, sql.placeholder('slug'))).prepare('test_centre_id_by_slug')
      }).execute({ slug })
    expect(await bySlug('built-once')).toEqual([{ id: centre.id }])
    expect(await bySlug('nowhere')).toEqual([])
    expect(builds).toBe(1)
  })

  it('inside a transaction it runs in that transaction: it sees the transaction’s own writes, and nothing after a rollback', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await makeCentre(tx, { slug: 'in-flight' })
        expect((await getCentreBySlug(tx, 'in-flight'))?.slug).toBe('in-flight')
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    expect(await getCentreBySlug(database.db, 'in-flight')).toBeNull()
  })
})

async function preparedLike(fragment: string) {
  const rows = await single.query<{ statement: string }>('select statement from pg_prepared_statements')
  return rows.filter((r) => r.statement.includes(fragment))
}

describe.skipIf(!postgres)('prepared statements (ADR 057)', () => {
  it('a query-builder select is prepared once on its connection and reused, with the right rows each time', async () => {
    const a = await makeCentre(database.db, { slug: 'prep-a', name: 'Prep A' })
    const b = await makeCentre(database.db, { slug: 'prep-b', name: 'Prep B' })
    const bySlug = (slug: string) => single.db.select({ id: centres.id }).from(centres).where(eq(centres.slug, slug))
    expect(await bySlug('prep-a')).toEqual([{ id: a.id }])
    expect(await bySlug('prep-b')).toEqual([{ id: b.id }])
    expect(await bySlug('nobody')).toEqual([])
    const statements = await preparedLike('from "centres" where "centres"."slug" = $1')
    expect(statements, 'one prepared statement for the three calls').toHaveLength(1)
  })

  it('queries inside a transaction and a nested transaction (savepoint) are prepared too', async () => {
    const found = await single.db.transaction(async (tx) => {
      const outer = await tx.select({ name: centres.name }).from(centres).where(eq(centres.slug, 'prep-a'))
      const inner = await tx.transaction((nested) => nested.select({ city: centres.city }).from(centres).where(eq(centres.slug, 'prep-b')))
      return { outer, inner }
    })
    expect(found.outer).toEqual([{ name: 'Prep A' }])
    expect(found.inner).toHaveLength(1)
    expect(await preparedLike('select "name" from "centres"')).toHaveLength(1)
    expect(await preparedLike('select "city" from "centres"')).toHaveLength(1)
  })

  it('a rolled-back transaction leaves nothing behind and the connection keeps working', async () => {
    await expect(
      single.db.transaction(async (tx) => {
        await tx.update(centres).set({ name: 'Changed' }).where(eq(centres.slug, 'prep-a'))
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await single.db.select({ name: centres.name }).from(centres).where(eq(centres.slug, 'prep-a'))).toEqual([{ name: 'Prep A' }])
  })

  it('every execution is planned with its own values (plan_cache_mode), so a search is never run on a generic plan', async () => {
    const [row] = await single.query<{ plan_cache_mode: string }>('show plan_cache_mode')
    expect(row?.plan_cache_mode).toBe('force_custom_plan')
  })

  it('the app’s connections start no parallel workers (ADR 091): a request’s statements run in its own process', async () => {
    const [row] = await single.query<{ max_parallel_workers_per_gather: string }>('show max_parallel_workers_per_gather')
    expect(row?.max_parallel_workers_per_gather).toBe('0')
  })
})
