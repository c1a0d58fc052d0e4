-- Indexes for the filtered queries at 10,000+ articles (issue #6).
--
-- A filter finds its articles from one index, without reading the table under it: each
-- index that a filter reads for a list of articles carries article_pk (SQLite reads a
-- covering index alone). Before, `--plover ASSAULT` read 59,000 event rows for their
-- article_pk through an index on plover alone, and `--actor SYR` 47,000 mention rows.
-- The events index on plover also holds what the date order of events needs, so the
-- events of a common category are sorted from the index alone.
--
-- Place filters (a name, case-insensitive, or a GeoNames id) read an index on each
-- thing they compare: a NOCASE index is what SQLite's case-insensitive LIKE can search.
-- Before, the events of a place were found by reading every event.
--
-- Indexes only: no table, column or row changes, so every query answers as before.

DROP INDEX events_plover;
CREATE INDEX events_plover ON events (plover, article_pk, seq, date_precision, date_value);
-- what the date order needs of the events of given articles (words, places, …)
CREATE INDEX events_day ON events (article_pk, seq, date_precision, date_value);
DROP INDEX events_source;
CREATE INDEX events_source ON events (source_actor_id, article_pk);
DROP INDEX events_target;
CREATE INDEX events_target ON events (target_actor_id, article_pk);
CREATE INDEX events_place_name ON events (place_name COLLATE NOCASE);
CREATE INDEX events_place_text ON events (place_text COLLATE NOCASE);
CREATE INDEX events_place_geonameid ON events (place_geonameid);

DROP INDEX mentions_actor;
CREATE INDEX mentions_actor ON mentions (actor_id, article_pk);
DROP INDEX quotes_speaker_actor;
CREATE INDEX quotes_speaker_actor ON quotes (speaker_actor_id, article_pk);

DROP INDEX places_name;
CREATE INDEX places_name ON places (name COLLATE NOCASE, article_pk);
CREATE INDEX places_text ON places (text COLLATE NOCASE, article_pk);
DROP INDEX places_geonameid;
CREATE INDEX places_geonameid ON places (geonameid, article_pk);
