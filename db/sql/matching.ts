import { GENERIC_WORDS } from './generic-words'
import { sqlLiteral } from './literal'

/**
 * Match candidates for one listing, in a PL/pgSQL function: PL/pgSQL keeps the statements'
 * plans between calls (planning costs more than running them), which statements sent by
 * drizzle over postgres.js (unprepared) would not. The function is described in
 * app/modules/matching/candidates.server.ts, which calls it; each row is one candidate as jsonb.
 * Idempotent; recreated on every start.
 *
 * Three steps, so that the candidate statement sees the listing's category, kind, centre and
 * text query as values (parameters) and not as the output of a CTE the planner cannot see into:
 * 1. the listing's words → stems under the four configurations (generic words removed), and the
 *    few stems that will select candidates through the GIN index: rarest first, by the planner's
 *    term statistics, while their estimated postings stay within p_postings (ADR 033);
 * 2. reciprocity partners of the listing's initiative (ledger), once;
 * 3. the candidates: text hits (GIN) among the same category / opposite kind / visible / active
 *    listings, the best ranked of them plus the newest of the centre, scoped and annotated.
 */
export const MATCHING_POST_SQL = [
  // Generic listing words ("gesucht", "offer", "besoin"…) never count. Their stems under the four
  // configurations are constant: computed here once, on start, into an inlinable constant
  // function (not per call: that was ~1.6 ms of every call). Recreated whenever the words change.
  `DO $do$
   DECLARE v_words text := public.unaccent('public.unaccent'::regdictionary, ${sqlLiteral(GENERIC_WORDS.join(' '))});
           v_stems text[];
   BEGIN
     v_stems := tsvector_to_array(
          to_tsvector('pg_catalog.german', v_words) || to_tsvector('pg_catalog.english', v_words)
       || to_tsvector('pg_catalog.french', v_words) || to_tsvector('pg_catalog.dutch', v_words));
     EXECUTE format('CREATE OR REPLACE FUNCTION public.viertel_match_generic_stems() RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
                    format('SELECT %L::text[]', v_stems));
   END
   $do$`,
  // the signature before the term statistics, and the one before the generic stems (an overload
  // would otherwise stay behind)
  `DROP FUNCTION IF EXISTS viertel_match_candidates(uuid, text, text, text, int, int, int, int)`,
  `DROP FUNCTION IF EXISTS viertel_match_candidates(uuid, text, text, text, int, int, int, int, int)`,
  `DROP FUNCTION IF EXISTS viertel_match_candidates(uuid, text, text, text, int, int, int, int, int, int)`,
  // enable_seqscan off: the text hits are a LIMIT over "search @@ …", and when the planner misjudges
  // how many listings match (its estimate of a long OR of stems moves with every ANALYZE) it reads
  // the table in order until it has enough: 0.7M rows and 1–2 s for one need at 1M listings,
  // instead of the GIN index (docs/performance.md, 2026-12-07).
  `CREATE OR REPLACE FUNCTION viertel_match_candidates(
     p_listing uuid, p_title_extra text, p_body_extra text,
     p_max_words int, p_hit_cap int, p_text_hits int, p_newest int, p_postings int, p_common_stems int)
   RETURNS SETOF jsonb LANGUAGE plpgsql STABLE SET search_path = public, pg_catalog SET enable_seqscan = off AS $fn$
   DECLARE
     v_id uuid; v_centre uuid; v_initiative uuid; v_kind listing_kind; v_other_kind listing_kind; v_category listing_category;
     v_title text; v_description text; v_language text; v_config regconfig; v_source jsonb;
     v_generic text[]; v_lexemes text[]; v_title_words jsonb; v_rare tsquery; v_common tsquery; v_query tsquery;
     v_helped_us uuid[]; v_we_helped uuid[];
   BEGIN
   SELECT l.id, l.centre_id, l.initiative_id, l.kind, l.category, l.title, l.description, l.language,
          jsonb_build_object('id', l.id, 'centre_id', l.centre_id, 'initiative_id', l.initiative_id, 'kind', l.kind,
            'category', l.category, 'title', l.title, 'details', l.details, 'status', l.status,
            'available_from', l.available_from, 'available_until', l.available_until)
     INTO v_id, v_centre, v_initiative, v_kind, v_category, v_title, v_description, v_language, v_source
     FROM listings l WHERE l.id = p_listing;
   IF v_id IS NULL THEN RETURN; END IF;
   v_config := viertel_ts_config(v_language);
   -- the other kind as a value (two kinds): an equality the match-scope index can use, not <>
   v_other_kind := CASE v_kind WHEN 'need' THEN 'offer'::listing_kind ELSE 'need'::listing_kind END;

   -- generic listing words ("gesucht", "offer", "besoin"…) never count (stemmed once, on start)
   v_generic := viertel_match_generic_stems();

   WITH words AS (
     SELECT t.word, bool_or(t.in_title) AS in_title
     FROM (
       SELECT unnest(tsvector_to_array(to_tsvector('simple', v_title))) AS word, true AS in_title
       UNION ALL
       SELECT unnest(tsvector_to_array(to_tsvector('simple', left(v_description, 1500)))), false
       UNION ALL
       SELECT unnest(tsvector_to_array(to_tsvector('simple', p_title_extra))), true
       UNION ALL
       SELECT unnest(tsvector_to_array(to_tsvector('simple', p_body_extra))), false
     ) t
     WHERE length(t.word) > 1 AND to_tsvector(v_config, t.word) <> ''::tsvector
     GROUP BY t.word
     -- title words first, and of them the confirmed concepts' tokens (ADR 083: "vc0…"), which the
     -- cut must never drop: a long widening would otherwise push them past p_max_words
     ORDER BY bool_or(t.in_title) DESC, t.word ~ '^vc0' DESC, t.word
     LIMIT p_max_words
   ),
   lex AS (
     -- unaccent() itself, not viertel_unaccent(): that IMMUTABLE wrapper around a STABLE function
     -- is never inlined, and running it as a nested SQL function per word cost more than the rest
     SELECT w.word, w.in_title, array(
       SELECT DISTINCT x FROM unnest(
            tsvector_to_array(to_tsvector('pg_catalog.german', u.word))
         || tsvector_to_array(to_tsvector('pg_catalog.english', u.word))
         || tsvector_to_array(to_tsvector('pg_catalog.french', u.word))
         || tsvector_to_array(to_tsvector('pg_catalog.dutch', u.word))) x
       WHERE NOT (x = any(v_generic))) AS lexemes
     FROM words w, LATERAL (SELECT public.unaccent('public.unaccent'::regdictionary, w.word) AS word) u
   ),
   stems AS (
     SELECT x AS lexeme, bool_or(lex.in_title) AS in_title FROM lex, unnest(lex.lexemes) x GROUP BY x
   ),
   termstats AS (
     -- how many listings carry each common stem, from the planner's statistics (ANALYZE keeps
     -- the most common elements of a tsvector column with their frequencies; the array of
     -- frequencies ends with extra values, paired with no element); empty before any ANALYZE
     SELECT t.e AS lexeme, t.f * greatest(cls.reltuples, 0) AS postings
     FROM pg_class cls
     JOIN pg_namespace ns ON ns.oid = cls.relnamespace
     JOIN pg_stats s ON s.schemaname = ns.nspname AND s.tablename = cls.relname AND s.attname = 'search'
     CROSS JOIN LATERAL unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) t(e, f)
     WHERE cls.oid = 'listings'::regclass AND t.e IS NOT NULL
   ),
   common AS (
     -- the listing's stems the statistics list as common, rarest first (title words first among
     -- equals), with the postings the index would read for them and all rarer ones
     SELECT ts.lexeme, sum(ts.postings) OVER (
              ORDER BY ts.postings, st.in_title DESC, ts.lexeme ROWS UNBOUNDED PRECEDING) AS cumulative
     FROM stems st JOIN termstats ts ON ts.lexeme = st.lexeme
   ),
   rare AS (
     -- a stem the statistics do not list is rarer than every one they do: always used
     SELECT st.lexeme FROM stems st WHERE NOT EXISTS (SELECT 1 FROM termstats ts WHERE ts.lexeme = st.lexeme)
   )
   SELECT coalesce((SELECT array_agg(lexeme) FROM stems), '{}'),
          coalesce((SELECT jsonb_agg(to_jsonb(lex.lexemes)) FROM lex WHERE lex.in_title AND cardinality(lex.lexemes) > 0), '[]'),
          (SELECT string_agg(quote_literal(lexeme), ' | ') FROM rare)::tsquery,
          -- common stems: the rarest few, while their postings together stay within p_postings
          (SELECT string_agg(quote_literal(c.lexeme), ' | ') FROM (
             SELECT common.lexeme FROM common WHERE common.cumulative <= p_postings LIMIT p_common_stems) c)::tsquery
     INTO v_lexemes, v_title_words, v_rare, v_common;
   v_query := CASE WHEN v_rare IS NULL THEN v_common WHEN v_common IS NULL THEN v_rare ELSE v_rare || v_common END;

   -- reciprocity: the initiatives this one received from / gave to in confirmed, unreversed exchanges
   SELECT
     array(SELECT DISTINCT other.account_id FROM ledger_entries mine
             JOIN ledger_entries other ON other.transaction_id = mine.transaction_id
              AND other.account_type = 'initiative' AND other.amount > 0
             JOIN ledger_transactions t ON t.id = mine.transaction_id AND t.kind = 'exchange'
           WHERE mine.account_type = 'initiative' AND mine.account_id = v_initiative AND mine.amount < 0
             AND NOT EXISTS (SELECT 1 FROM ledger_transactions x WHERE x.reverses_id = t.id)),
     array(SELECT DISTINCT other.account_id FROM ledger_entries mine
             JOIN ledger_entries other ON other.transaction_id = mine.transaction_id
              AND other.account_type = 'initiative' AND other.amount < 0
             JOIN ledger_transactions t ON t.id = mine.transaction_id AND t.kind = 'exchange'
           WHERE mine.account_type = 'initiative' AND mine.account_id = v_initiative AND mine.amount > 0
             AND NOT EXISTS (SELECT 1 FROM ledger_transactions x WHERE x.reverses_id = t.id))
     INTO v_helped_us, v_we_helped;

   -- first row: the listing itself, and per word of its title the stems that word stands for
   RETURN NEXT jsonb_build_object('source', v_source, 'title_words', v_title_words);

   RETURN QUERY
   SELECT to_jsonb(r) FROM (
     WITH hits AS (
       -- the GIN index finds listings sharing a picked stem; at most p_hit_cap of them are ranked
       SELECT c.id, c.search FROM listings c
       -- two index conditions, not one: a GIN scan's cost grows with its postings times its
       -- stems, so the many rare stems and the few common ones are read apart (BitmapOr)
       WHERE v_query IS NOT NULL AND (c.search @@ v_rare OR c.search @@ v_common)
         AND c.status = 'active' AND c.category = v_category AND c.kind = v_other_kind
         AND c.initiative_id <> v_initiative
         AND (c.centre_id = v_centre OR c.visibility IN ('network', 'public'))
       LIMIT p_hit_cap
     ),
     pool AS (
       (SELECT hits.id FROM hits ORDER BY ts_rank(hits.search, v_query) DESC, hits.id LIMIT p_text_hits)
       UNION
       (SELECT c.id FROM listings c
         WHERE c.centre_id = v_centre AND c.status = 'active' AND c.category = v_category AND c.kind = v_other_kind
           AND c.initiative_id <> v_initiative
         ORDER BY c.created_at DESC, c.id LIMIT p_newest)
     )
     SELECT c.id, c.centre_id, ctr.slug AS centre_slug, ctr.name AS centre_name,
            c.initiative_id, i.name AS initiative_name, c.kind, c.category, c.title, c.description, c.details,
            c.available_from::text AS available_from, c.available_until::text AS available_until, c.published_at,
            -- the stems both share (anywhere, and in the candidate's title): the candidate's
            -- vector without what it does not share (ts_delete, binary searches in C)
            tsvector_to_array(sh.v) AS shared,
            tsvector_to_array(ts_filter(sh.v, '{a}')) AS shared_title,
            c.initiative_id = any(v_helped_us) AS they_helped,
            c.initiative_id = any(v_we_helped) AS we_helped,
            EXISTS (SELECT 1 FROM match_dismissals d
                    WHERE d.initiative_id = c.initiative_id AND d.listing_id = c.id AND d.other_listing_id = v_id) AS they_dismissed
     FROM pool
     JOIN listings c ON c.id = pool.id
     CROSS JOIN LATERAL (SELECT ts_delete(c.search, tsvector_to_array(ts_delete(c.search, v_lexemes))) AS v) sh
     JOIN initiatives i ON i.id = c.initiative_id AND i.status = 'active'
     JOIN centres ctr ON ctr.id = c.centre_id
     WHERE (c.available_until IS NULL OR c.available_until >= current_date)
       AND NOT EXISTS (SELECT 1 FROM match_dismissals d
                       WHERE d.initiative_id = v_initiative AND d.listing_id = v_id AND d.other_listing_id = c.id)
   ) r;
   END
   $fn$`,
]
