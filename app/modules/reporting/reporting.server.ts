import { sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { queryRows } from '#db/rows'
import { instalmentStates } from '~/modules/loans/overdue'
import { type Category, EXCHANGE_STATES, type ExchangeStateName } from './constants'
import { monthsOf, type Period, piecesOf, previousPeriod, type Range, toRange } from './period'
import { localDateOf, startOfLocalDay } from '~/utils/time'

/**
 * The one source of the manager console's figures: the dashboard, the CSV exports and the
 * funder report all call these functions, so a figure is the same number everywhere.
 * Read-only queries, each bounded by the centre and an indexed time column
 * (docs/decisions/050-report-figures-source.md, 051-report-periods-and-time-zones.md).
 */

export { CATEGORIES, EXCHANGE_STATES, KINDS } from './constants'

/** A need still open this long after it was published counts as unmet. */
export const UNMET_AFTER_DAYS = 30
/** The network picture and the matrix name this many initiatives; the rest are "others". */
export const TOP_INITIATIVES = 12

export interface ReportCentre {
  id: string
  timeZone: string
  hourValueCents: number
}

export interface Figures {
  activeInitiatives: number
  listings: { total: number; byKind: Record<'offer' | 'need', Record<Category, number>> }
  exchanges: { total: number; byState: Record<ExchangeStateName, number> }
  /** confirmed exchanges whose ledger transaction falls in the period and was not reversed */
  helpCount: number
  minutes: number
  cents: number
  loans: {
    outstandingCount: number
    outstandingCents: number
    overdueCount: number
    overdueCents: number
    repaidCount: number
    repaymentsCents: number
  }
  reciprocity: { both: number; active: number; /** share 0…1, null without active initiatives */ index: number | null }
  unmetNeeds: { total: number; byCategory: Record<Category, number> }
}

export interface SeriesPoint {
  month: string
  exchanges: number
  minutes: number
}

export interface Flow {
  /** null: the initiatives outside the top ones */
  providerId: string | null
  receiverId: string | null
  minutes: number
  cents: number
  count: number
}

export interface Node {
  id: string | null
  name: string | null
  slug: string | null
  given: number
  received: number
}

export interface Network {
  nodes: Node[]
  flows: Flow[]
}

const query = queryRows

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`
const num = (v: unknown) => Number(v ?? 0)

/**
 * The help counted in a period: each confirmed exchange's ledger transaction (kind `exchange`,
 * one per exchange) placed in time by its `occurred_at`, valued by its credit entries, unless a
 * correction reversed it. Provider and receiver come from the exchange.
 */
function helpRows(centreId: string, range: Range) {
  // reporting_help is that, kept by triggers on the ledger (db/sql/reporting.ts, ADR 054).
  return sql`
    select transaction_id as id, at, provider_id as provider, receiver_id as receiver, minutes, cents
      from reporting_help
     where centre_id = ${centreId} and not reversed
       and at >= ${ts(range.from)} and at < ${ts(range.to)}`
}

export { helpRows as helpRowsSql }

/** The end of a range as far as it has happened: snapshots (loans, open needs) are taken there. */
export function asOf(range: Range, now = new Date()) {
  return range.to < now ? range.to : now
}

function emptyByCategory(): Record<Category, number> {
  return { room: 0, tool: 0, skill: 0, loan: 0, other: 0 }
}

const tsArray = (dates: Date[]) => sql`${`{${dates.map((d) => d.toISOString()).join(',')}}`}::timestamptz[]`

interface HelpTotals {
  helpCount: number
  minutes: number
  cents: number
  both: number
  active: number
}

interface HelpPass {
  /** the period, then (when asked) the one before */
  current: HelpTotals
  previous: HelpTotals | null
  /** per bucket of the period: its start, then each later month start (the monthly series) */
  buckets: { n: number; minutes: number }[]
  /** the initiatives with the most hours given plus received in the period */
  topIds: string[]
}

/**
 * ONE pass over the period's (and the previous period's) counted help: totals, the monthly
 * buckets (width_bucket over the bounds, no per-row time-zone arithmetic), who both gave and
 * received (for the reciprocity index) and the top initiatives of the network.
 */
async function helpPass(
  db: DbOrTx,
  centre: ReportCentre,
  current: Range,
  previous: Range | null,
  monthStarts: Date[],
  top = TOP_INITIATIVES,
): Promise<HelpPass> {
  const bounds = [...(previous ? [previous.from] : []), current.from, ...monthStarts, current.to]
  const firstCurrent = previous ? 2 : 1
  const ends = [...(previous ? [previous.to] : []), current.to]
  const [[row], activeRows] = await Promise.all([
    query<{ buckets: { b: number; n: number; minutes: number; cents: number }[] | null; both: { p: number; n: number }[] | null; top: string[] | null }>(
      db,
      sql`with help as (
            select width_bucket(at, ${tsArray(bounds)}) as b, provider, receiver, minutes, cents
              from (${helpRows(centre.id, { from: bounds[0]!, to: current.to })}) h),
          buckets as (select b, count(*) as n, sum(minutes) as minutes, sum(cents) as cents from help group by b),
          per as (
            select (b >= ${firstCurrent})::int as p, id, bit_or(side) as sides, sum(minutes) as volume
              from (select b, provider as id, 1 as side, minutes from help union all select b, receiver, 2, minutes from help) s
             group by 1, 2),
          both_active as (
            select per.p, count(*) as n from per join initiatives i on i.id = per.id
             where per.sides = 3 and i.status = 'active'
               and coalesce(i.decided_at, i.created_at) < (${tsArray(ends)})[${previous ? sql`per.p + 1` : sql`1`}]
             group by per.p)
        select (select json_agg(json_build_object('b', b, 'n', n, 'minutes', minutes, 'cents', cents)) from buckets) as buckets,
               (select json_agg(json_build_object('p', p, 'n', n)) from both_active) as both,
               (select json_agg(id) from (select id from per where p = 1 order by volume desc, id limit ${top}) t) as top`,
    ),
    query<Record<string, string>>(
      db,
      sql`select ${sql.join(
        ends.map((end, i) => sql`count(*) filter (where coalesce(decided_at, created_at) < ${ts(end)}) as ${sql.raw(`"a${i}"`)}`),
        sql`, `,
      )} from initiatives where centre_id = ${centre.id} and status = 'active'`,
    ),
  ])
  const buckets = row?.buckets ?? []
  const both = row?.both ?? []
  const totals = (from: number, to: number, p: number, activeIndex: number): HelpTotals => {
    const mine = buckets.filter((x) => x.b >= from && x.b <= to)
    return {
      helpCount: mine.reduce((sum, x) => sum + num(x.n), 0),
      minutes: mine.reduce((sum, x) => sum + num(x.minutes), 0),
      cents: mine.reduce((sum, x) => sum + num(x.cents), 0),
      both: num(both.find((x) => x.p === p)?.n),
      active: num(activeRows[0]?.[`a${activeIndex}`]),
    }
  }
  const lastBucket = bounds.length - 1
  return {
    previous: previous ? totals(1, 1, 0, 0) : null,
    current: totals(firstCurrent, lastBucket, 1, previous ? 1 : 0),
    buckets: Array.from({ length: lastBucket - firstCurrent + 1 }, (_, i) => {
      const x = buckets.find((y) => y.b === firstCurrent + i)
      return { n: num(x?.n), minutes: num(x?.minutes) }
    }),
    topIds: row?.top ?? [],
  }
}


/** The two periods of a dashboard as calendar dates (the current one and the one before). */
interface PeriodPair {
  previous: Pick<Period, 'from' | 'to'>
  current: Pick<Period, 'from' | 'to'>
}

/**
 * The help rows of each period as month × initiative sides: whole local months from the monthly
 * sums (reporting_help_monthly), the days before and after them from reporting_help, each help
 * row once as its provider's given side and once as its receiver's received side. p is 0 for
 * the previous period, 1 for the current one; month is the local month the row belongs to.
 */
function helpSides(centre: ReportCentre, periods: PeriodPair) {
  const parts: SQL[] = []
  const pieces = [piecesOf(periods.previous), piecesOf(periods.current)]
  const [before, during] = [pieces[0]!.months, pieces[1]!.months]
  // Both periods' whole months in one scan (one index range when they meet, as for the presets).
  const ranges = [before, during].filter((m) => m !== null).map((m) => sql`(month >= ${m.from}::date and month < ${m.to}::date)`)
  if (ranges.length)
    parts.push(sql`select ${during ? sql`(month >= ${during.from}::date)::int` : sql`0`} as p, month, initiative_id as id,
                          given_n as gn, given_minutes as gm, given_cents as gc, received_n as rn, received_minutes as rm, received_cents as rc
                     from reporting_help_monthly
                    where centre_id = ${centre.id} and month >= ${(before ?? during)!.from}::date and month < ${(during ?? before)!.to}::date
                      and (${sql.join(ranges, sql` or `)})`)
  for (const [p, { edges }] of pieces.entries()) {
    for (const edge of edges) {
      const range = toRange(edge, centre.timeZone)
      parts.push(sql`select ${sql.raw(String(p))}, ${edge.month}::date, s.id, s.gn, s.gm, s.gc, s.rn, s.rm, s.rc
                       from reporting_help h
                      cross join lateral (values (h.provider_id, 1::bigint, h.minutes, h.cents, 0::bigint, 0::bigint, 0::bigint),
                                                 (h.receiver_id, 0, 0, 0, 1, h.minutes, h.cents)) as s(id, gn, gm, gc, rn, rm, rc)
                      where h.centre_id = ${centre.id} and not h.reversed and h.at >= ${ts(range.from)} and h.at < ${ts(range.to)}`)
    }
  }
  return parts.length ? sql.join(parts, sql` union all `) : null
}

/**
 * helpPass for the dashboard, any period: one grouped scan of the month × initiative sides of both
 * periods (per initiative a bit mask of the sides it gave and received in each period — for who
 * did both — and its hours in the current period, for the network's top), beside the centre's day
 * sums of both periods for the totals and the series (ADR 090). Sums are float8: integers far
 * below 2^53 add up exactly, and faster than numeric (ADR 055).
 */
async function helpPassPieces(db: DbOrTx, centre: ReportCentre, periods: PeriodPair, ends: { previous: Date; current: Date }, top = TOP_INITIATIVES): Promise<HelpPass> {
  type Json = {
    both: { p: number; n: number }[] | null
    top: string[] | null
  }
  const sides = helpSides(centre, periods)
  const m = sql`(${sides}) as m(p, month, id, gn, gm, gc, rn, rm, rc)`
  // Run side by side on the pool: the initiatives' sides, the centre's days, the active initiatives.
  const [[perInitiative], buckets, [active]] = await Promise.all([
    sides
      ? query<Pick<Json, 'both' | 'top'>>(
          db,
          // sides: bit 0 gave and bit 1 received in the previous period, bits 2 and 3 in the current one
          sql`with per as (
                select m.id, bit_or(((m.gn > 0)::int | ((m.rn > 0)::int << 1)) << (2 * m.p)) as sides,
                       sum((m.gm + m.rm)::float8) filter (where m.p = 1) as volume
                  from ${m} group by m.id),
              -- the centre's active initiatives by the time they were admitted: hashed, not probed one by one
              active as materialized (
                select id, coalesce(decided_at, created_at) as since from initiatives where centre_id = ${centre.id} and status = 'active'),
              both_active as (
                select x.p, count(*) as n
                  from (select per.sides, active.since from per join active on active.id = per.id) y
                 cross join lateral (values (0, y.sides & 3 = 3 and y.since < ${ts(ends.previous)}),
                                            (1, y.sides & 12 = 12 and y.since < ${ts(ends.current)})) as x(p, counted)
                 where x.counted
                 group by x.p)
            select (select json_agg(json_build_object('p', p, 'n', n)) from both_active) as both,
                   (select json_agg(id) from (select id from per where sides & 12 <> 0 order by volume desc, id limit ${top}) t) as top`,
        )
      : Promise.resolve([{ both: null, top: null }]),
    // The totals and the series from the centre's day sums: a row a day, whatever the ledger holds (ADR 090).
    query<{ p: number; month: string; n: string; minutes: string; cents: string }>(
      db,
      sql`select (day >= ${periods.current.from}::date)::int as p, to_char(day, 'YYYY-MM') || '-01' as month,
                 sum(n) as n, sum(minutes) as minutes, sum(cents) as cents
            from reporting_help_daily
           where centre_id = ${centre.id}
             and ((day >= ${periods.previous.from}::date and day < ${periods.previous.to}::date)
               or (day >= ${periods.current.from}::date and day < ${periods.current.to}::date))
           group by 1, 2`,
    ),
    query<{ previous: string; current: string }>(
      db,
      sql`select count(*) filter (where coalesce(decided_at, created_at) < ${ts(ends.previous)}) as previous,
                 count(*) filter (where coalesce(decided_at, created_at) < ${ts(ends.current)}) as current
            from initiatives where centre_id = ${centre.id} and status = 'active'`,
    ),
  ])
  const row = { ...perInitiative, buckets }
  const both = row.both ?? []
  const totals = (p: number, activeCount: unknown): HelpTotals => {
    const mine = buckets.filter((b) => num(b.p) === p)
    return {
      helpCount: mine.reduce((s, x) => s + num(x.n), 0),
      minutes: mine.reduce((s, x) => s + num(x.minutes), 0),
      cents: mine.reduce((s, x) => s + num(x.cents), 0),
      both: num(both.find((x) => x.p === p)?.n),
      active: num(activeCount),
    }
  }
  const series = monthsOf(periods.current).map((month) => {
    const b = buckets.find((x) => num(x.p) === 1 && x.month === month)
    return { n: num(b?.n), minutes: num(b?.minutes) }
  })
  return { previous: totals(0, active?.previous), current: totals(1, active?.current), buckets: series, topIds: row.top ?? [] }
}

async function listingCounts(db: DbOrTx, centreId: string, range: Range) {
  const rows = await query<{ kind: 'offer' | 'need'; category: Category; n: string }>(
    db,
    sql`select kind, category, count(*) as n from listings
         where centre_id = ${centreId} and created_at >= ${ts(range.from)} and created_at < ${ts(range.to)}
           and status <> 'draft'
         group by kind, category`,
  )
  const byKind = { offer: emptyByCategory(), need: emptyByCategory() }
  let total = 0
  for (const row of rows) {
    byKind[row.kind][row.category] = num(row.n)
    total += num(row.n)
  }
  return { total, byKind }
}

/** An exchange belongs to the period in which it was confirmed, or (never confirmed) proposed or logged. */
export function exchangeTimeSql(alias = 'x') {
  return sql.raw(`coalesce(${alias}.confirmed_at, ${alias}.created_at)`)
}

/** Exchanges by state for consecutive ranges, in one pass (bucket i = ranges[i]). */
async function exchangeCounts(db: DbOrTx, centreId: string, ranges: Range[]) {
  const bounds = [ranges[0]!.from, ...ranges.map((r) => r.to)]
  const rows = await query<{ b: number; state: ExchangeStateName; n: string }>(
    db,
    sql`select width_bucket(${exchangeTimeSql()}, ${tsArray(bounds)}) as b, x.state, count(*) as n from exchanges x
         where x.centre_id = ${centreId} and ${exchangeTimeSql()} >= ${ts(bounds[0]!)} and ${exchangeTimeSql()} < ${ts(bounds[bounds.length - 1]!)}
         group by 1, 2`,
  )
  return ranges.map((_, i) => {
    const byState = Object.fromEntries(EXCHANGE_STATES.map((s) => [s, 0])) as Record<ExchangeStateName, number>
    let total = 0
    for (const row of rows.filter((r) => num(r.b) === i + 1)) {
      byState[row.state] = num(row.n)
      total += num(row.n)
    }
    return { total, byState }
  })
}

/**
 * exchangeCounts for calendar periods: whole local months from the trigger-kept counts per month
 * and state (reporting_exchange_monthly), the days before and after them from the exchanges.
 */
async function exchangeCountsPieces(db: DbOrTx, centre: ReportCentre, periods: Pick<Period, 'from' | 'to'>[]) {
  const parts: SQL[] = []
  for (const [i, period] of periods.entries()) {
    const { months, edges } = piecesOf(period)
    if (months)
      parts.push(sql`select ${sql.raw(String(i + 1))} as b, state, sum(n)::bigint as n from reporting_exchange_monthly
                      where centre_id = ${centre.id} and month >= ${months.from}::date and month < ${months.to}::date group by state`)
    for (const edge of edges) {
      const range = toRange(edge, centre.timeZone)
      parts.push(sql`select ${sql.raw(String(i + 1))} as b, x.state, count(*) as n from exchanges x
                      where x.centre_id = ${centre.id} and ${exchangeTimeSql()} >= ${ts(range.from)} and ${exchangeTimeSql()} < ${ts(range.to)}
                      group by x.state`)
    }
  }
  const rows = parts.length ? await query<{ b: number; state: ExchangeStateName; n: string }>(db, sql.join(parts, sql` union all `)) : []
  return periods.map((_, i) => {
    const byState = Object.fromEntries(EXCHANGE_STATES.map((s) => [s, 0])) as Record<ExchangeStateName, number>
    let total = 0
    for (const row of rows.filter((r) => num(r.b) === i + 1)) {
      byState[row.state] += num(row.n)
      total += num(row.n)
    }
    return { total, byState }
  })
}

/**
 * Needs still open UNMET_AFTER_DAYS after they were published, at each of the instants: active,
 * and no exchange on them accepted (or further) before the instant. One scan for all instants.
 */
async function unmetNeeds(db: DbOrTx, centreId: string, ats: Date[]) {
  const cutoffs = ats.map((at) => new Date(at.getTime() - UNMET_AFTER_DAYS * 86_400_000))
  const latest = cutoffs.reduce((a, b) => (a > b ? a : b))
  const rows = await query<Record<string, string> & { category: Category }>(
    db,
    sql`select l.category, ${sql.join(
      ats.map(
        (at, i) =>
          sql`count(*) filter (where coalesce(l.published_at, l.created_at) < ${ts(cutoffs[i]!)}
                                 and (taken.at is null or taken.at >= ${ts(at)})) as ${sql.raw(`"n${i}"`)}`,
      ),
      sql`, `,
    )}
          from listings l
          left join lateral (select min(x.created_at) as at from exchanges x where x.listing_id = l.id
                              and x.state in ('accepted', 'completed', 'confirmed', 'disputed')) taken on true
         where l.centre_id = ${centreId} and l.kind = 'need' and l.status = 'active'
           and coalesce(l.published_at, l.created_at) < ${ts(latest)}
         group by l.category`,
  )
  return ats.map((_, i) => {
    const byCategory = emptyByCategory()
    let total = 0
    for (const row of rows) {
      byCategory[row.category] = num(row[`n${i}`])
      total += num(row[`n${i}`])
    }
    return { total, byCategory }
  })
}

export interface LoanPosition {
  id: string
  outstandingCents: number
  overdueCents: number
}

/**
 * Every loan's position at an instant, replayed from the rows (not the current state): disbursed
 * before it, not written off before it, minus repayments confirmed before it; overdue as the
 * loans module derives it, for the local date of the instant. With `ids`, only those loans.
 */
export async function loanPositions(db: DbOrTx, centre: ReportCentre, at: Date, ids?: readonly string[]): Promise<LoanPosition[]> {
  if (ids && !ids.length) return []
  const only = ids ? sql`and l.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``
  const rows = await query<{ id: string; total: string; repaid: string }>(
    db,
    sql`select l.id, l.total_cents as total,
               coalesce((select sum(r.amount_cents) from loan_repayments r
                          where r.loan_id = l.id and r.state = 'confirmed' and r.decided_at < ${ts(at)}), 0) as repaid
          from loans l
         where l.centre_id = ${centre.id} and l.disbursed_at < ${ts(at)}
           and (l.written_off_at is null or l.written_off_at >= ${ts(at)}) ${only}`,
  )
  if (!rows.length) return []
  const plan = await query<{ loan_id: string; number: number; due_date: string; amount_cents: number }>(
    db,
    sql`select loan_id, number, due_date::text as due_date, amount_cents from loan_instalments
         where centre_id = ${centre.id} and loan_id in (${sql.join(
           rows.map((r) => sql`${r.id}::uuid`),
           sql`, `,
         )})`,
  )
  const today = localDateOf(at, centre.timeZone)
  return rows.map((row) => {
    const repaid = num(row.repaid)
    const instalments = plan
      .filter((p) => p.loan_id === row.id)
      .map((p) => ({ number: p.number, dueDate: p.due_date, amountCents: p.amount_cents }))
    const overdue = instalmentStates(instalments, repaid, today)
      .filter((s) => s.status === 'overdue')
      .reduce((sum, s) => sum + s.amountCents - s.coveredCents, 0)
    return { id: row.id, outstandingCents: Math.max(0, num(row.total) - repaid), overdueCents: overdue }
  })
}

