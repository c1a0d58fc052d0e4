-- Where each stored article's unambiguous places lie, by outlet (issue #4), the
-- counts outlet profiles are made of (extract/outlets.py).
--
-- Derived from the stored places, never from gold: `newstrace ingest --outlets-from-store`
-- and `newstrace outlets --db` first fill the rows of the articles that have none
-- (one transaction per page of articles), then sum them per outlet. An article always
-- gets at least one row, so it is never looked at again: its anchors, or one marker
-- row with country '' when it has none (its outlet still counts the article), and
-- outlet '' when it names no outlet (no URL host, no outlet name).
--
-- As migrations/sqlite/0005_outlet_anchors.sql, spelled for PostgreSQL: article keys
-- are BIGINT.
CREATE TABLE outlet_anchors (
    article_pk BIGINT NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    outlet TEXT NOT NULL,           -- outlet_key(url, outlet): URL host without www.
    country TEXT NOT NULL,          -- ISO3, '' on the marker row
    admin1 TEXT NOT NULL,           -- folded admin1 name, '' for a country anchor
    PRIMARY KEY (article_pk, country, admin1)
);
CREATE INDEX outlet_anchors_outlet ON outlet_anchors (outlet, country, admin1);
