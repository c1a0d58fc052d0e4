"""The UI's pages: overview, search, article, findings, stories, map, timeline, quotes,
speakers.

Each handler reads the shared filters, asks the store on a reader thread (as the JSON
API does) and renders one template. Nothing here builds HTML: the templates do, with
autoescaping on.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import lru_cache
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..api.paging import MAX_CURSOR_CHARS, decode_cursor, encode_cursor
from ..store import NO_FILTERS, Filters, QueryError, Store
from ..store.base import (
    FINDING_KINDS,
    MATCH_END,
    MATCH_START,
    EventHit,
    FindingFilters,
    FindingHit,
    Page,
)
from . import worldmap
from .gather import ListingCache, event_day
from .markup import segments
from .query import FilterForm, read_filters
from .speakers import same_words, speaker_of, speaker_table
from .storyline import build_storyline
from .templating import environment, render
from .timeline import build_chart

T = TypeVar("T")
RESULTS = 20  # search results a page
ARTICLES = 50  # articles a page when browsing without words
EVENT_ROWS = 200  # events listed under the timeline
SPEAKER_ROWS = 100
SHARED_GROUPS = 30
MAP_LABELS = 8  # the biggest cities are named on the map
PLACE_EVENTS = 50  # events listed for the place picked on the map
FINDINGS = 50  # findings a page of the findings list
ARTICLE_FINDINGS = 500  # findings of one article read for its page (sources, corpus or not)
# The findings list's scopes: which findings each shows (FindingFilters.corpus).
SCOPES = {"corpus": True, "own": False, "all": None}
STORIES = 50  # stories a page of the stories list

router = APIRouter(include_in_schema=False)
Cursor = Annotated[str | None, Query(max_length=MAX_CURSOR_CHARS)]


async def _ask(request: Request, work: Callable[[Store], T]) -> T:
    return await request.app.state.readers.run(work)


def _listings(request: Request) -> ListingCache:
    return request.app.state.listings


def _bad_filters(request: Request, template: str, form: FilterForm, **values: Any) -> HTMLResponse:
    return render(request, template, status=400, form=form, **values)


@router.get("/", response_class=HTMLResponse)
async def overview(request: Request) -> HTMLResponse:
    """What the store holds, the timeline of its events and where to go next."""
    form = read_filters(request.query_params)
    if form.filters is None:
        return _bad_filters(request, "overview.html", form, stats=None, chart=None, truncated=False)
    filters = form.filters

    listings = _listings(request)

    def work(store: Store):
        return store.stats(top=10), listings.events(store, filters)

    stats, events = await _ask(request, work)
    chart = build_chart((event_day(hit), hit.event.plover) for hit in events.items)
    return render(
        request, "overview.html", form=form, stats=stats, chart=chart, truncated=events.truncated
    )


def snippet_pieces(snippet: str) -> list[tuple[str, bool]]:
    """A search snippet as (text, matched) pieces, for the template to escape and mark."""
    pieces: list[tuple[str, bool]] = []
    for part in snippet.split(MATCH_START):
        matched, _, rest = part.rpartition(MATCH_END) if MATCH_END in part else ("", "", part)
        if matched:
            pieces.append((matched, True))
        if rest:
            pieces.append((rest, False))
    return pieces


@router.get("/ui/search", response_class=HTMLResponse)
async def search(request: Request, cursor: Cursor = None) -> HTMLResponse:
    """Full-text search with the filters; without words, the articles passing them."""
    form = read_filters(request.query_params)
    if form.filters is None:
        return _bad_filters(request, "search.html", form, hits=[], articles=[], more=None)
    filters = form.filters
    listing = "search" if filters.text else "articles"
    try:
        after = decode_cursor(listing, cursor)
        if filters.text:
            page: Page = await _ask(
                request, lambda store: store.search_page(filters, after=after, limit=RESULTS)
            )
        else:
            page = await _ask(
                request, lambda store: store.article_page(filters, after=after, limit=ARTICLES)
            )
    except QueryError as error:
        form = dataclasses.replace(form, error=str(error))
        return _bad_filters(request, "search.html", form, hits=[], articles=[], more=None)
    more = form.link("/ui/search", cursor=encode_cursor(listing, page.next)) if page.next else None
    hits = [(hit, snippet_pieces(hit.snippet)) for hit in page.items] if filters.text else []
    articles = [] if filters.text else page.items
    return render(request, "search.html", form=form, hits=hits, articles=articles, more=more)


@router.get("/ui/articles/{article_id}", response_class=HTMLResponse)
async def article(
    request: Request, article_id: Annotated[str, Path(max_length=64)]
) -> HTMLResponse:
    """One article: its text marked up from its records, and the records listed.

    Its findings come with what the store keeps beside them: whether the corpus pass
    found them, and the earlier articles they name (linked).
    """

    def work(store: Store):
        found = store.get_article(article_id)
        if found is None:
            return None, {}
        page = store.finding_page(
            NO_FILTERS, FindingFilters(article=found.id), limit=ARTICLE_FINDINGS
        )
        return found, {hit.seq: hit for hit in page.items}

    found, traces = await _ask(request, work)
    form = read_filters({})
    if found is None:
        message = "No article with this id in the store; search for it instead."
        return render(request, "error.html", status=404, form=form, message=message)
    return render(
        request, "article.html", form=form, article=found, pieces=segments(found), traces=traces
    )


@router.get("/ui/findings", response_class=HTMLResponse)
async def findings(
    request: Request,
    kind: Annotated[str | None, Query(max_length=40)] = None,
    scope: Annotated[str | None, Query(max_length=10)] = None,
    cursor: Cursor = None,
) -> HTMLResponse:
    """Stored findings of the articles passing the filters; the corpus ones by default.

    Each links to its article at its first evidence, and a copy, stitch, spin or
    conflict to the earlier articles it names.
    """
    form = read_filters(request.query_params)
    scope = scope if scope in SCOPES else "corpus"
    kind = kind if kind in FINDING_KINDS else None
    values: dict[str, Any] = {"kind": kind, "scope": scope, "kinds": FINDING_KINDS}
    if form.filters is None:
        return _bad_filters(request, "findings.html", form, hits=[], more=None, **values)
    filters = form.filters
    wanted = FindingFilters(kinds=(kind,) if kind else (), corpus=SCOPES[scope])
    try:
        after = decode_cursor("findings", cursor)
        page: Page[FindingHit] = await _ask(
            request, lambda store: store.finding_page(filters, wanted, after=after, limit=FINDINGS)
        )
    except QueryError as error:
        form = dataclasses.replace(form, error=str(error))
        return _bad_filters(request, "findings.html", form, hits=[], more=None, **values)
    more = None
    if page.next:
        more = form.link(
            "/ui/findings", kind=kind, scope=scope, cursor=encode_cursor("findings", page.next)
        )
    return render(request, "findings.html", form=form, hits=page.items, more=more, **values)


def story_path(story_id: str) -> str:
    """The page of the stored story of this id."""
    return "/ui/stories/" + quote(story_id, safe="")


@router.get("/ui/stories", response_class=HTMLResponse)
async def stories(
    request: Request,
    contested: Annotated[str | None, Query(max_length=5)] = None,
    cursor: Cursor = None,
) -> HTMLResponse:
    """Stored stories holding an article that passes the filters, by their first day;
    `contested=1` keeps those with contested claims."""
    form = read_filters(request.query_params)
    only = contested == "1"
    values: dict[str, Any] = {"contested": only, "story_path": story_path}
    if form.filters is None:
        return _bad_filters(request, "stories.html", form, stories=[], more=None, **values)
    filters = form.filters
    try:
        after = decode_cursor("stories", cursor)
        page = await _ask(
            request,
            lambda store: store.story_page(filters, contested=only, after=after, limit=STORIES),
        )
    except QueryError as error:
        form = dataclasses.replace(form, error=str(error))
        return _bad_filters(request, "stories.html", form, stories=[], more=None, **values)
    more = None
    if page.next:
        more = form.link(
            "/ui/stories",
            contested="1" if only else None,
            cursor=encode_cursor("stories", page.next),
        )
    return render(request, "stories.html", form=form, stories=page.items, more=more, **values)


@router.get("/ui/stories/{story_id}", response_class=HTMLResponse)
async def story(request: Request, story_id: Annotated[str, Path(max_length=64)]) -> HTMLResponse:
    """One story: its articles on a timeline and listed, and each contested claim as its
    two sides, each linking to its words in its article."""
    found = await _ask(request, lambda store: store.get_story(story_id))
    form = read_filters({})
    if found is None:
        message = "No story with this id in the store; `newstrace stories --db` stores them."
        return render(request, "error.html", status=404, form=form, message=message)
    sides = {side.article_id for claim in found.claims for side in (claim.claim, claim.counter)}
    line = build_storyline(found.articles, sides)
    return render(request, "story.html", form=form, story=found, line=line)


@router.get("/ui/map", response_class=HTMLResponse)
async def world_map(
    request: Request,
    at: Annotated[str | None, Query(max_length=200)] = None,
    view: Annotated[str | None, Query(max_length=10)] = None,
) -> HTMLResponse:
    """Places and their events on the world map, markers sized by mentions."""
    form = read_filters(request.query_params)
    if form.filters is None:
        return _bad_filters(request, "map.html", form, **_empty_map())
    filters = form.filters

    listings = _listings(request)

    def work(store: Store):
        return listings.places(store, filters), listings.events(store, filters)

    places, events = await _ask(request, work)
    by_place: dict[str, list[EventHit]] = defaultdict(list)
    for hit in events.items:
        if hit.event.place is not None:
            by_place[_place_key(hit.event.place.geonameid, hit.event.place.name)].append(hit)
    markers = []
    for place in places.items:
        if place.lat is None or place.lon is None:
            continue
        x, y = worldmap.project(place.lon, place.lat)
        key = _place_key(place.geonameid, place.name)
        markers.append((place, key, x, y, len(by_place.get(key, ()))))
    shown = (
        worldmap.WORLD
        if view == "world"
        else worldmap.fit([(x, y, p.mentions) for p, _, x, y, _ in markers])
    )
    peak = max((place.mentions for place, *_ in markers), default=1)
    scale = 1 / shown.zoom
    placed = [
        {
            "place": place,
            "key": key,
            "x": round(x, 2),
            "y": round(y, 2),
            "r": round((2.5 + 14 * (place.mentions / peak) ** 0.5) * scale, 3),
            "events": n,
        }
        for place, key, x, y, n in sorted(markers, key=lambda m: -m[0].mentions)
    ]
    named: dict[str, dict[str, Any]] = {}
    for marker in placed:  # biggest first; a region's marker sits on its city's
        if marker["place"].precision in ("city", "village") and len(named) < MAP_LABELS:
            named.setdefault(marker["place"].name, marker)
    picked = next((m for m in placed if m["key"] == at), None) if at else None
    return render(
        request,
        "map.html",
        form=form,
        view=shown,
        world=view == "world",
        markers=placed,
        unplaced=sum(1 for place in places.items if place.lat is None),
        picked=picked,
        picked_events=by_place.get(at or "", [])[:PLACE_EVENTS],
        truncated=places.truncated or events.truncated,
        stroke=round(0.5 / shown.zoom, 3),
        zoom=max(1, round(shown.zoom)),
        label=round(13 / shown.zoom, 3),
        labels=list(named.values()),
        width=worldmap.WIDTH,
        height=worldmap.HEIGHT,
    )


def _empty_map() -> dict[str, Any]:
    return {
        "view": worldmap.WORLD,
        "world": True,
        "markers": [],
        "unplaced": 0,
        "picked": None,
        "picked_events": [],
        "truncated": False,
        "stroke": 0.5,
        "zoom": 1,
        "label": 13,
        "labels": [],
        "width": worldmap.WIDTH,
        "height": worldmap.HEIGHT,
    }


def _place_key(geonameid: int | None, name: str) -> str:
    """How the map names a place in its links: the GeoNames id, else the name."""
    return str(geonameid) if geonameid is not None else name


@router.get("/ui/map/world.svg")
async def world_outlines(z: Annotated[int, Query(ge=1, le=64)] = 1) -> Response:
    """The country outlines, an SVG the map page draws its markers over.

    `z` is the page's zoom: the outlines scale with the map, so their strokes are drawn
    that much thinner to look the same at every zoom.
    """
    svg = _world_svg(z)
    return Response(
        svg, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"}
    )


@lru_cache(maxsize=16)
def _world_svg(zoom: int) -> str:
    return (
        environment()
        .get_template("world.svg")
        .render(
            countries=worldmap.countries(),
            width=worldmap.WIDTH,
            height=worldmap.HEIGHT,
            stroke=round(0.4 / zoom, 4),
        )
    )


@router.get("/ui/timeline", response_class=HTMLResponse)
async def timeline(request: Request) -> HTMLResponse:
    """Events per day by category; brushing a range sets the from/to filters."""
    form = read_filters(request.query_params)
    if form.filters is None:
        return _bad_filters(
            request, "timeline.html", form, chart=None, rows=[], total=0, truncated=False
        )
    filters = form.filters
    events = await _ask(request, lambda store: _listings(request).events(store, filters))
    chart = build_chart((event_day(hit), hit.event.plover) for hit in events.items)
    rows = [(event_day(hit), hit) for hit in events.items[:EVENT_ROWS]]
    return render(
        request,
        "timeline.html",
        form=form,
        chart=chart,
        rows=rows,
        total=len(events.items),
        truncated=events.truncated,
    )


@router.get("/ui/quotes", response_class=HTMLResponse)
async def quotes(request: Request) -> HTMLResponse:
    """Who is quoted how often, on what; the same words given to different speakers."""
    form = read_filters(request.query_params)
    if form.filters is None:
        return _bad_filters(
            request, "quotes.html", form, speakers=[], shared=[], total=0, truncated=False
        )
    filters = form.filters
    found = await _ask(request, lambda store: _listings(request).quotes(store, filters))
    return render(
        request,
        "quotes.html",
        form=form,
        speakers=speaker_table(found.items)[:SPEAKER_ROWS],
        shared=same_words(found.items)[:SHARED_GROUPS],
        total=len(found.items),
        truncated=found.truncated,
    )


@router.get("/ui/speakers/{name:path}", response_class=HTMLResponse)
async def speaker(request: Request, name: Annotated[str, Path(max_length=200)]) -> HTMLResponse:
    """A speaker's quotes with their sources, and their words given to others."""
    form = read_filters(request.query_params)
    if form.filters is None:
        return _bad_filters(
            request, "speaker.html", form, name=name, quotes=[], shared=[], kinds={}, articles=0
        )
    everyone: Filters = dataclasses.replace(form.filters, speaker=None)
    theirs: Filters = dataclasses.replace(form.filters, speaker=name)

    listings = _listings(request)

    def work(store: Store):
        return listings.quotes(store, theirs), listings.quotes(store, everyone)

    own, every = await _ask(request, work)
    # the store's speaker filter is "name contains"; this page is one name exactly
    hits = [hit for hit in own.items if speaker_of(hit) == name]
    shared = [
        group
        for group in same_words(every.items)
        if any(who == name for who, _ in group.by_speaker)
    ]
    kinds = Counter(hit.quote.kind for hit in hits)
    status = 200 if hits else 404
    return render(
        request,
        "speaker.html",
        status=status,
        form=form,
        name=name,
        quotes=hits,
        kinds=kinds,
        articles=len({hit.article_id for hit in hits}),
        shared=shared[:SHARED_GROUPS],
    )
