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

/** The monthly sums per initiative: added to (or taken from) by every change of reporting_help. */
const MONTHLY = [
  `CREATE OR REPLACE FUNCTION viertel_reporting_monthly_add(r reporting_help, k integer) RETURNS void
     LANGUAGE plpgsql AS $$
     DECLARE
       m date;
     BEGIN
       SELECT (date_trunc('month', r.at, c.time_zone) AT TIME ZONE c.time_zone)::date INTO m FROM centres c WHERE c.id = r.centre_id;
       INSERT INTO reporting_help_monthly AS t (centre_id, month, initiative_id, given_n, given_minutes, given_cents)
       VALUES (r.centre_id, m, r.provider_id, k, k * r.minutes, k * r.cents)
       ON CONFLICT (centre_id, month, initiative_id) DO UPDATE
         SET given_n = t.given_n + EXCLUDED.given_n, given_minutes = t.given_minutes + EXCLUDED.given_minutes,
             given_cents = t.given_cents + EXCLUDED.given_cents;
       INSERT INTO reporting_help_monthly AS t (centre_id, month, initiative_id, received_n, received_minutes, received_cents)
       VALUES (r.centre_id, m, r.receiver_id, k, k * r.minutes, k * r.cents)
       ON CONFLICT (centre_id, month, initiative_id) DO UPDATE
         SET received_n = t.received_n + EXCLUDED.received_n, received_minutes = t.received_minutes + EXCLUDED.received_minutes,
             received_cents = t.received_cents + EXCLUDED.received_cents;
     END $$`,
  `CREATE OR REPLACE FUNCTION viertel_reporting_monthly_trigger() RETURNS trigger
     LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'UPDATE' AND NOT OLD.reversed THEN
         PERFORM viertel_reporting_monthly_add(OLD, -1);
       END IF;
       IF NOT NEW.reversed THEN
         PERFORM viertel_reporting_monthly_add(NEW, 1);
       END IF;
       RETURN NULL;
     END $$`,
  `CREATE OR REPLACE FUNCTION viertel_reporting_monthly_rebuild(centre uuid) RETURNS void
     LANGUAGE plpgsql AS $$
     BEGIN
       DELETE FROM reporting_help_monthly WHERE centre_id = centre;
       INSERT INTO reporting_help_monthly (centre_id, month, initiative_id, given_n, given_minutes, given_cents, received_n, received_minutes, received_cents)
       SELECT s.centre_id, s.month, s.id, sum(s.gn), sum(s.gm), sum(s.gc), sum(s.rn), sum(s.rm), sum(s.rc)
         FROM (SELECT h.centre_id, (date_trunc('month', h.at, c.time_zone) AT TIME ZONE c.time_zone)::date AS month,
                      h.provider_id AS id, 1 AS gn, h.minutes AS gm, h.cents AS gc, 0 AS rn, 0 AS rm, 0 AS rc
                 FROM reporting_help h JOIN centres c ON c.id = h.centre_id WHERE h.centre_id = centre AND NOT h.reversed
               UNION ALL
               SELECT h.centre_id, (date_trunc('month', h.at, c.time_zone) AT TIME ZONE c.time_zone)::date,
                      h.receiver_id, 0, 0, 0, 1, h.minutes, h.cents
                 FROM reporting_help h JOIN centres c ON c.id = h.centre_id WHERE h.centre_id = centre AND NOT h.reversed) s
        GROUP BY s.centre_id, s.month, s.id;
     END $$`,
  // Once, when the monthly sums are empty but help exists (first start after this was added).
  `DO $$ DECLARE c uuid; BEGIN
     IF NOT EXISTS (SELECT 1 FROM reporting_help_monthly) THEN
       FOR c IN SELECT DISTINCT centre_id FROM reporting_help LOOP
         PERFORM viertel_reporting_monthly_rebuild(c);
       END LOOP;
     END IF;
   END $$`,
  `CREATE OR REPLACE TRIGGER reporting_help_monthly
     AFTER INSERT OR UPDATE ON reporting_help
     FOR EACH ROW EXECUTE FUNCTION viertel_reporting_monthly_trigger()`,
  // The network's help between the top initiatives: a few index ranges by provider.
  `CREATE INDEX IF NOT EXISTS reporting_help_provider_idx
     ON reporting_help (centre_id, provider_id, at) INCLUDE (receiver_id, minutes, cents) WHERE NOT reversed`,
]

export const REPORTING_POST_SQL = [
  ...HELP_FACTS,
  REPORTING_BACKFILL_SQL,
  ...MONTHLY,
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
