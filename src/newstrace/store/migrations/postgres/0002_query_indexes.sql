-- Indexes for the filtered queries at 10,000+ articles (issue #6); the indexes of
-- migrations/sqlite/0002_query_indexes.sql, and trigram indexes for ILIKE.
--
-- Each index that a filter reads for a list of articles carries article_pk, so the list
-- comes from the index (an index-only scan once autovacuum has marked the pages).
-- The events index on plover also holds what the date order of events needs.
--
-- Place names, speaker names and event places are compared with ILIKE, which a b-tree
-- cannot search; pg_trgm's GIN indexes can, for any pattern, and ILIKE still decides
-- each row, so answers stay what they were. Before, `--place Aleppo` read every event
-- and `quotes --speaker Kerry` every quote. pg_trgm ships with PostgreSQL's contrib
-- modules, as unaccent (0001) does, and is a trusted extension: a database owner may
-- create it.
--
-- Indexes only: no table, column or row changes, so every query answers as before.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

DROP INDEX events_plover;
CREATE INDEX events_plover ON events (plover, article_pk, seq, date_precision, date_value);
-- what the date order needs of the events of given articles (words, places, …)
CREATE INDEX events_day ON events (article_pk, seq, date_precision, date_value);
DROP INDEX events_source;
CREATE INDEX events_source ON events (source_actor_id, article_pk);
DROP INDEX events_target;
CREATE INDEX events_target ON events (target_actor_id, article_pk);
CREATE INDEX events_place_name ON events USING gin (place_name gin_trgm_ops);
CREATE INDEX events_place_text ON events USING gin (place_text gin_trgm_ops);
CREATE INDEX events_place_geonameid ON events (place_geonameid);

DROP INDEX mentions_actor;
CREATE INDEX mentions_actor ON mentions (actor_id, article_pk);
DROP INDEX quotes_speaker_actor;
CREATE INDEX quotes_speaker_actor ON quotes (speaker_actor_id, article_pk);
CREATE INDEX quotes_speaker_name_trgm ON quotes USING gin (speaker_name gin_trgm_ops);

CREATE INDEX places_name_trgm ON places USING gin (name gin_trgm_ops);
CREATE INDEX places_text_trgm ON places USING gin (text gin_trgm_ops);
DROP INDEX places_geonameid;
CREATE INDEX places_geonameid ON places (geonameid, article_pk);
