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
  // One centre's roll-ups are rebuilt under an exclusive advisory lock of that centre; every
  // writer of them takes it shared, so a rebuild waits for the centre's open postings and holds
  // back only that centre's next ones — other centres post on (ADR 054, addendum 2).
  `CREATE OR REPLACE FUNCTION viertel_reporting_lock_key(centre uuid) RETURNS bigint
     LANGUAGE sql IMMUTABLE AS $$ SELECT hashtextextended('viertel.reporting ' || centre::text, 0) $$`,
  `CREATE OR REPLACE FUNCTION viertel_reporting_help_entry() RETURNS trigger
     LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
     DECLARE
       t record;
     BEGIN
       SELECT lt.kind, x.provider_initiative_id AS provider, x.receiver_initiative_id AS receiver INTO t
         FROM ledger_transactions lt JOIN exchanges x ON x.id = lt.exchange_id
        WHERE lt.id = NEW.transaction_id;
       IF NOT FOUND OR t.kind <> 'exchange' THEN
         RETURN NULL;
       END IF;
       PERFORM pg_advisory_xact_lock_shared(viertel_reporting_lock_key(NEW.centre_id));
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
     LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
     BEGIN
       -- only a reversal of an exchange changes the roll-ups (a loan's does not wait for a rebuild)
       IF NOT EXISTS (SELECT 1 FROM ledger_transactions o WHERE o.id = NEW.reverses_id AND o.kind = 'exchange') THEN
         RETURN NULL;
       END IF;
       PERFORM pg_advisory_xact_lock_shared(viertel_reporting_lock_key(NEW.centre_id));
       UPDATE reporting_help SET reversed = true WHERE transaction_id = NEW.reverses_id;
       RETURN NULL;
     END $$`,
  `CREATE OR REPLACE TRIGGER reporting_help_reversal
     AFTER INSERT ON ledger_transactions
     FOR EACH ROW WHEN (NEW.reverses_id IS NOT NULL) EXECUTE FUNCTION viertel_reporting_help_reversal()`,
  `CREATE INDEX IF NOT EXISTS reporting_help_centre_time_idx
     ON reporting_help (centre_id, at) INCLUDE (provider_id, receiver_id, minutes, cents) WHERE NOT reversed`,
]

/** reporting_help's rows written from the ledger's exchange transactions that meet `where` (SQL). */
const helpFromLedger = (where: string) => `
  INSERT INTO reporting_help (transaction_id, centre_id, at, provider_id, receiver_id, minutes, cents, reversed)
  SELECT t.id, t.centre_id, t.occurred_at, x.provider_initiative_id, x.receiver_initiative_id,
         coalesce(sum(e.amount) FILTER (WHERE e.unit = 'minutes'), 0),
         coalesce(sum(e.amount) FILTER (WHERE e.unit = 'cents'), 0),
         EXISTS (SELECT 1 FROM ledger_transactions r WHERE r.reverses_id = t.id)
    FROM ledger_transactions t
    JOIN exchanges x ON x.id = t.exchange_id
    JOIN ledger_entries e ON e.transaction_id = t.id AND e.amount > 0
   WHERE t.kind = 'exchange' AND ${where}
   GROUP BY t.id, x.provider_initiative_id, x.receiver_initiative_id`

/**
 * Fills reporting_help from the ledger once, when it is empty (a database whose ledger predates
 * the triggers, or a bulk load that bypassed them); a no-op afterwards.
 */
export const REPORTING_BACKFILL_SQL = `${helpFromLedger('NOT EXISTS (SELECT 1 FROM reporting_help)')}
  ON CONFLICT (transaction_id) DO NOTHING`

/**
 * On every start: a centre whose day sums do not add up to its monthly sums (count, minutes and
 * cents given: each counted help row once) gets them rebuilt, under its roll-up lock so that no
 * posting runs meanwhile (only such a centre is locked). This fills them on the first start after ADR 090 — also when a posting
 * (from another instance still running, say) wrote a day row before the fill could look — and
 * repairs them after a bulk load that bypassed the triggers. The monthly sums, not the help rows,
 * are what it reads: 120,000 rows at 10M ledger entries, not 2.5M.
 */
