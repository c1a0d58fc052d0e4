"""Read endpoints: articles, search, quotes, events, places, actors, findings, stories, stats.

Every handler turns its parameters into `Filters` and one store call, run on a reader
thread; the store binds every value as a query parameter. Listings page by cursor.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, create_model

from ..extract.outlets import OutletProfiles
from ..records import Article, Finding, Span
from ..store import Filters, QueryError, StoreStats
from ..store.base import (
    FINDING_KINDS,
    FindingFilters,
    Key,
    Page,
    SourceArticle,
    StorySummary,
)
from .errors import error_response
from .paging import DEFAULT_LIMIT, MAX_CURSOR_CHARS, MAX_LIMIT, decode_cursor, page_response
from .schemas import (
    _EXACT,
    ActorItem,
    ArticleItem,
    ErrorBody,
    EventItem,
    OutletsBody,
    PageOf,
    PlaceItem,
    QuoteItem,
    SearchItem,
    StatsBody,
    _record_fields,
)

MAX_TEXT = 500  # characters of a search text
MAX_NAME = 200  # characters of a name filter
ERRORS = {400: {"model": ErrorBody}, 422: {"model": ErrorBody}}

router = APIRouter()


def _text(description: str, max_length: int = MAX_NAME):
    return Query(description=description, max_length=max_length)


async def filters(
    q: Annotated[
        str | None, _text('Words to find; "quoted phrases" stay together.', MAX_TEXT)
    ] = None,
    speaker: Annotated[str | None, _text("Part of a quoted speaker's name, e.g. Kerry.")] = None,
    actor: Annotated[str | None, _text("An ISO3 country (RUS) or an actor's name.")] = None,
    place: Annotated[str | None, _text("A place name (Aleppo) or a GeoNames id.")] = None,
    plover: Annotated[str | None, _text("A PLOVER event category, e.g. ASSAULT.")] = None,
    date_from: Annotated[
        str | None, Query(alias="from", max_length=10, description="On or after YYYY-MM-DD.")
    ] = None,
    date_to: Annotated[
        str | None, Query(alias="to", max_length=10, description="On or before YYYY-MM-DD.")
    ] = None,
) -> Filters:
    """The filters of `newstrace search`, from query parameters (blank ones ignored)."""
    try:
        return Filters(
            text=q or None,
            speaker=speaker or None,
            actor=actor or None,
            place=place or None,
            plover=plover or None,
            date_from=date_from or None,
            date_to=date_to or None,
        )
    except QueryError as error:  # its message names the CLI's options
        message = str(error)
        for option in ("--from", "--to", "--place"):
            message = message.replace(option, option[2:])
        raise QueryError(message) from None


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page, 1-{MAX_LIMIT}.")]
Cursor = Annotated[
    str | None,
    Query(max_length=MAX_CURSOR_CHARS, description="The `cursor` of the page before."),
]
Picked = Annotated[Filters, Depends(filters)]


async def _page(request: Request, listing: str, cursor: str | None, ask) -> JSONResponse:
    """Run `ask(store, key)` on a reader thread and answer with its page."""
    key: Key | None = decode_cursor(listing, cursor)
    page: Page = await request.app.state.readers.run(lambda store: ask(store, key))
    return page_response(request, listing, page)


@router.get("/articles", tags=["articles"], responses={200: {"model": PageOf[ArticleItem]}})
async def list_articles(
    request: Request, picked: Picked, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> JSONResponse:
    """Stored articles passing the filters, in ingest order, without their text."""
    return await _page(
        request,
        "articles",
        cursor,
        lambda store, key: store.article_page(picked, after=key, limit=limit),
    )


@router.get(
    "/articles/{article_id}",
    tags=["articles"],
    responses={200: {"model": Article}, 404: {"model": ErrorBody}},
)
async def get_article(
    request: Request,
    article_id: Annotated[str, Path(max_length=64, description="SHA-1 of the text.")],
) -> JSONResponse:
    """One article with all its records: exactly its line of `newstrace extract`."""
    found = await request.app.state.readers.run(lambda store: store.get_article(article_id))
    if found is None:
        return error_response(404, f"no article with id {article_id!r} in this store")
    return JSONResponse(found.to_dict())


@router.get("/search", tags=["search"], responses={200: {"model": PageOf[SearchItem]}, **ERRORS})
async def search(
    request: Request,
    picked: Picked,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    cursor: Cursor = None,
) -> JSONResponse:
    """Articles ranked by BM25 over their title and text, best first; `q` is required."""
    if not picked.text:
        return error_response(400, "q: give the words to search for, e.g. ?q=hospital")
    return await _page(
        request,
        "search",
        cursor,
        lambda store, key: store.search_page(picked, after=key, limit=limit),
    )


@router.get("/quotes", tags=["records"], responses={200: {"model": PageOf[QuoteItem]}, **ERRORS})
async def list_quotes(
    request: Request, picked: Picked, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> JSONResponse:
    """Stored quotes in ingest order; speaker and actor filter the quote's speaker."""
    return await _page(
        request,
        "quotes",
        cursor,
        lambda store, key: store.quote_page(picked, after=key, limit=limit),
    )


