"""Read endpoints answer with the contract's JSON and apply the filters of `search`."""

from __future__ import annotations

import pytest

from ..store.articles import full_article
from .corpus import STORIES, corpus, story


def test_article_endpoint_returns_exactly_the_contract_json(client):
    for one in corpus():
        response = client.get(f"/articles/{one.id}")
        assert response.status_code == 200
        assert response.json() == one.to_dict()
        assert list(response.json()) == list(one.to_dict())  # key order too


def test_unknown_article_is_a_404_in_the_error_shape(client):
    response = client.get("/articles/" + "0" * 40)
    assert response.status_code == 404
    assert response.json() == {
        "ok": False,
        "error": f"no article with id {'0' * 40!r} in this store",
        "status": 404,
    }


def test_article_listing_gives_summaries_in_ingest_order_without_text(client):
    items = client.get("/articles?limit=200").json()["items"]
    assert [item["id"] for item in items] == [one.id for one in corpus()]
    first = items[0]
    assert "text" not in first
    assert first["counts"] == {
        "mentions": 3,
        "quotes": 4,
        "events": 2,
        "places": 2,
        "dates": 2,
        "findings": 3,
    }


def test_article_listing_filters_by_place_and_dates(client):
    items = client.get("/articles?place=Aleppo&from=2016-02-02&to=2016-02-11").json()["items"]
    assert [item["id"] for item in items] == [story(3).id]


def test_quotes_filter_by_speaker_part_case_insensitively(client):
    items = client.get("/quotes?speaker=kerry").json()["items"]
    assert [item["speaker"]["name"] for item in items] == ["John Kerry", "John Kerry"]
    assert [item["article"] for item in items] == [story(1).id, story(3).id]
    assert items[0]["content"] == story(1).quotes[0].content.to_dict()


def test_quotes_text_matches_the_words_of_the_quote(client):
    items = client.get("/quotes", params={"q": "fabrication"}).json()["items"]
    assert [item["content"]["text"] for item in items] == ["It is a fabrication,"]


def test_events_come_by_day_with_undated_last_and_filter_by_actor(client):
    items = client.get("/events?actor=RUS&limit=200").json()["items"]
    days = [item["date"]["value"] if item["date"] else None for item in items]
    dated = [day for day in days if day]
    assert dated == sorted(dated)
    assert all(item["source"]["country"] == "RUS" for item in items)
    assert len(items) == len(STORIES)
    # the undated story (no published date, no event date) comes last
    assert items[-1]["article"] == story(6).id


def test_events_filter_by_plover_category(client):
    items = client.get("/events?plover=demand").json()["items"]
    assert [item["trigger"]["text"] for item in items] == ["called for"]
    assert items[0]["negated"] is True


def test_places_count_mentions_and_articles_most_mentioned_first(client):
    items = client.get("/places?limit=200").json()["items"]
    aleppo = [item for item in items if item["name"] == "Aleppo" and item["geonameid"] == 170063]
    assert aleppo == [
        {
            "name": "Aleppo",
            "geonameid": 170063,
            "country": "SYR",
            "admin1": "Aleppo",
            "lat": 36.20124,
            "lon": 37.16117,
            "precision": "city",
            "mentions": 3,
            "articles": 3,
        }
    ]
    assert items[0]["name"] == "Aleppo"
    mentions = [item["mentions"] for item in items]
    assert mentions == sorted(mentions, reverse=True)


def test_places_filter_picks_the_place_and_other_filters_pick_articles(client):
    by_name = client.get("/places?place=idlib").json()["items"]
    assert [(item["name"], item["mentions"]) for item in by_name] == [("Idlib", 2)]
    by_id = client.get("/places?place=169389").json()["items"]
    assert by_id == by_name
    dated = client.get("/places?place=Idlib&to=2016-02-04").json()["items"]
    assert [(item["name"], item["mentions"]) for item in dated] == [("Idlib", 1)]


def test_actors_count_their_uses_and_filter_by_country(client):
    items = client.get("/actors?actor=RUS&limit=200").json()["items"]
    assert {(item["name"], item["sector"]) for item in items} == {
        ("Russia", "GOV"),
        ("Russia", "MIL"),
    }
    military = next(item for item in items if item["sector"] == "MIL")
    assert military == {
        "name": "Russia",
        "country": "RUS",
        "sector": "MIL",
        "mentions": 0,
        "quotes": 0,
        "events": len(STORIES),
        "articles": len(STORIES),
    }


def test_search_ranks_articles_and_marks_matches(client):
    body = client.get("/search", params={"q": "fabrication"}).json()
    assert [item["id"] for item in body["items"]] == [full_article().id]
    hit = body["items"][0]
    assert "**fabrication**" in hit["snippet"]
    assert [quote["content"]["text"] for quote in hit["quotes"]] == ["It is a fabrication,"]
    assert body["next"] is None


def test_search_applies_the_same_filters_as_the_cli(client):
    params = {"q": "jets bombed", "speaker": "Lavrov", "from": "2016-02-01"}
    items = client.get("/search", params=params).json()["items"]
    assert [item["id"] for item in items] == [story(2).id]


def test_search_without_words_is_a_400(client):
    for params in ({}, {"q": ""}, {"q": "*** ---"}):
        response = client.get("/search", params=params)
        assert response.status_code == 400, params
        assert response.json()["error"].startswith(("q:", "the search text"))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "yesterday"}, "from 'yesterday' is not a date; write it as YYYY-MM-DD"),
        ({"from": "2016-03-01", "to": "2016-02-01"}, "from 2016-03-01 is after to 2016-02-01"),
    ],
)
def test_bad_dates_are_400_naming_the_api_parameter(client, params, message):
    response = client.get("/quotes", params=params)
    assert response.status_code == 400
    assert response.json()["error"].startswith(message)


def test_stats_count_records_and_hide_paths(client, read_store_path):
    response = client.get("/stats")
    body = response.json()
    assert body["counts"]["articles"] == len(corpus())
    assert body["counts"]["quotes"] == 4 + len(STORIES)
    assert {"name": "John Kerry", "count": 2} in body["top_speakers"]
    assert body["runs"][0]["stored"] == len(corpus())
    assert "inputs" not in body["runs"][0] and "location" not in body
    assert read_store_path not in response.text and "secret-input" not in response.text
