"""Fixtures of the store suite, parametrised over backends so each test runs on each.

Only "sqlite" exists yet; a PostgreSQL backend joins by adding its name to BACKENDS and
a branch to `store_location` that hands out a fresh database URL.
"""

from __future__ import annotations

import pytest

from newstrace.store import open_store

BACKENDS = ["sqlite"]


@pytest.fixture(params=BACKENDS)
def store_location(request, tmp_path) -> str:
    """Where a fresh, empty store of the backend under test lives."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    raise NotImplementedError(request.param)


@pytest.fixture
def store(store_location):
    """A fresh store, closed after the test."""
    opened = open_store(store_location)
    yield opened
    opened.close()