export const REPORTING_DAILY_CHECK_SQL = `DO $$
DECLARE
  c uuid;
BEGIN
  FOR c IN SELECT id FROM centres LOOP
    -- committed postings change both sums in one transaction, so one statement's snapshot sees them
    -- agree; only a centre that differs is locked (not every centre at once) and looked at again
    CONTINUE WHEN NOT viertel_reporting_daily_differs(c);
    PERFORM pg_advisory_xact_lock(viertel_reporting_lock_key(c));
    IF viertel_reporting_daily_differs(c) THEN
      PERFORM viertel_reporting_daily_rebuild(c);
    END IF;
  END LOOP;
END $$`

/**
 * The monthly sums per initiative and the daily sums per centre (ADR 090): added to (or taken
 * from) by every change of reporting_help. The centre's day row is touched last: every posting
 * of the centre that day needs it, as the exchanges' monthly counts need theirs (ADR 055).
 */
const MONTHLY = [
  `CREATE OR REPLACE FUNCTION viertel_reporting_daily_differs(centre uuid) RETURNS boolean
     LANGUAGE sql STABLE SET search_path = public, pg_catalog AS $$
       SELECT (SELECT row(coalesce(sum(n), 0)::numeric, coalesce(sum(minutes), 0)::numeric, coalesce(sum(cents), 0)::numeric)
                 FROM reporting_help_daily WHERE centre_id = centre)
              IS DISTINCT FROM
              (SELECT row(coalesce(sum(given_n), 0)::numeric, coalesce(sum(given_minutes), 0)::numeric, coalesce(sum(given_cents), 0)::numeric)
                 FROM reporting_help_monthly WHERE centre_id = centre)
     $$`,
  `CREATE OR REPLACE FUNCTION viertel_reporting_daily_rebuild(centre uuid) RETURNS void
     LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
     BEGIN
       DELETE FROM reporting_help_daily WHERE centre_id = centre;
       INSERT INTO reporting_help_daily (centre_id, day, n, minutes, cents)
       SELECT h.centre_id, (h.at AT TIME ZONE c.time_zone)::date, count(*), sum(h.minutes), sum(h.cents)
         FROM reporting_help h JOIN centres c ON c.id = h.centre_id
        WHERE h.centre_id = centre AND NOT h.reversed
        GROUP BY 1, 2;
     END $$`,
  `CREATE OR REPLACE FUNCTION viertel_reporting_monthly_add(r reporting_help, k integer) RETURNS void
     LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
     DECLARE
       m date;
       d date;
     BEGIN
       SELECT (date_trunc('month', r.at, c.time_zone) AT TIME ZONE c.time_zone)::date, (r.at AT TIME ZONE c.time_zone)::date INTO m, d
         FROM centres c WHERE c.id = r.centre_id;
       -- The giver's and the receiver's rows in the order of their ids, whichever gave: help from A
       -- to B and from B to A in one month (two confirmations, or a reversal beside a posting)
       -- touch the same two rows, and in opposite orders they deadlocked. One statement, its rows
       -- taken in the order of the SELECT; the two sides are never one initiative (exchanges_two_sides).
       INSERT INTO reporting_help_monthly AS t
              (centre_id, month, initiative_id, given_n, given_minutes, given_cents, received_n, received_minutes, received_cents)
       SELECT r.centre_id, m, x.id, x.g * k, x.g * k * r.minutes, x.g * k * r.cents,
              (1 - x.g) * k, (1 - x.g) * k * r.minutes, (1 - x.g) * k * r.cents
         FROM (VALUES (r.provider_id, 1), (r.receiver_id, 0)) x(id, g)
        ORDER BY x.id
       ON CONFLICT (centre_id, month, initiative_id) DO UPDATE
         SET given_n = t.given_n + EXCLUDED.given_n, given_minutes = t.given_minutes + EXCLUDED.given_minutes,
             given_cents = t.given_cents + EXCLUDED.given_cents,
             received_n = t.received_n + EXCLUDED.received_n, received_minutes = t.received_minutes + EXCLUDED.received_minutes,
             received_cents = t.received_cents + EXCLUDED.received_cents;
       INSERT INTO reporting_help_daily AS t (centre_id, day, n, minutes, cents)
       VALUES (r.centre_id, d, k, k * r.minutes, k * r.cents)
       ON CONFLICT (centre_id, day) DO UPDATE
         SET n = t.n + EXCLUDED.n, minutes = t.minutes + EXCLUDED.minutes, cents = t.cents + EXCLUDED.cents;
     END $$`,
  `CREATE OR REPLACE FUNCTION viertel_reporting_monthly_trigger() RETURNS trigger
     LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
     BEGIN
       -- a rebuild (viertel_reporting_rebuild) recounts the month sums once at its end
       IF current_setting('viertel.reporting_rebuild', true) = 'on' THEN
         RETURN NULL;
       END IF;
       PERFORM pg_advisory_xact_lock_shared(viertel_reporting_lock_key(NEW.centre_id));
       IF TG_OP = 'UPDATE' AND NOT OLD.reversed THEN
         PERFORM viertel_reporting_monthly_add(OLD, -1);
       END IF;
       IF NOT NEW.reversed THEN
         PERFORM viertel_reporting_monthly_add(NEW, 1);
       END IF;
       RETURN NULL;
     END $$`,
  `CREATE OR REPLACE FUNCTION viertel_reporting_monthly_rebuild(centre uuid) RETURNS void
     LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
     BEGIN
       PERFORM pg_advisory_xact_lock(viertel_reporting_lock_key(centre));
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
       PERFORM viertel_reporting_daily_rebuild(centre);
       -- The exchanges' monthly counts move with the time zone too (ADR 055).
       IF to_regproc('viertel_reporting_exchange_rebuild') IS NOT NULL THEN
         PERFORM viertel_reporting_exchange_rebuild(centre);
       END IF;
     END $$`,
  // Once, when the monthly sums are empty but help exists (first start after this was added).
  `DO $$ DECLARE c uuid; BEGIN
     IF NOT EXISTS (SELECT 1 FROM reporting_help_monthly) THEN
       FOR c IN SELECT DISTINCT centre_id FROM reporting_help LOOP
         PERFORM viertel_reporting_monthly_rebuild(c);
       END LOOP;
     END IF;
   END $$`,
  REPORTING_DAILY_CHECK_SQL,
  `CREATE OR REPLACE TRIGGER reporting_help_monthly
     AFTER INSERT OR UPDATE ON reporting_help
     FOR EACH ROW EXECUTE FUNCTION viertel_reporting_monthly_trigger()`,
  // What each of the network's top initiatives gave and received in a period's whole months: a few
  // rows per initiative (ADR 090). No INCLUDE of the sums: every posting updates them, and an
  // index holding them would stop those updates from staying on their page (HOT).
  `CREATE INDEX IF NOT EXISTS reporting_help_monthly_initiative_idx ON reporting_help_monthly (centre_id, initiative_id, month)`,
  // The network's help between the top initiatives: a few index ranges by provider.
  `CREATE INDEX IF NOT EXISTS reporting_help_provider_idx
     ON reporting_help (centre_id, provider_id, at) INCLUDE (receiver_id, minutes, cents) WHERE NOT reversed`,
  // …and by receiver: the dashboard reads the help between two top initiatives (ADR 055, 090).
  `CREATE INDEX IF NOT EXISTS reporting_help_receiver_idx
     ON reporting_help (centre_id, receiver_id, at) INCLUDE (provider_id, minutes, cents) WHERE NOT reversed`,
]

