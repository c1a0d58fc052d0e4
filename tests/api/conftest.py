"""Fixtures of the API tests: a store of hand-built articles and clients over it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from newstrace.api import create_app
from newstrace.store import open_store

from .corpus import corpus

TOKEN = "test-token-0123456789abcdef"
# An input path the store records for a run; no response may reveal it.
SECRET_INPUT = "/srv/private/feeds/secret-input.jsonl"


def fill_store(location: str) -> str:
    """Store `corpus()` at `location` in one recorded ingest run."""
    with open_store(location) as store:
        run_id = store.begin_run([SECRET_INPUT])
        for one in corpus():
            store.add_article(one, run_id=run_id)
        store.finish_run(run_id, status="done", added=len(corpus()), skipped=0, errors=0)
    return location


@pytest.fixture
def store_path(tmp_path) -> str:
    """A store of `corpus()` of the test's own, for tests that write or break it."""
    return fill_store(str(tmp_path / "api-store.db"))


@pytest.fixture(scope="module")
def read_store_path(tmp_path_factory) -> str:
    """A store of `corpus()` shared by a module's read-only tests."""
    return fill_store(str(tmp_path_factory.mktemp("api") / "api-store.db"))


@pytest.fixture(scope="module")
def client(read_store_path):
    """A read-only API (no token) over the shared store; writes are disabled."""
    with TestClient(create_app(read_store_path)) as opened:
        yield opened


class NoPipeline:
    """Stands in for spaCy where a test must never reach extraction."""

    def __getattr__(self, name):
        raise AssertionError(f"the pipeline was used ({name}) where no write may happen")


@pytest.fixture
def guarded_client(store_path):
    """An API with writes enabled whose pipeline fails the test if anything extracts."""
    app = create_app(store_path, write_token=TOKEN, load_nlp=NoPipeline)
    with TestClient(app) as opened:
        yield opened


@pytest.fixture
def writer_client(store_path, nlp):
    """An API with writes enabled and the real pipeline (loaded once per session)."""
    app = create_app(store_path, write_token=TOKEN, load_nlp=lambda: nlp)
    with TestClient(app) as opened:
        yield opened


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def walk(client: TestClient, url: str) -> tuple[list[dict], int]:
    """Every item of a listing, following `next` links; and how many pages it took."""
    items: list[dict] = []
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        pages += 1
        assert pages <= 1_000, "the listing never ends"
        url = body["next"]
    return items, pages
