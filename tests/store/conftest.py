"""Fixtures of the store suite, parametrised over backends so each test runs on each.

"sqlite" stores live in a temp file; "postgres" stores in a fresh database of a real
PostgreSQL server that this suite starts once per session from the installed binaries
(tests/store/postgres_server.py) and stops at the end. Without those binaries the
postgres runs skip, naming the package to install; `-m "not postgres"` leaves them out.
"""

from __future__ import annotations

import itertools

import pytest

from newstrace.store import open_store

from . import postgres_server

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]
_names = itertools.count(1)


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for the session (skips when PostgreSQL is not installed)."""
    bindir = postgres_server.find_bindir()
    if bindir is None:
        pytest.skip(
            "no PostgreSQL server binaries (initdb, pg_ctl) found by pg_config, in "
            f"/usr/lib/postgresql/*/bin or on PATH; install them: {postgres_server.INSTALL}"
        )
    server = postgres_server.start(bindir)
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres):
    """The URL of a new, empty database on the session's server, dropped after the test."""
    name = f"store_{next(_names)}"
    url = postgres.create_database(name)
    yield url
    postgres.drop_database(name)


@pytest.fixture(params=BACKENDS)
def store_location(request, tmp_path) -> str:
    """Where a fresh, empty store of the backend under test lives."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(store_location):
    """A fresh store, closed after the test."""
    opened = open_store(store_location)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def sources():
    """The five wire stories the sample article was stitched from."""
    from ..link.trust_helpers import sample_sources

    return sample_sources()


@pytest.fixture(scope="session")
def sample(sample_text):
    """The sample article as a content-farm page, days after the stories it pastes."""
    from ..link.trust_helpers import text_article

    return text_article(sample_text, source="sample", title="Content farm", published="2016-02-16")
