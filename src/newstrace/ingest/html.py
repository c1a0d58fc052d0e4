"""Turn an HTML page into an article: body text, title, date, URL and site via trafilatura.

The options are tuned on the scrapinghub article-extraction benchmark (see
`newstrace.eval.extraction`): `favor_precision=True` keeps navigation, teasers and
"read more" blocks out of the body and raises body F1 from 0.965 to 0.975 on the
91 pages we hold, with recall almost unchanged; comments are never part of the body.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import IngestError
from ..records import InputArticle
from .decode import decode_bytes, normalise_newlines

# trafilatura options, in one place so the evaluation scores what ingest runs.
EXTRACTION_OPTIONS: dict[str, bool] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WORD = re.compile(r"\w+")
# Fewer words than this is a stray link or label that trafilatura's fallback picked up.
MIN_BODY_WORDS = 3
# Real pages carry tens of attributes on an element at most; trafilatura's fallbacks
# (justext, htmldate) take time quadratic in their number: 50,000 on one <p> take a minute.
MAX_ATTRIBUTES = 1_000
# A start tag, its quoted values blanked; a tag this short cannot hold MAX_ATTRIBUTES.
_LONG_TAG = re.compile(rf"<[A-Za-z][^<>]{{{2 * MAX_ATTRIBUTES},}}>")
_QUOTED = re.compile(r""""[^"]*"|'[^']*'""")
# Article pages hold a few thousand elements (the 91 pages of the extraction benchmark
# 1,800 at most); trafilatura spends about a millisecond on each (30,000 links in divs:
# 37 s, 100,000: 74 s on two shared cores), so a page of more is refused before it is
# parsed. `--max-html-elements N` (`extract`, `ingest`) or NEWSTRACE_MAX_HTML_ELEMENTS
# takes bigger pages.
MAX_ELEMENTS = 30_000
MAX_ELEMENTS_VARIABLE = "NEWSTRACE_MAX_HTML_ELEMENTS"
MAX_ELEMENTS_OPTION = "--max-html-elements"
# What costs trafilatura an element: a start tag. A comment, and a script or style
# block, is one node whatever it holds (an unclosed one runs to the end of the page).
_ELEMENT = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)|<[A-Za-z]", re.S | re.I
)
_ATTRIBUTE = re.compile(r"""\s[^\s=<>/"']+""")


def extract_html(
    data: bytes | str,
    source: str,
    *,
    published: str | None = None,
    url: str | None = None,
    max_elements: int | None = None,
) -> InputArticle:
    """Extract the article of one HTML page.

    Args:
        data: The page, as raw bytes (decoded here, honouring `<meta charset>`) or text.
        source: The input's name, used as the article's source and in error messages.
        published: A YYYY-MM-DD date given by the caller; it wins over the page's date.
        url: The page's address, when known; it helps trafilatura and wins over the page's.
        max_elements: Most elements a page may hold; default `max_html_elements()`.

    Returns:
        The article, with `published_source` "given", "html" or "none".

    Raises:
        IngestError: When the bytes cannot be decoded, the page holds no article text, or
            it is too big (more than `max_elements` elements) or hostile to parse.
    """
    from trafilatura import bare_extraction

    if isinstance(data, bytes):
        text = decode_bytes(data, source, declared=_declared_charset(data))
    else:
        text = normalise_newlines(data.removeprefix("\ufeff"))
    if not text.strip():
        raise IngestError(source, "is empty: the HTML file holds no markup or text")
    _check_attributes(text, source)
    if max_elements is None:
        try:
            max_elements = max_html_elements()
        except ValueError as error:
            raise IngestError(source, f"cannot be read: {error}") from None
    _check_elements(text, source, max_elements)
    try:
        document = bare_extraction(text, url=url, with_metadata=True, **EXTRACTION_OPTIONS)
    except Exception as error:  # trafilatura/lxml raise many types on broken markup
        raise IngestError(
            source, f"could not be parsed as HTML ({type(error).__name__}: {error})"
        ) from None
    body = normalise_newlines(document.text or "") if document is not None else ""
    if len(_WORD.findall(body)) < MIN_BODY_WORDS:
        raise IngestError(
            source,
            "no article text could be extracted from this HTML (the page may be an index, "
            "a login wall or rendered by JavaScript); save the article page itself, or pass "
            "its text as a .txt file",
        )
    page_date = document.date if document.date and _DATE.match(document.date) else None
    if published:
        date, date_source = published, "given"
    elif page_date:
        date, date_source = page_date, "html"
    else:
        date, date_source = None, "none"
    return InputArticle(
        source=source,
        text=body,
        title=(document.title or "").strip() or None,
        published=date,
        published_source=date_source,
        url=url or document.url or None,
        outlet=(document.sitename or "").strip() or None,
    )


