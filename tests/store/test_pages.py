"""The page methods the HTTP API lists with: keyset pages, filters, hostile values.

They run on every backend of conftest.BACKENDS; a backend that has not grown a page
method yet skips its tests, naming the method.
"""

from __future__ import annotations

import pytest

from newstrace.store import Filters, QueryError

from ..api.corpus import STORIES, corpus, story

PAGE_METHODS = ["article_page", "quote_page", "event_page", "place_page", "actor_page"]
HOSTILE = ["' OR '1'='1", "%", "_", "'; DROP TABLE quotes; --", "\\", '" OR ""="', "1 OR 1=1"]


@pytest.fixture
def filled(store):
    for one in corpus():
        store.add_article(one)
    return store


def _method(store, name: str):
    if not hasattr(store, name):
        pytest.skip(f"{type(store).__name__} has no {name} yet: mirror SQLiteStore.{name}")
    return getattr(store, name)


def _walk(method, filters: Filters, limit: int) -> list[dict]:
    items, after = [], None
    for _ in range(1_000):
        page = method(filters, after=after, limit=limit)
        items += [item.to_dict() for item in page.items]
        if page.next is None:
            return items
        after = page.next
    raise AssertionError("the pages never end")


@pytest.mark.parametrize("name", PAGE_METHODS)
@pytest.mark.parametrize("limit", [1, 3])
def test_pages_walk_the_whole_listing_without_gaps_or_repeats(filled, name, limit):
    method = _method(filled, name)
    whole = [item.to_dict() for item in method(Filters(), limit=1_000).items]
    assert len(whole) > limit
    assert _walk(method, Filters(), limit) == whole


def test_search_pages_walk_the_ranking(filled):
    method = _method(filled, "search_page")
    whole = [hit.to_dict() for hit in method(Filters(text="Russia"), limit=1_000).items]
    assert len(whole) == len(corpus())
    scores = [hit["score"] for hit in whole]
    assert scores == sorted(scores, reverse=True)
    assert _walk(method, Filters(text="Russia"), 2) == whole


def test_article_page_summarises_without_text(filled):
    (summary,) = _method(filled, "article_page")(
        Filters(speaker="Lavrov", date_to="2016-02-06")
    ).items
    assert summary.id == story(2).id and summary.counts["quotes"] == 1


def test_quote_page_matches_the_quotes_listing(filled):
    method = _method(filled, "quote_page")
    for filters in (Filters(speaker="Warren"), Filters(text="leave"), Filters(actor="RUS")):
        paged = [hit.to_dict() for hit in method(filters, limit=1_000).items]
        listed = [hit.to_dict() for hit in filled.quotes(filters, limit=1_000)]
        assert sorted(map(str, paged)) == sorted(map(str, listed)), filters


def test_event_page_orders_by_day_with_undated_last(filled):
    hits = _method(filled, "event_page")(Filters(plover="ASSAULT"), limit=1_000).items
    assert [hit.article_id for hit in hits][-1] == story(6).id
    assert len(hits) == len(STORIES) + 1


def test_place_and_actor_pages_filter_the_thing_itself(filled):
    places = _method(filled, "place_page")(Filters(place="Idlib")).items
    assert [(p.name, p.mentions, p.articles) for p in places] == [("Idlib", 2, 2)]
    actors = _method(filled, "actor_page")(Filters(actor="rus", plover="ASSAULT")).items
    assert {(a.name, a.sector) for a in actors} == {("Russia", "GOV"), ("Russia", "MIL")}


@pytest.mark.parametrize("name", PAGE_METHODS)
def test_hostile_filter_values_are_bound_and_match_nothing(filled, name):
    method = _method(filled, name)
    for value in HOSTILE:
        for field in ("speaker", "actor", "place", "plover"):
            assert method(Filters(**{field: value}), limit=1_000).items == [], (field, value)
    assert len(_walk(_method(filled, "article_page"), Filters(), 100)) == len(corpus())


@pytest.mark.parametrize("name", PAGE_METHODS)
@pytest.mark.parametrize("after", [("x",), (1, 2, 3, 4), (True,), "1", 5])
def test_a_key_of_another_shape_is_a_query_error(filled, name, after):
    with pytest.raises(QueryError, match="the cursor is not a position"):
        _method(filled, name)(Filters(), after=after)


def test_an_all_digit_place_must_be_a_geonames_id():
    for place in ("99999999999999999999999", "²", "١٢"):
        with pytest.raises(QueryError, match="neither a place name nor a GeoNames id"):
            Filters(place=place)
    assert Filters(place="170063").place == "170063"
