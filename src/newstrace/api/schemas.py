"""What the API's requests and responses look like, for validation and the OpenAPI docs.

Responses are built by the records' own `to_dict()` (the output contract), never by
these models; the models only describe them in /openapi.json, and are derived from the
record classes where a response is a record, so the docs cannot drift from the contract.
`tests/api/test_schemas.py` validates real responses against them.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Annotated, Any, Generic, Literal, TypeVar, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from ..ingest.readers import normalise_date
from ..records import Article, Event, Quote
from ..store.base import ActorCount, ArticleSummary, PlaceCount

T = TypeVar("T")
MAX_BATCH = 20
_EXACT = ConfigDict(extra="forbid")


class ErrorBody(BaseModel):
    """Every error response."""

    model_config = _EXACT
    ok: Literal[False] = False
    error: str = Field(description="What went wrong and, for client errors, how to fix it.")
    status: int = Field(description="The HTTP status, repeated.")


class PageOf(BaseModel, Generic[T]):
    """One page of a listing."""

    model_config = _EXACT
    items: list[T]
    next: str | None = Field(description="Relative link to the next page; null on the last.")
    cursor: str | None = Field(description="Opaque cursor of the next page; null on the last.")


def _record_fields(record: type) -> dict[str, Any]:
    hints = get_type_hints(record)
    return {f.name: (hints[f.name], ...) for f in fields(record)}


_HIT = {
    "article": (str, Field(description="Id of the article the record comes from.")),
    "title": (str | None, ...),
    "published": (str | None, ...),
}
# A stored quote or event: the contract record plus the article it comes from.
QuoteItem = create_model("QuoteItem", __config__=_EXACT, **_HIT, **_record_fields(Quote))
EventItem = create_model("EventItem", __config__=_EXACT, **_HIT, **_record_fields(Event))

ArticleItem = ArticleSummary
PlaceItem = PlaceCount
ActorItem = ActorCount


class SearchItem(BaseModel):
    """An article found by full-text search; matched words in `snippet` are **marked**."""

    model_config = _EXACT
    id: str
    source: str
    title: str | None
    published: str | None
    score: float = Field(description="BM25 relevance; higher is better.")
    snippet: str
    quotes: list[Quote] = Field(description="The article's quotes whose words matched.")


class NameCount(BaseModel):
    model_config = _EXACT
    name: str
    count: int


class RunItem(BaseModel):
    """An ingest run (the CLI's or a POST /articles), without the paths it read."""

    model_config = _EXACT
    id: int
    started_at: str
    finished_at: str | None
    status: str
    stored: int
    skipped: int | None
    errors: int


class StatsBody(BaseModel):
    model_config = _EXACT
    schema_version: int
    counts: dict[str, int] = Field(description="Rows per record type.")
    top_speakers: list[NameCount]
    top_places: list[NameCount]
    runs: list[RunItem] = Field(description="The most recent ingest runs, newest first.")


class CountryShare(BaseModel):
    model_config = _EXACT
    country: str = Field(description="ISO 3166-1 alpha-3 code.")
    share: float = Field(description="Share of the outlet's articles anchored there.")


class RegionShare(CountryShare):
    admin1: str = Field(description="The admin1 region's name, folded (lower case, no accents).")


class OutletItem(BaseModel):
    model_config = _EXACT
    outlet: str = Field(description="URL host without www., else the articles' outlet name.")
    articles: int
    countries: list[CountryShare] = Field(description="Largest share first.")
    regions: list[RegionShare] = Field(description="Largest share first.")


class OutletsBody(BaseModel):
    model_config = _EXACT
    outlets: list[OutletItem] = Field(description="Most articles first.")


class ArticleIn(BaseModel):
    """One article to ingest, as a JSONL line of `newstrace ingest` would give it."""

    model_config = _EXACT
    text: str = Field(min_length=1, description="The article text; offsets index into it.")
    title: str | None = Field(None, max_length=2_000)
    published: str | None = Field(
        None, max_length=64, description="Publication date, the anchor of relative dates."
    )
    url: str | None = Field(None, max_length=4_000)
    source: str | None = Field(None, max_length=2_000, description='Defaults to "api".')
    outlet: str | None = Field(None, max_length=500)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("holds only whitespace: there is no article to read")
        return value

    @field_validator("published")
    @classmethod
    def _a_date(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        day = normalise_date(value)
        if day is None or not _plausible(day):
            raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD")
        return day


def _plausible(day: str) -> bool:
    return date(1800, 1, 1).isoformat() <= day <= date(2200, 1, 1).isoformat()


ArticlesIn = ArticleIn | Annotated[list[ArticleIn], Field(min_length=1, max_length=MAX_BATCH)]


class WriteResult(BaseModel):
    """What became of one posted article, in the order they were sent."""

    model_config = _EXACT
    id: str = Field(description="The article's id: the SHA-1 of its text.")
    status: Literal["added", "stored", "error"] = Field(
        description="added: extracted and stored now; stored: it was already; error: refused."
    )
    article: Article | None = Field(
        None, description="The stored article, exactly as GET /articles/{id} gives it."
    )
    error: str | None = Field(None, description="Why the article was refused.")


class WriteBody(BaseModel):
    model_config = _EXACT
    items: list[WriteResult]
