"""Outlet profiles of a store: its articles' anchors kept in `outlet_anchors`, summed.

The anchors of an article (extract/outlets.py: the countries and admin1 regions its
unambiguous places lie in) are derived from its stored places, so they are computed
after the fact, a page of articles at a time, for the articles that have no rows yet;
a run killed midway leaves whole pages done and the next run carries on. The profiles
are then one GROUP BY away, however large the store.
"""

from __future__ import annotations

from collections.abc import Callable

from ..extract.outlets import OutletProfiles, anchor_rows, article_anchors, outlet_key
from ..nlp.gazetteer import PlaceIndex
from .base import Store

ANCHOR_PAGE = 500  # articles per transaction of anchor rows


def store_outlet_profiles(
    store: Store, index: PlaceIndex, on_page: Callable[[int], None] | None = None
) -> OutletProfiles:
    """Bring the store's outlet anchors up to date, then return its outlet profiles.

    Args:
        store: The store; its articles without anchor rows get them.
        index: The place index, to tell anchored places (`article_anchors`).
        on_page: Told how many articles each page anchored (for progress).
    """
    while articles := store.articles_lacking_outlet_anchors(ANCHOR_PAGE):
        rows = [
            (article.id, *row)
            for article in articles
            for row in anchor_rows(
                outlet_key(article.url, article.outlet), article_anchors(article.places, index)
            )
        ]
        store.put_outlet_anchors(rows)
        if on_page is not None:
            on_page(len(articles))
    return OutletProfiles.from_counts(*store.outlet_anchor_counts())
