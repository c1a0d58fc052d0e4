-- The first newstrace schema: every record of the output contract, the ingest runs
-- that stored them, and full-text indexes over article text and quote content.
--
-- Spans keep their text beside their offsets so an Article reads back exactly as it was
-- extracted. Child rows are ordered by `seq`, the record's index in its Article tuple.
-- The runner (store/migrate.py) applies this file in one transaction and records it in
-- schema_version.

CREATE TABLE ingest_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running',       -- running | done | interrupted
    inputs TEXT NOT NULL,                         -- JSON list of the paths given
    published TEXT,
    articles_added INTEGER,
    articles_skipped INTEGER,
    input_errors INTEGER
);

CREATE TABLE input_errors (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES ingest_runs (id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    error TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX input_errors_run ON input_errors (run_id);

-- pk is the rowid alias the FTS index points at (a plain rowid may change on VACUUM);
-- id is the contract's content hash.
CREATE TABLE articles (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    url TEXT,
    outlet TEXT,
    title TEXT,
    published TEXT,
    published_source TEXT NOT NULL,
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    run_id INTEGER REFERENCES ingest_runs (id) ON DELETE SET NULL
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_run ON articles (run_id);

-- One row per distinct (name, country, sector); where an actor was named is per use.
CREATE TABLE actors (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    country TEXT,
    sector TEXT
);
CREATE UNIQUE INDEX actors_identity ON actors (name, coalesce(country, ''), coalesce(sector, ''));
CREATE INDEX actors_country ON actors (country);
CREATE INDEX actors_name ON actors (name COLLATE NOCASE);

CREATE TABLE boilerplate (
    article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (article_pk, seq)
);

CREATE TABLE mentions (
    article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    actor_id INTEGER REFERENCES actors (id),
    actor_start INTEGER,
    actor_end INTEGER,
    actor_text TEXT,
    PRIMARY KEY (article_pk, seq)
);
CREATE INDEX mentions_actor ON mentions (actor_id);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    content_start INTEGER NOT NULL,
    content_end INTEGER NOT NULL,
    content_text TEXT NOT NULL,
    cue_start INTEGER,
    cue_end INTEGER,
    cue_text TEXT,
    -- speaker_start is NULL when the quote has no speaker record at all
    speaker_start INTEGER,
    speaker_end INTEGER,
    speaker_text TEXT,
    speaker_name TEXT,
    speaker_resolution TEXT,
    speaker_actor_id INTEGER REFERENCES actors (id),
    speaker_actor_start INTEGER,
    speaker_actor_end INTEGER,
    speaker_actor_text TEXT,
    UNIQUE (article_pk, seq)
);
CREATE INDEX quotes_speaker_name ON quotes (speaker_name COLLATE NOCASE);
CREATE INDEX quotes_speaker_actor ON quotes (speaker_actor_id);

CREATE TABLE events (
    article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    plover TEXT NOT NULL,
    mode TEXT,
    cameo TEXT,
    acled TEXT,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    trigger_text TEXT NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    evidence_text TEXT NOT NULL,
    source_actor_id INTEGER REFERENCES actors (id),
    source_actor_start INTEGER,
    source_actor_end INTEGER,
    source_actor_text TEXT,
    target_actor_id INTEGER REFERENCES actors (id),
    target_actor_start INTEGER,
    target_actor_end INTEGER,
    target_actor_text TEXT,
    -- place_start / date_start / fatalities_start are NULL when the event has none
    place_start INTEGER,
    place_end INTEGER,
    place_text TEXT,
    place_name TEXT,
    place_geonameid INTEGER,
    place_country TEXT,
    place_admin1 TEXT,
    place_lat REAL,
    place_lon REAL,
    place_precision TEXT,
    date_start INTEGER,
    date_end INTEGER,
    date_text TEXT,
    date_value TEXT,
    date_precision TEXT,
    date_anchor TEXT,
    claimed_by TEXT,
    negated INTEGER NOT NULL,
    hypothetical INTEGER NOT NULL,
    fatalities_start INTEGER,
    fatalities_end INTEGER,
    fatalities_text TEXT,
    dead INTEGER,
    injured INTEGER,
    PRIMARY KEY (article_pk, seq)
);
CREATE INDEX events_plover ON events (plover);
CREATE INDEX events_source ON events (source_actor_id);
CREATE INDEX events_target ON events (target_actor_id);

CREATE TABLE places (
    article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    name TEXT NOT NULL,
    geonameid INTEGER,
    country TEXT,
    admin1 TEXT,
    lat REAL,
    lon REAL,
    precision TEXT,
    PRIMARY KEY (article_pk, seq)
);
CREATE INDEX places_name ON places (name COLLATE NOCASE);
CREATE INDEX places_geonameid ON places (geonameid);

CREATE TABLE dates (
    article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT,
    precision TEXT,
    anchor TEXT NOT NULL,
    PRIMARY KEY (article_pk, seq)
);

CREATE TABLE findings (
    article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (article_pk, seq)
);
CREATE INDEX findings_kind ON findings (kind);

CREATE TABLE finding_evidence (
    article_pk INTEGER NOT NULL,
    finding_seq INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (article_pk, finding_seq, seq),
    FOREIGN KEY (article_pk, finding_seq) REFERENCES findings (article_pk, seq) ON DELETE CASCADE
);

-- Full text. External-content tables: the text lives once, in articles and quotes; the
-- triggers keep each index in the same transaction as the row it indexes.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text,
    content = 'articles', content_rowid = 'pk',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.pk, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.pk, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.pk, new.title, new.text);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5 (
    content_text,
    content = 'quotes', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts (rowid, content_text) VALUES (new.id, new.content_text);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, content_text)
    VALUES ('delete', old.id, old.content_text);
END;
CREATE TRIGGER quotes_fts_update AFTER UPDATE OF content_text ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, content_text)
    VALUES ('delete', old.id, old.content_text);
    INSERT INTO quotes_fts (rowid, content_text) VALUES (new.id, new.content_text);
END;
