"""Cursor pagination: opaque cursors around the store's page keys, and `next` links.

A cursor is the listing's name and the store's key of the last item, as URL-safe
base64 of JSON. It is opaque to clients, not secret: a forged one can only ask for a
position in the same listing, because the store checks the key's shape and binds its
values as query parameters.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import JSONResponse

from ..store import QueryError
from ..store.base import Key, Page

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_CURSOR_CHARS = 512


def encode_cursor(listing: str, key: Key) -> str:
    """The cursor that resumes `listing` after `key`."""
    raw = json.dumps([listing, list(key)], separators=(",", ":"), allow_nan=False)
    return base64.urlsafe_b64encode(raw.encode("ascii")).decode("ascii").rstrip("=")


def decode_cursor(listing: str, cursor: str | None) -> Key | None:
    """The key inside `cursor` (None for no cursor).

    Raises:
        QueryError: `cursor` was not handed out by this server for `listing`.
    """
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, key = json.loads(raw, parse_constant=_no_constant)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise _bad_cursor(listing) from None
    if name != listing or not isinstance(key, list):
        raise _bad_cursor(listing)
    return tuple(key)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is no cursor value")


def _bad_cursor(listing: str) -> QueryError:
    return QueryError(
        f"cursor: not a cursor of /{listing}; pass the `cursor` of the page before, "
        "or none to start from the first page"
    )


def page_response(request: Request, listing: str, page: Page) -> JSONResponse:
    """`{"items": [...], "next": link or null, "cursor": cursor or null}`.

    `next` is a relative link to the following page (same filters and limit), also sent
    as a `Link: <…>; rel="next"` header; null on the last page.
    """
    cursor = encode_cursor(listing, page.next) if page.next is not None else None
    link = next_link(request, cursor) if cursor else None
    return JSONResponse(
        {"items": [item.to_dict() for item in page.items], "next": link, "cursor": cursor},
        headers={"Link": f'<{link}>; rel="next"'} if link else None,
    )


def next_link(request: Request, cursor: str) -> str:
    """This request's path and query with `cursor` in place of the one it had.

    Relative on purpose: an absolute link would be built from the Host header, which
    the client chose.
    """
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
    return f"{request.url.path}?{urlencode([*query, ('cursor', cursor)])}"
