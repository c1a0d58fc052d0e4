"""The real sample article, extracted by the pipeline, comes back through every endpoint."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from newstrace.api import create_app
from newstrace.store import open_store

pytestmark = pytest.mark.slow  # the sample is extracted by the real pipeline


@pytest.fixture
def sample_client(tmp_path, sample_article):
    location = str(tmp_path / "sample.db")
    with open_store(location) as store:
        store.add_article(sample_article)
    with TestClient(create_app(location)) as client:
        yield client


def test_sample_article_reads_back_exactly(sample_client, sample_article):
    body = sample_client.get(f"/articles/{sample_article.id}").json()
    assert body == sample_article.to_dict()
    for span in sample_article.iter_spans():
        assert body["text"][span.start : span.end] == span.text


def test_sample_quotes_events_places_and_actors_are_listed(sample_client, sample_article):
    quotes = sample_client.get("/quotes?limit=200").json()["items"]
    assert [
        {k: v for k, v in q.items() if k not in ("article", "title", "published")} for q in quotes
    ] == [q.to_dict() for q in sample_article.quotes]
    events = sample_client.get("/events?limit=200").json()["items"]
    assert len(events) == len(sample_article.events)
    places = sample_client.get("/places?place=Aleppo").json()["items"]
    assert places and places[0]["name"] == "Aleppo"
    actors = sample_client.get("/actors?actor=RUS").json()["items"]
    assert any(actor["name"] == "Russia" for actor in actors)


def test_sample_is_found_by_search_with_a_speaker_filter(sample_client, sample_article):
    speaker = next(q.speaker.name for q in sample_article.quotes if q.speaker and q.speaker.name)
    body = sample_client.get("/search", params={"q": "Aleppo", "speaker": speaker}).json()
    assert [hit["id"] for hit in body["items"]] == [sample_article.id]
