/**
 * Multilingual full-text search. The stored tsvector of a listing uses the text-search
 * configuration of the listing's language, on unaccented text, so "Räume" finds "Raum" and
 * accents do not matter. The functions are IMMUTABLE so a generated column may use them.
 */
import { GENERIC_WORDS } from './generic-words'
import { sqlLiteral } from './literal'

/** The generic words lower-cased without accents, as the reader's words are compared. */
const GENERIC_FOLDED = [...new Set(GENERIC_WORDS.map((w) => w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()))].join(' ')

export const SEARCH_PRE_SQL = [
  `CREATE OR REPLACE FUNCTION public.viertel_unaccent(text) RETURNS text
     LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
     AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`,
  `CREATE OR REPLACE FUNCTION public.viertel_ts_config(lang text) RETURNS regconfig
     LANGUAGE sql IMMUTABLE PARALLEL SAFE
     AS $$ SELECT CASE lang WHEN 'en' THEN 'pg_catalog.english'::regconfig
                            WHEN 'fr' THEN 'pg_catalog.french'::regconfig
                            WHEN 'nl' THEN 'pg_catalog.dutch'::regconfig
                            ELSE 'pg_catalog.german'::regconfig END $$`,
  `CREATE OR REPLACE FUNCTION public.viertel_listing_tsv(lang text, title text, body text) RETURNS tsvector
     LANGUAGE sql IMMUTABLE PARALLEL SAFE
     AS $$ SELECT setweight(pg_catalog.to_tsvector(public.viertel_ts_config(lang), public.viertel_unaccent(coalesce(title, ''))), 'A')
               || setweight(pg_catalog.to_tsvector(public.viertel_ts_config(lang), public.viertel_unaccent(coalesce(body, ''))), 'B') $$`,
  // With the listing's confirmed concepts as tokens of title weight (ADR 083): a concept counts like
  // a word of the title. Tokens only ("vc0…" numwords, kept unstemmed by every configuration).
  `CREATE OR REPLACE FUNCTION public.viertel_listing_tsv(lang text, title text, body text, concepts text) RETURNS tsvector
     LANGUAGE sql IMMUTABLE PARALLEL SAFE
     AS $$ SELECT public.viertel_listing_tsv(lang, title, body)
               || setweight(pg_catalog.to_tsvector('pg_catalog.simple', coalesce(concepts, '')), 'A') $$`,
  // The reader's words parsed with each of the four configurations, unaccented; identical
  // parses (most words stem alike in several languages) are kept once, so the index's
  // consistency check evaluates each alternative once per candidate row (≈ 25 % faster on
  // common words at 100k listings). IMMUTABLE: with constant words the planner folds it and
  // estimates the selectivity of the real query.
  `CREATE OR REPLACE FUNCTION public.viertel_search_query(words text) RETURNS tsquery
     LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT
     AS $$
     DECLARE
       plain constant text := public.viertel_unaccent(words);
       config regconfig;
       parsed tsquery;
       seen text[] := '{}';
       result tsquery := '';
     BEGIN
       FOREACH config IN ARRAY ARRAY['pg_catalog.german', 'pg_catalog.english', 'pg_catalog.french', 'pg_catalog.dutch']::regconfig[] LOOP
         parsed := websearch_to_tsquery(config, plain);
         CONTINUE WHEN numnode(parsed) = 0 OR parsed::text = ANY (seen);
         seen := seen || parsed::text;
         result := CASE WHEN numnode(result) = 0 THEN parsed ELSE result || parsed END;
       END LOOP;
       RETURN result;
     END $$`,
  // Compound parts (issue #16 item 3): each of the reader's words as its German and Dutch stems
  // of four letters or more (letters and digits only), one case-insensitive regular expression
  // per word for the start or the end of a word in the unaccented title: '\\mraum|raum\\w{0,3}\\M'
  // for "Räumen" finds "Raumteiler" and "Proberäume", not "Traumfänger". Searched through a
  // trigram index, they find the word inside a compound, which the tsvector (whole words) cannot.
  // A title must hold every word's part (search.server.ts wordsFound), as the full text must hold
  // every word: words every listing uses ("gesucht", "Hilfe", GENERIC_WORDS) ask for no part —
  // "Nähmaschine gesucht" found every "… gesucht"; nor do German and Dutch stop words (their
  // stemmers drop them). English and French ones do ("with" in "room with piano"): dropping them
  // would drop German words too ("Most", "also"), and the full text finds such searches anyway.
  // At most four words, the longest stems first.
  `CREATE OR REPLACE FUNCTION public.viertel_compound_patterns(words text) RETURNS text[]
     LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
     AS $$
       SELECT coalesce(array_agg(pattern ORDER BY longest DESC, pattern), '{}')
       FROM (
         SELECT CASE WHEN count(*) = 1 THEN '\\m' || min(lexeme) || '|' || min(lexeme) || '\\w{0,3}\\M'
                     ELSE '\\m(?:' || string_agg(lexeme, '|' ORDER BY length(lexeme) DESC, lexeme) || ')|(?:'
                          || string_agg(lexeme, '|' ORDER BY length(lexeme) DESC, lexeme) || ')\\w{0,3}\\M' END AS pattern,
                max(length(lexeme)) AS longest
         FROM (
           SELECT DISTINCT w.n, s.lexeme
           FROM regexp_split_to_table(lower(public.viertel_unaccent(words)), '[^a-z0-9]+') WITH ORDINALITY AS w(word, n)
           CROSS JOIN LATERAL unnest(tsvector_to_array(pg_catalog.to_tsvector('pg_catalog.german', w.word)
                                                    || pg_catalog.to_tsvector('pg_catalog.dutch', w.word))) AS s(lexeme)
           WHERE w.word <> '' AND w.word <> ALL (string_to_array(${sqlLiteral(GENERIC_FOLDED)}, ' '))
             AND length(s.lexeme) >= 4 AND s.lexeme ~ '^[a-z0-9]+$'
         ) stems
         GROUP BY n
         ORDER BY longest DESC, pattern
         LIMIT 4
       ) parts
     $$`,
]

export const SEARCH_POST_SQL = [
  // Browsing without words: the newest active listings, read backwards in index order and stopped
  // after the first 501 that the reader may see (their count is shown, capped). The centre and
  // visibility ride along in the index, so that test needs no visit to the table: an index-only
  // scan, ≈ 4× less work per listings page at 100k listings (ADR 057).
  `CREATE INDEX IF NOT EXISTS listings_browse_idx ON listings (created_at, id) INCLUDE (centre_id, visibility)
     WHERE status = 'active'`,
  // The titles' compound parts (viertel_compound_patterns): ILIKE '%raum%' through trigrams.
  `CREATE INDEX IF NOT EXISTS listings_title_unaccent_trgm_idx ON listings
     USING gin (public.viertel_unaccent(title) gin_trgm_ops) WITH (fastupdate = off)`,
]
