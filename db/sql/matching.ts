/**
 * Match candidates for one listing, as one statement inside a PL/pgSQL function: PL/pgSQL keeps
 * the statement's plan between calls (planning this query costs more than running it), which
 * a statement sent by drizzle over postgres.js (unprepared) would not. The statement is
 * described in app/modules/matching/candidates.server.ts, which calls it; each row is one
 * candidate as jsonb. Idempotent; recreated on every start.
 */
export const MATCHING_POST_SQL = [
  `CREATE OR REPLACE FUNCTION viertel_match_candidates(
     p_listing uuid, p_title_extra text, p_body_extra text, p_generic text,
     p_max_words int, p_hit_cap int, p_text_hits int, p_newest int)
   RETURNS SETOF jsonb LANGUAGE plpgsql STABLE AS $fn$
   BEGIN
   RETURN QUERY
   SELECT to_jsonb(r) FROM (
  with src as (
    select l.id, l.centre_id, l.initiative_id, l.kind, l.category, l.title, l.description, l.language, l.details,
           l.available_from, l.available_until, l.status
    from listings l where l.id = p_listing
  ),
  generic as (
    select tsvector_to_array(
        to_tsvector('pg_catalog.german', viertel_unaccent(p_generic))
     || to_tsvector('pg_catalog.english', viertel_unaccent(p_generic))
     || to_tsvector('pg_catalog.french', viertel_unaccent(p_generic))
     || to_tsvector('pg_catalog.dutch', viertel_unaccent(p_generic))) as lexemes
  ),
  words as (
    select t.word, bool_or(t.in_title) as in_title
    from src, lateral (
      select unnest(tsvector_to_array(to_tsvector('simple', src.title))) as word, true as in_title
      union all
      select unnest(tsvector_to_array(to_tsvector('simple', left(src.description, 1500)))), false
      union all
      select unnest(tsvector_to_array(to_tsvector('simple', p_title_extra))), true
      union all
      select unnest(tsvector_to_array(to_tsvector('simple', p_body_extra))), false
    ) t
    where length(t.word) > 1 and to_tsvector(viertel_ts_config(src.language), t.word) <> ''::tsvector
    group by t.word
    order by bool_or(t.in_title) desc, t.word
    limit p_max_words
  ),
  lex as (
    select w.word, w.in_title, array(
      select distinct x from unnest(
           tsvector_to_array(to_tsvector('pg_catalog.german', viertel_unaccent(w.word)))
        || tsvector_to_array(to_tsvector('pg_catalog.english', viertel_unaccent(w.word)))
        || tsvector_to_array(to_tsvector('pg_catalog.french', viertel_unaccent(w.word)))
        || tsvector_to_array(to_tsvector('pg_catalog.dutch', viertel_unaccent(w.word)))) x, generic
      where not (x = any(generic.lexemes))) as lexemes
    from words w
  ),
  q as (
    select src.*,
           coalesce((select array_agg(distinct x) from lex, unnest(lex.lexemes) x), '{}') as lexemes,
           coalesce((select jsonb_agg(to_jsonb(lex.lexemes)) from lex where lex.in_title and cardinality(lex.lexemes) > 0), '[]') as title_words,
           (select string_agg(quote_literal(x), ' | ') from (select distinct unnest(lex.lexemes) x from lex) y)::tsquery as query
    from src
  ),
  hits as (
    -- the GIN index finds listings sharing a stem; at most HIT_CAP of them are ranked
    select c.id, c.search from listings c, q
    where c.search @@ q.query
      and c.status = 'active' and c.category = q.category and c.kind <> q.kind
      and c.initiative_id <> q.initiative_id
      and (c.centre_id = q.centre_id or c.visibility in ('network', 'public'))
    limit p_hit_cap
  ),
  pool as (
    (select hits.id from hits, q order by ts_rank(hits.search, q.query) desc, hits.id limit p_text_hits)
    union
    (select c.id from listings c, q
      where c.centre_id = q.centre_id and c.status = 'active' and c.category = q.category and c.kind <> q.kind
        and c.initiative_id <> q.initiative_id
      order by c.created_at desc, c.id limit p_newest)
  ),
  partners as (
    -- reciprocity: the initiatives this one received from / gave to in confirmed, unreversed exchanges
    select
      array(select distinct other.account_id from ledger_entries mine
              join ledger_entries other on other.transaction_id = mine.transaction_id
               and other.account_type = 'initiative' and other.amount > 0
              join ledger_transactions t on t.id = mine.transaction_id and t.kind = 'exchange'
            where mine.account_type = 'initiative' and mine.account_id = q.initiative_id and mine.amount < 0
              and not exists (select 1 from ledger_transactions x where x.reverses_id = t.id)) as helped_us,
      array(select distinct other.account_id from ledger_entries mine
              join ledger_entries other on other.transaction_id = mine.transaction_id
               and other.account_type = 'initiative' and other.amount < 0
              join ledger_transactions t on t.id = mine.transaction_id and t.kind = 'exchange'
            where mine.account_type = 'initiative' and mine.account_id = q.initiative_id and mine.amount > 0
              and not exists (select 1 from ledger_transactions x where x.reverses_id = t.id)) as we_helped
    from q
  ),
  scope as (
    select c.* from pool join listings c on c.id = pool.id, q
    where (c.available_until is null or c.available_until >= current_date)
      and exists (select 1 from initiatives i where i.id = c.initiative_id and i.status = 'active')
      and not exists (select 1 from match_dismissals d
                      where d.initiative_id = q.initiative_id and d.listing_id = q.id and d.other_listing_id = c.id)
  )
  select c.id, c.centre_id, ctr.slug as centre_slug, ctr.name as centre_name,
         c.initiative_id, i.name as initiative_name, c.kind, c.category, c.title, c.description, c.details,
         c.available_from::text as available_from, c.available_until::text as available_until, c.published_at,
         array(select unnest(tsvector_to_array(c.search)) intersect select unnest(q.lexemes)) as shared,
         array(select unnest(tsvector_to_array(ts_filter(c.search, '{a}'))) intersect select unnest(q.lexemes)) as shared_title,
         jsonb_array_length(q.title_words) as title_words,
         (select count(*) from jsonb_array_elements(q.title_words) tw
           where exists (select 1 from jsonb_array_elements_text(tw) x where x = any(tsvector_to_array(c.search)))) as title_words_found,
         c.initiative_id = any(partners.helped_us) as they_helped,
         c.initiative_id = any(partners.we_helped) as we_helped,
         exists (select 1 from match_dismissals d
                 where d.initiative_id = c.initiative_id and d.listing_id = c.id and d.other_listing_id = q.id) as they_dismissed,
         json_build_object('id', q.id, 'centre_id', q.centre_id, 'initiative_id', q.initiative_id, 'kind', q.kind,
           'category', q.category, 'title', q.title, 'details', q.details, 'status', q.status,
           'available_from', q.available_from, 'available_until', q.available_until) as source
  from scope c
  cross join partners
  join initiatives i on i.id = c.initiative_id
  join centres ctr on ctr.id = c.centre_id
  cross join q
  
   ) r;
   END
   $fn$`,
]
