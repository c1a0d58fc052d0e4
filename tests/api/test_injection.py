"""Every query parameter is bound, never interpolated: hostile values are only values."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from newstrace.api import create_app
from newstrace.store import open_store

from .corpus import corpus

INJECTIONS = [
    "' OR '1'='1",
    "' OR 1=1 --",
    '" OR ""="',
    "'; DROP TABLE articles; --",
    "Aleppo'); DELETE FROM quotes; --",
    "x' UNION SELECT name, sql, 1, 1, 1, 1, 1, 1 FROM sqlite_master --",
    "1 OR 1=1",
    "%",
    "_",
    "%' --",
    "\\",
    "*",
    "title:Russia",
    "Russia OR Aleppo",
    "NEAR(Russia Aleppo)",
    '"unbalanced',
    "2016-02-01' OR '1'='1",
    "\x00",
    "\u202eRussia\u200b",
    "😀",
    "-1",
    "99999999999999999999999999",
    "²",  # a digit to str.isdigit, no number to int()
    "١٢",  # Arabic-Indic twelve
    "A" * 200,
]
LISTINGS = ["/articles", "/quotes", "/events", "/places", "/actors", "/search"]
PARAMETERS = ["q", "speaker", "actor", "place", "plover", "from", "to", "cursor", "limit"]
# Values that match nothing when taken literally, but everything if run as SQL or as a
# LIKE pattern: an answer holding any item means the value was interpreted.
MATCH_NOTHING = ["' OR '1'='1", "' OR 1=1 --", "1 OR 1=1", "%", "_", "%' --", '" OR ""="']


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    from .conftest import fill_store

    location = fill_store(str(tmp_path_factory.mktemp("hostile") / "store.db"))
    with TestClient(create_app(location)) as client:
        yield client, location


def _snapshot(location: str):
    with open_store(location, create=False) as store:
        tables = sorted(row[0] for row in store.query("SELECT name FROM sqlite_master"))
        return tables, store.stats().counts, [a.to_dict() for a in store.iter_articles()]


@pytest.mark.parametrize("listing", LISTINGS)
@pytest.mark.parametrize("parameter", PARAMETERS)
def test_hostile_values_are_answered_as_data_and_change_nothing(hostile, listing, parameter):
    client, location = hostile
    before = _snapshot(location)
    for value in INJECTIONS:
        params = {"q": "Russia"} if listing == "/search" and parameter != "q" else {}
        params[parameter] = value
        response = client.get(listing, params=params)
        assert response.status_code in (200, 400, 422), (parameter, value, response.text)
        body = response.json()
        if response.status_code == 200:
            assert set(body) == {"items", "next", "cursor"}
        else:
            assert set(body) == {"ok", "error", "status"}
    assert _snapshot(location) == before


@pytest.mark.parametrize("listing", ["/articles", "/quotes", "/events", "/places", "/actors"])
@pytest.mark.parametrize("parameter", ["speaker", "actor", "place", "plover"])
def test_sql_and_like_syntax_match_nothing(hostile, listing, parameter):
    client, _ = hostile
    for value in MATCH_NOTHING:
        response = client.get(listing, params={parameter: value, "limit": 200})
        assert response.status_code == 200
        assert response.json()["items"] == [], (parameter, value)


def test_full_text_operators_are_searched_as_words(hostile):
    client, _ = hostile
    # As FTS5 syntax "Russia OR fabrication" would match every article; as words, one.
    items = client.get("/search", params={"q": "Russia OR fabrication"}).json()["items"]
    assert len(items) == 0  # no article holds the word "or" besides both others
    assert len(client.get("/search", params={"q": "Russia fabrication"}).json()["items"]) == 1
    assert len(corpus()) > 1


def test_hostile_article_ids_are_404s(hostile):
    client, _ = hostile
    for value in ["' OR '1'='1", "x' UNION SELECT 1 --", "%", "..%2F..%2Fetc%2Fpasswd"]:
        response = client.get(f"/articles/{value}")
        assert response.status_code == 404, value
