"""Cursor pagination walks every listing without gaps or duplicates."""

from __future__ import annotations

import base64
import json

import pytest

from .conftest import walk

LISTINGS = [
    "/articles",
    "/quotes",
    "/events",
    "/places",
    "/actors",
    "/search?q=Russia",
    "/quotes?speaker=Warren",
    "/events?actor=RUS&from=2016-02-02",
    "/places?to=2016-02-08",
    "/actors?place=Aleppo",
]


def _with(url: str, **params) -> str:
    extra = "&".join(f"{key}={value}" for key, value in params.items())
    return url + ("&" if "?" in url else "?") + extra


@pytest.mark.parametrize("url", LISTINGS)
@pytest.mark.parametrize("limit", [1, 2, 3])
def test_pages_join_up_to_the_whole_listing(client, url, limit):
    whole, pages = walk(client, _with(url, limit=200))
    assert pages == 1
    assert whole, f"{url} lists nothing, so the walk proves nothing"
    paged, pages = walk(client, _with(url, limit=limit))
    assert paged == whole  # same items, same order: no gap, no duplicate
    assert pages == -(-len(whole) // limit)  # the last page is not an empty one


def test_next_link_keeps_the_filters_and_limit_and_a_link_header(client):
    response = client.get("/quotes?speaker=Warren&limit=1")
    body = response.json()
    assert body["next"].startswith("/quotes?speaker=Warren&limit=1&cursor=")
    assert body["next"].endswith(body["cursor"])
    assert response.headers["link"] == f'<{body["next"]}>; rel="next"'


def test_last_page_has_no_next_and_no_link_header(client):
    response = client.get("/quotes?limit=200")
    assert response.json()["next"] is None and response.json()["cursor"] is None
    assert "link" not in response.headers


def _cursor(listing: str, key) -> str:
    raw = json.dumps([listing, key]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64!",
        "e30",  # {}
        _cursor("articles", [1]),  # another listing's cursor
        _cursor("quotes", ["1"]),  # a key of the wrong type
        _cursor("quotes", [1, 2]),  # a key of the wrong length
        _cursor("quotes", [True]),
        base64.urlsafe_b64encode(b'["quotes",[NaN]]').decode(),
    ],
)
def test_a_cursor_not_handed_out_for_the_listing_is_a_400(client, cursor):
    response = client.get("/quotes", params={"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["error"].startswith(("cursor:", "the cursor"))


@pytest.mark.parametrize("limit", ["0", "201", "-1", "ten"])
def test_limit_is_bounded(client, limit):
    response = client.get(f"/articles?limit={limit}")
    assert response.status_code == 422
    assert response.json()["error"].startswith("query.limit:")
