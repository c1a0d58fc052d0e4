"""Tests of `newstrace.ingest.html.extract_html` on a small handmade page."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.errors import IngestError
from newstrace.ingest.html import extract_html

PAGE = Path(__file__).parents[1] / "data" / "ingest" / "article.html"
JS_PAGE = (
    "<html><head><title>Example News</title></head><body><nav><ul>"
    '<li><a href="/">Home</a></li><li><a href="/world">World news</a></li>'
    '<li><a href="/login">Log in</a></li></ul></nav><div id="app"></div>'
    "<script>render()</script><footer><p>Copyright 2016 Example News. All rights reserved."
    '</p><a href="/privacy">Privacy policy</a></footer></body></html>'
)


def test_html_extracts_body_without_navigation_or_footer():
    article = extract_html(PAGE.read_bytes(), "article.html")
    assert "Negotiators from both sides returned to Geneva" in article.text
    assert "said Maria Lopez" in article.text
    assert "All rights reserved" not in article.text
    assert "Privacy policy" not in article.text
    assert article.source == "article.html"


def test_html_takes_title_date_and_site_from_the_page():
    article = extract_html(PAGE.read_bytes(), "article.html")
    assert article.title == "Ceasefire talks resume in Geneva"
    assert article.published == "2016-02-11"
    assert article.published_source == "html"
    assert article.outlet == "Example News"


def test_html_given_date_wins_over_page_date():
    article = extract_html(PAGE.read_text(encoding="utf-8"), "a.html", published="2020-01-02")
    assert (article.published, article.published_source) == ("2020-01-02", "given")


def test_html_honours_meta_charset_of_legacy_pages():
    page = PAGE.read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="iso-8859-1"')
    page = page.replace("Palais des Nations", "Palais des Nations à Genève")
    article = extract_html(page.encode("iso-8859-1"), "legacy.html")
    assert "à Genève" in article.text


def test_html_without_article_text_raises_with_fix():
    with pytest.raises(IngestError, match="no article text could be extracted") as raised:
        extract_html(JS_PAGE.encode(), "app.html")
    assert raised.value.source == "app.html"
    assert "save the article page itself" in str(raised.value)


def test_html_with_only_a_stray_link_counts_as_no_text():
    with pytest.raises(IngestError, match="no article text"):
        extract_html("<html><body><nav><a href='/'>Home</a></nav></body></html>", "nav.html")
