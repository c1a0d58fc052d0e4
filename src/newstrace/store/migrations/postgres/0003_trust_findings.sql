-- Corpus trust findings (issue #8): which articles the trust pass has checked, where
-- their corpus findings start, and the earlier articles each of those findings names.
--
-- `ingest` checks each new article against the articles before it and stores what it
-- finds (duplicate, stitched, spun_phrase, attribution_conflict) as findings of the
-- article, after its own, in the article's transaction: a checked article's findings
-- at seq >= first_seq are the corpus pass's. An article without a row here was stored
-- without the pass (ingest --no-trust, the multi-process engine, an older newstrace);
-- the next ingest checks it and adds its findings.
CREATE TABLE trust_checks (
    article_pk BIGINT PRIMARY KEY REFERENCES articles (pk) ON DELETE CASCADE,
    first_seq INTEGER NOT NULL,
    checked_at TEXT NOT NULL
);

-- The earlier articles a corpus finding names (content hashes), in the order its
-- message names them; a `duplicate` names the copied article first.
CREATE TABLE finding_sources (
    article_pk BIGINT NOT NULL,
    finding_seq INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    source_id TEXT NOT NULL,
    PRIMARY KEY (article_pk, finding_seq, seq),
    FOREIGN KEY (article_pk, finding_seq) REFERENCES findings (article_pk, seq) ON DELETE CASCADE
);
CREATE INDEX finding_sources_source ON finding_sources (source_id);
