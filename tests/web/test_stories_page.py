"""The UI's stories (issue #8): the list in the nav, and a story page showing its
articles on a timeline and each contested claim as two sides, each linking to its
words in its article."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from newstrace.api import create_app
from newstrace.store.base import ClaimSide, StoredClaim, StoryRows

from ..store.articles import span
from ..store.story_rows import store_stories
from .conftest import fill_web_store
from .hostile import IMG, SCRIPT, SPEAKER, SVG, TITLE, hostile_article
from .test_escaping import live_markup

pytestmark = pytest.mark.issue(8)


def hostile_story() -> StoryRows:
    """A story of the hostile article whose every shown field carries a payload."""
    one = hostile_article()
    side = ClaimSide(
        article_id=one.id,
        speaker=SPEAKER,
        country="SYR",
        evidence=span(one.text, f"{SCRIPT} We will hold Aleppo {IMG},"),
    )
    counter = ClaimSide(
        article_id=one.id,
        speaker=f"Denier {SVG}",
        country=None,
        evidence=span(one.text, f"Russian jets bombed Idlib {SVG}"),
    )
    claim = StoredClaim(kind="blame", message=f"says {SCRIPT} {IMG}", claim=side, counter=counter)
    return StoryRows(
        id=f"story-{one.id[:12]}",
        title=TITLE,
        first="2016-02-12",
        last="2016-02-12",
        articles=(one.id,),
        claims=(claim,),
    )


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """The web store, the hand-built stories' articles, their stories and a hostile one."""
    location = fill_web_store(str(tmp_path_factory.mktemp("web-stories") / "store.db"))
    return location, *store_stories(location, extra=[hostile_story()])


@pytest.fixture(scope="module")
def ui(stored):
    with TestClient(create_app(stored[0])) as opened:
        yield opened


def _links(html: str, prefix: str) -> list[str]:
    return re.findall(rf'href="({re.escape(prefix)}[^"]*)"', html)


def test_every_page_links_the_stories_list_from_the_nav(ui):
    assert 'href="/ui/stories"' in ui.get("/").text


def test_the_list_links_each_story_and_keeps_the_contested_ones_when_asked(ui, stored):
    _, _, (contested, alone) = stored
    page = ui.get("/ui/stories")
    assert page.status_code == 200
    listed = _links(page.text, "/ui/stories/")
    assert f"/ui/stories/{contested.id}" in listed and f"/ui/stories/{alone.id}" in listed
    assert "1 contested claim" in page.text
    only = _links(ui.get("/ui/stories", params={"contested": "1"}).text, "/ui/stories/")
    assert f"/ui/stories/{contested.id}" in only and f"/ui/stories/{alone.id}" not in only
    dated = ui.get("/ui/stories", params={"from": "2016-02-20"}).text
    assert _links(dated, "/ui/stories/") == [f"/ui/stories/{alone.id}"]


def test_the_story_page_shows_both_sides_each_linking_to_its_words(ui, stored):
    _, (claim, counter, _), (contested, _) = stored
    html = ui.get(f"/ui/stories/{quote(contested.id)}").text
    contest = html[html.index('class="contest contest-denial"') :]
    contest = contest[: contest.index("</section>")]
    assert "Russia" in contest and "Steve Warren" in contest
    pair = contested.claims[0]
    wanted = [
        f"/ui/articles/{claim.id}#at-{pair.claim.evidence.start}",
        f"/ui/articles/{counter.id}#at-{pair.counter.evidence.start}",
    ]
    assert [link for link in _links(contest, "/ui/articles/") if "#" in link] == wanted
    assert "US jets bombed Aleppo" in contest and "No coalition aircraft flew" in contest
    for link in wanted:
        path, anchor = link.split("#")
        assert f'id="{anchor}"' in ui.get(path).text  # the anchor the link jumps to


def test_the_story_timeline_draws_each_dated_article_as_a_link(ui, stored):
    _, (claim, counter, _), (contested, _) = stored
    html = ui.get(f"/ui/stories/{contested.id}").text
    svg = html[html.index('<svg class="storyline-chart"') : html.index("</svg>")]
    dots = re.findall(r'<a class="dot( contested)?" href="([^"]+)"', svg)
    assert dots == [
        (" contested", f"/ui/articles/{claim.id}"),
        (" contested", f"/ui/articles/{counter.id}"),
    ]
    assert "2016-02-11" in svg and "2016-02-13" in svg


def test_a_story_without_claims_or_title_says_so(ui, stored):
    _, _, (_, alone) = stored
    html = ui.get(f"/ui/stories/{alone.id}").text
    assert "Untitled story" in html and "None found" in html


def test_an_unknown_story_is_404_saying_how_stories_are_stored(ui):
    page = ui.get("/ui/stories/story-nothere")
    assert page.status_code == 404 and "newstrace stories --db" in page.text


@pytest.mark.parametrize("path", ["/ui/stories", "/ui/stories/{id}"])
def test_hostile_story_fields_are_shown_as_text_never_as_markup(ui, path):
    page = ui.get(path.format(id=hostile_story().id))
    assert page.status_code == 200
    assert live_markup(page.text) == []
    assert "&lt;script&gt;" in page.text