async function loanFigures(db: DbOrTx, centre: ReportCentre, range: Range, now: Date) {
  const [positions, [repaid]] = await Promise.all([
    loanPositions(db, centre, asOf(range, now)),
    query<{ loans: string; cents: string }>(
      db,
      sql`select (select count(*) from loans where centre_id = ${centre.id}
                    and repaid_at >= ${ts(range.from)} and repaid_at < ${ts(range.to)}) as loans,
                 (select coalesce(sum(amount_cents), 0) from loan_repayments where centre_id = ${centre.id}
                    and state = 'confirmed' and decided_at >= ${ts(range.from)} and decided_at < ${ts(range.to)}) as cents`,
    ),
  ])
  const outstanding = positions.filter((p) => p.outstandingCents > 0)
  const overdue = positions.filter((p) => p.overdueCents > 0)
  return {
    outstandingCount: outstanding.length,
    outstandingCents: outstanding.reduce((s, p) => s + p.outstandingCents, 0),
    overdueCount: overdue.length,
    overdueCents: overdue.reduce((s, p) => s + p.overdueCents, 0),
    repaidCount: num(repaid?.loans),
    repaymentsCents: num(repaid?.cents),
  }
}

/**
 * Every figure of a period and (optionally) the one before it, with the monthly buckets and the
 * network's top. With the two periods' calendar dates (the dashboard), help and exchanges are read
 * from the monthly tables for whole months; without them (figures()), from the rows.
 */
