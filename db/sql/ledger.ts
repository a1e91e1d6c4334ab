/**
 * The ledger's guarantees, in the database itself (docs/decisions/020-reciprocity-ledger.md):
 * 1. append-only: UPDATE, DELETE and TRUNCATE on ledger_entries and ledger_transactions fail;
 * 2. zero-sum: at commit, every transaction's entries sum to zero per unit, there are at least
 *    two of them, and they belong to the transaction's centre (deferred constraint triggers,
 *    so the entries of one transaction may be inserted one by one).
 * Idempotent: run after the migrations on every start.
 */
export const LEDGER_POST_SQL = [
  `CREATE OR REPLACE FUNCTION viertel_ledger_append_only() RETURNS trigger
     LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
     BEGIN
       RAISE EXCEPTION 'viertel ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
         USING ERRCODE = 'raise_exception', HINT = 'post a correcting transaction instead';
     END $$`,
  `CREATE OR REPLACE TRIGGER ledger_entries_append_only
     BEFORE UPDATE OR DELETE ON ledger_entries
     FOR EACH ROW EXECUTE FUNCTION viertel_ledger_append_only()`,
  `CREATE OR REPLACE TRIGGER ledger_entries_no_truncate
     BEFORE TRUNCATE ON ledger_entries
     FOR EACH STATEMENT EXECUTE FUNCTION viertel_ledger_append_only()`,
  `CREATE OR REPLACE TRIGGER ledger_transactions_append_only
     BEFORE UPDATE OR DELETE ON ledger_transactions
     FOR EACH ROW EXECUTE FUNCTION viertel_ledger_append_only()`,
  `CREATE OR REPLACE TRIGGER ledger_transactions_no_truncate
     BEFORE TRUNCATE ON ledger_transactions
     FOR EACH STATEMENT EXECUTE FUNCTION viertel_ledger_append_only()`,
  `CREATE OR REPLACE FUNCTION viertel_ledger_check_balanced(txid uuid) RETURNS void
     LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
     DECLARE
       tx_centre uuid;
       bad record;
       n integer;
     BEGIN
       SELECT centre_id INTO tx_centre FROM ledger_transactions WHERE id = txid;
       SELECT count(*) INTO n FROM ledger_entries WHERE transaction_id = txid;
       IF n < 2 THEN
         RAISE EXCEPTION 'viertel ledger: transaction % has % entries, needs at least 2', txid, n
           USING ERRCODE = 'check_violation';
       END IF;
       IF EXISTS (SELECT 1 FROM ledger_entries WHERE transaction_id = txid AND centre_id <> tx_centre) THEN
         RAISE EXCEPTION 'viertel ledger: transaction % has entries of another centre', txid
           USING ERRCODE = 'check_violation';
       END IF;
       SELECT unit, sum(amount) AS total INTO bad
         FROM ledger_entries WHERE transaction_id = txid
         GROUP BY unit HAVING sum(amount) <> 0 LIMIT 1;
       IF FOUND THEN
         RAISE EXCEPTION 'viertel ledger: transaction % does not sum to zero in % (%)', txid, bad.unit, bad.total
           USING ERRCODE = 'check_violation';
       END IF;
     END $$`,
  `CREATE OR REPLACE FUNCTION viertel_ledger_balanced_trigger() RETURNS trigger
     LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
     BEGIN
       IF TG_TABLE_NAME = 'ledger_entries' THEN
         PERFORM viertel_ledger_check_balanced(NEW.transaction_id);
       ELSE
         PERFORM viertel_ledger_check_balanced(NEW.id);
       END IF;
       RETURN NULL;
     END $$`,
  // CREATE OR REPLACE is not available for constraint triggers: create them once.
  `DO $$ BEGIN
     IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'ledger_entries_balanced' AND tgrelid = 'ledger_entries'::regclass) THEN
       CREATE CONSTRAINT TRIGGER ledger_entries_balanced
         AFTER INSERT ON ledger_entries DEFERRABLE INITIALLY DEFERRED
         FOR EACH ROW EXECUTE FUNCTION viertel_ledger_balanced_trigger();
     END IF;
     IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'ledger_transactions_balanced' AND tgrelid = 'ledger_transactions'::regclass) THEN
       CREATE CONSTRAINT TRIGGER ledger_transactions_balanced
         AFTER INSERT ON ledger_transactions DEFERRABLE INITIALLY DEFERRED
         FOR EACH ROW EXECUTE FUNCTION viertel_ledger_balanced_trigger();
     END IF;
   END $$`,
]
