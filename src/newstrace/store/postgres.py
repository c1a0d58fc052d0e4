"""The shared backend: a PostgreSQL database, full text in tsvectors under GIN indexes.

Every query is the access layer's own (`sql.SQLStore`); this module holds what only
PostgreSQL needs: the connection (autocommit, with explicit transactions, one per
article), `?` placeholders handed to psycopg as `%s`, the tsvector full text, and
errors that name the URL without its password and say what to do.

Two processes may ingest into one database at once: articles and actors are inserted
with ON CONFLICT DO NOTHING against their unique keys, so the second writer of the same
content hash skips it instead of storing it twice, and schema migrations take an
advisory lock so only one process applies them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

from .base import MATCH_END, MATCH_START
from .errors import StoreError, StoreNotFound
from .migrate import migrate
from .query import POSTGRES, TS_CONFIG, tsquery
from .sql import FullText, SQLStore, marks

CONNECT_TIMEOUT_S = 10
# pg_advisory_lock key held while a process checks and migrates the schema ("nwst").
_MIGRATION_LOCK = 0x6E777374
# ts_rank_cd weights of D, C, B, A: the title (A) counts four times the text (B), as
# SQLite's bm25(articles_fts, 4.0, 1.0) weighs them.
_WEIGHTS = "'{0.1, 0.2, 0.25, 1.0}'"
_BY_LENGTH = 1  # ts_rank_cd normalisation: divide by 1 + log(document length), as bm25 does
_HEADLINE = (
    f"StartSel={MATCH_START}, StopSel={MATCH_END}, MaxWords=24, MinWords=12, "
    "MaxFragments=1, ShortWord=2"
)
_LITERAL_OR_MARK = re.compile(r"'(?:[^']|'')*'|[?%]")


@lru_cache(maxsize=1024)
def pyformat(sql: str) -> str:
    """`sql` with `?` placeholders as psycopg's `%s` (and a literal `%` as `%%`).

    `?` inside '…' string literals is left alone; the access layer's SQL has no other
    quoting that could hold one.
    """

    def swap(match: re.Match[str]) -> str:
        text = match.group()
        if text == "?":
            return "%s"
        return text.replace("%", "%%")

    return _LITERAL_OR_MARK.sub(swap, sql)


def redact(url: str) -> str:
    """`url` without its password (user:***@host, and password=*** in its query)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    netloc, slash, tail = rest.partition("/")
    if "@" in netloc:
        credentials, _, host = netloc.rpartition("@")
        if ":" in credentials:
            credentials = credentials.split(":", 1)[0] + ":***"
        netloc = f"{credentials}@{host}"
    tail = re.sub(r"(?i)(password=)[^&]*", r"\1***", tail)
    return f"{scheme}://{netloc}{slash}{tail}"


class Row:
    """A result row read by position or by column name, like `sqlite3.Row`."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: Sequence[Any], index: dict[str, int]) -> None:
        self._values = values
        self._index = index

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def keys(self) -> list[str]:
        return list(self._index)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Row({ {name: self._values[i] for name, i in self._index.items()}!r})"


def _row_factory(cursor: Any) -> Callable[[Sequence[Any]], Row]:
    index: dict[str, int] = {}
    for i, column in enumerate(cursor.description or ()):
        index.setdefault(column.name, i)  # a repeated name reads the first, as in sqlite3
    return lambda values: Row(values, index)


class PostgresStore(SQLStore):
    """A newstrace store in a PostgreSQL database; see the `Store` protocol."""

    dialect = "postgres"
    syntax = POSTGRES

    def __init__(self, url: str, *, create: bool = True) -> None:
        self.location = redact(url)
        self._password = _password_of(url)
        self._conn = _connect(url, self.location, self._password)
        self._converting = False
        self._setup()
        try:
            with self._errors("the schema could not be set up"), self._migration_lock():
                self._check_store(create=create)
                migrate(self)
        except BaseException:
            self._conn.close()
            raise

    def _check_store(self, *, create: bool) -> None:
        """Refuse a database that holds something else, or nothing when reading."""
        tables = {
            row[0]
            for row in self.query(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            )
        }
        if "schema_version" in tables:
            return
        if tables:
            raise StoreError(
                self.location,
                "is a PostgreSQL database but not a newstrace store (it has tables but no "
                "schema_version table); create an empty database for newstrace "
                "(createdb newstrace) and pass its URL with --db",
            )
        if not create:
            raise StoreNotFound(self.location)

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        # Session-level, so it spans the several transactions of a migration run; a
        # second process waits here, then finds the schema up to date.
        self._conn.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
        try:
            yield
        finally:
            # A connection that broke meanwhile took its session, and the lock, with it.
            with suppress(Exception):
                self._conn.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))

    # ---- connection plumbing -----------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _errors(self, what: str = "the query failed") -> Iterator[None]:
        """Turn a driver error into a `StoreError` naming the database and the fix.

        Nested uses leave the error to the outermost, which knows best what was going on
        ("the schema could not be set up" rather than "the query failed").
        """
        import psycopg

        if self._converting:
            yield
            return
        self._converting = True
        try:
            yield
        except psycopg.Error as error:
            message = _message(error, self._password)
            raise StoreError(self.location, f"{what} ({message}); {_fix_for(error)}") from None
        finally:
            self._converting = False

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        params = tuple(params)
        with self._errors():
            # Without parameters psycopg reads no placeholders, so `%` stays as written.
            cursor = self._conn.execute(pyformat(sql) if params else sql, params or None)
            return cursor.fetchall() if cursor.description else []

    def execute(self, sql: str, params: Iterable[Any] = ()) -> None:
        self.query(sql, params)

    def execute_many(self, sql: str, rows: list[tuple]) -> None:
        with self._errors(), self._conn.cursor() as cursor:
            cursor.executemany(pyformat(sql), rows)

    def execute_script(self, sql: str) -> None:
        """Run the statements of `sql` (a migration) inside the caller's transaction."""
        with self._errors():
            self._conn.execute(sql)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            with self._errors("the write failed and was rolled back"), self._conn.transaction():
                yield
        except BaseException:
            self._rolled_back()
            raise

    # ---- full text ---------------------------------------------------------------------

    def _full_text(self, text: str) -> FullText:
        query, terms = tsquery(text)
        return FullText(
            ids=f"SELECT pk FROM articles_fts WHERE fts @@ {query}",
            source="articles a JOIN articles_fts af ON af.pk = a.pk",
            match=f"af.fts @@ {query}",
            # float8: a float4 read back as text and bound again would not equal itself,
            # and search pages go on from the last rank they showed.
            rank=f"-ts_rank_cd({_WEIGHTS}, af.fts, {query}, {_BY_LENGTH})::float8",
            match_params=terms,
            rank_params=terms,
        )

    def _quote_full_text(self, text: str) -> FullText:
        query, terms = tsquery(text)
        return FullText(
            ids=f"SELECT id FROM quotes_fts WHERE fts @@ {query}",
            source="quotes q JOIN quotes_fts qf ON qf.id = q.id",
            match=f"qf.fts @@ {query}",
            rank=f"-ts_rank_cd(qf.fts, {query})::float8",
            match_params=terms,
            rank_params=terms,
        )

    def _snippets(self, text: str, pks: list[int]) -> dict[int, str]:
        query, terms = tsquery(text)
        rows = self.query(
            f"SELECT pk, ts_headline('{TS_CONFIG}', text, {query}, ?) AS snippet "
            f"FROM articles WHERE pk IN ({marks(len(pks))})",
            (*terms, _HEADLINE, *pks),
        )
        return {row["pk"]: row["snippet"] for row in rows}