/**
 * Exchanges counted per local month and state (reporting_exchange_monthly): a trigger on exchanges
 * takes the old row's count out and puts the new one's in, in the same transaction as the change
 * (an insert, a step of the state machine, a confirmation that moves it to another month, a
 * delete). The two counter rows are touched in key order, so two changes that cross (confirmed →
 * disputed beside disputed → confirmed) cannot deadlock on them (ADR 055).
 */
const EXCHANGE_COUNTS = [
  `CREATE OR REPLACE FUNCTION viertel_reporting_local_month(p_centre uuid, p_at timestamptz) RETURNS date
     LANGUAGE sql STABLE AS $$
       SELECT (date_trunc('month', p_at, c.time_zone) AT TIME ZONE c.time_zone)::date FROM public.centres c WHERE c.id = p_centre
     $$`,
  `CREATE OR REPLACE FUNCTION viertel_reporting_exchange_add(p_centre uuid, p_month date, p_state exchange_state, p_k integer) RETURNS void
     LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
     BEGIN
       IF p_month IS NULL THEN
         RETURN; -- the centre is being deleted (its counts go with it)
       ELSIF p_k < 0 THEN
         UPDATE reporting_exchange_monthly SET n = n + p_k WHERE centre_id = p_centre AND month = p_month AND state = p_state;
       ELSE
         INSERT INTO reporting_exchange_monthly AS t (centre_id, month, state, n) VALUES (p_centre, p_month, p_state, p_k)
         ON CONFLICT (centre_id, month, state) DO UPDATE SET n = t.n + EXCLUDED.n;
       END IF;
     END $$`,
  `CREATE OR REPLACE FUNCTION viertel_reporting_exchange_trigger() RETURNS trigger
     LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
     DECLARE
       old_month date;
       new_month date;
     BEGIN
       IF TG_OP <> 'INSERT' THEN
         PERFORM pg_advisory_xact_lock_shared(viertel_reporting_lock_key(OLD.centre_id));
         old_month := viertel_reporting_local_month(OLD.centre_id, coalesce(OLD.confirmed_at, OLD.created_at));
       END IF;
       IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.centre_id <> OLD.centre_id) THEN
         PERFORM pg_advisory_xact_lock_shared(viertel_reporting_lock_key(NEW.centre_id));
       END IF;
       IF TG_OP <> 'DELETE' THEN
         new_month := viertel_reporting_local_month(NEW.centre_id, coalesce(NEW.confirmed_at, NEW.created_at));
       END IF;
       IF TG_OP = 'UPDATE' AND (NEW.centre_id::text, new_month, NEW.state::text) < (OLD.centre_id::text, old_month, OLD.state::text) THEN
         PERFORM viertel_reporting_exchange_add(NEW.centre_id, new_month, NEW.state, 1);
         PERFORM viertel_reporting_exchange_add(OLD.centre_id, old_month, OLD.state, -1);
         RETURN NULL;
       END IF;
       IF TG_OP <> 'INSERT' THEN
         PERFORM viertel_reporting_exchange_add(OLD.centre_id, old_month, OLD.state, -1);
       END IF;
       IF TG_OP <> 'DELETE' THEN
         PERFORM viertel_reporting_exchange_add(NEW.centre_id, new_month, NEW.state, 1);
       END IF;
       RETURN NULL;
     END $$`,
  `CREATE OR REPLACE TRIGGER reporting_exchange_counts
     AFTER INSERT OR DELETE ON exchanges
     FOR EACH ROW EXECUTE FUNCTION viertel_reporting_exchange_trigger()`,
  `CREATE OR REPLACE TRIGGER reporting_exchange_counts_update
     AFTER UPDATE ON exchanges
     FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.confirmed_at IS DISTINCT FROM NEW.confirmed_at
                        OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.centre_id IS DISTINCT FROM NEW.centre_id)
     EXECUTE FUNCTION viertel_reporting_exchange_trigger()`,
  `CREATE OR REPLACE FUNCTION viertel_reporting_exchange_rebuild(centre uuid) RETURNS void
     LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
     BEGIN
       PERFORM pg_advisory_xact_lock(viertel_reporting_lock_key(centre));
       DELETE FROM reporting_exchange_monthly WHERE centre_id = centre;
       INSERT INTO reporting_exchange_monthly (centre_id, month, state, n)
       SELECT x.centre_id, (date_trunc('month', coalesce(x.confirmed_at, x.created_at), c.time_zone) AT TIME ZONE c.time_zone)::date,
              x.state, count(*)
         FROM exchanges x JOIN centres c ON c.id = x.centre_id
        WHERE x.centre_id = centre
        GROUP BY 1, 2, 3;
     END $$`,
  // Once per centre whose exchanges are not counted yet (first start after this was added, or a
  // bulk load that bypassed the triggers into a new centre).
  `DO $$ DECLARE c uuid; BEGIN
     FOR c IN SELECT ce.id FROM centres ce
               WHERE EXISTS (SELECT 1 FROM exchanges x WHERE x.centre_id = ce.id)
                 AND NOT EXISTS (SELECT 1 FROM reporting_exchange_monthly r WHERE r.centre_id = ce.id) LOOP
       PERFORM viertel_reporting_exchange_rebuild(c);
     END LOOP;
   END $$`,
]

