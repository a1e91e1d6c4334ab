/**
 * Indexes the manager console's read-only queries need on other domains' tables
 * (app/modules/reporting). Kept here rather than in those schema files so that each domain's
 * file stays its owner's; idempotent, run after the migrations on every start.
 */
export const REPORTING_POST_SQL = [
  // Counted help of a period: exchange transactions of a centre by time.
  `CREATE INDEX IF NOT EXISTS reporting_ledger_tx_exchange_time_idx
     ON ledger_transactions (centre_id, occurred_at) INCLUDE (id, exchange_id) WHERE kind = 'exchange'`,
  // The credit entries of a transaction, read without visiting the table.
  `CREATE INDEX IF NOT EXISTS reporting_ledger_entries_credit_idx
     ON ledger_entries (transaction_id) INCLUDE (unit, amount) WHERE amount > 0`,
  // The ledger export of a period.
  `CREATE INDEX IF NOT EXISTS reporting_ledger_entries_centre_time_idx ON ledger_entries (centre_id, at)`,
  // Exchanges by the time they belong to (confirmed, else created).
  `CREATE INDEX IF NOT EXISTS reporting_exchanges_centre_time_idx
     ON exchanges (centre_id, (coalesce(confirmed_at, created_at))) INCLUDE (state)`,
  `CREATE INDEX IF NOT EXISTS reporting_listings_centre_created_idx ON listings (centre_id, created_at) INCLUDE (kind, category, status)`,
  `CREATE INDEX IF NOT EXISTS reporting_audit_actor_idx ON audit_log (centre_id, actor_id, created_at)`,
]
