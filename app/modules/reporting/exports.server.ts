import { sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { queryRows } from '#db/rows'
import type { ExportName } from './constants'
import { type Cell, COMMA_DIALECT, type CsvDialect, csvHeader, csvRows } from './csv'
import type { Range } from './period'
import { asOf, exchangeTimeSql, helpRowsSql, loanPositions, type ReportCentre } from './reporting.server'
import { withoutValues } from '~/utils/logger.server'

/**
 * The raw data behind the figures, as CSV rows. The same queries as the dashboard: the sum of the
 * `minutes` of counted exchanges, the initiatives' `given_minutes` and the loans'
 * `outstanding_cents` are the dashboard's numbers for the period. Values are codes and plain
 * numbers (dot as decimal mark) so that a spreadsheet or a script reads them alike.
 *
 * Each export is read in pages by keyset (its sort key plus the row's id, so ties on the time
 * keep their order), and written as it is read: a year of a busy centre's ledger is hundreds of
 * thousands of rows (docs/decisions/056-streamed-exports.md).
 */

/** Rows read per query: about 1 MB of CSV, and some 70 queries for a year of a busy centre's ledger. */
export const EXPORT_BATCH_SIZE = 5000

export interface Table {
  columns: readonly string[]
  rows: Cell[][]
}

/** The sort key of the last row of a page, as the database wrote it (text keeps microseconds). */
type Key = readonly [string, string]

interface Page {
  rows: Cell[][]
  last: Key | null
}

interface Source {
  columns: readonly string[]
  /** Up to `limit` rows after `after` (from the start when null), in the export's order. */
  page: (after: Key | null, limit: number) => Promise<Page>
}

/** A page of rows, mapped to cells; the last row's sort key is where the next page starts. */
function pageOf<R>(rows: R[], key: (r: R) => Key, toCells: (r: R) => Cell[]): Page {
  const last = rows[rows.length - 1]
  return { rows: rows.map(toCells), last: last ? key(last) : null }
}

/**
 * `(order, id) > after`, with the order's own bound first so that the index on the time (or
 * name) column reads from the cursor on rather than from the start of the period.
 */
function after(key: Key | null, order: SQL, id: SQL, orderType: SQL, idType: SQL) {
  if (!key) return sql``
  return sql`and ${order} >= ${key[0]}::${orderType} and (${order}, ${id}) > (${key[0]}::${orderType}, ${key[1]}::${idType})`
}

const timestamptz = sql.raw('timestamptz')
const uuid = sql.raw('uuid')
const text = sql.raw('text')
const bigint = sql.raw('bigint')

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`
const hours = (minutes: number | null) => (minutes === null ? null : Math.round((minutes / 60) * 100) / 100)
const euros = (cents: number | null) => (cents === null ? null : cents / 100)

/*
 * Each statement names its columns in a row type that holds on both drivers, casting in SQL what
 * they could answer differently:
 * - a timestamp as text (`::text`): both answer text today only because drizzle turns their date
 *   parsing off; the cast makes it the statement's promise. It is the text the database wrote,
 *   microseconds included, so it also serves as the sort key; a cell makes a Date of it.
 * - a bigint or numeric as text (`::text`; counts and sums are bigint or numeric): postgres.js
 *   answers a string, PGlite a number. Read with `int`: exact up to 2^53, and ledger amounts stop at 10^12.
 * Integer columns (minutes, cents, months), uuids and booleans are alike on both and stay as they are.
 */
const int = (digits: string) => Number(digits)
const instant = (timestamp: string) => new Date(timestamp)
const instantOrNull = (timestamp: string | null) => (timestamp === null ? null : new Date(timestamp))

interface InitiativeRow {
  id: string
  /** also the sort key, with the id */
  name: string
  slug: string
  kind: string
  sector: string
  status: string
  since: string
  given_n: string
  given_minutes: string
  given_cents: string
  received_n: string
  received_minutes: string
  received_cents: string
}

function initiativesSource(db: DbOrTx, centre: ReportCentre, range: Range): Source {
  return {
    columns: ['id', 'name', 'slug', 'kind', 'sector', 'status', 'since', 'given_exchanges', 'given_minutes', 'given_hours', 'given_eur', 'received_exchanges', 'received_minutes', 'received_hours', 'received_eur'],
    page: async (key, limit) => {
      // The help of the page's initiatives only, each side read by its own index (ADR 055).
      const rows = await queryRows<InitiativeRow>(
        db,
        sql`
          with page as (
            select i.* from initiatives i
             where i.centre_id = ${centre.id} ${after(key, sql`i.name`, sql`i.id`, text, uuid)}
             order by i.name, i.id
             limit ${limit}),
          given as (select h.provider as id, sum(h.minutes) as minutes, sum(h.cents) as cents, count(*) as n
                      from (${helpRowsSql(centre.id, range)}) h where h.provider in (select id from page) group by h.provider),
          received as (select h.receiver as id, sum(h.minutes) as minutes, sum(h.cents) as cents, count(*) as n
                         from (${helpRowsSql(centre.id, range)}) h where h.receiver in (select id from page) group by h.receiver)
          select i.id, i.name, i.slug, i.kind, i.sector, i.status, coalesce(i.decided_at, i.created_at)::text as since,
                 coalesce(g.n, 0)::text as given_n, coalesce(g.minutes, 0)::text as given_minutes,
                 coalesce(g.cents, 0)::text as given_cents, coalesce(r.n, 0)::text as received_n,
                 coalesce(r.minutes, 0)::text as received_minutes, coalesce(r.cents, 0)::text as received_cents
            from page i
            left join given g on g.id = i.id
            left join received r on r.id = i.id
           order by i.name, i.id`,
      )
      return pageOf(
        rows,
        (r) => [r.name, r.id],
        (r) => [
          r.id,
          r.name,
          r.slug,
          r.kind,
          r.sector,
          r.status,
          instant(r.since),
          int(r.given_n),
          int(r.given_minutes),
          hours(int(r.given_minutes)),
          euros(int(r.given_cents)),
          int(r.received_n),
          int(r.received_minutes),
          hours(int(r.received_minutes)),
          euros(int(r.received_cents)),
        ],
      )
    },
  }
}

interface ListingRow {
  id: string
  /** also the sort key, with the id */
  created_at: string
  initiative: string
  kind: string
  category: string
  title: string
  status: string
  compensation: string
  price_cents: number | null
  visibility: string
  published_at: string | null
}

function listingsSource(db: DbOrTx, centre: ReportCentre, range: Range): Source {
  return {
    columns: ['id', 'created_at', 'initiative', 'kind', 'category', 'title', 'status', 'compensation', 'price_eur', 'visibility', 'published_at'],
    page: async (key, limit) => {
      const rows = await queryRows<ListingRow>(
        db,
        sql`
          select l.id, l.created_at::text as created_at, i.name as initiative, l.kind, l.category, l.title, l.status, l.compensation,
                 l.price_cents, l.visibility, l.published_at::text as published_at
            from listings l join initiatives i on i.id = l.initiative_id
           where l.centre_id = ${centre.id} and l.created_at >= ${ts(range.from)} and l.created_at < ${ts(range.to)}
             and l.status <> 'draft' ${after(key, sql`l.created_at`, sql`l.id`, timestamptz, uuid)}
           order by l.created_at, l.id
           limit ${limit}`,
      )
      return pageOf(
        rows,
        (r) => [r.created_at, r.id],
        (r) => [
          r.id,
          instant(r.created_at),
          r.initiative,
          r.kind,
          r.category,
          r.title,
          r.status,
          r.compensation,
          euros(r.price_cents),
          r.visibility,
          instantOrNull(r.published_at),
        ],
      )
    },
  }
}

interface ExchangeRow {
  id: string
  /** also the sort key, with the id */
  at: string
  date: string | null
  state: string
  provider: string
  receiver: string
  category: string | null
  listing: string | null
  title: string
  description: string
  /** as agreed, else as proposed */
  minutes: number | null
  value_cents: number | null
  /** as the ledger counted it: null when the help is not counted */
  counted_minutes: string | null
  counted_cents: string | null
  reversed: boolean
}

function exchangesSource(db: DbOrTx, centre: ReportCentre, range: Range): Source {
  const time = exchangeTimeSql('x')
  return {
    columns: ['id', 'at', 'date', 'state', 'provider', 'receiver', 'category', 'listing', 'title', 'minutes', 'hours', 'eur', 'counted', 'reversed', 'comment'],
    page: async (key, limit) => {
      // An exchange has at most one `exchange` transaction, so the joins keep one row per exchange.
      // Its help row (one per transaction) is looked up by key: the `limit 1` keeps the lateral
      // subquery from being flattened into a join, which with a page's LIMIT the planner ran as a
      // rescan of the whole period's help for every exchange (two minutes a page on the scale data).
      const rows = await queryRows<ExchangeRow>(
        db,
        sql`
          select x.id, ${time}::text as at, x.state, x.date::text as date, p.name as provider, r.name as receiver,
                 l.category, l.title as listing, x.title, x.description,
                 coalesce(x.actual_minutes, x.proposed_minutes) as minutes,
                 coalesce(x.actual_value_cents, x.proposed_value_cents) as value_cents,
                 h.minutes::text as counted_minutes, h.cents::text as counted_cents,
                 exists (select 1 from ledger_transactions t join ledger_transactions rv on rv.reverses_id = t.id
                          where t.exchange_id = x.id and t.kind = 'exchange') as reversed
            from exchanges x
            join initiatives p on p.id = x.provider_initiative_id
            join initiatives r on r.id = x.receiver_initiative_id
            left join listings l on l.id = x.listing_id
            left join ledger_transactions lt on lt.exchange_id = x.id and lt.kind = 'exchange'
            left join lateral (select * from (${helpRowsSql(centre.id, range)}) help where help.id = lt.id limit 1) h on true
           where x.centre_id = ${centre.id} and ${time} >= ${ts(range.from)} and ${time} < ${ts(range.to)}
                 ${after(key, time, sql`x.id`, timestamptz, uuid)}
           order by ${time}, x.id
           limit ${limit}`,
      )
      return pageOf(
        rows,
        (r) => [r.at, r.id],
        (r) => {
          // Counted help is valued as the ledger wrote it; the rest as agreed (or proposed).
          const { counted_minutes: countedMinutes, counted_cents: countedCents } = r
          const counted = countedMinutes !== null && countedCents !== null
          const minutes = counted ? int(countedMinutes) : r.minutes
          const cents = counted ? int(countedCents) : r.value_cents
          return [
            r.id,
            instant(r.at),
            r.date,
            r.state,
            r.provider,
            r.receiver,
            r.category,
            r.listing,
            r.title,
            minutes,
            hours(minutes),
            euros(cents),
            counted,
            r.reversed,
            r.description,
          ]
        },
      )
    },
  }
}

interface LedgerRow {
  /** a bigint, also the sort key with the time */
  id: string
  transaction_id: string
  /** also the sort key, with the id */
  at: string
  kind: string
  account_type: string
  account_id: string
  account: string | null
  unit: string
  amount: string
  exchange_id: string | null
  reverses_id: string | null
  reason: string | null
}

function ledgerSource(db: DbOrTx, centre: ReportCentre, range: Range): Source {
  return {
    columns: ['entry', 'transaction', 'at', 'kind', 'account_type', 'account_id', 'account', 'unit', 'amount', 'exchange', 'reverses', 'reason'],
    page: async (key, limit) => {
      const rows = await queryRows<LedgerRow>(
        db,
        sql`
          select e.id::text as id, e.transaction_id, e.at::text as at, t.kind, e.account_type, e.account_id, i.name as account, e.unit,
                 e.amount::text as amount, t.exchange_id, t.reverses_id, t.reason
            from ledger_entries e
            join ledger_transactions t on t.id = e.transaction_id
            left join initiatives i on e.account_type = 'initiative' and i.id = e.account_id
           where e.centre_id = ${centre.id} and e.at >= ${ts(range.from)} and e.at < ${ts(range.to)}
                 ${after(key, sql`e.at`, sql`e.id`, timestamptz, bigint)}
           order by e.at, e.id
           limit ${limit}`,
      )
      return pageOf(
        rows,
        (r) => [r.at, r.id],
        (r) => [
          int(r.id),
          r.transaction_id,
          instant(r.at),
          r.kind,
          r.account_type,
          r.account_id,
          r.account,
          r.unit,
          int(r.amount),
          r.exchange_id,
          r.reverses_id,
          r.reason,
        ],
      )
    },
  }
}

interface LoanRow {
  id: string
  /** also the sort key, with the id */
  created_at: string
  state: string
  lender_kind: string
  lender: string | null
  borrower: string
  purpose: string
  principal_cents: number
  interest_basis_points: number
  term_months: number
  total_cents: number | null
  disbursed_at: string | null
  repaid_at: string | null
  written_off_at: string | null
}

function loansSource(db: DbOrTx, centre: ReportCentre, range: Range, now: Date): Source {
  const at = asOf(range, now)
  return {
    columns: ['id', 'created_at', 'state', 'lender_kind', 'lender', 'borrower', 'purpose', 'principal_eur', 'interest_percent', 'term_months', 'total_eur', 'disbursed_at', 'repaid_at', 'written_off_at', 'outstanding_cents', 'outstanding_eur', 'overdue_eur'],
    page: async (key, limit) => {
      const rows = await queryRows<LoanRow>(
        db,
        sql`
          select l.id, l.created_at::text as created_at, l.state, l.lender_kind, li.name as lender, b.name as borrower, l.purpose,
                 l.principal_cents, l.interest_basis_points, l.term_months, l.total_cents, l.disbursed_at::text as disbursed_at,
                 l.repaid_at::text as repaid_at, l.written_off_at::text as written_off_at
            from loans l
            join initiatives b on b.id = l.borrower_initiative_id
            left join initiatives li on li.id = l.lender_initiative_id
           where l.centre_id = ${centre.id} and (l.created_at < ${ts(range.to)} or l.disbursed_at < ${ts(range.to)})
             and (l.repaid_at is null or l.repaid_at >= ${ts(range.from)})
             and (l.written_off_at is null or l.written_off_at >= ${ts(range.from)})
             and l.state <> 'declined' ${after(key, sql`l.created_at`, sql`l.id`, timestamptz, uuid)}
           order by l.created_at, l.id
           limit ${limit}`,
      )
      const positions = await loanPositions(db, centre, at, rows.map((r) => r.id))
      const byId = new Map(positions.map((p) => [p.id, p]))
      return pageOf(
        rows,
        (r) => [r.created_at, r.id],
        (r) => {
          const position = byId.get(r.id)
          const outstanding = position?.outstandingCents ?? 0
          return [
            r.id,
            instant(r.created_at),
            r.state,
            r.lender_kind,
            r.lender,
            r.borrower,
            r.purpose,
            euros(r.principal_cents),
            r.interest_basis_points / 100,
            r.term_months,
            euros(r.total_cents),
            instantOrNull(r.disbursed_at),
            instantOrNull(r.repaid_at),
            instantOrNull(r.written_off_at),
            outstanding,
            euros(outstanding),
            euros(position?.overdueCents ?? 0),
          ]
        },
      )
    },
  }
}

function exportSource(db: DbOrTx, centre: ReportCentre, what: ExportName, range: Range, now: Date): Source {
  switch (what) {
    case 'initiatives':
      return initiativesSource(db, centre, range)
    case 'listings':
      return listingsSource(db, centre, range)
    case 'exchanges':
      return exchangesSource(db, centre, range)
    case 'ledger':
      return ledgerSource(db, centre, range)
    case 'loans':
      return loansSource(db, centre, range, now)
  }
}

export interface ExportOptions {
  /** The instant snapshots are taken at when the period reaches into the future (loans). */
  now?: Date
  batchSize?: number
}

/** One export's columns and its rows, page by page in the export's order. */
export function exportBatches(db: DbOrTx, centre: ReportCentre, what: ExportName, range: Range, options: ExportOptions = {}) {
  const source = exportSource(db, centre, what, range, options.now ?? new Date())
  const size = Math.max(1, Math.floor(options.batchSize ?? EXPORT_BATCH_SIZE))
  async function* batches(): AsyncGenerator<Cell[][]> {
    let key: Key | null = null
    for (;;) {
      const page = await source.page(key, size)
      if (page.rows.length) yield page.rows
      if (page.rows.length < size || !page.last) return
      key = page.last
    }
  }
  return { columns: source.columns, batches: batches() }
}

/** One export as a whole table in memory: for tests and small callers; the download streams. */
export async function exportTable(db: DbOrTx, centre: ReportCentre, what: ExportName, range: Range, now = new Date(), batchSize?: number): Promise<Table> {
  const { columns, batches } = exportBatches(db, centre, what, range, { now, batchSize })
  const rows: Cell[][] = []
  for await (const batch of batches) rows.push(...batch)
  return { columns, rows }
}

/**
 * One export as a CSV byte stream: the BOM and the header, then each page as it is read; the
 * next page is read only when the consumer has taken the last (one page of read-ahead). The first
 * page is read before this resolves, so a database that fails at once still gets a plain error
 * response. A failure later, once the response has begun, errors the stream (the download fails
 * visibly instead of ending short) and is passed to `onError`.
 */
export async function exportCsvStream(
  db: DbOrTx,
  centre: ReportCentre,
  what: ExportName,
  range: Range,
  options: ExportOptions & { onError?: (error: unknown) => void; dialect?: CsvDialect } = {},
): Promise<ReadableStream<Uint8Array>> {
  const dialect = options.dialect ?? COMMA_DIALECT
  const { columns, batches } = exportBatches(db, centre, what, range, options)
  const onError = options.onError ?? ((error: unknown) => console.error(`CSV export ${what} of centre ${centre.id} failed while streaming:`, withoutValues(error)))
  const encoder = new TextEncoder()
  const first = await batches.next()
  let started = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true
          controller.enqueue(encoder.encode(csvHeader(columns, dialect) + (first.done ? '' : csvRows(first.value, dialect))))
          if (first.done) controller.close()
          return
        }
        const next = await batches.next()
        if (next.done) controller.close()
        else controller.enqueue(encoder.encode(csvRows(next.value, dialect)))
      } catch (error) {
        onError(error)
        controller.error(error)
      }
    },
    async cancel() {
      await batches.return(undefined)
    },
  })
}
