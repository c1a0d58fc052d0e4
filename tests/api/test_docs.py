"""OpenAPI docs are served and describe every endpoint; responses match the schemas."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter

from newstrace.api.schemas import (
    ActorItem,
    ArticleItem,
    EventItem,
    PageOf,
    PlaceItem,
    QuoteItem,
    SearchItem,
    StatsBody,
)
from newstrace.records import Article

from .corpus import corpus


def test_docs_page_and_openapi_document_are_served(client):
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text.lower()
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "newstrace"
    assert set(spec["paths"]) == {
        "/articles",
        "/articles/{article_id}",
        "/search",
        "/quotes",
        "/events",
        "/places",
        "/actors",
        "/findings",
        "/stories",
        "/stories/{story_id}",
        "/stats",
        "/outlets",
    }
    assert set(spec["paths"]["/articles"]) == {"get", "post"}


def test_openapi_documents_the_filters_and_the_write_token(client):
    spec = client.get("/openapi.json").json()
    names = {p["name"] for p in spec["paths"]["/quotes"]["get"]["parameters"]}
    assert names == {"q", "speaker", "actor", "place", "plover", "from", "to", "limit", "cursor"}
    post = spec["paths"]["/articles"]["post"]
    assert post["security"] == [{"HTTPBearer": []}]
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert "Article" in spec["components"]["schemas"]


@pytest.mark.parametrize(
    ("url", "model"),
    [
        ("/articles?limit=200", PageOf[ArticleItem]),
        ("/quotes?limit=200", PageOf[QuoteItem]),
        ("/events?limit=200", PageOf[EventItem]),
        ("/places?limit=200", PageOf[PlaceItem]),
        ("/actors?limit=200", PageOf[ActorItem]),
        ("/search?q=Russia", PageOf[SearchItem]),
        ("/stats", StatsBody),
    ],
)
def test_responses_validate_against_their_documented_schema(client, url, model):
    body = client.get(url).json()
    TypeAdapter(model).validate_python(body, strict=False)


def test_documented_item_schemas_have_exactly_the_keys_sent(client):
    # extra="forbid" catches keys the docs lack; this catches keys the docs have extra.
    for url, model in [("/quotes", QuoteItem), ("/events", EventItem)]:
        item = client.get(url).json()["items"][0]
        assert list(item) == list(model.model_fields), url


def test_article_schema_is_the_contract_record(client):
    one = corpus()[0]
    body = client.get(f"/articles/{one.id}").json()
    assert TypeAdapter(Article).validate_python(body) == one
