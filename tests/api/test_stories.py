"""GET /stories and /stories/{id}: stored stories, paged and filtered, each with its
articles and its contested claims' two sides (issue #8)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from newstrace.api import create_app
from newstrace.api.reads import StoryBody
from newstrace.api.schemas import PageOf
from newstrace.store.base import StorySummary

from ..store.story_rows import store_stories
from .conftest import fill_store, walk

pytestmark = pytest.mark.issue(8)


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """The API corpus plus the hand-built stories' articles and stories."""
    location = fill_store(str(tmp_path_factory.mktemp("stories") / "store.db"))
    return location, *store_stories(location)


@pytest.fixture(scope="module")
def client(stored):
    with TestClient(create_app(stored[0])) as opened:
        yield opened


def _items(client, **params) -> list[dict]:
    response = client.get("/stories", params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_stories_validate_against_their_documented_schemas(client, stored):
    body = client.get("/stories").json()
    TypeAdapter(PageOf[StorySummary]).validate_python(body, strict=False)
    assert list(body["items"][0]) == [
        "id",
        "title",
        "first",
        "last",
        "size",
        "contested",
    ]
    one = client.get(f"/stories/{stored[2][0].id}").json()
    assert list(StoryBody.model_validate(one).model_dump()) == list(one)


def test_a_story_is_served_with_its_articles_and_both_sides_evidence(client, stored):
    _, (claim, counter, _), (contested, _) = stored
    body = client.get(f"/stories/{contested.id}").json()
    assert body["title"] == claim.title and body["size"] == 2 and body["contested"] == 1
    assert [a["id"] for a in body["articles"]] == [claim.id, counter.id]
    (pair,) = body["claims"]
    assert pair["kind"] == "denial"
    for side, source in ((pair["claim"], claim), (pair["counter"], counter)):
        assert side["article"] == source.id and side["title"] == source.title
        text = client.get(f"/articles/{side['article']}").json()["text"]
        evidence = side["evidence"]
        assert text[evidence["start"] : evidence["end"]] == evidence["text"]


def test_stories_filter_by_article_words_dates_and_contested_claims(client, stored):
    _, _, (contested, alone) = stored
    assert [s["id"] for s in _items(client, contested="true")] == [contested.id]
    assert [s["id"] for s in _items(client, q="Geneva talks resume")] == [alone.id]
    assert [s["id"] for s in _items(client, **{"from": "2016-02-13", "to": "2016-02-13"})] == [
        contested.id
    ]


def test_stories_page_by_cursor_each_once(client):
    whole = _items(client, limit=200)
    walked, pages = walk(client, "/stories?limit=1")
    assert walked == whole and pages == len(whole) == 2


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/stories/story-nothere", 404, "no story with id 'story-nothere'"),
        ("/stories?cursor=bm90IGEgY3Vyc29y", 400, "not a cursor of /stories"),
        ("/stories?from=2016-13-01", 400, "is not a date"),
        ("/stories?contested=maybe", 422, "contested"),
    ],
)
def test_bad_story_requests_say_what_to_fix(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert message in response.json()["error"]
