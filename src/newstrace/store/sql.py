"""The store's one access layer over SQL: every `Store` method, written once for both backends.

The statements here run unchanged on SQLite and on PostgreSQL: `?` placeholders (the
PostgreSQL backend hands its driver `%s`), `INSERT … ON CONFLICT DO NOTHING RETURNING`,
row values, and the schema both migration folders create column for column. What the
backends spell differently is small and lives with each backend:

- the connection: `query`, `execute`, `execute_many`, `_transaction` (and what the
  migration runner needs: `run_in_transaction`, `execute_script`);
- the full-text index (FTS5 tables, or tsvectors under GIN indexes): `_full_text`,
  `_quote_full_text` and `_snippets`;
- case-insensitive LIKE: the `syntax` attribute (a `query.Dialect`).

Rows come back as objects read both by position and by column name (`row["pk"]`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from ..records import Actor, Article, Finding, InputError, Span
from .base import (
    ALL_FINDINGS,
    NO_FILTERS,
    SUMMARY_COUNTS,
    ActorCount,
    ArticleSummary,
    ClaimSide,
    EventHit,
    Filters,
    FindingFilters,
    FindingHit,
    Key,
    Page,
    PlaceCount,
    QuoteHit,
    RunInfo,
    SearchHit,
    SourceArticle,
    StoredClaim,
    StoreStats,
    StoryDetail,
    StoryRows,
    StorySummary,
    Traced,
    TrustRow,
    check_key,
)
from .migrate import current_version
from .query import (
    EVENT_DAY,
    Dialect,
    Where,
    article_where,
    event_where,
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


def now() -> str:
    """The current UTC time as the store writes it (ISO 8601, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def marks(count: int) -> str:
    """`count` placeholders, comma-separated."""
    return ", ".join("?" * count)


def _insert_sql(table: str, columns: Sequence[str], lead: Sequence[str]) -> str:
    names = (*lead, *columns)
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks(len(names))})"


# ON CONFLICT DO NOTHING + RETURNING: no row back means the id was stored (perhaps by
# another process a moment ago), and the article is skipped instead of failing.
_INSERT_ARTICLE = (
    _insert_sql("articles", ARTICLE_COLUMNS, ()) + " ON CONFLICT (id) DO NOTHING RETURNING pk"
)
_INSERT_CHILD = {
    table: _insert_sql(table, columns, ("article_pk", "seq"))
    for table, columns in CHILD_COLUMNS.items()
}
_INSERT_CHILD["finding_evidence"] = _insert_sql(
    "finding_evidence", EVIDENCE_COLUMNS, ("article_pk", "finding_seq", "seq")
)
_FIND_ACTOR = (
    "SELECT id FROM actors WHERE name = ? AND coalesce(country, '') = ? "
    "AND coalesce(sector, '') = ?"
)
_INSERT_ACTOR = (
    "INSERT INTO actors (name, country, sector) VALUES (?, ?, ?) "
    "ON CONFLICT DO NOTHING RETURNING id"
)
# No row back: another process checked the article first (its findings are stored).
_INSERT_CHECK = (
    "INSERT INTO trust_checks (article_pk, first_seq, checked_at) VALUES (?, ?, ?) "
    "ON CONFLICT DO NOTHING RETURNING article_pk"
)
_INSERT_SOURCE = (
    "INSERT INTO finding_sources (article_pk, finding_seq, seq, source_id) VALUES (?, ?, ?, ?)"
)
TRUST_PAGE = 2_000  # articles per query of trust_rows
# an article deleted meanwhile selects no row, so gets none
_INSERT_OUTLET_ANCHOR = (
    "INSERT INTO outlet_anchors (article_pk, outlet, country, admin1) "
    "SELECT pk, ?, ?, ? FROM articles WHERE id = ? ON CONFLICT DO NOTHING"
)
# A stored article's pk and the seq its next finding takes.
_NEXT_FINDING = (
    "SELECT a.pk, (SELECT coalesce(max(f.seq) + 1, 0) FROM findings f "
    "WHERE f.article_pk = a.pk) AS next_seq FROM articles a WHERE a.id = ?"
)


@dataclass(frozen=True, kw_only=True, slots=True)
class FullText:
    """How a backend finds rows by their words and ranks them, as SQL pieces.

    A statement using it reads `SELECT …, {rank} … FROM {source} WHERE {match} …`, so
    its parameters are `rank_params`, then `match_params`, then the rest. `ids` selects
    the keys of the matching rows alone (taking `match_params`), for `… IN ({ids})`.
    """

    ids: str  # a SELECT of the matching rows' keys (articles.pk or quotes.id)
    source: str  # the FROM items: the searched table under its alias, joined to its index
    match: str  # a condition: the row holds every word of the search text
    rank: str  # an expression: lower ranks first (the order of SQLite's bm25)
    match_params: list[Any] = field(default_factory=list)
    rank_params: list[Any] = field(default_factory=list)


