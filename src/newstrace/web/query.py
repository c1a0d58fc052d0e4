"""The filters every page shares, read from the query string and written back into links.

The UI's filters are the API's (q, speaker, actor, place, plover, from, to), under the
same names, so a page's URL is also the API query for its data. Links between pages
carry them along: brushing a range on the timeline sets from/to, and the map, the
quotes and the search then show that range.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode, urlsplit

from ..store import Filters, QueryError

# query parameter -> Filters field, in the order the form shows them
FIELDS = {
    "q": "text",
    "speaker": "speaker",
    "actor": "actor",
    "place": "place",
    "plover": "plover",
    "from": "date_from",
    "to": "date_to",
}
MAX_CHARS = 500  # longest value kept from the query string, as the API's longest filter


@dataclass(frozen=True, slots=True)
class FilterForm:
    """The filters as the user typed them, and as the store reads them.

    `values` keeps the non-blank parameters (to refill the form and build links);
    `filters` is None and `error` says why when they do not make a valid query.
    """

    values: dict[str, str] = field(default_factory=dict)
    filters: Filters | None = None
    error: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.values)

    def query(self, **changes: str | None) -> str:
        """The query string of these filters with `changes` (None drops a key), or ""."""
        merged = {**self.values, **changes}
        kept = [(key, value) for key, value in merged.items() if value]
        return "?" + urlencode(kept) if kept else ""

    def link(self, path: str, **changes: str | None) -> str:
        """`path` with these filters (and `changes`) as its query string."""
        return path + self.query(**changes)

    def chips(self) -> Iterator[tuple[str, str, str]]:
        """(name, value, link without it) for each active filter, to show and clear it."""
        for key, value in self.values.items():
            yield key, value, self.query(**{key: None}) or "?"


def read_filters(params: Mapping[str, str]) -> FilterForm:
    """The FilterForm of a request's query parameters; blank ones are ignored."""
    values = {}
    for key in FIELDS:
        value = (params.get(key) or "").strip()[:MAX_CHARS]
        if value:
            values[key] = value
    try:
        filters = Filters(**{FIELDS[key]: value for key, value in values.items()})
    except QueryError as error:
        message = str(error)
        for option in ("--from", "--to", "--place"):  # the store names the CLI's options
            message = message.replace(option, option[2:])
        return FilterForm(values=values, error=message)
    return FilterForm(values=values, filters=filters)


def web_href(url: str | None) -> str | None:
    """`url` when it is an http(s) URL a link may point at, else None.

    An article's url comes from its source: `javascript:`, `data:` or any other scheme
    is shown as text, never made a link.
    """
    if not url:
        return None
    candidate = url.strip()
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ord(char) < 0x21 for char in candidate):  # whitespace or control characters
        return None
    return candidate


def speaker_path(name: str) -> str:
    """The page of the speaker of this name (every character percent-encoded as needed)."""
    return "/ui/speakers/" + quote(name, safe="")


def article_path(article_id: str, start: int | None = None) -> str:
    """The article's page, at the character offset `start` when given."""
    path = "/ui/articles/" + quote(article_id, safe="")
    return path if start is None else f"{path}#at-{start}"