async function computeFigures(
  db: DbOrTx,
  centre: ReportCentre,
  current: Range,
  previous: Range | null,
  now: Date,
  periods?: PeriodPair,
  top = TOP_INITIATIVES,
) {
  const ranges = previous ? [previous, current] : [current]
  const [help, exchangesCounts, unmet, ...rest] = await Promise.all([
    periods && previous
      ? helpPassPieces(db, centre, periods, { previous: previous.to, current: current.to }, top)
      : helpPass(db, centre, current, previous, [], top),
    periods ? exchangeCountsPieces(db, centre, [periods.previous, periods.current]) : exchangeCounts(db, centre.id, ranges),
    unmetNeeds(db, centre.id, ranges.map((range) => asOf(range, now))),
    ...ranges.map((range) => Promise.all([listingCounts(db, centre.id, range), loanFigures(db, centre, range, now)])),
  ])
  const helps = previous ? [help.previous!, help.current] : [help.current]
  const result: Figures[] = ranges.map((_, i) => {
    const h = helps[i]!
    const [listingsCount, loansFigures] = rest[i]!
    return {
      activeInitiatives: h.active,
      listings: listingsCount,
      exchanges: exchangesCounts[i]!,
      helpCount: h.helpCount,
      minutes: h.minutes,
      cents: h.cents,
      loans: loansFigures,
      reciprocity: { both: h.both, active: h.active, index: h.active ? h.both / h.active : null },
      unmetNeeds: unmet[i]!,
    }
  })
  return { figures: result, buckets: help.buckets, topIds: help.topIds, total: help.current }
}

