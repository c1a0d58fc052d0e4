"""The Jinja2 environment of the UI: autoescaping on for every template, always.

Article text, titles, quotes and names reach the pages only as template values, which
autoescape writes as text. No template marks article-derived text `|safe`, and no
Python code builds HTML from it (tests/web/test_escaping.py keeps it so).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

from .query import article_path, speaker_path, web_href
from .timeline import colour


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The templates of newstrace/web/templates, loaded once."""
    env = Environment(
        loader=PackageLoader("newstrace.web", "templates"),
        autoescape=True,  # every template, whatever its file name
        undefined=StrictUndefined,  # a misspelt value fails the test, not the reader
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        article_path=article_path,
        speaker_path=speaker_path,
        web_href=web_href,
        colour=colour,
    )
    env.filters["thousands"] = lambda n: f"{n:,}"
    return env


def render(request: Request, template: str, *, status: int = 200, **values: Any) -> HTMLResponse:
    """The page `template` filled with `values` (plus the request's path as `here`)."""
    page = environment().get_template(template)
    html = page.render(here=request.url.path, **values)
    return HTMLResponse(html, status_code=status)
