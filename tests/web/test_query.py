"""Filters from the query string, links that carry them, and which URLs may be links."""

from __future__ import annotations

import pytest

from newstrace.web.query import read_filters, speaker_path, web_href


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
        "https://",
        "https://exa mple.org/",
        "",
        None,
    ],
)
def test_only_http_urls_become_links(url):
    assert web_href(url) is None


def test_http_and_https_urls_are_links():
    assert web_href("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert web_href("HTTP://example.org") == "HTTP://example.org"


def test_filters_are_read_blank_ones_dropped_and_errors_named_like_the_parameter():
    form = read_filters({"q": " air strikes ", "actor": "", "from": "2016-02-01"})
    assert form.values == {"q": "air strikes", "from": "2016-02-01"}
    assert form.filters.text == "air strikes" and form.filters.date_from == "2016-02-01"
    bad = read_filters({"from": "2016-03-01", "to": "2016-02-01"})
    assert bad.filters is None and bad.error.startswith("from 2016-03-01 is after to")


def test_links_carry_the_filters_with_changes():
    form = read_filters({"actor": "RUS", "from": "2016-02-01"})
    assert form.link("/ui/map") == "/ui/map?actor=RUS&from=2016-02-01"
    assert form.link("/ui/map", actor=None, at="170063") == "/ui/map?from=2016-02-01&at=170063"
    assert dict((k, w) for k, _, w in form.chips())["actor"] == "?from=2016-02-01"


def test_speaker_paths_encode_every_special_character():
    assert speaker_path("A/B <c>") == "/ui/speakers/A%2FB%20%3Cc%3E"