/** Every figure of one period. */
export async function figures(db: DbOrTx, centre: ReportCentre, range: Range, now = new Date()): Promise<Figures> {
  const { figures: [result] } = await computeFigures(db, centre, range, null, now)
  return result!
}

/** Exchanges (counted help) and hours per month of the period, months in the centre's time zone. */
export async function monthlySeries(db: DbOrTx, centre: ReportCentre, period: Pick<Period, 'from' | 'to'>): Promise<SeriesPoint[]> {
  const months = monthsOf(period)
  const range = toRange(period, centre.timeZone)
  // Bucket bounds: the period's start, each later month's local midnight, the period's end.
  const bounds = [range.from, ...months.slice(1).map((m) => startOfLocalDay(m, centre.timeZone)), range.to]
  const rows = await query<{ b: number; n: string; minutes: string }>(
    db,
    sql`select width_bucket(at, ${tsArray(bounds)}) as b, count(*) as n, coalesce(sum(minutes), 0) as minutes
          from (${helpRows(centre.id, range)}) h group by 1`,
  )
  return months.map((month, i) => {
    const row = rows.find((r) => num(r.b) === i + 1)
    return { month, exchanges: num(row?.n), minutes: num(row?.minutes) }
  })
}

/**
 * Who helped whom: hours (and €, count) from provider to receiver, between the `top` initiatives
 * with the most hours given plus received; the others are folded into one node (id null), so
 * the flows still add up to the period's total.
 */
