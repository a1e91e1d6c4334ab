import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { centres, initiatives, listings } from '#db/schema'
import { localDateOf } from '~/utils/time'
import { reportCentre } from './console.server'
import { presetPeriod, toRange, type Range } from './period'
import { latestPublishedShares } from './financing.server'
import { figures } from './reporting.server'

/**
 * `/network` (issue #17 §2): every centre of the network side by side. The figures of the last 12
 * months are the dashboard's own — `figures(db, reportCentre(centre), range)` over each centre's
 * `last12` period in its time zone — never a second formula. The table is counted once a day per
 * process (a Map keyed by the local date): a hundred page views do not recount, and a centre
 * added or an exchange confirmed today shows tomorrow (or after a restart).
 */

/** What a visitor may filter by: centres with at least one active offer of the category. */
export const NETWORK_OFFERS = ['room', 'tool', 'skill'] as const
export type NetworkOffer = (typeof NETWORK_OFFERS)[number]

export const NETWORK_SORTS = ['name', 'city', 'country', 'founded', 'legalForm', 'initiatives', 'exchanges', 'hours', 'value', 'financing'] as const
export type NetworkSort = (typeof NETWORK_SORTS)[number]
export type SortDir = 'asc' | 'desc'

/** The columns that hold numbers (right-aligned; sorted largest first on the first click). */
export const NUMERIC_SORTS: readonly NetworkSort[] = ['founded', 'initiatives', 'exchanges', 'hours', 'value', 'financing']

/** The day that keys the cache: the platform's calendar day. */
export const NETWORK_TIME_ZONE = 'Europe/Berlin'

export interface NetworkRow {
  id: string
  slug: string
  name: string
  city: string
  country: string
  foundingYear: number | null
  legalForm: string | null
  activeInitiatives: number
  /** confirmed exchanges counted in the period (figures().helpCount) */
  exchanges: number
  minutes: number
  cents: number
  /** the categories of NETWORK_OFFERS with at least one active offer */
  offers: NetworkOffer[]
  /** shares of the latest published financing year (issue #17 §1), or null */
  financing: Awaited<ReturnType<typeof latestPublishedShares>>
  /** the centre's own last-12-months period, `YYYY-MM-DD`, `to` excluded */
  from: string
  to: string
}

export interface NetworkTable {
  /** the local date the table was counted on */
  day: string
  rows: NetworkRow[]
}

/** The range `figures()` is asked for, per centre: its `last12` period in its own time zone. */
export function networkRange(centre: { timeZone: string }, now: Date): { from: string; to: string; range: Range } {
  const period = presetPeriod('last12', localDateOf(now, centre.timeZone))
  return {
    from: period.from,
    to: period.to,
    range: toRange(period, centre.timeZone),
  }
}

/** Counts the table now (uncached). */
export async function countNetwork(db: DbOrTx, now = new Date()): Promise<NetworkTable> {
  const all = await db.select().from(centres).orderBy(asc(centres.name))
  const offered = all.length
    ? await db
        .selectDistinct({
          centreId: listings.centreId,
          category: listings.category,
        })
        .from(listings)
        .innerJoin(initiatives, eq(initiatives.id, listings.initiativeId))
        // the page is public (one table for everyone): only offers anyone may read count, as on the
        // centre's listings page for a visitor — a centre-only offer said "offers tools" before
        .where(
          and(
            eq(listings.kind, 'offer'),
            eq(listings.status, 'active'),
            eq(listings.visibility, 'public'),
            eq(initiatives.status, 'active'),
            inArray(listings.category, [...NETWORK_OFFERS]),
          ),
        )
    : []
  const offersOf = new Map<string, NetworkOffer[]>()
  for (const o of offered) {
    const list = offersOf.get(o.centreId) ?? []
    list.push(o.category as NetworkOffer)
    offersOf.set(o.centreId, list)
  }
  const rows: NetworkRow[] = []
  // one centre after another: each figures() call already runs its queries side by side
  for (const centre of all) {
    const { from, to, range } = networkRange(centre, now)
    const [f, financing] = await Promise.all([figures(db, reportCentre(centre), range, now), latestPublishedShares(db, reportCentre(centre), now)])
    rows.push({
      id: centre.id,
      slug: centre.slug,
      name: centre.name,
      city: centre.city,
      country: centre.country,
      foundingYear: centre.foundingYear,
      legalForm: centre.legalForm,
      activeInitiatives: f.activeInitiatives,
      exchanges: f.helpCount,
      minutes: f.minutes,
      cents: f.cents,
      offers: NETWORK_OFFERS.filter((c) => offersOf.get(centre.id)?.includes(c)),
      financing,
      from,
      to,
    })
  }
  return { day: localDateOf(now, NETWORK_TIME_ZONE), rows }
}

