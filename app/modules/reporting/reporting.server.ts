import { sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { instalmentStates } from '~/modules/loans/overdue'
import { type Category, EXCHANGE_STATES, type ExchangeStateName } from './constants'
import { localDateOf, monthsOf, type Period, previousPeriod, type Range, toRange } from './period'

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

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}

async function query<T>(db: DbOrTx, statement: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(statement))
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`
const num = (v: unknown) => Number(v ?? 0)

/**
 * The help counted in a period: each confirmed exchange's ledger transaction (kind `exchange`,
 * one per exchange) placed in time by its `occurred_at`, valued by its credit entries, unless a
 * correction reversed it. Provider and receiver come from the exchange.
 */
function helpRows(centreId: string, range: Range) {
  return sql`
    select t.id, t.occurred_at as at, x.provider_initiative_id as provider, x.receiver_initiative_id as receiver,
           coalesce(sum(e.amount) filter (where e.unit = 'minutes'), 0)::bigint as minutes,
           coalesce(sum(e.amount) filter (where e.unit = 'cents'), 0)::bigint as cents
      from ledger_transactions t
      join exchanges x on x.id = t.exchange_id
      join ledger_entries e on e.transaction_id = t.id and e.amount > 0
     where t.centre_id = ${centreId} and t.kind = 'exchange'
       and t.occurred_at >= ${ts(range.from)} and t.occurred_at < ${ts(range.to)}
       and not exists (select 1 from ledger_transactions r where r.reverses_id = t.id)
     group by t.id, x.provider_initiative_id, x.receiver_initiative_id`
}

export { helpRows as helpRowsSql }

/** Initiatives active now and admitted before the end of the range. */
function activeInitiativesSql(centreId: string, end: Date) {
  return sql`select i.id from initiatives i
    where i.centre_id = ${centreId} and i.status = 'active' and coalesce(i.decided_at, i.created_at) < ${ts(end)}`
}

/** The end of a range as far as it has happened: snapshots (loans, open needs) are taken there. */
export function asOf(range: Range, now = new Date()) {
  return range.to < now ? range.to : now
}

function emptyByCategory(): Record<Category, number> {
  return { room: 0, tool: 0, skill: 0, loan: 0, other: 0 }
}

async function helpTotals(db: DbOrTx, centre: ReportCentre, range: Range, activeEnd: Date) {
  const [row] = await query<{ n: string; minutes: string; cents: string; both: string; active: string }>(
    db,
    sql`with help as (${helpRows(centre.id, range)}),
        active as (${activeInitiativesSql(centre.id, activeEnd)})
      select (select count(*) from help) as n,
             (select coalesce(sum(minutes), 0) from help) as minutes,
             (select coalesce(sum(cents), 0) from help) as cents,
             (select count(*) from active a
               where exists (select 1 from help h where h.provider = a.id)
                 and exists (select 1 from help h where h.receiver = a.id)) as both,
             (select count(*) from active) as active`,
  )
  return {
    helpCount: num(row?.n),
    minutes: num(row?.minutes),
    cents: num(row?.cents),
    both: num(row?.both),
    active: num(row?.active),
  }
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

async function exchangeCounts(db: DbOrTx, centreId: string, range: Range) {
  const rows = await query<{ state: ExchangeStateName; n: string }>(
    db,
    sql`select x.state, count(*) as n from exchanges x
         where x.centre_id = ${centreId} and ${exchangeTimeSql()} >= ${ts(range.from)} and ${exchangeTimeSql()} < ${ts(range.to)}
         group by x.state`,
  )
  const byState = Object.fromEntries(EXCHANGE_STATES.map((s) => [s, 0])) as Record<ExchangeStateName, number>
  let total = 0
  for (const row of rows) {
    byState[row.state] = num(row.n)
    total += num(row.n)
  }
  return { total, byState }
}

async function unmetNeeds(db: DbOrTx, centreId: string, at: Date) {
  const cutoff = new Date(at.getTime() - UNMET_AFTER_DAYS * 86_400_000)
  const rows = await query<{ category: Category; n: string }>(
    db,
    sql`select l.category, count(*) as n from listings l
         where l.centre_id = ${centreId} and l.kind = 'need' and l.status = 'active'
           and coalesce(l.published_at, l.created_at) < ${ts(cutoff)}
           and not exists (select 1 from exchanges x where x.listing_id = l.id
                            and x.state in ('accepted', 'completed', 'confirmed', 'disputed') and x.created_at < ${ts(at)})
         group by l.category`,
  )
  const byCategory = emptyByCategory()
  let total = 0
  for (const row of rows) {
    byCategory[row.category] = num(row.n)
    total += num(row.n)
  }
  return { total, byCategory }
}

export interface LoanPosition {
  id: string
  outstandingCents: number
  overdueCents: number
}

/**
 * Every loan's position at an instant, replayed from the rows (not the current state): disbursed
 * before it, not written off before it, minus repayments confirmed before it; overdue as the
 * loans module derives it, for the local date of the instant.
 */
export async function loanPositions(db: DbOrTx, centre: ReportCentre, at: Date): Promise<LoanPosition[]> {
  const rows = await query<{ id: string; total: string; repaid: string }>(
    db,
    sql`select l.id, l.total_cents as total,
               coalesce((select sum(r.amount_cents) from loan_repayments r
                          where r.loan_id = l.id and r.state = 'confirmed' and r.decided_at < ${ts(at)}), 0) as repaid
          from loans l
         where l.centre_id = ${centre.id} and l.disbursed_at < ${ts(at)}
           and (l.written_off_at is null or l.written_off_at >= ${ts(at)})`,
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

/** Every figure of one period. */
export async function figures(db: DbOrTx, centre: ReportCentre, range: Range, now = new Date()): Promise<Figures> {
  const at = asOf(range, now)
  const [help, listingsCount, exchangesCount, loansFigures, unmet] = await Promise.all([
    helpTotals(db, centre, range, range.to),
    listingCounts(db, centre.id, range),
    exchangeCounts(db, centre.id, range),
    loanFigures(db, centre, range, now),
    unmetNeeds(db, centre.id, at),
  ])
  return {
    activeInitiatives: help.active,
    listings: listingsCount,
    exchanges: exchangesCount,
    helpCount: help.helpCount,
    minutes: help.minutes,
    cents: help.cents,
    loans: loansFigures,
    reciprocity: { both: help.both, active: help.active, index: help.active ? help.both / help.active : null },
    unmetNeeds: unmet,
  }
}

/** Exchanges (counted help) and hours per month of the period, months in the centre's time zone. */
export async function monthlySeries(db: DbOrTx, centre: ReportCentre, period: Pick<Period, 'from' | 'to'>): Promise<SeriesPoint[]> {
  const range = toRange(period, centre.timeZone)
  const rows = await query<{ month: string; n: string; minutes: string }>(
    db,
    sql`with help as (${helpRows(centre.id, range)})
        select to_char(date_trunc('month', at, ${centre.timeZone}) at time zone ${centre.timeZone}, 'YYYY-MM-DD') as month,
               count(*) as n, coalesce(sum(minutes), 0) as minutes
          from help group by 1`,
  )
  const byMonth = new Map(rows.map((r) => [r.month, r]))
  return monthsOf(period).map((month) => ({
    month,
    exchanges: num(byMonth.get(month)?.n),
    minutes: num(byMonth.get(month)?.minutes),
  }))
}

/**
 * Who helped whom: hours (and €, count) from provider to receiver, between the `top` initiatives
 * with the most hours given plus received; the others are folded into one node (id null), so
 * the flows still add up to the period's total.
 */
export async function network(db: DbOrTx, centre: ReportCentre, range: Range, top = TOP_INITIATIVES): Promise<Network> {
  const rows = await query<{ provider: string | null; receiver: string | null; minutes: string; cents: string; n: string }>(
    db,
    sql`with help as (${helpRows(centre.id, range)}),
        pairs as (select provider, receiver, sum(minutes) as minutes, sum(cents) as cents, count(*) as n from help group by 1, 2),
        volume as (
          select id, sum(minutes) as v from (select provider as id, minutes from pairs union all select receiver, minutes from pairs) s
           group by id order by v desc, id limit ${top})
        select case when provider in (select id from volume) then provider end as provider,
               case when receiver in (select id from volume) then receiver end as receiver,
               sum(minutes) as minutes, sum(cents) as cents, sum(n) as n
          from pairs group by 1, 2`,
  )
  const flows: Flow[] = rows
    .map((r) => ({ providerId: r.provider, receiverId: r.receiver, minutes: num(r.minutes), cents: num(r.cents), count: num(r.n) }))
    // "others → others" help stays in the totals but is no edge between two named initiatives.
    .sort((a, b) => b.minutes - a.minutes || String(a.providerId).localeCompare(String(b.providerId)) || String(a.receiverId).localeCompare(String(b.receiverId)))
  const ids = [...new Set(flows.flatMap((f) => [f.providerId, f.receiverId]).filter((id): id is string => id !== null))]
  const names = ids.length
    ? await query<{ id: string; name: string; slug: string }>(
        db,
        sql`select id, name, slug from initiatives where centre_id = ${centre.id} and id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      )
    : []
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

export interface Dashboard {
  period: Period
  previous: { from: string; to: string }
  current: Figures
  before: Figures
  series: SeriesPoint[]
  network: Network
}

/** Everything the dashboard and the funder report show for a period. */
export async function dashboard(db: DbOrTx, centre: ReportCentre, period: Period, now = new Date()): Promise<Dashboard> {
  const previous = previousPeriod(period)
  const range = toRange(period, centre.timeZone)
  const [current, before, series, net] = await Promise.all([
    figures(db, centre, range, now),
    figures(db, centre, toRange(previous, centre.timeZone), now),
    monthlySeries(db, centre, period),
    network(db, centre, range),
  ])
  return { period, previous, current, before, series, network: net }
}