export async function network(db: DbOrTx, centre: ReportCentre, range: Range, top: number | string[] = TOP_INITIATIVES): Promise<Network> {
  const topIds = Array.isArray(top)
    ? top
    : (
        await query<{ id: string }>(
          db,
          sql`with help as (${helpRows(centre.id, range)})
              select id from (select provider as id, minutes from help union all select receiver, minutes from help) s
               group by id order by sum(minutes) desc, id limit ${top}`,
        )
      ).map((r) => r.id)
  const inTop = (column: string) =>
    topIds.length ? sql`case when ${sql.raw(column)} in (${sql.join(topIds.map((id) => sql`${id}::uuid`), sql`, `)}) then ${sql.raw(column)} end` : sql`null::uuid`
  const rows = await query<{ provider: string | null; receiver: string | null; minutes: string; cents: string; n: string }>(
    db,
    sql`with help as (${helpRows(centre.id, range)})
        select ${inTop('provider')} as provider, ${inTop('receiver')} as receiver,
               sum(minutes) as minutes, sum(cents) as cents, count(*) as n
          from help group by 1, 2`,
  )
  return describeNetwork(
    db,
    centre,
    rows.map((r) => ({ providerId: r.provider, receiverId: r.receiver, minutes: num(r.minutes), cents: num(r.cents), count: num(r.n) })),
  )
}

