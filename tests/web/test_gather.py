"""Whole listings walked page by page, capped, and cached only while the store stands."""

from __future__ import annotations

from newstrace.store import Filters, open_store
from newstrace.store.base import Page
from newstrace.web.gather import ListingCache, walk

from ..api.corpus import corpus, story


def test_walk_follows_pages_to_the_end_and_stops_at_the_cap():
    numbers = list(range(25))

    def ask(after, limit):
        start = 0 if after is None else after[0] + 1
        items = numbers[start : start + limit]
        more = start + limit < len(numbers)
        return Page(items=items, next=(items[-1],) if more and items else None)

    whole = walk(ask, cap=100)
    assert whole.items == numbers and not whole.truncated
    cut = walk(ask, cap=10)
    assert len(cut.items) == 10 and cut.truncated


def test_cached_events_are_walked_again_once_an_article_is_added(tmp_path):
    listings = ListingCache()
    with open_store(str(tmp_path / "grow.db")) as store:
        store.add_article(corpus()[1])
        assert len(listings.events(store, Filters()).items) == 1
        assert listings.events(store, Filters()) is listings.events(store, Filters())
        store.add_article(story(3))
        assert len(listings.events(store, Filters()).items) == 2
