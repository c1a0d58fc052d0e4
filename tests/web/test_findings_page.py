"""The UI's findings (issue #8): the findings list in the nav, and the article page's
corpus findings, each linking to the article it names."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from newstrace.api import create_app

from ..link.trust_helpers import sample_sources, store_checked, text_article
from .conftest import fill_web_store
from .hostile import SCRIPT, hostile_article
from .test_escaping import live_markup

pytestmark = pytest.mark.issue(8)


@pytest.fixture(scope="module")
def stored(tmp_path_factory, sample_text):
    """The web store, then the sample's sources, the sample and a copy of the hostile
    article, stored with the trust pass."""
    location = fill_web_store(str(tmp_path_factory.mktemp("web-findings") / "store.db"))
    sources = sample_sources()
    sample = text_article(sample_text, source="sample", title="Content farm")
    hostile = hostile_article()
    copy = replace(
        text_article("Reposted: " + hostile.text, title=f"Copy {SCRIPT}"),
        boilerplate=(),
    )
    store_checked(location, [*sources, sample, copy])
    return location, sources, sample, copy


@pytest.fixture(scope="module")
def ui(stored):
    with TestClient(create_app(stored[0])) as opened:
        yield opened


def _article_links(html: str) -> list[str]:
    return re.findall(r'href="(/ui/articles/[^"]+)"', html)


def test_every_page_links_the_findings_list_from_the_nav(ui):
    assert 'href="/ui/findings"' in ui.get("/").text


def test_the_findings_list_shows_the_stitch_linking_its_article_and_sources(ui, stored):
    _, sources, sample, _ = stored
    page = ui.get("/ui/findings", params={"kind": "stitched"})
    assert page.status_code == 200
    links = _article_links(page.text)
    assert any(link.startswith(f"/ui/articles/{sample.id}#at-") for link in links)
    assert {f"/ui/articles/{source.id}" for source in sources} <= set(links)
    assert page.text.count('class="result finding finding-stitched"') >= 1
    assert 'class="result finding finding-orphan_quote"' not in page.text


def test_the_list_shows_corpus_findings_unless_asked_for_the_articles_own(ui, stored):
    corpus = ui.get("/ui/findings").text
    own = ui.get("/ui/findings", params={"scope": "own"}).text
    assert 'class="corpus"' in corpus and "finding-orphan_quote" not in corpus
    assert "finding-orphan_quote" in own and 'class="corpus"' not in own
    every = ui.get("/ui/findings", params={"scope": "all"}).text
    assert "finding-orphan_quote" in every and 'class="corpus"' in every


def test_the_article_page_marks_corpus_findings_and_links_their_sources(ui, stored):
    _, sources, sample, _ = stored
    html = ui.get(f"/ui/articles/{sample.id}").text
    stitched = html[html.index("finding-stitched") :]
    stitched = stitched[: stitched.index("</li>")]
    assert 'class="corpus"' in stitched
    assert set(_article_links(stitched)) == {f"/ui/articles/{s.id}" for s in sources}
    for source in sources:
        assert str(escape(source.title)) in stitched


def test_a_copy_names_its_hostile_source_as_escaped_text(ui, stored):
    *_, copy = stored
    for url in ("/ui/findings?kind=duplicate", f"/ui/articles/{copy.id}", "/ui/findings?scope=own"):
        page = ui.get(url)
        assert page.status_code == 200
        assert live_markup(page.text) == [], url
        assert "&lt;script&gt;" in page.text, url
    listing = ui.get("/ui/findings", params={"kind": "duplicate"}).text
    assert f"/ui/articles/{hostile_article().id}" in _article_links(listing)


def test_the_findings_list_pages_with_a_more_link(ui, monkeypatch):
    monkeypatch.setattr("newstrace.web.pages.FINDINGS", 1)
    first = ui.get("/ui/findings").text
    (more,) = re.findall(r'<a class="more" href="([^"]+)"', first)
    second = ui.get(more.replace("&amp;", "&"))
    assert second.status_code == 200
    assert _article_links(second.text) and _article_links(second.text) != _article_links(first)


def test_bad_filters_on_the_findings_list_are_a_400_saying_why(ui):
    page = ui.get("/ui/findings", params={"from": "2016-02-30"})
    assert page.status_code == 400 and "is not a date" in page.text
    assert ui.get("/ui/findings", params={"cursor": "forged"}).status_code == 400
