"""The store: a searchable corpus of extracted articles, embedded (SQLite) by default.

`open_store(location)` picks the backend from the location: a file path is an SQLite
store (created on first use), a `postgresql://` URL a database on a PostgreSQL server
(which must exist; its tables are created on first use). Both are migrated to the newest
schema on opening. Everything else talks to the `Store` protocol.
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
        location: An SQLite file (created when missing and `create` is true), or a
            postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE URL.
        create: False for read-only commands, so a mistyped path is an error, not a
            new empty store.

    Raises:
        StoreNotFound: the file does not exist (or the database holds no store yet) and
            `create` is false.
        StoreError: the location cannot hold a store (a directory, not SQLite, a server
            that cannot be reached, …); the message names it without its password.
        SchemaTooNew: the store was written by a newer newstrace.
    """
    text = str(location)
    if text.startswith(_POSTGRES):
        from .postgres import PostgresStore

        return PostgresStore(text, create=create)
    if "://" in text:
        from .postgres import redact

        raise StoreError(
            redact(text),
            "is not a known database URL; pass an SQLite file path or postgresql://…",
        )
    from .sqlite import SQLiteStore

    return SQLiteStore(Path(text).expanduser(), create=create)
