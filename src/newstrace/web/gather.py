"""Whole listings for the corpus views: every page of a store listing, up to a cap.

The map, the timeline and the quote tables count over all the records that pass the
filters, not over one API page. They walk the store's pages (bounded slices, keyed, all
values bound) until the listing ends or `cap` records are in; a page says when it was
cut, so a view over a huge store is a sample that says so, never a hang.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..store import Filters, Store
from ..store.base import EventHit, Key, Page, PlaceCount, QuoteHit

T = TypeVar("T")
PAGE = 1_000
EVENT_CAP = 20_000
QUOTE_CAP = 20_000
PLACE_CAP = 2_000
CACHE_SIZE = 32  # listings kept; each at most a cap of records


@dataclass(frozen=True, slots=True)
class Listing(Generic[T]):
    """The records gathered, and whether the cap cut the listing short."""

    items: list[T]
    truncated: bool


def walk(ask: Callable[[Key | None, int], Page[T]], cap: int) -> Listing[T]:
    """Every item of a paged listing, `ask(after, limit)`, up to `cap` items."""
    items: list[T] = []
    after: Key | None = None
    while True:
        page = ask(after, min(PAGE, cap - len(items)))
        items += page.items
        if page.next is None:
            return Listing(items, False)
        if len(items) >= cap:
            return Listing(items, True)
        after = page.next


class ListingCache:
    """The last few whole listings, each kept while the store holds the same records.

    The overview, the map and the timeline all walk the same events; a reader clicking
    between them, or back, would walk them again. A listing is kept under its store,
    kind, filters and cap, and under the store's row counts when it was walked: records
    are only ever added, so while the counts stand the listing is what a walk would
    give. Reader threads share one cache, hence the lock; an app keeps its own in
    `app.state.listings`.
    """

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._kept: OrderedDict[tuple, Listing] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, store: Store, kind: str, filters: Filters, cap: int, walker) -> Listing:
        """The listing `walker()` gives, from the cache when the store has not changed."""
        counts = tuple(sorted(store.stats(top=1).counts.items()))
        key = (store.location, kind, filters, cap, counts)
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        listing = walker()
        with self._lock:
            self._kept[key] = listing
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return listing

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def events(self, store: Store, filters: Filters, cap: int = EVENT_CAP) -> Listing[EventHit]:
        """Events passing `filters`, by day, undated last."""
        return self._walked(store, "events", filters, cap, store.event_page)

    def quotes(self, store: Store, filters: Filters, cap: int = QUOTE_CAP) -> Listing[QuoteHit]:
        """Quotes passing `filters`, in ingest order."""
        return self._walked(store, "quotes", filters, cap, store.quote_page)

    def places(self, store: Store, filters: Filters, cap: int = PLACE_CAP) -> Listing[PlaceCount]:
        """Places named in the articles passing `filters`, most mentioned first."""
        return self._walked(store, "places", filters, cap, store.place_page)

    def _walked(self, store: Store, kind: str, filters: Filters, cap: int, page) -> Listing:
        """The listing of `page(filters, after=, limit=)`, walked or from the cache."""
        return self.get(
            store,
            kind,
            filters,
            cap,
            lambda: walk(lambda after, n: page(filters, after=after, limit=n), cap),
        )


def event_day(hit: EventHit) -> str | None:
    """The day an event is filed under: its own date when day-precise, else the article's.

    The same rule as the store's date filters on events, so brushing a bar of the
    timeline keeps exactly the events the bar counted.
    """
    date = hit.event.date
    if date is not None and date.precision == "day" and date.value:
        return date.value[:10]
    return hit.published[:10] if hit.published else None
