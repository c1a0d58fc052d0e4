"""GET /findings: the stored findings, filtered and paged; POST /articles checks the corpus."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from newstrace.api import create_app
from newstrace.api.reads import FindingItem
from newstrace.api.schemas import PageOf
from newstrace.store import open_store

from ..link.trust_helpers import sample_sources, store_checked, text_article
from .conftest import TOKEN, auth, fill_store, walk

pytestmark = pytest.mark.issue(8)


@pytest.fixture(scope="module")
def traced(tmp_path_factory, sample_text):
    """The API corpus (stored unchecked, then checked when the pass opens), the five
    sources, a copy of the first and the stitched sample, stored with the trust pass.
    Returns the store's path and those articles."""
    location = fill_store(str(tmp_path_factory.mktemp("findings") / "store.db"))
    sources = sample_sources()
    copy = text_article("MOSCOW - " + sources[0].text, published="2016-02-13")
    sample = text_article(sample_text, source="sample", published="2016-02-16")
    store_checked(location, [*sources, copy, sample])
    return location, sources, copy, sample


@pytest.fixture(scope="module")
def client(traced):
    with TestClient(create_app(traced[0])) as opened:
        yield opened


def _items(client, **params):
    response = client.get("/findings", params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_findings_validate_against_their_documented_schema(client):
    body = client.get("/findings?limit=200").json()
    TypeAdapter(PageOf[FindingItem]).validate_python(body, strict=False)
    assert list(body["items"][0]) == list(FindingItem.model_fields)


def test_the_stitched_sample_is_listed_with_the_sources_it_names(client, traced):
    _, sources, _, sample = traced
    (item,) = _items(client, kind="stitched", article=sample.id)
    assert item["corpus"] is True
    assert {s["id"] for s in item["sources"]} == {a.id for a in sources}
    assert all(s["title"] for s in item["sources"])
    assert all(sample.text[s["start"] : s["end"]] == s["text"] for s in item["evidence"])


def test_findings_filter_by_kinds_article_source_corpus_and_date(client, traced):
    _, sources, copy, sample = traced
    kinds = {i["kind"] for i in _items(client, kind=["stitched", "duplicate"], limit=200)}
    assert kinds == {"stitched", "duplicate"}
    assert {i["article"] for i in _items(client, article=copy.id)} == {copy.id}
    naming = {i["article"] for i in _items(client, source=sources[0].id, limit=200)}
    assert naming == {copy.id, sample.id}
    assert all(not i["corpus"] for i in _items(client, corpus="false", limit=200))
    dated = _items(client, corpus="true", **{"from": "2016-02-13", "to": "2016-02-13"})
    assert {i["article"] for i in dated} == {copy.id}


def test_findings_page_by_cursor_each_once(client):
    whole = _items(client, limit=200)
    walked, pages = walk(client, "/findings?limit=2")
    assert walked == whole and pages == (len(whole) + 1) // 2


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind=stiched", "kind 'stiched' is not a finding kind"),
        ("cursor=bm90IGEgY3Vyc29y", "not a cursor of /findings"),
        ("from=2016-13-01", "is not a date"),
    ],
)
def test_bad_findings_queries_are_400_saying_what_to_fix(client, query, message):
    response = client.get(f"/findings?{query}")
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_hostile_filter_values_are_only_ever_looked_for(client):
    for value in ("x' OR '1'='1", "%", "_", "'; DROP TABLE findings; --"):
        assert _items(client, article=value, source=value) == []
    assert len(_items(client, limit=200)) >= 3


@pytest.mark.slow
def test_a_posted_article_is_checked_against_the_store_and_its_findings_stored(
    tmp_path, nlp, sample_text
):
    location = fill_store(str(tmp_path / "store.db"))
    with open_store(location) as store:
        for article in sample_sources():
            store.add_article(article)
    app = create_app(location, write_token=TOKEN, load_nlp=lambda: nlp)
    with TestClient(app) as client:
        posted = client.post("/articles", json={"text": sample_text}, headers=auth())
        assert posted.status_code == 201
        (result,) = posted.json()["items"]
        assert "stitched" in {f["kind"] for f in result["article"]["findings"]}
        assert client.get(f"/articles/{result['id']}").json() == result["article"]
        (item,) = _items(client, kind="stitched", article=result["id"])
        assert {s["title"] for s in item["sources"]} == {a.title for a in sample_sources()}
        before = _items(client, limit=200)
        again = client.post("/articles", json={"text": sample_text}, headers=auth())
        assert again.json()["items"][0]["status"] == "stored"
        assert _items(client, limit=200) == before