def _check_attributes(text: str, source: str) -> None:
    """Refuse a page with an element of absurdly many attributes (an HTML bomb)."""
    for tag in _LONG_TAG.finditer(text):
        count = len(_ATTRIBUTE.findall(_QUOTED.sub("", tag.group())))
        if count > MAX_ATTRIBUTES:
            raise IngestError(
                source,
                f"has an element with {count:,} attributes (more than {MAX_ATTRIBUTES:,}); "
                "no article page has that many, so it is refused as a malformed or hostile "
                "page; pass the article's text as a .txt file instead",
            )


def max_html_elements() -> int:
    """The most elements a page may hold: $NEWSTRACE_MAX_HTML_ELEMENTS, else MAX_ELEMENTS."""
    value = os.environ.get(MAX_ELEMENTS_VARIABLE, "").replace("_", "").strip()
    if not value:
        return MAX_ELEMENTS
    if not value.isdigit():
        raise ValueError(
            f"{MAX_ELEMENTS_VARIABLE}={os.environ[MAX_ELEMENTS_VARIABLE]!r} is not a whole "
            f"number of HTML elements; set it to one or pass {MAX_ELEMENTS_OPTION} N "
            f"(the default is {MAX_ELEMENTS:,})"
        )
    return int(value)


@contextmanager
def html_element_limit(limit: int | None) -> Iterator[None]:
    """Inside the block, a page may hold `limit` elements (None leaves the limit as it is).

    The CLI's `--max-html-elements`. The limit is set as $NEWSTRACE_MAX_HTML_ELEMENTS for
    the block rather than passed down, so that it reaches every reader the block runs: the
    engines' and the store's, and the worker processes and local Ray cluster started
    inside it, which inherit the environment. It is restored when the block ends.
    """
    if limit is None:
        yield
        return
    if limit < 1:
        raise ValueError(f"{MAX_ELEMENTS_OPTION} must be at least 1, not {limit}")
    before = os.environ.get(MAX_ELEMENTS_VARIABLE)
    os.environ[MAX_ELEMENTS_VARIABLE] = str(limit)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(MAX_ELEMENTS_VARIABLE, None)
        else:
            os.environ[MAX_ELEMENTS_VARIABLE] = before


def count_elements(text: str) -> int:
    """How many elements an HTML page holds, by its start tags (comments left out)."""
    return sum(1 for match in _ELEMENT.finditer(text) if not match.group().startswith("<!--"))


def _check_elements(text: str, source: str, limit: int) -> None:
    """Refuse a page of more than `limit` elements before trafilatura spends minutes on it."""
    if text.count("<") <= limit:  # cannot hold more start tags than "<"
        return
    count = count_elements(text)
    if count > limit:
        raise IngestError(
            source,
            f"holds {count:,} HTML elements, more than the {limit:,} a page may hold (no "
            "article page has that many, and extracting its text would take minutes); "
            f"raise the limit with {MAX_ELEMENTS_OPTION} {count} (or "
            f"{MAX_ELEMENTS_VARIABLE}={count}) or pass the article's text as a .txt file",
        )


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None
