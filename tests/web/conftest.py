"""Fixtures of the web UI tests: a store with a hostile article, and clients over it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from newstrace.api import create_app
from newstrace.store import open_store

from ..api.conftest import fill_store
from .hostile import hostile_article


def fill_web_store(location: str) -> str:
    """The API tests' corpus plus the hand-built hostile article."""
    fill_store(location)
    with open_store(location) as store:
        store.add_article(hostile_article())
    return location


@pytest.fixture(scope="module")
def web_store_path(tmp_path_factory) -> str:
    return fill_web_store(str(tmp_path_factory.mktemp("web") / "web-store.db"))


@pytest.fixture(scope="module")
def web(web_store_path):
    """A read-only app (UI and API) over the web store."""
    with TestClient(create_app(web_store_path)) as opened:
        yield opened