interface InitiativeName {
  id: string
  name: string
  slug: string
}

async function initiativeNames(db: DbOrTx, centre: ReportCentre, ids: string[]): Promise<InitiativeName[]> {
  if (!ids.length) return []
  return query<InitiativeName>(
    db,
    sql`select id, name, slug from initiatives where centre_id = ${centre.id} and id in (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  )
}

/** Orders the flows and names their nodes (deterministic: most hours first, then by id; "others" last). */
async function describeNetwork(db: DbOrTx, centre: ReportCentre, unordered: Flow[], known?: InitiativeName[]): Promise<Network> {
  const flows = [...unordered]
    // "others → others" help stays in the totals but is no edge between two named initiatives.
    .sort((a, b) => b.minutes - a.minutes || String(a.providerId).localeCompare(String(b.providerId)) || String(a.receiverId).localeCompare(String(b.receiverId)))
  const ids = [...new Set(flows.flatMap((f) => [f.providerId, f.receiverId]).filter((id): id is string => id !== null))]
  const names = known ?? (await initiativeNames(db, centre, ids))
  const nodes = new Map<string | null, Node>()
  const node = (id: string | null) => {
    let n = nodes.get(id)
    if (!n) {
      const named = names.find((x) => x.id === id)
      n = { id, name: named?.name ?? null, slug: named?.slug ?? null, given: 0, received: 0 }
      nodes.set(id, n)
    }
    return n
  }
  for (const flow of flows) {
    node(flow.providerId).given += flow.minutes
    node(flow.receiverId).received += flow.minutes
  }
  // Deterministic order: most hours first, then by id; "others" last.
  const ordered = [...nodes.values()].sort((a, b) => {
    if (a.id === null) return 1
    if (b.id === null) return -1
    return b.given + b.received - (a.given + a.received) || a.id.localeCompare(b.id)
  })
  return { nodes: ordered, flows }
}

interface Sums {
  count: number
  minutes: number
  cents: number
}

/**
 * What each of the top initiatives gave and received in the period: its whole months from the
 * monthly sums (by initiative: a few index entries each), the edge days from its help rows.
 */
async function sidesOfTop(db: DbOrTx, centre: ReportCentre, period: Pick<Period, 'from' | 'to'>, ids: SQL) {
  const { months, edges } = piecesOf(period)
  const parts: SQL[] = []
  if (months)
    parts.push(sql`select initiative_id as id, given_n as gn, given_minutes as gm, given_cents as gc,
                          received_n as rn, received_minutes as rm, received_cents as rc
                     from reporting_help_monthly
                    where centre_id = ${centre.id} and initiative_id in (${ids}) and month >= ${months.from}::date and month < ${months.to}::date`)
  for (const edge of edges) {
    const range = toRange(edge, centre.timeZone)
    const inEdge = sql`h.centre_id = ${centre.id} and not h.reversed and h.at >= ${ts(range.from)} and h.at < ${ts(range.to)}`
    parts.push(sql`select h.provider_id, 1, h.minutes, h.cents, 0, 0, 0 from reporting_help h where ${inEdge} and h.provider_id in (${ids})`)
    parts.push(sql`select h.receiver_id, 0, 0, 0, 1, h.minutes, h.cents from reporting_help h where ${inEdge} and h.receiver_id in (${ids})`)
  }
  const rows = await query<{ id: string; gn: string; gm: string; gc: string; rn: string; rm: string; rc: string }>(
    db,
    sql`select s.id, sum(s.gn) as gn, sum(s.gm) as gm, sum(s.gc) as gc, sum(s.rn) as rn, sum(s.rm) as rm, sum(s.rc) as rc
          from (${sql.join(parts, sql` union all `)}) as s(id, gn, gm, gc, rn, rm, rc)
         group by s.id`,
  )
  return new Map(
    rows.map((r) => [
      r.id,
      { given: { count: num(r.gn), minutes: num(r.gm), cents: num(r.gc) }, received: { count: num(r.rn), minutes: num(r.rm), cents: num(r.rc) } },
    ]),
  )
}

/**
 * network() with the top initiatives and the period's total already known (the dashboard). Only
 * the help between two top initiatives is read from the help rows (one index range per receiver,
 * from the index alone). A top initiative's help to or from "others" is what it gave or received
 * in the period less that, and the help between two "others" is what remains of the total. The
 * flows are the same as network()'s, without reading every help row of the busiest initiatives,
 * which grows with the ledger (ADR 090).
 */
async function networkOfTop(
  db: DbOrTx,
  centre: ReportCentre,
  period: Pick<Period, 'from' | 'to'>,
  topIds: string[],
  total: { helpCount: number; minutes: number; cents: number },
): Promise<Network> {
  if (!topIds.length) {
    const others: Flow[] = total.helpCount > 0 ? [{ providerId: null, receiverId: null, minutes: total.minutes, cents: total.cents, count: total.helpCount }] : []
    return describeNetwork(db, centre, others, [])
  }
  const range = toRange(period, centre.timeZone)
  const ids = sql.join(
    topIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )
  // The names of the top initiatives side by side with their flows (every named node is one of them).
  const [pairs, sides, names] = await Promise.all([
    query<{ provider: string; receiver: string; minutes: string; cents: string; n: string }>(
      db,
      sql`select provider_id as provider, receiver_id as receiver, sum(minutes) as minutes, sum(cents) as cents, count(*) as n
            from reporting_help
           where centre_id = ${centre.id} and not reversed and at >= ${ts(range.from)} and at < ${ts(range.to)}
             and provider_id in (${ids}) and receiver_id in (${ids})
           group by 1, 2`,
    ),
    sidesOfTop(db, centre, period, ids),
    initiativeNames(db, centre, topIds),
  ])
  const flows: Flow[] = pairs.map((r) => ({ providerId: r.provider, receiverId: r.receiver, minutes: num(r.minutes), cents: num(r.cents), count: num(r.n) }))
  const less = (sums: Sums, within: Flow[]): Sums =>
    within.reduce((r, f) => ({ count: r.count - f.count, minutes: r.minutes - f.minutes, cents: r.cents - f.cents }), sums)
  const all = [...flows]
  for (const id of topIds) {
    const side = sides.get(id)
    if (!side) continue
    const toOthers = less(side.given, flows.filter((f) => f.providerId === id))
    if (toOthers.count > 0) all.push({ providerId: id, receiverId: null, ...toOthers })
    const fromOthers = less(side.received, flows.filter((f) => f.receiverId === id))
    if (fromOthers.count > 0) all.push({ providerId: null, receiverId: id, ...fromOthers })
  }
  const rest = less({ count: total.helpCount, minutes: total.minutes, cents: total.cents }, all)
  if (rest.count > 0) all.push({ providerId: null, receiverId: null, ...rest })
  return describeNetwork(db, centre, all, names)
}

export interface Dashboard {
  period: Period
  previous: { from: string; to: string }
  current: Figures
  before: Figures
  series: SeriesPoint[]
  network: Network
}

/** Everything the dashboard and the funder report show for a period. */
export async function dashboard(db: DbOrTx, centre: ReportCentre, period: Period, now = new Date(), top = TOP_INITIATIVES): Promise<Dashboard> {
  const previous = previousPeriod(period)
  const range = toRange(period, centre.timeZone)
  const months = monthsOf(period)
  const computed = await computeFigures(db, centre, range, toRange(previous, centre.timeZone), now, { previous, current: period }, top)
  const net = await networkOfTop(db, centre, period, computed.topIds, computed.total)
  const [before, current] = computed.figures
  const series = months.map((month, i) => ({ month, exchanges: computed.buckets[i]?.n ?? 0, minutes: computed.buckets[i]?.minutes ?? 0 }))
  return { period, previous, current: current!, before: before!, series, network: net }
}