@router.get("/events", tags=["records"], responses={200: {"model": PageOf[EventItem]}, **ERRORS})
async def list_events(
    request: Request, picked: Picked, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> JSONResponse:
    """Stored events by their day (else the article's), undated last.

    actor: source or target; place: the event's place; speaker: who claims it.
    """
    return await _page(
        request,
        "events",
        cursor,
        lambda store, key: store.event_page(picked, after=key, limit=limit),
    )


@router.get("/places", tags=["records"], responses={200: {"model": PageOf[PlaceItem]}, **ERRORS})
async def list_places(
    request: Request, picked: Picked, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> JSONResponse:
    """Places named in the articles passing the filters, most mentioned first.

    `place` picks the place itself; the other filters pick the articles counted.
    """
    return await _page(
        request,
        "places",
        cursor,
        lambda store, key: store.place_page(picked, after=key, limit=limit),
    )


@router.get("/actors", tags=["records"], responses={200: {"model": PageOf[ActorItem]}, **ERRORS})
async def list_actors(
    request: Request, picked: Picked, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> JSONResponse:
    """Actors used in the articles passing the filters, most used first.

    `actor` picks the actor itself; the other filters pick the articles counted.
    """
    return await _page(
        request,
        "actors",
        cursor,
        lambda store, key: store.actor_page(picked, after=key, limit=limit),
    )


# A stored finding: its article, whether the corpus pass found it, the contract record,
# and the earlier articles it names (keys in the order FindingHit.to_dict sends them).
FindingItem = create_model(
    "FindingItem",
    __config__=_EXACT,
    article=(str, Field(description="Id of the article the finding is about.")),
    source=(str, Field(description="That article's source (path or URL).")),
    title=(str | None, ...),
    published=(str | None, ...),
    corpus=(bool, Field(description="Found by the corpus pass against earlier articles.")),
    **_record_fields(Finding),
    sources=(
        list[SourceArticle],
        Field(description="The earlier articles the finding names, as its message does."),
    ),
)


@router.get(
    "/findings", tags=["records"], responses={200: {"model": PageOf[FindingItem]}, **ERRORS}
)
async def list_findings(
    request: Request,
    picked: Picked,
    kind: Annotated[
        list[str] | None,
        Query(max_length=20, description="Finding kinds, any of: " + ", ".join(FINDING_KINDS)),
    ] = None,
    article: Annotated[str | None, Query(max_length=64, description="Of this article id.")] = None,
    source: Annotated[
        str | None,
        Query(max_length=64, description="Naming this earlier article id (copies, stitches)."),
    ] = None,
    corpus: Annotated[
        bool | None,
        Query(description="true: the corpus pass's findings; false: the articles' own."),
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> JSONResponse:
    """Stored findings in ingest order, of the articles passing the filters.

    Corpus findings (duplicate, stitched, spun_phrase, attribution_conflict against
    earlier articles) come with `sources`, the earlier articles they name.
    """
    try:
        wanted = FindingFilters(
            kinds=tuple(kind or ()), article=article or None, source=source or None, corpus=corpus
        )
    except QueryError as error:
        raise QueryError(str(error).replace("--kind", "kind")) from None
    return await _page(
        request,
        "findings",
        cursor,
        lambda store, key: store.finding_page(picked, wanted, after=key, limit=limit),
    )


class ClaimSideItem(BaseModel):
    """One side of a contested claim: who says what, in which article, in which words."""

    model_config = _EXACT
    article: str = Field(description="Id of the article this side is said in.")
    title: str | None
    published: str | None
    speaker: str = Field(description="Who says it, as the article names them.")
    country: str | None = Field(description="The speaker's ISO3 country, where known.")
    evidence: Span = Field(description="The words said: offsets into that article's text.")


class ClaimItem(BaseModel):
    """A contested claim: a speaker's claim and another's statement disputing it."""

    model_config = _EXACT
    kind: Literal["denial", "blame"] = Field(
        description="denial: the counter side denies the claim; blame: both assert the "
        "event and put it on different perpetrators."
    )
    message: str
    claim: ClaimSideItem
    counter: ClaimSideItem


class StoryBody(BaseModel):
    """A stored story with its articles, in the order they joined it, and its claims."""

    model_config = _EXACT
    id: str
    title: str | None = Field(description="A representative headline.")
    first: str | None = Field(description="Day of its first article, YYYY-MM-DD.")
    last: str | None = Field(description="Day of its last article, YYYY-MM-DD.")
    size: int = Field(description="How many stored articles it holds.")
    contested: int = Field(description="How many contested claims it holds.")
    articles: list[SourceArticle]
    claims: list[ClaimItem]


@router.get(
    "/stories", tags=["stories"], responses={200: {"model": PageOf[StorySummary]}, **ERRORS}
)
async def list_stories(
    request: Request,
    picked: Picked,
    contested: Annotated[
        bool, Query(description="true: only the stories with contested claims.")
    ] = False,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> JSONResponse:
    """Stored stories by the day of their first article, undated last.

    A story is kept when one of its articles passes the filters. Stories are stored by
    `newstrace stories --db` (not by ingest); a store without them lists none.
    """
    return await _page(
        request,
        "stories",
        cursor,
        lambda store, key: store.story_page(picked, contested=contested, after=key, limit=limit),
    )


@router.get(
    "/stories/{story_id}",
    tags=["stories"],
    responses={200: {"model": StoryBody}, 404: {"model": ErrorBody}},
)
async def get_story(
    request: Request,
    story_id: Annotated[str, Path(max_length=64, description="A story id, e.g. story-3f2a….")],
) -> JSONResponse:
    """One story: its articles and its contested claims, each with both sides' evidence."""
    found = await request.app.state.readers.run(lambda store: store.get_story(story_id))
    if found is None:
        return error_response(
            404,
            f"no story with id {story_id!r} in this store; `newstrace stories --db STORE` "
            "stores them",
        )
    return JSONResponse(found.to_dict())


@router.get("/stats", tags=["stats"], responses={200: {"model": StatsBody}, **ERRORS})
async def stats(
    request: Request,
    top: Annotated[int, Query(ge=1, le=100, description="Speakers, places, runs listed.")] = 10,
) -> JSONResponse:
    """Rows per record type, top speakers and places, and the recent ingest runs."""
    found: StoreStats = await request.app.state.readers.run(lambda store: store.stats(top=top))
    return JSONResponse(stats_body(found))


@router.get("/outlets", tags=["stats"], responses={200: {"model": OutletsBody}, **ERRORS})
async def outlets(
    request: Request,
    top: Annotated[int, Query(ge=1, le=1000, description="Outlets listed.")] = 20,
    shares: Annotated[int, Query(ge=1, le=50, description="Countries and regions each.")] = 5,
) -> JSONResponse:
    """Where each outlet's stories happen: the share of its articles whose unambiguous
    places lie in each country and admin1 region (outlet profiles, learnt without gold),
    as of the last `newstrace outlets --db` or `ingest --outlets-from-store`. Outlets
    with fewer articles than a profile needs (3) are left out."""
    found: OutletProfiles = await request.app.state.readers.run(
        lambda store: OutletProfiles.from_counts(*store.outlet_anchor_counts())
    )
    return JSONResponse(outlets_body(found, top, shares))


def outlets_body(found: OutletProfiles, top: int, shares: int) -> dict:
    """The `top` outlets with a profile, most articles first, their `shares` largest
    countries and regions each."""
    listed = []
    for outlet, _ in found.outlets():
        profile = found.profile(outlet)
        if profile is None:
            continue
        countries = sorted(profile.countries.items(), key=lambda kv: (-kv[1], kv[0]))
        regions = sorted(profile.regions.items(), key=lambda kv: (-kv[1], kv[0]))
        listed.append(
            {
                "outlet": outlet,
                "articles": profile.articles,
                "countries": [
                    {"country": iso3, "share": round(share, 4)}
                    for iso3, share in countries[:shares]
                ],
                "regions": [
                    {"country": iso3, "admin1": admin1, "share": round(share, 4)}
                    for (iso3, admin1), share in regions[:shares]
                ],
            }
        )
        if len(listed) == top:
            break
    return {"outlets": listed}


def stats_body(found: StoreStats) -> dict:
    """`found` as JSON, without the database's location or the paths runs read."""
    return {
        "schema_version": found.schema_version,
        "counts": found.counts,
        "top_speakers": [{"name": name, "count": n} for name, n in found.top_speakers],
        "top_places": [{"name": name, "count": n} for name, n in found.top_places],
        "runs": [
            {
                "id": run.id,
                "started_at": run.started_at,
                "finished_at": run.finished_at,
                "status": run.status,
                "stored": run.stored,
                "skipped": run.skipped,
                "errors": run.errors,
            }
            for run in found.runs
        ],
    }
