import { sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import type { ExportName } from './constants'
import type { Cell } from './csv'
import type { Range } from './period'
import { asOf, exchangeTimeSql, helpRowsSql, loanPositions, type ReportCentre } from './reporting.server'

/**
 * The raw data behind the figures, as CSV rows. The same queries as the dashboard: the sum of the
 * `minutes` of counted exchanges, the initiatives' `given_minutes` and the loans'
 * `outstanding_cents` are the dashboard's numbers for the period. Values are codes and plain
 * numbers (dot as decimal mark) so that a spreadsheet or a script reads them alike.
 */


export interface Table {
  columns: readonly string[]
  rows: Cell[][]
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`
const hours = (minutes: number | null) => (minutes === null ? null : Math.round((minutes / 60) * 100) / 100)
const euros = (cents: number | null) => (cents === null ? null : cents / 100)
const n = (v: unknown) => (v === null || v === undefined ? null : Number(v))

async function initiativesTable(db: DbOrTx, centre: ReportCentre, range: Range): Promise<Table> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with help as (${helpRowsSql(centre.id, range)}),
      given as (select provider as id, sum(minutes) as minutes, sum(cents) as cents, count(*) as n from help group by provider),
      received as (select receiver as id, sum(minutes) as minutes, sum(cents) as cents, count(*) as n from help group by receiver)
      select i.id, i.name, i.slug, i.kind, i.sector, i.status, coalesce(i.decided_at, i.created_at) as since,
             coalesce(g.minutes, 0) as given_minutes, coalesce(g.cents, 0) as given_cents, coalesce(g.n, 0) as given_n,
             coalesce(r.minutes, 0) as received_minutes, coalesce(r.cents, 0) as received_cents, coalesce(r.n, 0) as received_n
        from initiatives i
        left join given g on g.id = i.id
        left join received r on r.id = i.id
       where i.centre_id = ${centre.id}
       order by i.name, i.id`),
  )
  return {
    columns: ['id', 'name', 'slug', 'kind', 'sector', 'status', 'since', 'given_exchanges', 'given_minutes', 'given_hours', 'given_eur', 'received_exchanges', 'received_minutes', 'received_hours', 'received_eur'],
    rows: rows.map((r) => [
      r.id as string,
      r.name as string,
      r.slug as string,
      r.kind as string,
      r.sector as string,
      r.status as string,
      new Date(r.since as string),
      n(r.given_n),
      n(r.given_minutes),
      hours(n(r.given_minutes)),
      euros(n(r.given_cents)),
      n(r.received_n),
      n(r.received_minutes),
      hours(n(r.received_minutes)),
      euros(n(r.received_cents)),
    ]),
  }
}

async function listingsTable(db: DbOrTx, centre: ReportCentre, range: Range): Promise<Table> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select l.id, l.created_at, i.name as initiative, l.kind, l.category, l.title, l.status, l.compensation,
             l.price_cents, l.visibility, l.published_at
        from listings l join initiatives i on i.id = l.initiative_id
       where l.centre_id = ${centre.id} and l.created_at >= ${ts(range.from)} and l.created_at < ${ts(range.to)}
         and l.status <> 'draft'
       order by l.created_at, l.id`),
  )
  return {
    columns: ['id', 'created_at', 'initiative', 'kind', 'category', 'title', 'status', 'compensation', 'price_eur', 'visibility', 'published_at'],
    rows: rows.map((r) => [
      r.id as string,
      new Date(r.created_at as string),
      r.initiative as string,
      r.kind as string,
      r.category as string,
      r.title as string,
      r.status as string,
      r.compensation as string,
      euros(n(r.price_cents)),
      r.visibility as string,
      r.published_at ? new Date(r.published_at as string) : null,
    ]),
  }
}

async function exchangesTable(db: DbOrTx, centre: ReportCentre, range: Range): Promise<Table> {
  const time = exchangeTimeSql('x')
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with help as (${helpRowsSql(centre.id, range)})
      select x.id, ${time} as at, x.state, x.date::text as date, p.name as provider, r.name as receiver,
             l.category, l.title as listing, x.title, x.description,
             coalesce(x.actual_minutes, x.proposed_minutes) as minutes,
             coalesce(x.actual_value_cents, x.proposed_value_cents) as value_cents,
             h.minutes as counted_minutes, h.cents as counted_cents,
             exists (select 1 from ledger_transactions t join ledger_transactions rv on rv.reverses_id = t.id
                      where t.exchange_id = x.id and t.kind = 'exchange') as reversed
        from exchanges x
        join initiatives p on p.id = x.provider_initiative_id
        join initiatives r on r.id = x.receiver_initiative_id
        left join listings l on l.id = x.listing_id
        left join ledger_transactions lt on lt.exchange_id = x.id and lt.kind = 'exchange'
        left join help h on h.id = lt.id
       where x.centre_id = ${centre.id} and ${time} >= ${ts(range.from)} and ${time} < ${ts(range.to)}
       order by ${time}, x.id`),
  )
  return {
    columns: ['id', 'at', 'date', 'state', 'provider', 'receiver', 'category', 'listing', 'title', 'minutes', 'hours', 'eur', 'counted', 'reversed', 'comment'],
    rows: rows.map((r) => {
      const counted = r.counted_minutes !== null && r.counted_minutes !== undefined
      // Counted help is valued as the ledger wrote it; the rest as agreed (or proposed).
      const minutes = counted ? n(r.counted_minutes) : n(r.minutes)
      const cents = counted ? n(r.counted_cents) : n(r.value_cents)
      return [
        r.id as string,
        new Date(r.at as string),
        (r.date as string | null) ?? null,
        r.state as string,
        r.provider as string,
        r.receiver as string,
        (r.category as string | null) ?? null,
        (r.listing as string | null) ?? null,
        r.title as string,
        minutes,
        hours(minutes),
        euros(cents),
        counted,
        Boolean(r.reversed),
        r.description as string,
      ]
    }),
  }
}