def _password_of(url: str) -> str | None:
    """The password as written in `url` (maybe %-escaped), also in a URL too broken to parse."""
    try:
        password = urlsplit(url).password
    except ValueError:
        found = re.match(r"[a-z]+://[^:/@]*:([^@/]*)@", url)
        password = found.group(1) if found else None
    return password or None


# The contrib extensions the migrations create (0001: unaccent, 0002: pg_trgm).
CONTRIB_EXTENSIONS = ("unaccent", "pg_trgm")


def _message(error: BaseException, password: str | None) -> str:
    """The driver's message on one line, without the password should it quote it."""
    text = " ".join(str(error).split()) or type(error).__name__
    if password:
        text = text.replace(password, "***").replace(unquote(password), "***")
    return text


def _fix_for(error: BaseException) -> str:
    import psycopg

    text = str(error)
    code = getattr(error, "sqlstate", None) or ""
    if code == "42501" or "permission denied" in text:
        return (
            "the database user lacks a privilege newstrace needs (on first use: creating "
            "tables and the unaccent and pg_trgm extensions); run it once as the "
            "database's owner, or ask the administrator to grant them"
        )
    if any(name in text for name in CONTRIB_EXTENSIONS) and (
        "not available" in text or "control file" in text
    ):
        return (
            f"the server lacks its contrib extensions ({', '.join(CONTRIB_EXTENSIONS)}); "
            "install them (apt-get install postgresql-contrib, or the server's full package)"
        )
    lost = not code and isinstance(error, psycopg.OperationalError)
    if lost or code.startswith(("08", "57P")):  # no link to the server, or it shut down
        return (
            "the connection to the server was lost; check the server and rerun: every "
            "article stored before is kept"
        )
    return "check the server's log; nothing of the failed statement was kept"


def _connect(url: str, location: str, password: str | None) -> Any:
    """A connection to the database at `url` (autocommit, rows read by name too)."""
    try:
        import psycopg
        from psycopg.conninfo import conninfo_to_dict
    except ImportError:
        raise StoreError(
            location,
            "the PostgreSQL driver is missing; install it: pip install 'psycopg[binary]'",
        ) from None
    try:
        params = conninfo_to_dict(url)
    except psycopg.Error as error:
        raise StoreError(
            location,
            f"is not a PostgreSQL URL newstrace can read ({_message(error, password)}); "
            "write it as postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE",
        ) from None
    params.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    params.setdefault("application_name", "newstrace")
    try:
        conn = psycopg.connect(autocommit=True, row_factory=_row_factory, **params)
    except psycopg.Error as error:
        message = _message(error, password)
        raise StoreError(
            location, f"cannot connect ({message}); {_connect_fix(message, params)}"
        ) from None
    # The JIT compiles any plan past a cost threshold that filtered searches cross; the
    # compiling took longer than running the query (125 of 480 ms, measured).
    conn.execute("SET jit = off")
    return conn


def _connect_fix(message: str, params: dict[str, Any]) -> str:
    host = params.get("host") or "localhost"
    port = params.get("port") or "5432"
    user = params.get("user") or "USER"
    dbname = params.get("dbname") or "DATABASE"
    if re.search(r"role .* does not exist", message):
        return f"the server has no user {user!r}; check the user name in the URL"
    if re.search(r"database .* does not exist", message):
        return (
            f"create the database first (createdb -h {host} -p {port} -U {user} {dbname}), "
            "or pass the URL of an existing one"
        )
    if "password" in message or "authentication" in message:
        return "check the user and password in the URL (or PGPASSWORD, or ~/.pgpass)"
    if re.search(r"invalid .*(connection option|URI)|invalid URI", message):
        return "write the URL as postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
    return (
        f"check the host and port in the URL and that the server is running there "
        f"(pg_isready -h {host} -p {port})"
    )
