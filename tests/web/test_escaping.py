"""Article-derived text is escaped on every page; the policy forbids inline script."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

import newstrace.web
from newstrace.web.templating import environment

from .hostile import SPEAKER, hostile_article

TEMPLATES = Path(newstrace.web.__file__).parent / "templates"


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def live_markup(html: str) -> list[str]:
    """What in `html` a browser would run or fetch on the article's behalf."""
    parser = Elements()
    parser.feed(html)
    holes = []
    for tag, attrs in parser.tags:
        if tag == "script" and attrs.get("src") != "/ui/static/ui.js":
            holes.append(f"<script {attrs}>")
        if tag in ("img", "iframe", "object", "embed", "base"):
            holes.append(f"<{tag}>")
        if tag == "svg" and "onload" in attrs:
            holes.append("<svg onload>")
        for name, value in attrs.items():
            if name.startswith("on"):
                holes.append(f"<{tag} {name}=>")
            if (
                name in ("href", "src", "action")
                and value
                and not value.startswith(("/", "#", "?", "http://", "https://", "data:,"))
            ):
                holes.append(f"<{tag} {name}={value!r}>")
    return holes


def hostile_pages() -> list[str]:
    one = hostile_article()
    return [
        "/",
        f"/ui/articles/{one.id}",
        "/ui/search?q=hold+Aleppo",
        "/ui/search?q=script",
        "/ui/search?place=169389",
        "/ui/quotes",
        "/ui/speakers/" + quote(SPEAKER, safe=""),
        "/ui/timeline?from=2016-02-11&to=2016-02-11",
        "/ui/map?at=169389",
        "/ui/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
        "/ui/speakers/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ]


@pytest.mark.parametrize("url", hostile_pages())
def test_pages_show_hostile_article_text_as_text_never_as_markup(web, url):
    page = web.get(url)
    assert page.status_code in (200, 404), page.text[:500]
    assert live_markup(page.text) == []
    # and the payloads are there, as text
    assert re.search(r"&lt;(script|img|svg)", page.text), url


def test_hostile_fields_are_visible_escaped_on_the_article_page(web):
    html = web.get(f"/ui/articles/{hostile_article().id}").text
    assert "<h1>Hostile &lt;script&gt;window.__pwned=&#39;script&#39;" in html
    assert "&lt;img src=x onerror=&#34;window.__pwned=&#39;img&#39;" in html
    assert "Outlet &lt;img" in html or "feed &lt;script&gt;" in html


def test_a_javascript_url_is_shown_as_text_not_as_a_link(web):
    html = web.get(f"/ui/articles/{hostile_article().id}").text
    assert '<span class="source-url inert"' in html
    assert "javascript:window.__pwned=&#39;url&#39;" in html
    assert 'class="source-url" href=' not in html


def test_speaker_links_percent_encode_hostile_names(web):
    html = web.get("/ui/quotes").text
    assert 'href="/ui/speakers/Gen.%20Evil%20%3Cimg%20src%3Dx%20onerror%3D%22' in html


def test_ui_pages_send_a_policy_without_inline_script(web):
    policy = web.get("/").headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["object-src"] == "'none'"
    for url in ("/ui/map", "/ui/static/ui.js", "/articles"):
        assert web.get(url).headers["content-security-policy"] == policy


def test_api_docs_keep_a_policy_that_lets_swagger_run(web):
    policy = web.get("/docs").headers["content-security-policy"]
    assert "https://cdn.jsdelivr.net" in policy


def test_templates_have_autoescape_on_and_no_safe_filter():
    assert environment().autoescape is True
    for template in TEMPLATES.iterdir():
        source = template.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b", source), template.name
        assert "autoescape false" not in source, template.name
        # no inline script or event handler: the policy would block them anyway
        assert not re.search(r"<script(?![^>]*\bsrc=)", source), template.name
        assert not re.search(r"\son[a-z]+\s*=", source), template.name
        assert not re.search(r"\sstyle\s*=", source), template.name
