"""The embedded backend: one SQLite file, WAL journal, FTS5 full text.

Every query is the access layer's own (`sql.SQLStore`); this module holds what only
SQLite needs: the connection and its PRAGMAs, `BEGIN IMMEDIATE` transactions, and the
FTS5 full text (bm25 ranking, `snippet()` passages).

Writes run in `BEGIN IMMEDIATE` transactions (one per article), so a process killed at
any point leaves every article either wholly stored or absent, and a second writer
waits for the lock instead of failing half-way. WAL with `synchronous=NORMAL` keeps a
committed article through a crash of the process (not of the machine's power).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .base import MATCH_END, MATCH_START
from .errors import StoreError, StoreNotFound
from .migrate import migrate
from .query import SQLITE, fts_query
from .sql import FullText, SQLStore, marks

BUSY_TIMEOUT_S = 30.0
CACHE_KIB = 65_536  # page cache per connection
CHECKPOINT_PAGES = 10_000  # WAL pages (of 4 KiB) before SQLite copies them into the file
# bm25 weights of the title and text columns of articles_fts: a word in the title counts
# four times one in the text.
_ARTICLE_RANK = "bm25(articles_fts, 4.0, 1.0)"


class SQLiteStore(SQLStore):
    """A newstrace store in one SQLite file; see the `Store` protocol for each method."""

    dialect = "sqlite"
    syntax = SQLITE

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.location = str(path)
        self._conn = _connect(path, create=create)
        self._setup()
        try:
            migrate(self)
        except sqlite3.Error as error:
            self._conn.close()
            raise StoreError(
                self.location, f"the schema could not be set up ({error}); {_fix_for(error)}"
            ) from None
        except BaseException:
            self._conn.close()
            raise

    # ---- connection plumbing (also what the migration runner uses) -------------------

    def close(self) -> None:
        self._conn.close()

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return self._conn.execute(sql, tuple(params)).fetchall()

    def execute(self, sql: str, params: Iterable[Any] = ()) -> None:
        self._conn.execute(sql, tuple(params))

    def execute_many(self, sql: str, rows: list[tuple]) -> None:
        self._conn.executemany(sql, rows)

    def execute_script(self, sql: str) -> None:
        """Run each statement of `sql` inside the caller's transaction.

        `sqlite3.executescript` would commit first, so statements are split here with
        `sqlite3.complete_statement` (which understands triggers' BEGIN … END).
        """
        statement = ""
        for line in sql.splitlines(keepends=True):
            statement += line
            if sqlite3.complete_statement(statement):
                self._conn.execute(statement)
                statement = ""
        if statement.strip() and not _only_comments(statement):
            raise StoreError(
                self.location, f"a migration ends in an incomplete statement: {statement!r}"
            )

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreError(
                self.location, f"cannot start a write ({error}); {_fix_for(error)}"
            ) from None
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            self._rolled_back()
            raise
        self._conn.execute("COMMIT")

    # ---- full text ---------------------------------------------------------------------

    def _full_text(self, text: str) -> FullText:
        match = fts_query(text)
        return FullText(
            ids="SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?",
            source="articles_fts JOIN articles a ON a.pk = articles_fts.rowid",
            match="articles_fts MATCH ?",
            rank=_ARTICLE_RANK,
            match_params=[match],
        )

    def _quote_full_text(self, text: str) -> FullText:
        match = fts_query(text)
        return FullText(
            ids="SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?",
            source="quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid",
            match="quotes_fts MATCH ?",
            rank="bm25(quotes_fts)",
            match_params=[match],
        )

    def _snippets(self, text: str, pks: list[int]) -> dict[int, str]:
        rows = self.query(
            "SELECT rowid AS pk, snippet(articles_fts, 1, ?, ?, '…', 24) AS snippet "
            f"FROM articles_fts WHERE articles_fts MATCH ? AND rowid IN ({marks(len(pks))})",
            (MATCH_START, MATCH_END, fts_query(text), *pks),
        )
        return {row["pk"]: row["snippet"] for row in rows}


def _only_comments(sql: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in sql.splitlines())


def _fix_for(error: sqlite3.Error) -> str:
    text = str(error)
    if "locked" in text or "busy" in text:
        return "another process holds the write lock; wait for it to finish or stop it"
    if "readonly" in text or "read-only" in text:
        return "the file or its folder is read-only; check their permissions"
    if "fts5" in text:
        return "this Python's SQLite lacks FTS5; use a Python built with SQLite 3.9 or later"
    return "check the file, or pass another --db"


def _connect(path: Path, *, create: bool) -> sqlite3.Connection:
    """Open `path` with WAL and foreign keys on, refusing what is not a newstrace store."""
    location = str(path)
    if path.is_dir():
        raise StoreError(
            location, f"is a directory; pass a file path, such as {path / 'newstrace.db'}"
        )
    if not path.exists():
        if not create:
            raise StoreNotFound(location)
        if not path.parent.is_dir():
            raise StoreError(
                location, f"the folder {path.parent} does not exist; create it or pass another --db"
            )
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as error:
        raise StoreError(location, f"cannot be opened ({error}); {_fix_for(error)}") from None
    conn.row_factory = sqlite3.Row
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if tables and "schema_version" not in tables:
            raise StoreError(
                location,
                "is an SQLite database but not a newstrace store (it has no schema_version "
                "table); pass a new file with --db",
            )
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # One transaction per article makes many small commits: a bigger page cache and
        # rarer WAL checkpoints (each one syncs the file) doubled store-only ingest speed.
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        conn.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
    except sqlite3.DatabaseError as error:
        conn.close()
        if "not a database" in str(error):
            raise StoreError(
                location,
                "is not an SQLite database; pass a new file name with --db "
                "(newstrace creates it), or the store you ingested into",
            ) from None
        raise StoreError(location, f"cannot be opened ({error}); {_fix_for(error)}") from None
    except StoreError:
        conn.close()
        raise
    return conn
