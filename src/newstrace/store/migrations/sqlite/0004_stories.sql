-- Stories and their contested claims (issue #8), written by `newstrace stories --db`.
--
-- A story is the articles that report one news story (link/stories.py); its id is the
-- stable id the story index gives it (`story-` and the start of its first article's
-- content hash), so the same articles in the same order give the same rows. Stories
-- are not computed by `ingest` (the sentence encoder is an optional extra): a store
-- has none until `newstrace stories --db` runs, and then as of that run.
--
-- `digest` sums up everything a story's rows hold (its articles in order, title,
-- dates, claims): a re-run replaces a story's rows, in one transaction, only when it
-- differs, so an unchanged story writes nothing.
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT,                                   -- a representative headline
    first_day TEXT,                               -- YYYY-MM-DD of its first / last article
    last_day TEXT,
    size INTEGER NOT NULL,                        -- its stored articles
    digest TEXT NOT NULL,
    stored_at TEXT NOT NULL
);
CREATE INDEX stories_first_day ON stories (first_day);

-- A story's articles in the order they joined it; an article is in one story.
CREATE TABLE story_articles (
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    PRIMARY KEY (story_id, seq)
);
CREATE INDEX story_articles_article ON story_articles (article_pk, story_id);

-- Within a story, a claim of one speaker and the statement of another that disputes
-- it (link/claims.py): `denial` (one asserts, the other denies) or `blame` (both
-- assert one event, on different perpetrators). Each side keeps its article, speaker
-- and evidence as offsets into that article's text with the text they cover
-- (text == articles.text[start:end], as every other span of the store).
CREATE TABLE contested_claims (
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,                           -- denial | blame
    message TEXT NOT NULL,
    claim_article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    claim_speaker TEXT NOT NULL,
    claim_country TEXT,
    claim_start INTEGER NOT NULL,
    claim_end INTEGER NOT NULL,
    claim_text TEXT NOT NULL,
    counter_article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    counter_speaker TEXT NOT NULL,
    counter_country TEXT,
    counter_start INTEGER NOT NULL,
    counter_end INTEGER NOT NULL,
    counter_text TEXT NOT NULL,
    PRIMARY KEY (story_id, seq)
);
CREATE INDEX contested_claims_claim ON contested_claims (claim_article_pk);
CREATE INDEX contested_claims_counter ON contested_claims (counter_article_pk);