// Per database (tests open several in one process), the table of one day. Only the latest day is
// kept; the promise is kept, so views arriving while it is counted wait for the same count.
const cache = new WeakMap<object, Map<string, Promise<NetworkTable>>>()

/** The table of today, counted at most once per day and process. */
export function networkTable(db: DbOrTx, now = new Date()): Promise<NetworkTable> {
  const day = localDateOf(now, NETWORK_TIME_ZONE)
  let byDay = cache.get(db)
  if (!byDay) {
    byDay = new Map()
    cache.set(db, byDay)
  }
  const known = byDay.get(day)
  if (known) return known
  byDay.clear()
  const counting = countNetwork(db, now)
  byDay.set(day, counting)
  // a failed count is not kept: the next view tries again
  counting.catch(() => {
    if (byDay.get(day) === counting) byDay.delete(day)
  })
  return counting
}

export interface NetworkQuery {
  country: string | null
  offers: NetworkOffer | null
  sort: NetworkSort
  dir: SortDir
}

function one(search: URLSearchParams, name: string) {
  const value = search.get(name)
  return typeof value === 'string' ? value.trim() : ''
}

/** Reads `?country=&offers=&sort=&dir=`; anything unknown is ignored (the default is used). */
export function parseNetworkQuery(search: URLSearchParams, countries: readonly string[]): NetworkQuery {
  const country = one(search, 'country')
  const offers = one(search, 'offers')
  const sort = one(search, 'sort')
  const dir = one(search, 'dir')
  const sortKey: NetworkSort = (NETWORK_SORTS as readonly string[]).includes(sort) ? (sort as NetworkSort) : 'name'
  return {
    country: countries.includes(country) ? country : null,
    offers: (NETWORK_OFFERS as readonly string[]).includes(offers) ? (offers as NetworkOffer) : null,
    sort: sortKey,
    dir: dir === 'asc' || dir === 'desc' ? dir : NUMERIC_SORTS.includes(sortKey) ? 'desc' : 'asc',
  }
}

function sortValue(row: NetworkRow, sort: NetworkSort): string | number | null {
  switch (sort) {
    case 'name':
      return row.name
    case 'city':
      return row.city
    case 'country':
      return row.country
    case 'founded':
      return row.foundingYear
    case 'legalForm':
      return row.legalForm
    case 'initiatives':
      return row.activeInitiatives
    case 'exchanges':
      return row.exchanges
    case 'hours':
      return row.minutes
    case 'value':
      return row.cents
    case 'financing':
      // the financing column sorts by the share of mutual help in the latest published year
      return row.financing?.mutualHelpShare ?? null
  }
}

/**
 * The rows a visitor asked for: filtered, then sorted (empty values last in either direction,
 * ties by name, then id — the same order on every view).
 */
export function viewNetwork(rows: readonly NetworkRow[], query: NetworkQuery, locale: string): NetworkRow[] {
  const collator = new Intl.Collator(locale, {
    sensitivity: 'base',
    numeric: true,
  })
  const byName = (a: NetworkRow, b: NetworkRow) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  const sign = query.dir === 'asc' ? 1 : -1
  return rows
    .filter((r) => (query.country ? r.country === query.country : true) && (query.offers ? r.offers.includes(query.offers) : true))
    .sort((a, b) => {
      const x = sortValue(a, query.sort)
      const y = sortValue(b, query.sort)
      if (x === null || x === '' || y === null || y === '') {
        const xEmpty = x === null || x === ''
        const yEmpty = y === null || y === ''
        if (xEmpty !== yEmpty) return xEmpty ? 1 : -1
        return byName(a, b)
      }
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y))
      return sign * order || byName(a, b)
    })
}

/**
 * Where each centre sits on the map, read on every view (one small query): a place a manager
 * sets shows at once, not with the next day's count.
 */
export async function centrePlaces(db: DbOrTx): Promise<Map<string, { latitude: number; longitude: number }>> {
  const rows = await db
    .select({ id: centres.id, latitude: centres.latitude, longitude: centres.longitude })
    .from(centres)
    .where(and(isNotNull(centres.latitude), isNotNull(centres.longitude)))
  return new Map(rows.map((r) => [r.id, { latitude: r.latitude!, longitude: r.longitude! }]))
}
