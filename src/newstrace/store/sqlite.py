"""The embedded backend: one SQLite file, WAL journal, FTS5 full text.

Writes run in `BEGIN IMMEDIATE` transactions (one per article), so a process killed at
any point leaves every article either wholly stored or absent, and a second writer
waits for the lock instead of failing half-way. WAL with `synchronous=NORMAL` keeps a
committed article through a crash of the process (not of the machine's power).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..records import Actor, Article, InputError
from .base import (
    MATCH_END,
    MATCH_START,
    NO_FILTERS,
    SUMMARY_COUNTS,
    ActorCount,
    ArticleSummary,
    EventHit,
    Filters,
    Key,
    Page,
    PlaceCount,
    QuoteHit,
    RunInfo,
    SearchHit,
    StoreStats,
    check_key,
)
from .errors import StoreError, StoreNotFound
from .migrate import current_version, migrate
from .query import (
    EVENT_DAY,
    Where,
    article_where,
    event_where,
    fts_query,
    like_pattern,
    quote_where,
    speaker_where,
)
from .rows import (
    ARTICLE_COLUMNS,
    CHILD_COLUMNS,
    EVIDENCE_COLUMNS,
    ActorKey,
    actor_key,
    article_from_rows,
    article_row,
    child_rows,
    event_from,
    quote_from,
)

PAGE = 200  # articles read per query by iter_articles
BUSY_TIMEOUT_S = 30.0
CACHE_KIB = 65_536  # page cache per connection
CHECKPOINT_PAGES = 10_000  # WAL pages (of 4 KiB) before SQLite copies them into the file
COUNTED = (
    "articles",
    "boilerplate",
    "mentions",
    "actors",
    "quotes",
    "events",
    "places",
    "dates",
    "findings",
    "input_errors",
    "ingest_runs",
)
_ACTOR_ID_COLUMNS = ("actor_id", "speaker_actor_id", "source_actor_id", "target_actor_id")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _insert_sql(table: str, columns: Sequence[str], lead: Sequence[str]) -> str:
    names = (*lead, *columns)
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({_marks(len(names))})"


_INSERT_ARTICLE = _insert_sql("articles", ARTICLE_COLUMNS, ()) + " ON CONFLICT (id) DO NOTHING"
_INSERT_CHILD = {
    table: _insert_sql(table, columns, ("article_pk", "seq"))
    for table, columns in CHILD_COLUMNS.items()
}
_INSERT_CHILD["finding_evidence"] = _insert_sql(
    "finding_evidence", EVIDENCE_COLUMNS, ("article_pk", "finding_seq", "seq")
)


class SQLiteStore:
    """A newstrace store in one SQLite file; see the `Store` protocol for each method."""

    dialect = "sqlite"

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.location = str(path)
        self._conn = _connect(path, create=create)
        self._actors: dict[ActorKey, int] = {}
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

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return self._conn.execute(sql, tuple(params)).fetchall()

    def execute(self, sql: str, params: Iterable[Any] = ()) -> None:
        self._conn.execute(sql, tuple(params))

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

    def run_in_transaction(self, work: Callable[[], None]) -> None:
        with self._transaction():
            work()

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
            self._actors.clear()  # ids handed out inside the rolled-back transaction are void
            raise
        self._conn.execute("COMMIT")

    def schema_version(self) -> int:
        return current_version(self)

    # ---- writing -----------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return bool(self.query("SELECT 1 FROM articles WHERE id = ?", (article_id,)))

    def add_article(self, article: Article, *, run_id: int | None = None) -> bool:
        with self._transaction():
            row = article_row(article, ingested_at=_now(), run_id=run_id)
            cursor = self._conn.execute(_INSERT_ARTICLE, row)
            if cursor.rowcount == 0:
                return False
            pk = cursor.lastrowid
            for table, rows in child_rows(article, self._actor_id).items():
                if rows:
                    self._conn.executemany(_INSERT_CHILD[table], [(pk, *r) for r in rows])
        return True

    def _actor_id(self, actor: Actor) -> int:
        key = actor_key(actor)
        known = self._actors.get(key)
        if known is not None:
            return known
        name, country, sector = key
        found = self.query(
            "SELECT id FROM actors WHERE name = ? AND coalesce(country, '') = ? "
            "AND coalesce(sector, '') = ?",
            (name, country or "", sector or ""),
        )
        if found:
            actor_id = found[0][0]
        else:
            cursor = self._conn.execute(
                "INSERT INTO actors (name, country, sector) VALUES (?, ?, ?)", key
            )
            actor_id = cursor.lastrowid
        self._actors[key] = actor_id
        return actor_id

    def begin_run(self, inputs: Sequence[str], *, published: str | None = None) -> int:
        with self._transaction():
            cursor = self._conn.execute(
                "INSERT INTO ingest_runs (started_at, inputs, published) VALUES (?, ?, ?)",
                (_now(), json.dumps(list(inputs), ensure_ascii=False), published),
            )
        return int(cursor.lastrowid)

    def record_input_error(self, run_id: int, error: InputError) -> None:
        with self._transaction():
            self.execute(
                "INSERT INTO input_errors (run_id, source, error, recorded_at) VALUES (?, ?, ?, ?)",
                (run_id, error.source, error.error, _now()),
            )

    def finish_run(
        self, run_id: int, *, status: str, added: int, skipped: int, errors: int
    ) -> None:
        with self._transaction():
            self.execute(
                "UPDATE ingest_runs SET finished_at = ?, status = ?, articles_added = ?, "
                "articles_skipped = ?, input_errors = ? WHERE id = ?",
                (_now(), status, added, skipped, errors, run_id),
            )

    # ---- reading articles ------------------------------------------------------------

    def get_article(self, article_id: str) -> Article | None:
        rows = self.query("SELECT * FROM articles WHERE id = ?", (article_id,))
        return self._load(rows)[0] if rows else None

    def iter_articles(self, filters: Filters = NO_FILTERS) -> Iterator[Article]:
        base = self._article_where(filters)
        last = 0
        while True:
            where = Where(list(base.conditions), list(base.params))
            where.add("a.pk > ?", last)
            rows = self.query(
                f"SELECT a.* FROM articles a {where.sql()} ORDER BY a.pk LIMIT ?",
                (*where.params, PAGE),
            )
            if not rows:
                return
            yield from self._load(rows)
            last = rows[-1]["pk"]

    def _article_where(self, filters: Filters) -> Where:
        where = article_where(filters)
        if filters.text:
            where.add(
                "a.pk IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
                fts_query(filters.text),
            )
        return where

    def _load(self, article_rows: list[sqlite3.Row]) -> list[Article]:
        """Rebuild the articles of `article_rows` with one query per child table."""
        pks = [row["pk"] for row in article_rows]
        children: dict[int, dict[str, list[sqlite3.Row]]] = defaultdict(lambda: defaultdict(list))
        actor_ids: set[int] = set()
        for table in (*CHILD_COLUMNS, "finding_evidence"):
            order = (
                "article_pk, finding_seq, seq" if table == "finding_evidence" else "article_pk, seq"
            )
            for row in self.query(
                f"SELECT * FROM {table} WHERE article_pk IN ({_marks(len(pks))}) ORDER BY {order}",
                pks,
            ):
                children[row["article_pk"]][table].append(row)
                actor_ids.update(_actor_ids_of(row))
        actors = self._actor_keys(actor_ids)
        return [article_from_rows(row, children[row["pk"]], actors) for row in article_rows]

    def _actor_keys(self, ids: set[int]) -> dict[int, ActorKey]:
        if not ids:
            return {}
        rows = self.query(
            f"SELECT id, name, country, sector FROM actors WHERE id IN ({_marks(len(ids))})",
            sorted(ids),
        )
        return {row["id"]: (row["name"], row["country"], row["sector"]) for row in rows}

    # ---- queries -----------------------------------------------------------------------

    def search(self, filters: Filters, *, limit: int = 20) -> list[SearchHit]:
        match = fts_query(filters.text or "")
        where = Where(["articles_fts MATCH ?"], [match])
        article_where(filters, where)
        rows = self.query(
            "SELECT a.pk, a.id, a.source, a.title, a.published, "
            "bm25(articles_fts, 4.0, 1.0) AS score, "
            "snippet(articles_fts, 1, ?, ?, '…', 24) AS snippet "
            "FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
            f"{where.sql()} ORDER BY score LIMIT ?",
            (MATCH_START, MATCH_END, *where.params, limit),
        )
        quotes = self._matching_quotes(match, filters, [row["pk"] for row in rows])
        return [
            SearchHit(
                article_id=row["id"],
                source=row["source"],
                title=row["title"],
                published=row["published"],
                score=-row["score"],  # FTS5's bm25 is lower for better matches
                snippet=row["snippet"],
                quotes=tuple(quotes.get(row["pk"], ())),
            )
            for row in rows
        ]

    def _matching_quotes(self, match: str, filters: Filters, pks: list[int]) -> dict[int, list]:
        """The quotes of the articles `pks` whose content matches, best first."""
        if not pks:
            return {}
        where = Where(
            ["quotes_fts MATCH ?", f"q.article_pk IN ({_marks(len(pks))})"], [match, *pks]
        )
        speaker_where(filters, where)
        rows = self.query(
            "SELECT q.* FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid "
            f"{where.sql()} ORDER BY bm25(quotes_fts)",
            where.params,
        )
        actors = self._actor_keys({i for row in rows for i in _actor_ids_of(row)})
        found: dict[int, list] = defaultdict(list)
        for row in rows:
            found[row["article_pk"]].append(quote_from(row, actors))
        return found

    def quotes(self, filters: Filters, *, limit: int = 50) -> list[QuoteHit]:
        where = quote_where(filters)
        source = "quotes q"
        order = "q.article_pk, q.seq"
        if filters.text:
            source = "quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid"
            where.conditions.insert(0, "quotes_fts MATCH ?")
            where.params.insert(0, fts_query(filters.text))
            order = "bm25(quotes_fts), " + order
        rows = self.query(
            f"SELECT q.*, a.id AS article_id, a.title, a.published FROM {source} "
            f"JOIN articles a ON a.pk = q.article_pk {where.sql()} ORDER BY {order} LIMIT ?",
            (*where.params, limit),
        )
        actors = self._actor_keys({i for row in rows for i in _actor_ids_of(row)})
        return [
            QuoteHit(
                article_id=row["article_id"],
                title=row["title"],
                published=row["published"],
                quote=quote_from(row, actors),
            )
            for row in rows
        ]

    def events(self, filters: Filters, *, limit: int = 50) -> list[EventHit]:
        where = event_where(filters)
        if filters.text:
            where.add(
                "a.pk IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
                fts_query(filters.text),
            )
        rows = self.query(
            "SELECT e.*, a.id AS article_id, a.title, a.published FROM events e "
            f"JOIN articles a ON a.pk = e.article_pk {where.sql()} "
            f"ORDER BY {EVENT_DAY} IS NULL, {EVENT_DAY}, a.pk, e.seq LIMIT ?",
            (*where.params, limit),
        )
        actors = self._actor_keys({i for row in rows for i in _actor_ids_of(row)})
        return [
            EventHit(
                article_id=row["article_id"],
                title=row["title"],
                published=row["published"],
                event=event_from(row, actors),
            )
            for row in rows
        ]

    def stats(self, *, top: int = 10) -> StoreStats:
        counts = {table: self.query(f"SELECT count(*) FROM {table}")[0][0] for table in COUNTED}
        speakers = self.query(
            "SELECT speaker_name, count(*) AS n FROM quotes WHERE speaker_name IS NOT NULL "
            "GROUP BY speaker_name ORDER BY n DESC, speaker_name LIMIT ?",
            (top,),
        )
        places = self.query(
            "SELECT name, count(*) AS n FROM places GROUP BY name ORDER BY n DESC, name LIMIT ?",
            (top,),
        )
        runs = self.query(
            "SELECT r.*, (SELECT count(*) FROM articles WHERE run_id = r.id) AS stored, "
            "(SELECT count(*) FROM input_errors WHERE run_id = r.id) AS errors "
            "FROM ingest_runs r ORDER BY r.id DESC LIMIT ?",
            (top,),
        )
        return StoreStats(
            location=self.location,
            schema_version=self.schema_version(),
            counts=counts,
            top_speakers=[(row[0], row[1]) for row in speakers],
            top_places=[(row[0], row[1]) for row in places],
            runs=[
                RunInfo(
                    id=row["id"],
                    started_at=row["started_at"],
                    finished_at=row["finished_at"],
                    status=row["status"],
                    inputs=tuple(json.loads(row["inputs"])),
                    stored=row["stored"],
                    skipped=row["articles_skipped"],
                    errors=row["errors"],
                )
                for row in runs
            ],
        )

    # ---- pages (the HTTP API): keyset paging, one row past the page says "more" -------

    def article_page(
        self, filters: Filters, *, after: Key | None = None, limit: int = 50
    ) -> Page[ArticleSummary]:
        key = check_key(after, (int,), "articles")
        where = self._picked_articles(filters)
        if key:
            where.add("a.pk > ?", *key)
        counts = ", ".join(
            f"(SELECT count(*) FROM {table} c WHERE c.article_pk = a.pk) AS n_{table}"
            for table in SUMMARY_COUNTS
        )
        rows = self.query(
            "SELECT a.pk, a.id, a.source, a.url, a.outlet, a.title, a.published, "
            f"a.published_source, a.language, {counts} FROM articles a {where.sql()} "
            "ORDER BY a.pk LIMIT ?",
            (*where.params, limit + 1),
        )
        rows, last = _cut(rows, limit, lambda row: (row["pk"],))
        return Page(
            items=[
                ArticleSummary(
                    id=row["id"],
                    source=row["source"],
                    url=row["url"],
                    outlet=row["outlet"],
                    title=row["title"],
                    published=row["published"],
                    published_source=row["published_source"],
                    language=row["language"],
                    counts={table: row[f"n_{table}"] for table in SUMMARY_COUNTS},
                )
                for row in rows
            ],
            next=last,
        )

    def search_page(
        self, filters: Filters, *, after: Key | None = None, limit: int = 20
    ) -> Page[SearchHit]:
        key = check_key(after, (float, int), "search")
        match = fts_query(filters.text or "")
        where = Where(["articles_fts MATCH ?"], [match])
        article_where(filters, where)
        beyond = Where()
        if key:
            beyond.add("(score, pk) > (?, ?)", *key)
        # Rank first, then build snippets for the page's rows only: a snippet costs more
        # than a score, and every match is scored.
        ranked = self.query(
            "SELECT pk, score FROM (SELECT a.pk AS pk, bm25(articles_fts, 4.0, 1.0) AS score "
            f"FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid {where.sql()}) "
            f"{beyond.sql()} ORDER BY score, pk LIMIT ?",
            (*where.params, *beyond.params, limit + 1),
        )
        ranked, last = _cut(ranked, limit, lambda row: (row["score"], row["pk"]))
        pks = [row["pk"] for row in ranked]
        details = {
            row["pk"]: row
            for row in self.query(
                "SELECT a.pk, a.id, a.source, a.title, a.published, "
                "snippet(articles_fts, 1, ?, ?, '…', 24) AS snippet "
                "FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
                f"WHERE articles_fts MATCH ? AND a.pk IN ({_marks(len(pks))})",
                (MATCH_START, MATCH_END, match, *pks),
            )
        }
        quotes = self._matching_quotes(match, filters, pks)
        items = []
        for row in ranked:
            found = details[row["pk"]]
            items.append(
                SearchHit(
                    article_id=found["id"],
                    source=found["source"],
                    title=found["title"],
                    published=found["published"],
                    score=-row["score"],  # FTS5's bm25 is lower for better matches
                    snippet=found["snippet"],
                    quotes=tuple(quotes.get(row["pk"], ())),
                )
            )
        return Page(items=items, next=last)

    def quote_page(
        self, filters: Filters, *, after: Key | None = None, limit: int = 50
    ) -> Page[QuoteHit]:
        key = check_key(after, (int,), "quotes")
        where = quote_where(filters)
        source = "quotes q"
        if filters.text:
            source = "quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid"
            where.conditions.insert(0, "quotes_fts MATCH ?")
            where.params.insert(0, fts_query(filters.text))
        if key:
            where.add("q.id > ?", *key)
        rows = self.query(
            f"SELECT q.*, a.id AS article_id, a.title, a.published FROM {source} "
            f"JOIN articles a ON a.pk = q.article_pk {where.sql()} ORDER BY q.id LIMIT ?",
            (*where.params, limit + 1),
        )
        rows, last = _cut(rows, limit, lambda row: (row["id"],))
        actors = self._actor_keys({i for row in rows for i in _actor_ids_of(row)})
        return Page(
            items=[
                QuoteHit(
                    article_id=row["article_id"],
                    title=row["title"],
                    published=row["published"],
                    quote=quote_from(row, actors),
                )
                for row in rows
            ],
            next=last,
        )

    def event_page(
        self, filters: Filters, *, after: Key | None = None, limit: int = 50
    ) -> Page[EventHit]:
        key = check_key(after, (str, int, int), "events")
        where = event_where(filters)
        if filters.text:
            where.add(
                "a.pk IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
                fts_query(filters.text),
            )
        # Undated events sort after every YYYY-MM-DD ('~' is above the digits).
        day = f"coalesce({EVENT_DAY}, '~')"
        if key:
            where.add(f"({day}, e.article_pk, e.seq) > (?, ?, ?)", *key)
        rows = self.query(
            f"SELECT e.*, a.id AS article_id, a.title, a.published, {day} AS day_key "
            f"FROM events e JOIN articles a ON a.pk = e.article_pk {where.sql()} "
            "ORDER BY day_key, e.article_pk, e.seq LIMIT ?",
            (*where.params, limit + 1),
        )
        rows, last = _cut(rows, limit, lambda row: (row["day_key"], row["article_pk"], row["seq"]))
        actors = self._actor_keys({i for row in rows for i in _actor_ids_of(row)})
        return Page(
            items=[
                EventHit(
                    article_id=row["article_id"],
                    title=row["title"],
                    published=row["published"],
                    event=event_from(row, actors),
                )
                for row in rows
            ],
            next=last,
        )

    def place_page(
        self, filters: Filters, *, after: Key | None = None, limit: int = 50
    ) -> Page[PlaceCount]:
        key = check_key(after, (int, str, int), "places")
        where = self._picked_articles(filters, skip=("place",))
        if filters.place:
            pattern = like_pattern(filters.place.strip(), contains=False)
            where.add(
                f"(p.name {_LIKE} OR p.text {_LIKE} OR p.geonameid = ?)",
                pattern,
                pattern,
                _number(filters.place),
            )
        beyond = Where()
        if key:
            beyond.add("(-mentions, name, gid) > (?, ?, ?)", *key)
        # An unresolved place (no GeoNames id) groups by its name alone, under gid -1.
        rows = self.query(
            "SELECT * FROM (SELECT p.name AS name, coalesce(p.geonameid, -1) AS gid, "
            "max(p.geonameid) AS geonameid, max(p.country) AS country, "
            "max(p.admin1) AS admin1, max(p.lat) AS lat, max(p.lon) AS lon, "
            "max(p.precision) AS precision, count(*) AS mentions, "
            "count(DISTINCT p.article_pk) AS articles "
            f"FROM places p JOIN articles a ON a.pk = p.article_pk {where.sql()} "
            f"GROUP BY p.name, gid) {beyond.sql()} ORDER BY -mentions, name, gid LIMIT ?",
            (*where.params, *beyond.params, limit + 1),
        )
        rows, last = _cut(rows, limit, lambda row: (-row["mentions"], row["name"], row["gid"]))
        return Page(
            items=[
                PlaceCount(
                    name=row["name"],
                    geonameid=row["geonameid"],
                    country=row["country"],
                    admin1=row["admin1"],
                    lat=row["lat"],
                    lon=row["lon"],
                    precision=row["precision"],
                    mentions=row["mentions"],
                    articles=row["articles"],
                )
                for row in rows
            ],
            next=last,
        )

    def actor_page(
        self, filters: Filters, *, after: Key | None = None, limit: int = 50
    ) -> Page[ActorCount]:
        key = check_key(after, (int, int), "actors")
        picked = self._picked_articles(filters, skip=("actor",))
        within = ""
        if picked.conditions:
            within = f" WHERE article_pk IN (SELECT a.pk FROM articles a {picked.sql()})"
        uses = " UNION ALL ".join(
            f"SELECT {column} AS actor, article_pk, {kind} FROM {table}{within}"
            for table, column, kind in (
                ("mentions", "actor_id", "1 AS m, 0 AS q, 0 AS e"),
                ("quotes", "speaker_actor_id", "0, 1, 0"),
                ("events", "source_actor_id", "0, 0, 1"),
                ("events", "target_actor_id", "0, 0, 1"),
            )
        )
        which = Where()
        if filters.actor:
            actor = filters.actor.strip()
            which.add(
                f"(ac.country = ? OR ac.name {_LIKE})",
                actor.upper(),
                like_pattern(actor, contains=False),
            )
        beyond = Where()
        if key:
            beyond.add("(-uses, id) > (?, ?)", *key)
        rows = self.query(
            "SELECT * FROM (SELECT ac.id AS id, ac.name, ac.country, ac.sector, "
            "sum(u.m) AS mentions, sum(u.q) AS quotes, sum(u.e) AS events, "
            "count(DISTINCT u.article_pk) AS articles, count(*) AS uses "
            f"FROM ({uses}) u JOIN actors ac ON ac.id = u.actor {which.sql()} "
            f"GROUP BY ac.id) {beyond.sql()} ORDER BY -uses, id LIMIT ?",
            (*(picked.params * 4), *which.params, *beyond.params, limit + 1),
        )
        rows, last = _cut(rows, limit, lambda row: (-row["uses"], row["id"]))
        return Page(
            items=[
                ActorCount(
                    name=row["name"],
                    country=row["country"],
                    sector=row["sector"],
                    mentions=row["mentions"],
                    quotes=row["quotes"],
                    events=row["events"],
                    articles=row["articles"],
                )
                for row in rows
            ],
            next=last,
        )

    def _picked_articles(self, filters: Filters, *, skip: tuple[str, ...] = ()) -> Where:
        """Conditions on articles `a` for `filters` (full text included), but `skip`."""
        where = article_where(filters, skip=skip)
        if filters.text:
            where.add(
                "a.pk IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
                fts_query(filters.text),
            )
        return where


_LIKE = "LIKE ? ESCAPE '\\'"


def _number(value: str) -> int | None:
    """`value` as a GeoNames id when it is all digits (so "Aleppo" never matches one)."""
    return int(value) if value.strip().isdigit() else None


def _cut(rows: list, limit: int, key_of: Callable[[Any], Key]) -> tuple[list, Key | None]:
    """The first `limit` of `rows` (fetched as `limit + 1`) and the key to go on from."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, key_of(rows[-1])


def _actor_ids_of(row: sqlite3.Row) -> Iterator[int]:
    keys = row.keys()
    for column in _ACTOR_ID_COLUMNS:
        if column in keys and row[column] is not None:
            yield row[column]


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
