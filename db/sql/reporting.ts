/**
 * Indexes the manager console's read-only queries need on other domains' tables
 * (app/modules/reporting). Kept here rather than in those schema files so that each domain's
 * file stays its owner's; idempotent, run after the migrations on every start.
 */
/**
 * Keeps reporting_help (db/schema/management.ts) in step with the ledger, in the same database
 * transaction as the ledger write: a credit entry of an `exchange` transaction adds its minutes or
 * cents; a reversing transaction marks the original reversed. Only reads and that one table.
 */
const HELP_FACTS = [
  `CREATE OR REPLACE FUNCTION viertel_reporting_help_entry() RETURNS trigger
     LANGUAGE plpgsql AS $$
     DECLARE
       t record;
     BEGIN
       SELECT lt.kind, x.provider_initiative_id AS provider, x.receiver_initiative_id AS receiver INTO t
         FROM ledger_transactions lt JOIN exchanges x ON x.id = lt.exchange_id
        WHERE lt.id = NEW.transaction_id;
       IF NOT FOUND OR t.kind <> 'exchange' THEN
         RETURN NULL;
       END IF;
       INSERT INTO reporting_help (transaction_id, centre_id, at, provider_id, receiver_id, minutes, cents)
       VALUES (NEW.transaction_id, NEW.centre_id, NEW.at, t.provider, t.receiver,
               CASE WHEN NEW.unit = 'minutes' THEN NEW.amount ELSE 0 END,
               CASE WHEN NEW.unit = 'cents' THEN NEW.amount ELSE 0 END)
       ON CONFLICT (transaction_id) DO UPDATE
         SET minutes = reporting_help.minutes + EXCLUDED.minutes, cents = reporting_help.cents + EXCLUDED.cents;
       RETURN NULL;
     END $$`,
  `CREATE OR REPLACE TRIGGER reporting_help_entry
     AFTER INSERT ON ledger_entries
     FOR EACH ROW WHEN (NEW.amount > 0) EXECUTE FUNCTION viertel_reporting_help_entry()`,
  `CREATE OR REPLACE FUNCTION viertel_reporting_help_reversal() RETURNS trigger
     LANGUAGE plpgsql AS $$
     BEGIN
       UPDATE reporting_help SET reversed = true WHERE transaction_id = NEW.reverses_id;
       RETURN NULL;
     END $$`,
  `CREATE OR REPLACE TRIGGER reporting_help_reversal
     AFTER INSERT ON ledger_transactions
     FOR EACH ROW WHEN (NEW.reverses_id IS NOT NULL) EXECUTE FUNCTION viertel_reporting_help_reversal()`,
  `CREATE INDEX IF NOT EXISTS reporting_help_centre_time_idx
     ON reporting_help (centre_id, at) INCLUDE (provider_id, receiver_id, minutes, cents) WHERE NOT reversed`,
]

/**
 * Fills reporting_help from the ledger once, when it is empty (a database whose ledger predates
 * the triggers, or a bulk load that bypassed them); a no-op afterwards.
 */
export const REPORTING_BACKFILL_SQL = `
  INSERT INTO reporting_help (transaction_id, centre_id, at, provider_id, receiver_id, minutes, cents, reversed)
  SELECT t.id, t.centre_id, t.occurred_at, x.provider_initiative_id, x.receiver_initiative_id,
         coalesce(sum(e.amount) FILTER (WHERE e.unit = 'minutes'), 0),
         coalesce(sum(e.amount) FILTER (WHERE e.unit = 'cents'), 0),
         EXISTS (SELECT 1 FROM ledger_transactions r WHERE r.reverses_id = t.id)
    FROM ledger_transactions t
    JOIN exchanges x ON x.id = t.exchange_id
    JOIN ledger_entries e ON e.transaction_id = t.id AND e.amount > 0
   WHERE t.kind = 'exchange' AND NOT EXISTS (SELECT 1 FROM reporting_help)
   GROUP BY t.id, x.provider_initiative_id, x.receiver_initiative_id
  ON CONFLICT (transaction_id) DO NOTHING`

export const REPORTING_POST_SQL = [
  ...HELP_FACTS,
  REPORTING_BACKFILL_SQL,
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
