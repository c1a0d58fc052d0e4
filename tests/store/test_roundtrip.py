"""Articles read back from the store equal the records that were stored."""

from __future__ import annotations

import pytest

from newstrace.records import Article
from newstrace.store import open_store

from .articles import article, full_article


def test_every_record_type_reads_back_equal(store):
    stored = full_article()
    assert store.add_article(stored)
    assert store.get_article(stored.id) == stored


def test_round_trip_matches_the_contract_json(store):
    stored = full_article()
    store.add_article(stored)
    assert store.get_article(stored.id).to_dict() == Article.from_dict(stored.to_dict()).to_dict()


def test_record_order_within_an_article_is_kept(store):
    stored = full_article()
    reversed_places = Article.from_dict(
        {**stored.to_dict(), "places": [p.to_dict() for p in reversed(stored.places)]}
    )
    store.add_article(reversed_places)
    assert store.get_article(stored.id).places == reversed_places.places


@pytest.mark.slow
def test_the_sample_article_reads_back_equal(store, sample_article):
    assert store.add_article(sample_article)
    assert store.get_article(sample_article.id) == sample_article


def test_storing_the_same_id_twice_adds_nothing(store):
    stored = full_article()
    assert store.add_article(stored) is True
    assert store.add_article(stored) is False
    assert store.stats().counts["articles"] == 1
    assert store.stats().counts["quotes"] == len(stored.quotes)


def test_actors_are_shared_between_articles(store):
    store.add_article(full_article())
    before = store.stats().counts["actors"]
    other = full_article()
    store.add_article(Article.from_dict({**other.to_dict(), "id": "another"}))
    assert store.stats().counts["actors"] == before


def test_iter_articles_yields_every_article_in_ingest_order(store):
    texts = [f"Story number {i} about Aleppo." for i in range(450)]  # more than one page
    for text in texts:
        store.add_article(article(text))
    assert [a.text for a in store.iter_articles()] == texts


def test_unknown_id_reads_as_none(store):
    assert store.get_article("0" * 40) is None


def test_a_reopened_store_still_holds_the_article(store_location):
    stored = full_article()
    with open_store(store_location) as first:
        first.add_article(stored)
    with open_store(store_location, create=False) as second:
        assert second.get_article(stored.id) == stored
