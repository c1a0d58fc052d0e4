"""The store's one access layer: the `Store` protocol, its filters and its result records.

Every backend (SQLite now, PostgreSQL next) implements `Store`; the CLI, the exporters
and later the HTTP API talk to this protocol only, never to SQL.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from ..records import Article, Event, InputError, Quote
from .errors import QueryError


def _day(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise QueryError(f"{option} {value!r} is not a date; write it as YYYY-MM-DD") from None


@dataclass(frozen=True, kw_only=True, slots=True)
class Filters:
    """What a query keeps. Every field is optional; all given ones must hold.

    text: words looked up in the full-text index ("quoted phrases" kept together).
    speaker: part of a quoted speaker's name, case-insensitive ("Kerry").
    actor: an ISO3 country ("RUS") or an actor's full name ("ISIS"), case-insensitive.
    place: a place name or its text as written ("Aleppo"), or a GeoNames id.
    plover: a PLOVER event category ("ASSAULT").
    date_from / date_to: inclusive YYYY-MM-DD bounds on the article's published date
    (an event's own day-precise date where `events` is asked).
    """

    text: str | None = None
    speaker: str | None = None
    actor: str | None = None
    place: str | None = None
    plover: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "date_from", _day(self.date_from, "--from"))
        object.__setattr__(self, "date_to", _day(self.date_to, "--to"))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise QueryError(f"--from {self.date_from} is after --to {self.date_to}; swap them")


NO_FILTERS = Filters()

# Where a snippet's matched words start and end; `SearchHit.to_dict` writes them as **.
MATCH_START, MATCH_END = "\x02", "\x03"


def mark_matches(snippet: str, start: str = "**", end: str = "**") -> str:
    """`snippet` with its matched words between `start` and `end`."""
    return snippet.replace(MATCH_START, start).replace(MATCH_END, end)


@dataclass(frozen=True, kw_only=True, slots=True)
class SearchHit:
    """An article found by `search`, with where the words matched.

    `score` is the BM25 relevance (higher is better); `snippet` marks matched words with
    MATCH_START/MATCH_END; `quotes` are the article's quotes whose content matched.
    """

    article_id: str
    source: str
    title: str | None
    published: str | None
    score: float
    snippet: str
    quotes: tuple[Quote, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.article_id,
            "source": self.source,
            "title": self.title,
            "published": self.published,
            "score": round(self.score, 4),
            "snippet": mark_matches(self.snippet),
            "quotes": [quote.to_dict() for quote in self.quotes],
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class QuoteHit:
    """A stored quote with the article it comes from."""

    article_id: str
    title: str | None
    published: str | None
    quote: Quote

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article_id,
            "title": self.title,
            "published": self.published,
            **self.quote.to_dict(),
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class EventHit:
    """A stored event with the article it comes from."""

    article_id: str
    title: str | None
    published: str | None
    event: Event

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article_id,
            "title": self.title,
            "published": self.published,
            **self.event.to_dict(),
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class RunInfo:
    """One `newstrace ingest` run as the store recorded it."""

    id: int
    started_at: str
    finished_at: str | None
    status: str
    inputs: tuple[str, ...]
    stored: int
    skipped: int | None
    errors: int


@dataclass(frozen=True, kw_only=True, slots=True)
class StoreStats:
    """What a store holds: rows per record type, top speakers and places, recent runs."""

    location: str
    schema_version: int
    counts: dict[str, int]
    top_speakers: list[tuple[str, int]] = field(default_factory=list)
    top_places: list[tuple[str, int]] = field(default_factory=list)
    runs: list[RunInfo] = field(default_factory=list)


class Store(Protocol):
    """One newstrace store. Each article is written in one transaction of its own."""

    location: str

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...

    def close(self) -> None:
        """Release the connection."""

    def schema_version(self) -> int:
        """The schema version the database is at."""

    def has_article(self, article_id: str) -> bool:
        """Whether an article with this content hash is stored."""

    def add_article(self, article: Article, *, run_id: int | None = None) -> bool:
        """Store `article` and all its records atomically; False if its id was stored."""

    def begin_run(self, inputs: Sequence[str], *, published: str | None = None) -> int:
        """Record the start of an ingest run; return its id."""

    def record_input_error(self, run_id: int, error: InputError) -> None:
        """Keep an input that could not be read or extracted, with the reason."""

    def finish_run(
        self, run_id: int, *, status: str, added: int, skipped: int, errors: int
    ) -> None:
        """Record how a run ended ("done" or "interrupted") and what it did."""

    def get_article(self, article_id: str) -> Article | None:
        """The stored article of this id, exactly as it was extracted, or None."""

    def iter_articles(self, filters: Filters = NO_FILTERS) -> Iterator[Article]:
        """Every stored article that passes `filters`, in ingest order, one at a time."""

    def search(self, filters: Filters, *, limit: int = 20) -> list[SearchHit]:
        """Articles matching `filters.text`, ranked by BM25, best first."""

    def quotes(self, filters: Filters, *, limit: int = 50) -> list[QuoteHit]:
        """Quotes passing `filters` (speaker and actor apply to the quote's speaker)."""

    def events(self, filters: Filters, *, limit: int = 50) -> list[EventHit]:
        """Events passing `filters` (actor applies to source or target)."""

    def stats(self, *, top: int = 10) -> StoreStats:
        """Counts per record type, top speakers and places, and the recent runs."""
