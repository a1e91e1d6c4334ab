/**
 * Multilingual full-text search. The stored tsvector of a listing uses the text-search
 * configuration of the listing's language, on unaccented text, so "Räume" finds "Raum" and
 * accents do not matter. The functions are IMMUTABLE so a generated column may use them.
 */
export const SEARCH_PRE_SQL = [
  `CREATE OR REPLACE FUNCTION viertel_unaccent(text) RETURNS text
     LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
     AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`,
  `CREATE OR REPLACE FUNCTION viertel_ts_config(lang text) RETURNS regconfig
     LANGUAGE sql IMMUTABLE PARALLEL SAFE
     AS $$ SELECT CASE lang WHEN 'en' THEN 'pg_catalog.english'::regconfig
                            WHEN 'fr' THEN 'pg_catalog.french'::regconfig
                            WHEN 'nl' THEN 'pg_catalog.dutch'::regconfig
                            ELSE 'pg_catalog.german'::regconfig END $$`,
  `CREATE OR REPLACE FUNCTION viertel_listing_tsv(lang text, title text, body text) RETURNS tsvector
     LANGUAGE sql IMMUTABLE PARALLEL SAFE
     AS $$ SELECT setweight(to_tsvector(viertel_ts_config(lang), viertel_unaccent(coalesce(title, ''))), 'A')
               || setweight(to_tsvector(viertel_ts_config(lang), viertel_unaccent(coalesce(body, ''))), 'B') $$`,
]
