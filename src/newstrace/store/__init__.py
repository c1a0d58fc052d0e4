"""The store: a searchable corpus of extracted articles, embedded (SQLite) by default.

`open_store(location)` picks the backend from the location: a file path is an SQLite
store (created on first use, migrated to the newest schema); a `postgresql://` URL is
reserved for the PostgreSQL backend. Everything else talks to the `Store` protocol.
"""

from __future__ import annotations

from pathlib import Path

from .base import NO_FILTERS, EventHit, Filters, QuoteHit, SearchHit, Store, StoreStats
from .errors import QueryError, SchemaTooNew, StoreError, StoreNotFound

DEFAULT_DB = "newstrace.db"
_POSTGRES = ("postgresql://", "postgres://")

__all__ = [
    "DEFAULT_DB",
    "NO_FILTERS",
    "EventHit",
    "Filters",
    "QueryError",
    "QuoteHit",
    "SchemaTooNew",
    "SearchHit",
    "Store",
    "StoreError",
    "StoreNotFound",
    "StoreStats",
    "open_store",
]


def open_store(location: str | Path = DEFAULT_DB, *, create: bool = True) -> Store:
    """Open (and migrate) the store at `location`: a file path or a database URL.

    Args:
        location: An SQLite file (created when missing and `create` is true).
        create: False for read-only commands, so a mistyped path is an error, not a
            new empty store.

    Raises:
        StoreNotFound: the file does not exist and `create` is false.
        StoreError: the location cannot hold a store (a directory, not SQLite, …).
        SchemaTooNew: the store was written by a newer newstrace.
    """
    text = str(location)
    if text.startswith(_POSTGRES):
        raise StoreError(
            _redact(text),
            "the PostgreSQL backend is not built yet; pass an SQLite file path with --db",
        )
    if "://" in text:
        raise StoreError(
            text, "is not a known database URL; pass an SQLite file path or postgresql://…"
        )
    from .sqlite import SQLiteStore

    return SQLiteStore(Path(text).expanduser(), create=create)


def _redact(url: str) -> str:
    """`url` without its password, for error messages."""
    scheme, _, rest = url.partition("://")
    if "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"