class SQLStore:
    """A newstrace store over an SQL connection; see the `Store` protocol for each method.

    Subclasses open the connection, then call `_setup()`; they supply the pieces named
    in the module docstring.
    """

    dialect: str  # the folder of migrations/ this backend's schema comes from
    syntax: Dialect
    location: str

    def _setup(self) -> None:
        self._actors: dict[ActorKey, int] = {}

    # ---- supplied by the backend -----------------------------------------------------

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        raise NotImplementedError

    def execute(self, sql: str, params: Iterable[Any] = ()) -> None:
        raise NotImplementedError

    def execute_many(self, sql: str, rows: list[tuple]) -> None:
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[None]:
        """One transaction: committed at the end of the block, rolled back on any error."""
        raise NotImplementedError

    def _full_text(self, text: str) -> FullText:
        """Full-text SQL finding articles `a` that hold every word of `text`."""
        raise NotImplementedError

    def _quote_full_text(self, text: str) -> FullText:
        """Full-text SQL finding quotes `q` whose content holds every word of `text`."""
        raise NotImplementedError

    def _snippets(self, text: str, pks: list[int]) -> dict[int, str]:
        """A passage of each article `pks` around the words of `text`, marked with
        `base.MATCH_START` / `base.MATCH_END`."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # ---- shared plumbing -------------------------------------------------------------

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run_in_transaction(self, work: Callable[[], None]) -> None:
        with self._transaction():
            work()

    def _rolled_back(self) -> None:
        """Forget what a rolled-back transaction handed out (called by `_transaction`)."""
        self._actors.clear()

    def schema_version(self) -> int:
        return current_version(self)

    # ---- writing -----------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return bool(self.query("SELECT 1 FROM articles WHERE id = ?", (article_id,)))

    def add_article(self, article: Article, *, run_id: int | None = None) -> bool:
        with self._transaction():
            row = article_row(article, ingested_at=now(), run_id=run_id)
            inserted = self.query(_INSERT_ARTICLE, row)
            if not inserted:
                return False
            pk = inserted[0][0]
            for table, rows in child_rows(article, self._actor_id).items():
                if rows:
                    self.execute_many(_INSERT_CHILD[table], [(pk, *r) for r in rows])
        return True

    def _actor_id(self, actor: Actor) -> int:
        key = actor_key(actor)
        known = self._actors.get(key)
        if known is not None:
            return known
        name, country, sector = key
        identity = (name, country or "", sector or "")
        found = self.query(_FIND_ACTOR, identity)
        if not found:
            # Nothing back from the insert: another process stored the same actor
            # since we looked; its row is visible now.
            found = self.query(_INSERT_ACTOR, key) or self.query(_FIND_ACTOR, identity)
        self._actors[key] = found[0][0]
        return self._actors[key]

    def begin_run(self, inputs: Sequence[str], *, published: str | None = None) -> int:
        with self._transaction():
            (row,) = self.query(
                "INSERT INTO ingest_runs (started_at, inputs, published) VALUES (?, ?, ?) "
                "RETURNING id",
                (now(), json.dumps(list(inputs), ensure_ascii=False), published),
            )
        return int(row[0])

    def record_input_error(self, run_id: int, error: InputError) -> None:
        with self._transaction():
            self.execute(
                "INSERT INTO input_errors (run_id, source, error, recorded_at) VALUES (?, ?, ?, ?)",
                (run_id, error.source, error.error, now()),
            )

    def finish_run(
        self, run_id: int, *, status: str, added: int, skipped: int, errors: int
    ) -> None:
        with self._transaction():
            self.execute(
                "UPDATE ingest_runs SET finished_at = ?, status = ?, articles_added = ?, "
                "articles_skipped = ?, input_errors = ? WHERE id = ?",
                (now(), status, added, skipped, errors, run_id),
            )

    # ---- reading articles ------------------------------------------------------------

    def get_article(self, article_id: str) -> Article | None:
        rows = self.query("SELECT * FROM articles WHERE id = ?", (article_id,))
        return self._load(rows)[0] if rows else None

    def iter_articles(self, filters: Filters = NO_FILTERS) -> Iterator[Article]:
        base = self._picked_articles(filters)
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

    def _picked_articles(self, filters: Filters, *, skip: tuple[str, ...] = ()) -> Where:
        """Conditions on articles `a` for `filters` (full text included), but `skip`."""
        where = article_where(filters, skip=skip, dialect=self.syntax)
        if filters.text:
            found = self._full_text(filters.text)
            where.add(f"a.pk IN ({found.ids})", *found.match_params)
        return where

    def _load(self, article_rows: list[Any]) -> list[Article]:
        """Rebuild the articles of `article_rows` with one query per child table."""
        pks = [row["pk"] for row in article_rows]
        children: dict[int, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        actor_ids: set[int] = set()
        for table in (*CHILD_COLUMNS, "finding_evidence"):
            order = (
                "article_pk, finding_seq, seq" if table == "finding_evidence" else "article_pk, seq"
            )
            for row in self.query(
                f"SELECT * FROM {table} WHERE article_pk IN ({marks(len(pks))}) ORDER BY {order}",
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
            f"SELECT id, name, country, sector FROM actors WHERE id IN ({marks(len(ids))})",
            sorted(ids),
        )
        return {row["id"]: (row["name"], row["country"], row["sector"]) for row in rows}

    # ---- queries -----------------------------------------------------------------------

    def search(self, filters: Filters, *, limit: int = 20) -> list[SearchHit]:
        return self.search_page(filters, limit=limit).items

    def _matching_quotes(self, text: str, filters: Filters, pks: list[int]) -> dict[int, list]:
        """The quotes of the articles `pks` whose content matches, best first."""
        if not pks:
            return {}
        found = self._quote_full_text(text)
        where = Where(
            [found.match, f"q.article_pk IN ({marks(len(pks))})"], [*found.match_params, *pks]
        )
        speaker_where(filters, where, dialect=self.syntax)
        rows = self.query(
            f"SELECT q.*, {found.rank} AS rank_key FROM {found.source} {where.sql()} "
            "ORDER BY rank_key, q.article_pk, q.seq",
            (*found.rank_params, *where.params),
        )
        actors = self._actor_keys({i for row in rows for i in _actor_ids_of(row)})
        hits: dict[int, list] = defaultdict(list)
        for row in rows:
            hits[row["article_pk"]].append(quote_from(row, actors))
        return hits

    def quotes(self, filters: Filters, *, limit: int = 50) -> list[QuoteHit]:
        where = quote_where(filters, dialect=self.syntax)
        source, rank, rank_params = "quotes q", "0", []
        if filters.text:
            found = self._quote_full_text(filters.text)
            source, rank, rank_params = found.source, found.rank, found.rank_params
            where.conditions.insert(0, found.match)
            where.params[:0] = found.match_params
        rows = self.query(
            f"SELECT q.*, a.id AS article_id, a.title, a.published, {rank} AS rank_key "
            f"FROM {source} JOIN articles a ON a.pk = q.article_pk {where.sql()} "
            "ORDER BY rank_key, q.article_pk, q.seq LIMIT ?",
            (*rank_params, *where.params, limit),
        )
        return self._quote_hits(rows)

    def _quote_hits(self, rows: list[Any]) -> list[QuoteHit]:
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
        where = self._event_where(filters)
        # The keys of the page's events are sorted first, the whole rows read after: a
        # common category has 59,000 events at 10,000 articles, and sorting them with
        # every column took most of the query (the keys come from an index).
        rows = self.query(
            "SELECT e.*, a.id AS article_id, a.title, a.published FROM ("
            f"SELECT e.article_pk AS pk, e.seq AS seq, {EVENT_DAY} AS day FROM events e "
            f"JOIN articles a ON a.pk = e.article_pk {where.sql()} "
            f"ORDER BY {EVENT_DAY} IS NULL, {EVENT_DAY}, e.article_pk, e.seq LIMIT ?) top "
            "JOIN events e ON e.article_pk = top.pk AND e.seq = top.seq "
            "JOIN articles a ON a.pk = top.pk "
            "ORDER BY top.day IS NULL, top.day, top.pk, top.seq",
            (*where.params, limit),
        )
        return self._event_hits(rows)

    def _event_where(self, filters: Filters) -> Where:
        where = event_where(filters, dialect=self.syntax)
        if filters.text:
            found = self._full_text(filters.text)
            where.add(f"a.pk IN ({found.ids})", *found.match_params)
        return where

    def _event_hits(self, rows: list[Any]) -> list[EventHit]:
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
        text = filters.text or ""
        found = self._full_text(text)
        picked = article_where(filters, dialect=self.syntax)
        fence, fence_params, source = "", [], found.source
        where = Where([found.match], list(found.match_params))
        if self.syntax.fenced_match and picked.conditions:
            # Without filters the planner finds the matches from the index anyway, and
            # the fence would only add a step (1,832 matches: 32 -> 67 ms at 10,000).
            fence = f"WITH matched (pk) AS MATERIALIZED ({found.ids}) "
            fence_params, source = found.match_params, f"matched, {found.source}"
            where = Where(["a.pk = matched.pk"])
        where.conditions += picked.conditions
        where.params += picked.params
        beyond = Where()
        if key:
            beyond.add("(rank_key, pk) > (?, ?)", *key)
        # Rank first, then fetch details and snippets for the page's rows only: a snippet
        # costs more than a score, and every match is scored.
        ranked = self.query(
            f"{fence}SELECT pk, rank_key FROM (SELECT a.pk AS pk, {found.rank} AS rank_key "
            f"FROM {source} {where.sql()}) ranked {beyond.sql()} "
            "ORDER BY rank_key, pk LIMIT ?",
            (*fence_params, *found.rank_params, *where.params, *beyond.params, limit + 1),
        )
        ranked, last = _cut(ranked, limit, lambda row: (row["rank_key"], row["pk"]))
        pks = [row["pk"] for row in ranked]
        details = {}
        if pks:
            details = {
                row["pk"]: row
                for row in self.query(
                    "SELECT pk, id, source, title, published FROM articles "
                    f"WHERE pk IN ({marks(len(pks))})",
                    pks,
                )
            }
        snippets = self._snippets(text, pks) if pks else {}
        quotes = self._matching_quotes(text, filters, pks)
        items = []
        for row in ranked:
            article = details[row["pk"]]
            items.append(
                SearchHit(
                    article_id=article["id"],
                    source=article["source"],
                    title=article["title"],
                    published=article["published"],
                    score=-row["rank_key"],
                    snippet=snippets.get(row["pk"], ""),
                    quotes=tuple(quotes.get(row["pk"], ())),
                )
            )
        return Page(items=items, next=last)

    def quote_page(
        self, filters: Filters, *, after: Key | None = None, limit: int = 50
    ) -> Page[QuoteHit]:
        key = check_key(after, (int,), "quotes")
        where = quote_where(filters, dialect=self.syntax)
        source = "quotes q"
        if filters.text:
            found = self._quote_full_text(filters.text)
            source = found.source
            where.conditions.insert(0, found.match)
            where.params[:0] = found.match_params
        if key:
            where.add("q.id > ?", *key)
        rows = self.query(
            f"SELECT q.*, a.id AS article_id, a.title, a.published FROM {source} "
            f"JOIN articles a ON a.pk = q.article_pk {where.sql()} ORDER BY q.id LIMIT ?",
            (*where.params, limit + 1),
        )
        rows, last = _cut(rows, limit, lambda row: (row["id"],))
        return Page(items=self._quote_hits(rows), next=last)

    def event_page(
        self, filters: Filters, *, after: Key | None = None, limit: int = 50
    ) -> Page[EventHit]:
        key = check_key(after, (str, int, int), "events")
        where = self._event_where(filters)
        # Undated events sort after every YYYY-MM-DD ('~' is above the digits; the date
        # columns compare bytewise on PostgreSQL too).
        day = f"coalesce({EVENT_DAY}, '~')"
        if key:
            where.add(f"({day}, e.article_pk, e.seq) > (?, ?, ?)", *key)
        # Keys first, whole rows after, as in `events`.
        rows = self.query(
            "SELECT e.*, a.id AS article_id, a.title, a.published, top.day_key FROM ("
            f"SELECT e.article_pk AS pk, e.seq AS seq, {day} AS day_key "
            f"FROM events e JOIN articles a ON a.pk = e.article_pk {where.sql()} "
            "ORDER BY day_key, e.article_pk, e.seq LIMIT ?) top "
            "JOIN events e ON e.article_pk = top.pk AND e.seq = top.seq "
            "JOIN articles a ON a.pk = top.pk ORDER BY top.day_key, top.pk, top.seq",
            (*where.params, limit + 1),
        )
        rows, last = _cut(rows, limit, lambda row: (row["day_key"], row["article_pk"], row["seq"]))
        return Page(items=self._event_hits(rows), next=last)

    def place_page(
        self, filters: Filters, *, after: Key | None = None, limit: int = 50
    ) -> Page[PlaceCount]:
        key = check_key(after, (int, str, int), "places")
        like = self.syntax.like
        where = self._picked_articles(filters, skip=("place",))
        if filters.place:
            pattern = like_pattern(filters.place.strip(), contains=False)
            where.add(
                f"(p.name {like} OR p.text {like} OR p.geonameid = ?)",
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
            "GROUP BY p.name, coalesce(p.geonameid, -1)) grouped "
            f"{beyond.sql()} ORDER BY -mentions, name, gid LIMIT ?",
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
                f"(ac.country = ? OR ac.name {self.syntax.like})",
                actor.upper(),
                like_pattern(actor, contains=False),
            )
        beyond = Where()
        if key:
            beyond.add("(-uses, id) > (?, ?)", *key)
        rows = self.query(
            "SELECT * FROM (SELECT ac.id AS id, ac.name AS name, ac.country AS country, "
            "ac.sector AS sector, sum(u.m) AS mentions, sum(u.q) AS quotes, "
            "sum(u.e) AS events, count(DISTINCT u.article_pk) AS articles, count(*) AS uses "
            f"FROM ({uses}) u JOIN actors ac ON ac.id = u.actor {which.sql()} "
            f"GROUP BY ac.id, ac.name, ac.country, ac.sector) counted {beyond.sql()} "
            "ORDER BY -uses, id LIMIT ?",
            (*(picked.params * 4), *which.params, *beyond.params, limit + 1),
        )
        rows, last = _cut(rows, limit, lambda row: (-row["uses"], row["id"]))
        return Page(
            items=[
                ActorCount(
                    name=row["name"],
                    country=row["country"],
                    sector=row["sector"],
                    mentions=int(row["mentions"]),
                    quotes=int(row["quotes"]),
                    events=int(row["events"]),
                    articles=row["articles"],
                )
                for row in rows
            ],
            next=last,
        )

    # ---- corpus trust findings (issue #8) ------------------------------------------------

    def add_traced_article(
        self,
        article: Article,
        traced: Sequence[Traced],
        *,
        run_id: int | None = None,
        owed: Mapping[str, Sequence[Traced]] | None = None,
    ) -> bool:
        whole = replace(article, findings=(*article.findings, *(t.finding for t in traced)))
        with self._transaction():
            row = article_row(whole, ingested_at=now(), run_id=run_id)
            inserted = self.query(_INSERT_ARTICLE, row)
            if not inserted:
                return False
            pk = inserted[0][0]
            for table, rows in child_rows(whole, self._actor_id).items():
                if rows:
                    self.execute_many(_INSERT_CHILD[table], [(pk, *r) for r in rows])
            self.query(_INSERT_CHECK, (pk, len(article.findings), now()))
            self._insert_sources(pk, len(article.findings), traced)
            self._add_owed(owed or {})
        return True

    def add_corpus_findings(
        self,
        article_id: str,
        traced: Sequence[Traced],
        *,
        owed: Mapping[str, Sequence[Traced]] | None = None,
    ) -> bool:
        with self._transaction():
            found = self.query(_NEXT_FINDING, (article_id,))
            if not found:
                return False
            pk, first = found[0]["pk"], found[0]["next_seq"]
            if not self.query(_INSERT_CHECK, (pk, first, now())):
                return False
            self._append_findings(pk, first, traced)
            self._add_owed(owed or {})
        return True

    def _insert_sources(self, pk: int, first: int, traced: Sequence[Traced]) -> None:
        rows = [
            (pk, first + i, j, source)
            for i, one in enumerate(traced)
            for j, source in enumerate(one.sources)
        ]
        if rows:
            self.execute_many(_INSERT_SOURCE, rows)

    def trust_rows(self) -> Iterator[TrustRow]:
        last = 0
        while True:
            # copy_of: the first source of the article's corpus `duplicate` finding
            rows = self.query(
                "SELECT a.pk, a.id, t.first_seq, (SELECT s.source_id FROM findings f "
                "JOIN finding_sources s ON s.article_pk = f.article_pk AND s.finding_seq = f.seq "
                "WHERE f.article_pk = a.pk AND f.kind = 'duplicate' AND f.seq >= t.first_seq "
                "AND s.seq = 0 ORDER BY f.seq LIMIT 1) AS copy_of FROM articles a "
                "LEFT JOIN trust_checks t ON t.article_pk = a.pk WHERE a.pk > ? "
                "ORDER BY a.pk LIMIT ?",
                (last, TRUST_PAGE),
            )
            if not rows:
                return
            for row in rows:
                yield TrustRow(
                    id=row["id"], checked=row["first_seq"] is not None, copy_of=row["copy_of"]
                )
            last = rows[-1]["pk"]

    def articles_by_id(self, ids: Sequence[str]) -> list[Article]:
        found: list[Article] = []
        for start in range(0, len(ids), PAGE):
            chunk = list(ids[start : start + PAGE])
            rows = self.query(
                f"SELECT * FROM articles WHERE id IN ({marks(len(chunk))}) ORDER BY pk", chunk
            )
            if rows:
                found += self._load(rows)
        return found

    # ---- outlet anchors (issue #4: outlet profiles, store/outlets.py) ---------------------

    def articles_lacking_outlet_anchors(self, limit: int) -> list[Article]:
        rows = self.query(
            "SELECT a.* FROM articles a WHERE NOT EXISTS (SELECT 1 FROM outlet_anchors o "
            "WHERE o.article_pk = a.pk) ORDER BY a.pk LIMIT ?",
            (limit,),
        )
        return self._load(rows) if rows else []

    def put_outlet_anchors(self, rows: Sequence[tuple[str, str, str, str]]) -> None:
        def work() -> None:
            self.execute_many(_INSERT_OUTLET_ANCHOR, [(o, c, r, i) for i, o, c, r in rows])

        self.run_in_transaction(work)

    def outlet_anchor_counts(self) -> tuple[dict[str, int], list[tuple[str, str, str, int]]]:
        articles = {
            row[0]: row[1]
            for row in self.query(
                "SELECT outlet, COUNT(DISTINCT article_pk) FROM outlet_anchors "
                "WHERE outlet <> '' GROUP BY outlet"
            )
        }
        anchors = [
            (row[0], row[1], row[2], row[3])
            for row in self.query(
                "SELECT outlet, country, admin1, COUNT(*) FROM outlet_anchors "
                "WHERE outlet <> '' AND country <> '' GROUP BY outlet, country, admin1"
            )
        ]
        return articles, anchors

    # ---- corpus findings owed to stored articles (issue #8: any ingest order) ------------

    def _add_owed(self, owed: Mapping[str, Sequence[Traced]]) -> None:
        """Append to each checked article of `owed` its findings of kinds it has no
        corpus finding of yet (inside the caller's transaction)."""
        for article_id, traced in owed.items():
            found = self.query(
                _NEXT_FINDING + " AND a.pk IN (SELECT article_pk FROM trust_checks)", (article_id,)
            )
            if not found:
                continue  # not stored, or stored unchecked: its own check will find them
            pk, first = found[0]["pk"], found[0]["next_seq"]
            held = {
                row["kind"]
                for row in self.query(
                    "SELECT f.kind FROM findings f JOIN trust_checks t ON t.article_pk = "
                    "f.article_pk WHERE f.article_pk = ? AND f.seq >= t.first_seq",
                    (pk,),
                )
            }
            new = []
            for one in traced:
                if one.finding.kind not in held:
                    held.add(one.finding.kind)
                    new.append(one)
            self._append_findings(pk, first, new)

    def _append_findings(self, pk: int, first: int, traced: Sequence[Traced]) -> None:
        """Insert `traced` as findings `first`, `first` + 1 … of article `pk`."""
        findings = [t.finding for t in traced]
        if not findings:
            return
        self.execute_many(
            _INSERT_CHILD["findings"],
            [(pk, first + i, f.kind, f.message) for i, f in enumerate(findings)],
        )
        evidence = [
            (pk, first + i, j, span.start, span.end, span.text)
            for i, finding in enumerate(findings)
            for j, span in enumerate(finding.evidence)
        ]
        if evidence:
            self.execute_many(_INSERT_CHILD["finding_evidence"], evidence)
        self._insert_sources(pk, first, traced)

    def finding_page(
        self,
        filters: Filters,
        picked: FindingFilters = ALL_FINDINGS,
        *,
        after: Key | None = None,
        limit: int = 50,
    ) -> Page[FindingHit]:
        key = check_key(after, (int, int), "findings")
        where = self._picked_articles(filters)
        if picked.kinds:
            where.add(f"f.kind IN ({marks(len(picked.kinds))})", *picked.kinds)
        if picked.article:
            where.add("a.id = ?", picked.article.strip())
        if picked.source:
            where.add(
                "EXISTS (SELECT 1 FROM finding_sources fs WHERE fs.article_pk = f.article_pk "
                "AND fs.finding_seq = f.seq AND fs.source_id = ?)",
                picked.source.strip(),
            )
        corpus = "(t.first_seq IS NOT NULL AND f.seq >= t.first_seq)"
        if picked.corpus is not None:
            where.add(corpus if picked.corpus else f"NOT {corpus}")
        if key:
            where.add("(f.article_pk, f.seq) > (?, ?)", *key)
        rows = self.query(
            "SELECT f.article_pk, f.seq, f.kind, f.message, a.id AS article_id, a.source, "
            f"a.title, a.published, {corpus} AS corpus FROM findings f "
            "JOIN articles a ON a.pk = f.article_pk "
            f"LEFT JOIN trust_checks t ON t.article_pk = f.article_pk {where.sql()} "
            "ORDER BY f.article_pk, f.seq LIMIT ?",
            (*where.params, limit + 1),
        )
        rows, last = _cut(rows, limit, lambda row: (row["article_pk"], row["seq"]))
        return Page(items=self._finding_hits(rows), next=last)

    def _finding_hits(self, rows: list[Any]) -> list[FindingHit]:
        """The findings of `rows` with their evidence and sources (a query for each)."""
        if not rows:
            return []
        pks = sorted({row["article_pk"] for row in rows})
        evidence: dict[tuple[int, int], list[Span]] = defaultdict(list)
        for row in self.query(
            f"SELECT * FROM finding_evidence WHERE article_pk IN ({marks(len(pks))}) "
            "ORDER BY article_pk, finding_seq, seq",
            pks,
        ):
            span = Span(start=row["char_start"], end=row["char_end"], text=row["text"])
            evidence[(row["article_pk"], row["finding_seq"])].append(span)
        sources: dict[tuple[int, int], list[SourceArticle]] = defaultdict(list)
        for row in self.query(
            "SELECT s.article_pk, s.finding_seq, s.source_id, a.title, a.published "
            "FROM finding_sources s LEFT JOIN articles a ON a.id = s.source_id "
            f"WHERE s.article_pk IN ({marks(len(pks))}) "
            "ORDER BY s.article_pk, s.finding_seq, s.seq",
            pks,
        ):
            sources[(row["article_pk"], row["finding_seq"])].append(
                SourceArticle(id=row["source_id"], title=row["title"], published=row["published"])
            )
        hits = []
        for row in rows:
            at = (row["article_pk"], row["seq"])
            hits.append(
                FindingHit(
                    article_id=row["article_id"],
                    source=row["source"],
                    title=row["title"],
                    published=row["published"],
                    seq=row["seq"],
                    corpus=bool(row["corpus"]),
                    finding=Finding(
                        kind=row["kind"], message=row["message"], evidence=tuple(evidence[at])
                    ),
                    sources=tuple(sources[at]),
                )
            )
        return hits

    # ---- stories and contested claims (issue #8) ------------------------------------------

    def put_story(self, story: StoryRows) -> bool:
        digest = story.digest
        # read before the transaction: a re-run of unchanged stories takes no write lock
        stored = self.query("SELECT digest FROM stories WHERE id = ?", (story.id,))
        if stored and stored[0]["digest"] == digest:
            return False
        cited = [side.article_id for c in story.claims for side in (c.claim, c.counter)]
        with self._transaction():
            pks = self._article_pks([*story.articles, *cited])
            members = list(dict.fromkeys(pks[i] for i in story.articles if i in pks))
            claims = [
                c for c in story.claims if c.claim.article_id in pks and c.counter.article_id in pks
            ]
            self._delete_story(story.id)
            self.execute(
                "INSERT INTO stories (id, title, first_day, last_day, size, digest, stored_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (story.id, story.title, story.first, story.last, len(members), digest, now()),
            )
            if members:
                self.execute_many(
                    "INSERT INTO story_articles (story_id, seq, article_pk) VALUES (?, ?, ?)",
                    [(story.id, seq, pk) for seq, pk in enumerate(members)],
                )
            if claims:
                self.execute_many(
                    _INSERT_CLAIM,
                    [
                        (story.id, seq, c.kind, c.message)
                        + _side_row(c.claim, pks)
                        + _side_row(c.counter, pks)
                        for seq, c in enumerate(claims)
                    ],
                )
        return True

    def _article_pks(self, ids: Sequence[str]) -> dict[str, int]:
        """The pk of each stored article of `ids`."""
        unique = list(dict.fromkeys(ids))
        found: dict[str, int] = {}
        for start in range(0, len(unique), PAGE):
            chunk = unique[start : start + PAGE]
            rows = self.query(
                f"SELECT id, pk FROM articles WHERE id IN ({marks(len(chunk))})", chunk
            )
            found.update((row["id"], row["pk"]) for row in rows)
        return found

    def _delete_story(self, story_id: str) -> None:
        """Delete the rows of a story (inside the caller's transaction)."""
        self.execute("DELETE FROM contested_claims WHERE story_id = ?", (story_id,))
        self.execute("DELETE FROM story_articles WHERE story_id = ?", (story_id,))
        self.execute("DELETE FROM stories WHERE id = ?", (story_id,))

    def story_ids(self) -> set[str]:
        return {row["id"] for row in self.query("SELECT id FROM stories")}

    def remove_story(self, story_id: str) -> bool:
        with self._transaction():
            if not self.query("SELECT 1 FROM stories WHERE id = ?", (story_id,)):
                return False
            self._delete_story(story_id)
        return True

    def story_page(
        self,
        filters: Filters,
        *,
        contested: bool = False,
        after: Key | None = None,
        limit: int = 50,
    ) -> Page[StorySummary]:
        key = check_key(after, (str, str), "stories")
        where = Where()
        picked = self._picked_articles(filters)
        if picked.conditions:
            where.add(
                "EXISTS (SELECT 1 FROM story_articles sa JOIN articles a ON a.pk = sa.article_pk "
                f"WHERE sa.story_id = s.id AND {' AND '.join(picked.conditions)})",
                *picked.params,
            )
        if contested:
            where.add("EXISTS (SELECT 1 FROM contested_claims c WHERE c.story_id = s.id)")
        # undated stories after every YYYY-MM-DD, as in event_page
        day = "coalesce(s.first_day, '~')"
        if key:
            where.add(f"({day}, s.id) > (?, ?)", *key)
        rows = self.query(
            f"SELECT s.*, {day} AS day_key, {_CLAIM_COUNT} AS n_claims FROM stories s "
            f"{where.sql()} ORDER BY day_key, s.id LIMIT ?",
            (*where.params, limit + 1),
        )
        rows, last = _cut(rows, limit, lambda row: (row["day_key"], row["id"]))
        return Page(items=[_story_summary(row) for row in rows], next=last)

    def get_story(self, story_id: str) -> StoryDetail | None:
        rows = self.query(
            f"SELECT s.*, {_CLAIM_COUNT} AS n_claims FROM stories s WHERE s.id = ?", (story_id,)
        )
        if not rows:
            return None
        members = self.query(
            "SELECT a.id, a.title, a.published FROM story_articles sa "
            "JOIN articles a ON a.pk = sa.article_pk WHERE sa.story_id = ? ORDER BY sa.seq",
            (story_id,),
        )
        claims = self.query(
            "SELECT c.*, ca.id AS claim_id, ca.title AS claim_title, "
            "ca.published AS claim_published, ka.id AS counter_id, ka.title AS counter_title, "
            "ka.published AS counter_published FROM contested_claims c "
            "JOIN articles ca ON ca.pk = c.claim_article_pk "
            "JOIN articles ka ON ka.pk = c.counter_article_pk "
            "WHERE c.story_id = ? ORDER BY c.seq",
            (story_id,),
        )
        return StoryDetail(
            story=_story_summary(rows[0]),
            articles=tuple(
                SourceArticle(id=row["id"], title=row["title"], published=row["published"])
                for row in members
            ),
            claims=tuple(
                StoredClaim(
                    kind=row["kind"],
                    message=row["message"],
                    claim=_side_from(row, "claim"),
                    counter=_side_from(row, "counter"),
                )
                for row in claims
            ),
        )


_CLAIM_SIDE = ("article_pk", "speaker", "country", "start", "end", "text")
_INSERT_CLAIM = _insert_sql(
    "contested_claims",
    [f"{side}_{column}" for side in ("claim", "counter") for column in _CLAIM_SIDE],
    ("story_id", "seq", "kind", "message"),
)
_CLAIM_COUNT = "(SELECT count(*) FROM contested_claims c WHERE c.story_id = s.id)"


def _side_row(side: ClaimSide, pks: dict[str, int]) -> tuple:
    span = side.evidence
    return (pks[side.article_id], side.speaker, side.country, span.start, span.end, span.text)


def _side_from(row: Any, side: str) -> ClaimSide:
    return ClaimSide(
        article_id=row[f"{side}_id"],
        speaker=row[f"{side}_speaker"],
        country=row[f"{side}_country"],
        evidence=Span(start=row[f"{side}_start"], end=row[f"{side}_end"], text=row[f"{side}_text"]),
        title=row[f"{side}_title"],
        published=row[f"{side}_published"],
    )


def _story_summary(row: Any) -> StorySummary:
    return StorySummary(
        id=row["id"],
        title=row["title"],
        first=row["first_day"],
        last=row["last_day"],
        size=row["size"],
        contested=int(row["n_claims"]),
    )


def _actor_ids_of(row: Any) -> Iterator[int]:
    keys = row.keys()
    for column in _ACTOR_ID_COLUMNS:
        if column in keys and row[column] is not None:
            yield row[column]


def _number(value: str) -> int | None:
    """`value` as a GeoNames id when it is all digits (so "Aleppo" never matches one)."""
    return int(value) if value.strip().isdigit() else None


def _cut(rows: list, limit: int, key_of: Callable[[Any], Key]) -> tuple[list, Key | None]:
    """The first `limit` of `rows` (fetched as `limit + 1`) and the key to go on from."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, key_of(rows[-1])
