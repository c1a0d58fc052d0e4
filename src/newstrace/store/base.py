"""The store's one access layer: the `Store` protocol, its filters and its result records.

Every backend (SQLite now, PostgreSQL next) implements `Store`; the CLI, the exporters
and later the HTTP API talk to this protocol only, never to SQL.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, Protocol, TypeVar, get_args

from ..records import Article, Event, Finding, FindingKind, InputError, Quote, Span
from .errors import QueryError


def _day(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise QueryError(f"{option} {value!r} is not a date; write it as YYYY-MM-DD") from None


def _an_id(digits: str) -> bool:
    return digits.isascii() and digits.isdecimal() and int(digits) < 2**63


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
        if self.place and self.place.strip().isdigit() and not _an_id(self.place.strip()):
            # all digits reads as a GeoNames id, which must be a decimal SQL integer
            raise QueryError(
                f"--place {self.place!r} is neither a place name nor a GeoNames id; "
                "give a name such as Aleppo or an id such as 170063"
            )


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


# ---- pages: the HTTP API's listings, one bounded slice at a time ----------------------

T = TypeVar("T")
# Where a page ends: plain values (ints, floats, strings) a backend orders its rows by.
# Callers hand it back unread as `after`; `check_key` refuses anything else.
Key = tuple[Any, ...]


def check_key(after: Sequence[Any] | None, kinds: tuple[type, ...], listing: str) -> Key | None:
    """`after` as a key of values of `kinds` (None stays None).

    Keys come back from clients (inside an API cursor), so their shape is checked
    before any value reaches a query; the values themselves are bound as parameters.

    Raises:
        QueryError: `after` is not a key of this listing.
    """
    if after is None:
        return None
    if not isinstance(after, tuple | list) or len(after) != len(kinds):
        raise _not_a_key(listing)
    key = []
    for value, kind in zip(after, kinds, strict=True):
        if kind is float and type(value) is int:
            value = float(value)
        if type(value) is not kind:  # `type is`, so True is no int
            raise _not_a_key(listing)
        key.append(value)
    return tuple(key)


def _not_a_key(listing: str) -> QueryError:
    return QueryError(
        f"the cursor is not a position in the {listing} listing; "
        "start again without a cursor, with the same filters"
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class Page(Generic[T]):
    """One slice of a listing and where the next one starts.

    `next` is the key of the last item when more follow (pass it back as `after`), None
    on the last page. Paging by key, not offset, never skips or repeats a row of a
    store that is not written meanwhile, however deep the page.
    """

    items: list[T]
    next: Key | None = None


# Record types an `ArticleSummary` counts, in the contract's key order.
SUMMARY_COUNTS = ("mentions", "quotes", "events", "places", "dates", "findings")


@dataclass(frozen=True, kw_only=True, slots=True)
class ArticleSummary:
    """A stored article without its text: metadata and how many records of each type."""

    id: str
    source: str
    url: str | None
    outlet: str | None
    title: str | None
    published: str | None
    published_source: str
    language: str
    counts: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published,
            "published_source": self.published_source,
            "language": self.language,
            "counts": dict(self.counts),
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class PlaceCount:
    """A place as the corpus names it: one GeoNames entry (or one unresolved name).

    `mentions` counts its place records; `articles` the articles holding them.
    """

    name: str
    geonameid: int | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str | None
    mentions: int
    articles: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "geonameid": self.geonameid,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision,
            "mentions": self.mentions,
            "articles": self.articles,
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class ActorCount:
    """An actor (name, country, sector) and how the corpus uses it.

    `mentions`: named entities resolved to it; `quotes`: quotes it is the speaker of;
    `events`: times it is an event's source or target; `articles`: articles with any.
    """

    name: str
    country: str | None
    sector: str | None
    mentions: int
    quotes: int
    events: int
    articles: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "mentions": self.mentions,
            "quotes": self.quotes,
            "events": self.events,
            "articles": self.articles,
        }


# ---- corpus trust findings (issue #8) -------------------------------------------------

FINDING_KINDS = get_args(FindingKind)


class Traced(Protocol):
    """A corpus finding and the ids of the earlier articles it names, in its message's
    order (`link.corpus.SourcedFinding`)."""

    @property
    def finding(self) -> Finding: ...

    @property
    def sources(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, kw_only=True, slots=True)
class TrustRow:
    """A stored article as the trust pass sees it: checked yet, and the copy it is of.

    `checked`: its corpus findings are stored. `copy_of`: the article its stored
    `duplicate` finding says it copies (None when it copies none).
    """

    id: str
    checked: bool
    copy_of: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class FindingFilters:
    """What a findings listing keeps, besides the article `Filters`; all given must hold.

    kinds: finding kinds ("stitched", …); any of them.
    article: the id of the article the findings are of.
    source: the id of an earlier article the findings name (its copies, stitches …).
    corpus: True for the corpus pass's findings only, False for the articles' own.
    """

    kinds: tuple[str, ...] = ()
    article: str | None = None
    source: str | None = None
    corpus: bool | None = None

    def __post_init__(self) -> None:
        kinds = tuple(kind.strip().lower() for kind in self.kinds if kind.strip())
        unknown = [kind for kind in kinds if kind not in FINDING_KINDS]
        if unknown:
            raise QueryError(
                f"--kind {unknown[0]!r} is not a finding kind; give one of "
                + ", ".join(FINDING_KINDS)
            )
        object.__setattr__(self, "kinds", kinds)


ALL_FINDINGS = FindingFilters()


@dataclass(frozen=True, kw_only=True, slots=True)
class SourceArticle:
    """An earlier article a finding names; title and date None when it is not stored."""

    id: str
    title: str | None
    published: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "published": self.published}


@dataclass(frozen=True, kw_only=True, slots=True)
class FindingHit:
    """A stored finding with its article, whether the corpus pass found it, its sources.

    `seq` is its index in the article's findings; `source` the article's own source
    (path or URL, as in `newstrace findings`); `sources` the earlier articles it names.
    """

    article_id: str
    source: str
    title: str | None
    published: str | None
    seq: int
    corpus: bool
    finding: Finding
    sources: tuple[SourceArticle, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article_id,
            "source": self.source,
            "title": self.title,
            "published": self.published,
            "corpus": self.corpus,
            **self.finding.to_dict(),
            "sources": [source.to_dict() for source in self.sources],
        }


# ---- stories and contested claims (issue #8) ------------------------------------------

CLAIM_KINDS = ("denial", "blame")


@dataclass(frozen=True, kw_only=True, slots=True)
class ClaimSide:
    """One side of a contested claim: who says what, in which article, in which words.

    `evidence` indexes into that article's text; `title` and `published` are the
    article's, filled in when the claim is read from the store.
    """

    article_id: str
    speaker: str
    country: str | None
    evidence: Span
    title: str | None = None
    published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article_id,
            "title": self.title,
            "published": self.published,
            "speaker": self.speaker,
            "country": self.country,
            "evidence": self.evidence.to_dict(),
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class StoredClaim:
    """A contested claim of a story: `kind` is "denial" (the counter side denies the
    claim) or "blame" (both assert one event and put it on different perpetrators)."""

    kind: str
    message: str
    claim: ClaimSide
    counter: ClaimSide

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "claim": self.claim.to_dict(),
            "counter": self.counter.to_dict(),
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class StoryRows:
    """A story as `newstrace stories` writes it: its article ids in the order they
    joined it, a representative headline, its first and last days, its claims."""

    id: str
    title: str | None
    first: str | None
    last: str | None
    articles: tuple[str, ...]
    claims: tuple[StoredClaim, ...] = ()

    @property
    def digest(self) -> str:
        """A hash of everything the rows hold: equal digests, nothing to write."""
        summary = {
            "title": self.title,
            "first": self.first,
            "last": self.last,
            "articles": list(self.articles),
            "claims": [claim.to_dict() for claim in self.claims],
        }
        raw = json.dumps(summary, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True, kw_only=True, slots=True)
class StorySummary:
    """A stored story: its headline, days, how many articles and contested claims."""

    id: str
    title: str | None
    first: str | None
    last: str | None
    size: int
    contested: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "first": self.first,
            "last": self.last,
            "size": self.size,
            "contested": self.contested,
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class StoryDetail:
    """A stored story with its articles (in the order they joined it) and its claims."""

    story: StorySummary
    articles: tuple[SourceArticle, ...]
    claims: tuple[StoredClaim, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.story.to_dict(),
            "articles": [article.to_dict() for article in self.articles],
            "claims": [claim.to_dict() for claim in self.claims],
        }


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

    # ---- pages (the HTTP API); `after` is the `next` of the page before -----------------

    def article_page(
        self, filters: Filters, *, after: Key | None = None, limit: int = 50
    ) -> Page[ArticleSummary]:
        """Articles passing `filters`, in ingest order, as summaries without text."""

    def search_page(
        self, filters: Filters, *, after: Key | None = None, limit: int = 20
    ) -> Page[SearchHit]:
        """`search` a page at a time: best BM25 first, ties in ingest order."""

    def quote_page(
        self, filters: Filters, *, after: Key | None = None, limit: int = 50
    ) -> Page[QuoteHit]:
        """Quotes passing `filters` (as in `quotes`) in ingest order; `text`: their words."""

    def event_page(
        self, filters: Filters, *, after: Key | None = None, limit: int = 50
    ) -> Page[EventHit]:
        """Events passing `filters` (as in `events`) by day, undated last, then ingest order."""

    def place_page(
        self, filters: Filters, *, after: Key | None = None, limit: int = 50
    ) -> Page[PlaceCount]:
        """Places named in the articles passing `filters`, most mentioned first.

        `filters.place` applies to the place itself (name, text as written, or GeoNames
        id); every other filter picks the articles counted.
        """

    def actor_page(
        self, filters: Filters, *, after: Key | None = None, limit: int = 50
    ) -> Page[ActorCount]:
        """Actors used in the articles passing `filters`, most used first.

        `filters.actor` applies to the actor itself (ISO3 country or full name); every
        other filter picks the articles counted.
        """

    # ---- corpus trust findings (issue #8) ------------------------------------------------

    def add_traced_article(
        self,
        article: Article,
        traced: Sequence[Traced],
        *,
        run_id: int | None = None,
        owed: Mapping[str, Sequence[Traced]] | None = None,
    ) -> bool:
        """`add_article` with the corpus findings of `article` after its own, in the same
        transaction, and the article marked checked; False (nothing written) if its id
        was stored. The findings `owed` to stored articles (by id) are appended after
        theirs in the same transaction; one of a kind its article has a corpus finding
        of already, or owed to an article not stored or not checked yet, is left out."""

    def add_corpus_findings(
        self,
        article_id: str,
        traced: Sequence[Traced],
        *,
        owed: Mapping[str, Sequence[Traced]] | None = None,
    ) -> bool:
        """Add the corpus findings of a stored, unchecked article (after the ones it has)
        and mark it checked, with the findings `owed` to other stored articles as
        `add_traced_article` adds them, in one transaction; False if it is checked or not
        stored."""

    def trust_rows(self) -> Iterator[TrustRow]:
        """Every stored article's trust state, in ingest order (ids only, no text)."""

    def articles_by_id(self, ids: Sequence[str]) -> list[Article]:
        """The stored articles of `ids`, in ingest order (ids not stored are left out)."""

    def articles_lacking_outlet_anchors(self, limit: int) -> list[Article]:
        """Up to `limit` stored articles without outlet-anchor rows, in ingest order."""

    def put_outlet_anchors(self, rows: Sequence[tuple[str, str, str, str]]) -> None:
        """Store outlet-anchor rows (article id, outlet, ISO3, folded admin1), in one
        transaction; a row already stored, or of an article no longer stored, is skipped."""

    def outlet_anchor_counts(self) -> tuple[dict[str, int], list[tuple[str, str, str, int]]]:
        """Articles per outlet, and (outlet, ISO3, admin1 or '', articles) per anchor."""

    def finding_page(
        self,
        filters: Filters,
        picked: FindingFilters = ALL_FINDINGS,
        *,
        after: Key | None = None,
        limit: int = 50,
    ) -> Page[FindingHit]:
        """Findings passing `picked`, of the articles passing `filters`, in ingest order."""

    # ---- stories and contested claims (issue #8) ------------------------------------------

    def put_story(self, story: StoryRows) -> bool:
        """Store `story` in place of its stored rows, in one transaction; False, writing
        nothing, when the stored story has the same digest. Articles that are not
        stored are left out, and so are the claims that cite them."""

    def story_ids(self) -> set[str]:
        """The ids of the stored stories."""

    def remove_story(self, story_id: str) -> bool:
        """Delete a stored story with its article list and claims; False if not stored."""

    def story_page(
        self,
        filters: Filters,
        *,
        contested: bool = False,
        after: Key | None = None,
        limit: int = 50,
    ) -> Page[StorySummary]:
        """Stories holding an article that passes `filters` (only those with contested
        claims when `contested`), by first day, undated last, then id."""

    def get_story(self, story_id: str) -> StoryDetail | None:
        """The stored story of this id with its articles and claims, or None."""
