import { PgDialect } from 'drizzle-orm/pg-core'
import { drizzle } from 'drizzle-orm/postgres-js'
import { describe, expect, it } from 'vitest'
import * as schema from '#db/schema'
import type { DbOrTx } from '#db/connect'
import { MAX_RESULTS } from './schemas'
import { searchStatement, tsQuery } from './search.server'
import { VISITOR, type ListingViewer } from './visibility.server'

// A database handle that only builds SQL (nothing is sent anywhere).
const db = drizzle.mock({ schema }) as unknown as DbOrTx
const dialect = new PgDialect()
const CENTRE = '11111111-1111-4111-8111-111111111111'
const member: ListingViewer = { userId: 'u', initiativeIds: ['i'], memberOfCentre: true, inNetwork: true, isManager: false }
const elsewhere: ListingViewer = { ...member, initiativeIds: [], memberOfCentre: false }

const params = (q: string, extra: object = {}) => ({ q, kind: null, category: null, page: 1, ...extra })

describe('the search query', () => {
  it('parses the words in the database (viertel_search_query), the words travelling as a parameter', () => {
    const { sql, params: values } = dialect.sqlToQuery(tsQuery('Räume'))
    expect(sql).toBe('viertel_search_query($1::text)')
    expect(values).toEqual(['Räume'])
    expect(dialect.sqlToQuery(tsQuery("x'); drop table listings; --")).sql).not.toContain('drop table')
  })

  it('matches through the stored tsvector, ranks a capped set, and orders pages totally', () => {
    const { sql, params: values } = searchStatement(db, member, CENTRE, params('Bohrmaschinen'), 'fulltext').toSQL()
    expect(sql).toContain('"listings"."search" @@ viertel_search_query(')
    expect(sql).toContain('ts_rank("search", viertel_search_query(')
    expect(sql).toContain(') is true')
    expect(sql).toMatch(/order by "rank" desc, "hits"."created_at" desc, "hits"."id" desc limit \$\d+/)
    expect(values).toContain(MAX_RESULTS + 1)
    expect(sql).not.toContain('similarity')
  })

  it('finds compound parts in the unaccented titles by one regular expression each, OR-ed with the tsvector', () => {
    const parts = ['\\mraum|raum\\w{0,3}\\M', '\\mprobe|probe\\w{0,3}\\M']
    const { sql, params: values } = searchStatement(db, member, CENTRE, params('Räumen Probe'), 'fulltext', parts).toSQL()
    expect(sql).toContain('("listings"."search" @@ viertel_search_query(')
    expect(sql.match(/public\.viertel_unaccent\("listings"\."title"\) ~\* \$\d+::text/g)).toHaveLength(2)
    expect(values).toEqual(expect.arrayContaining(parts))
    // without parts, the tsvector alone
    expect(searchStatement(db, member, CENTRE, params('Räumen'), 'fulltext').toSQL().sql).not.toContain('~*')
  })

  it('falls back to trigram similarity on the title only', () => {
    const { sql } = searchStatement(db, member, CENTRE, params('Bohrmashine'), 'similar').toSQL()
    expect(sql).toContain('<% "listings"."title"')
    expect(sql).toContain('word_similarity(')
    expect(sql).not.toContain('description" %')
  })

  it('browses newest first without words', () => {
    const { sql } = searchStatement(db, member, CENTRE, params(''), 'browse').toSQL()
    expect(sql).toContain('order by "listings"."created_at" desc, "listings"."id" desc')
    expect(sql).not.toContain('@@')
  })

  it('scopes by who is looking', () => {
    const visitor = searchStatement(db, VISITOR, CENTRE, params(''), 'browse').toSQL()
    expect(visitor.sql).toContain('"listings"."visibility" = $')
    expect(visitor.params).toContain('public')
    expect(visitor.params).toContain(CENTRE)
    const network = searchStatement(db, elsewhere, CENTRE, params(''), 'browse').toSQL()
    expect(network.sql).toContain('"listings"."visibility" in ($')
    expect(network.params).not.toContain(CENTRE)
    const own = searchStatement(db, member, CENTRE, params(''), 'browse').toSQL()
    expect(own.sql).toContain(`("listings"."centre_id" = $`)
    expect(own.sql).toContain(`or "listings"."visibility" in ('network', 'public')`)
    for (const q of [visitor, network, own]) expect(q.params).toContain('active')
  })

  it('combines kind and category filters', () => {
    const { sql, params: values } = searchStatement(db, member, CENTRE, params('x', { kind: 'need', category: 'loan' }), 'fulltext').toSQL()
    expect(sql).toContain('"listings"."kind" = $')
    expect(sql).toContain('"listings"."category" = $')
    expect(values).toEqual(expect.arrayContaining(['need', 'loan']))
  })

  it('pages by offset within the ranked set', () => {
    const { params: values } = searchStatement(db, member, CENTRE, params('x', { page: 3 }), 'fulltext').toSQL()
    expect(values).toEqual(expect.arrayContaining([20, 40]))
  })
})