/**
 * Rebuilds one centre's roll-ups from the ledger and the exchanges (`npm run reporting:rebuild`,
 * issue #20: "rebuildable by a command"): its help rows from the ledger's exchange transactions,
 * then its month sums and exchange counts from those. It first waits for that centre's open
 * writers (their triggers hold the centre's lock shared); then that centre's next postings and
 * exchange changes wait until the rebuild's transaction ends. Other centres' writers and every
 * reader (the dashboard) do not wait. Returns the number of help rows.
 */
const REBUILD = [
  `CREATE OR REPLACE FUNCTION viertel_reporting_rebuild(centre uuid) RETURNS bigint
     LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
     DECLARE
       n bigint;
     BEGIN
       PERFORM pg_advisory_xact_lock(viertel_reporting_lock_key(centre));
       PERFORM set_config('viertel.reporting_rebuild', 'on', true);
       DELETE FROM reporting_help WHERE centre_id = centre;
       ${helpFromLedger('t.centre_id = centre')};
       GET DIAGNOSTICS n = ROW_COUNT;
       PERFORM set_config('viertel.reporting_rebuild', 'off', true);
       PERFORM viertel_reporting_monthly_rebuild(centre);
       RETURN n;
     END $$`,
]

export const REPORTING_POST_SQL = [
  ...HELP_FACTS,
  REPORTING_BACKFILL_SQL,
  ...MONTHLY,
  ...EXCHANGE_COUNTS,
  ...REBUILD,
  // Counted help of a period: exchange transactions of a centre by time.
  `CREATE INDEX IF NOT EXISTS reporting_ledger_tx_exchange_time_idx
     ON ledger_transactions (centre_id, occurred_at) INCLUDE (id, exchange_id) WHERE kind = 'exchange'`,
  // The credit entries of a transaction, read without visiting the table.
  `CREATE INDEX IF NOT EXISTS reporting_ledger_entries_credit_idx
     ON ledger_entries (transaction_id) INCLUDE (unit, amount) WHERE amount > 0`,
  // The ledger export of a period.
  `CREATE INDEX IF NOT EXISTS reporting_ledger_entries_centre_time_idx ON ledger_entries (centre_id, at)`,
  // Exchanges by the time they belong to (confirmed, else created), counted from the index alone:
  // PostgreSQL reads an expression index without the table only when the columns of the expression
  // are in it too (a custom period's edge days at 10M ledger entries: 836 → 14 ms, ADR 090).
  // (built before the old one is dropped, so that the table is never without one)
  `CREATE INDEX IF NOT EXISTS reporting_exchanges_centre_time_cover_idx
     ON exchanges (centre_id, (coalesce(confirmed_at, created_at))) INCLUDE (state, confirmed_at, created_at)`,
  `DROP INDEX IF EXISTS reporting_exchanges_centre_time_idx`,
  // Needs open too long (unmet): the centre's active needs by the time they were published.
  `CREATE INDEX IF NOT EXISTS reporting_listings_open_needs_idx
     ON listings (centre_id, (coalesce(published_at, created_at))) INCLUDE (category) WHERE kind = 'need' AND status = 'active'`,
  `CREATE INDEX IF NOT EXISTS reporting_listings_centre_created_idx ON listings (centre_id, created_at) INCLUDE (kind, category, status)`,
  `CREATE INDEX IF NOT EXISTS reporting_audit_actor_idx ON audit_log (centre_id, actor_id, created_at)`,
]