async function ledgerTable(db: DbOrTx, centre: ReportCentre, range: Range): Promise<Table> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select e.id, e.transaction_id, e.at, t.kind, e.account_type, e.account_id, i.name as account, e.unit, e.amount,
             t.exchange_id, t.reverses_id, t.reason
        from ledger_entries e
        join ledger_transactions t on t.id = e.transaction_id
        left join initiatives i on e.account_type = 'initiative' and i.id = e.account_id
       where e.centre_id = ${centre.id} and e.at >= ${ts(range.from)} and e.at < ${ts(range.to)}
       order by e.at, e.id`),
  )
  return {
    columns: ['entry', 'transaction', 'at', 'kind', 'account_type', 'account_id', 'account', 'unit', 'amount', 'exchange', 'reverses', 'reason'],
    rows: rows.map((r) => [
      n(r.id),
      r.transaction_id as string,
      new Date(r.at as string),
      r.kind as string,
      r.account_type as string,
      r.account_id as string,
      (r.account as string | null) ?? null,
      r.unit as string,
      n(r.amount),
      (r.exchange_id as string | null) ?? null,
      (r.reverses_id as string | null) ?? null,
      (r.reason as string | null) ?? null,
    ]),
  }
}

async function loansTable(db: DbOrTx, centre: ReportCentre, range: Range, now: Date): Promise<Table> {
  const [rows, positions] = await Promise.all([
    db
      .execute(
        sql`
      select l.id, l.created_at, l.state, l.lender_kind, li.name as lender, b.name as borrower, l.purpose,
             l.principal_cents, l.interest_basis_points, l.term_months, l.total_cents, l.disbursed_at, l.repaid_at, l.written_off_at
        from loans l
        join initiatives b on b.id = l.borrower_initiative_id
        left join initiatives li on li.id = l.lender_initiative_id
       where l.centre_id = ${centre.id} and (l.created_at < ${ts(range.to)} or l.disbursed_at < ${ts(range.to)})
         and (l.repaid_at is null or l.repaid_at >= ${ts(range.from)})
         and (l.written_off_at is null or l.written_off_at >= ${ts(range.from)})
         and l.state <> 'declined'
       order by l.created_at, l.id`,
      )
      .then((r) => rowsOf<Record<string, unknown>>(r)),
    loanPositions(db, centre, asOf(range, now)),
  ])
  const byId = new Map(positions.map((p) => [p.id, p]))
  return {
    columns: ['id', 'created_at', 'state', 'lender_kind', 'lender', 'borrower', 'purpose', 'principal_eur', 'interest_percent', 'term_months', 'total_eur', 'disbursed_at', 'repaid_at', 'written_off_at', 'outstanding_cents', 'outstanding_eur', 'overdue_eur'],
    rows: rows.map((r) => {
      const position = byId.get(r.id as string)
      const outstanding = position?.outstandingCents ?? 0
      return [
        r.id as string,
        new Date(r.created_at as string),
        r.state as string,
        r.lender_kind as string,
        (r.lender as string | null) ?? null,
        r.borrower as string,
        r.purpose as string,
        euros(n(r.principal_cents)),
        (n(r.interest_basis_points) ?? 0) / 100,
        n(r.term_months),
        euros(n(r.total_cents)),
        r.disbursed_at ? new Date(r.disbursed_at as string) : null,
        r.repaid_at ? new Date(r.repaid_at as string) : null,
        r.written_off_at ? new Date(r.written_off_at as string) : null,
        outstanding,
        euros(outstanding),
        euros(position?.overdueCents ?? 0),
      ]
    }),
  }
}

/**
 * One export as a table, built in memory (the exports of one centre and period are thousands of
 * rows, not millions; see docs/decisions/050-report-figures-source.md).
 */
export async function exportTable(db: DbOrTx, centre: ReportCentre, what: ExportName, range: Range, now = new Date()): Promise<Table> {
  switch (what) {
    case 'initiatives':
      return initiativesTable(db, centre, range)
    case 'listings':
      return listingsTable(db, centre, range)
    case 'exchanges':
      return exchangesTable(db, centre, range)
    case 'ledger':
      return ledgerTable(db, centre, range)
    case 'loans':
      return loansTable(db, centre, range, now)
  }
}
