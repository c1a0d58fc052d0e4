"""Two processes writing the same articles into one store at once store each one once.

On SQLite the second writer waits for the first's lock; on PostgreSQL both write at
once and ON CONFLICT DO NOTHING on the content hash (and on the actor's identity) makes
the later of two inserts of the same row a no-op instead of a duplicate or an error.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from newstrace.records import Article
from newstrace.store import open_store

from .articles import FULL_TEXT, full_article

ARTICLES = 30
WRITERS = 2


def variants() -> list[Article]:
    """Distinct articles (ids and texts) that share their actors."""
    base = full_article().to_dict()
    return [
        Article.from_dict({**base, "id": f"{i:040x}", "text": f"{FULL_TEXT}Update {i}."})
        for i in range(ARTICLES)
    ]


def write_all(location: str) -> list[bool]:
    """Run in a child process: add every variant, in order; what add_article answered."""
    with open_store(location) as store:
        return [store.add_article(article) for article in variants()]


def test_concurrent_writers_store_each_article_and_actor_once(store_location):
    open_store(store_location).close()  # the schema first: migrating at once is tested apart
    # Forked while the parent holds no connection, so the children share none.
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=WRITERS, mp_context=fork) as pool:
        answers = list(pool.map(write_all, [store_location] * WRITERS))
    assert sum(sum(added) for added in answers) == ARTICLES
    for i in range(ARTICLES):  # each article was added by exactly one writer
        assert sum(added[i] for added in answers) == 1
    with open_store(store_location) as store:
        counts = store.stats().counts
        first = variants()[0]
        assert store.get_article(first.id) == first
    expected = full_article()
    assert counts["articles"] == ARTICLES
    assert counts["quotes"] == ARTICLES * len(expected.quotes)
    actors = [m.actor for m in expected.mentions]
    actors += [q.speaker.actor for q in expected.quotes if q.speaker]
    actors += [who for e in expected.events for who in (e.source, e.target)]
    assert counts["actors"] == len({(a.name, a.country, a.sector) for a in actors if a}) == 4
