"""Every page renders from the store: what each shows, its links and its errors."""

from __future__ import annotations

import re
from urllib.parse import quote
from xml.etree import ElementTree

from newstrace.store.base import MATCH_END, MATCH_START
from newstrace.web.pages import snippet_pieces

from ..store.articles import full_article


def test_overview_shows_counts_top_speakers_and_the_timeline(web):
    page = web.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert re.search(r"<strong>9</strong> articles", page.text)
    assert 'href="/ui/speakers/Steve%20Warren"' in page.text
    assert 'class="timeline-chart"' in page.text


def test_search_with_words_lists_ranked_hits_with_marked_snippets(web):
    page = web.get("/ui/search", params={"q": "fabrication"})
    assert page.status_code == 200
    assert "Russia blames US for Aleppo strike" in page.text
    assert "<mark>fabrication</mark>" in page.text
    assert f'href="/ui/articles/{full_article().id}"' in page.text


def test_search_without_words_lists_the_articles_the_filters_keep(web):
    page = web.get("/ui/search", params={"place": "Homs"})
    assert page.status_code == 200
    assert "Story 2 from Homs" in page.text
    assert "Story 1 from Idlib" not in page.text


def test_search_pages_on_with_a_cursor_link_that_keeps_the_filters(web, monkeypatch):
    monkeypatch.setattr("newstrace.web.pages.RESULTS", 2)
    first = web.get("/ui/search", params={"q": "Russia", "from": "2016-01-01"})
    more = re.search(r'class="more" href="([^"]+)"', first.text).group(1).replace("&amp;", "&")
    assert "q=Russia" in more and "from=2016-01-01" in more and "cursor=" in more
    second = web.get(more)
    titles = re.compile(r'class="title" href="[^"]+">([^<]+)</a>')
    seen, then = titles.findall(first.text), titles.findall(second.text)
    assert len(seen) == 2 and then and not set(seen) & set(then)


def test_bad_filters_render_the_page_with_the_reason_and_status_400(web):
    page = web.get("/ui/timeline", params={"from": "2016-02-30"})
    assert page.status_code == 400
    assert "from &#39;2016-02-30&#39; is not a date" in page.text
    assert "--from" not in page.text


def test_article_view_marks_quotes_speakers_events_places_and_boilerplate(web):
    one = full_article()
    page = web.get(f"/ui/articles/{one.id}")
    assert page.status_code == 200
    html = page.text
    assert '<span class="bp" id="at-0" title="boilerplate">Share</span>' in html
    assert re.search(r'<span class="q q-direct"[^>]*>It is a fabrication,</span>', html)
    assert re.search(
        r'<a class="spk" href="/ui/speakers/Steve%20Warren"[^>]*>U.S. Army Col. Steve Warren</a>',
        html,
    )
    assert re.search(r'<span class="ev"[^>]*>bombed</span>', html)
    assert 'class="badge unresolved"' in html  # "a pause" has no speaker
    assert 'href="https://example.org/aleppo"' in html


def test_article_view_links_findings_to_their_evidence_spans(web):
    one = full_article()
    html = web.get(f"/ui/articles/{one.id}").text
    merkel = one.text.index("Merkel")
    assert f'href="#at-{merkel}" data-start="{merkel}" data-end="{merkel + 6}"' in html
    assert f'id="at-{merkel}"' in html


def test_article_text_is_the_stored_text_exactly_once_tags_are_removed(web):
    one = full_article()
    html = web.get(f"/ui/articles/{one.id}").text
    body = re.search(r'<div class="article-text" id="text">(.*?)</div>', html, re.S).group(1)
    body = re.sub(r'<a class="badge[^>]*>[^<]*</a>|<span class="badge[^>]*>[^<]*</span>', "", body)
    text = re.sub(r"<[^>]+>", "", body)
    assert text.replace("&amp;", "&") == one.text


def test_unknown_article_is_a_404_page(web):
    page = web.get("/ui/articles/0000000000000000000000000000000000000000")
    assert page.status_code == 404
    assert "No article with this id" in page.text


def test_map_draws_a_marker_per_located_place_and_lists_events_of_the_picked_one(web):
    page = web.get("/ui/map", params={"at": "170063"})
    assert page.status_code == 200
    markers = re.findall(r'<a class="marker[^"]*" href="[^"]*" data-key="([^"]+)"', page.text)
    assert "170063" in markers
    assert len(markers) == len(set(markers))
    assert "Events here" in page.text
    assert "US jets bombed Aleppo on Thursday" in page.text


def test_world_outlines_are_an_svg_of_country_paths(web):
    response = web.get("/ui/map/world.svg", params={"z": 4})
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = ElementTree.fromstring(response.content)
    paths = root.findall(".//{http://www.w3.org/2000/svg}path")
    assert len(paths) > 150
    assert root.find(".//{http://www.w3.org/2000/svg}g").get("stroke-width") == "0.1"


def test_timeline_draws_bars_whose_links_set_from_and_to(web):
    page = web.get("/ui/timeline")
    assert page.status_code == 200
    bars = re.findall(r'<a class="bar" href="([^"]+)" data-first="([^"]+)"', page.text)
    assert bars
    href, first = bars[0]
    assert f"from={first}" in href.replace("&amp;", "&")


def test_timeline_keeps_other_filters_in_its_bar_links(web):
    page = web.get("/ui/timeline", params={"actor": "RUS"})
    href = re.search(r'<a class="bar" href="([^"]+)"', page.text).group(1)
    assert "actor=RUS" in href


def test_quotes_page_counts_speakers_and_shows_unresolved_as_such(web):
    page = web.get("/ui/quotes")
    assert page.status_code == 200
    assert re.search(r'href="/ui/speakers/Steve%20Warren">Steve Warren</a>', page.text)
    assert "unresolved speakers" in page.text


def test_quotes_page_puts_the_same_words_of_different_speakers_side_by_side(web):
    page = web.get("/ui/quotes")
    # "We will not leave Aleppo," is said by Steve Warren (story 0) and John Kerry (story 3)
    group = re.search(
        r'<p class="words">“We will not leave Aleppo,”</p>(.*?)</section>', page.text, re.S
    )
    assert group
    assert "Steve Warren" in group.group(1) and "John Kerry" in group.group(1)


def test_speaker_page_lists_exactly_that_speakers_quotes_with_their_sources(web):
    page = web.get("/ui/speakers/" + quote("John Kerry"))
    assert page.status_code == 200
    assert page.text.count('<li class="said">') == 2
    assert "Story 1 from Idlib" in page.text and "Story 3 from Aleppo" in page.text


def test_unknown_speaker_page_is_a_404(web):
    assert web.get("/ui/speakers/Nobody%20At%20All").status_code == 404


def test_ui_routes_stay_out_of_the_openapi_document(web):
    paths = set(web.get("/openapi.json").json()["paths"])
    assert not any(path == "/" or path.startswith("/ui") for path in paths)


def test_static_assets_are_served_by_the_app(web):
    assert "brushable" in web.get("/ui/static/ui.js").text
    assert web.get("/ui/static/style.css").status_code == 200
    assert web.get("/ui/static/world/countries-110m.json").json()["type"] == "Topology"


def test_snippet_pieces_split_matches_from_plain_text():
    snippet = f"the {MATCH_START}air{MATCH_END} and {MATCH_START}strikes{MATCH_END}."
    assert snippet_pieces(snippet) == [
        ("the ", False),
        ("air", True),
        (" and ", False),
        ("strikes", True),
        (".", False),
    ]
