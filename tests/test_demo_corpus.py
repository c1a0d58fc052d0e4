"""The bundled demo corpus, end to end through the library."""

from __future__ import annotations

import pytest

from newstrace.core import extract_articles
from newstrace.ingest import read_inputs
from newstrace.records import Article, InputError

from .conftest import DEMO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_records(nlp):
    return list(extract_articles(read_inputs([str(DEMO)]), nlp))


def test_demo_corpus_extracts_every_article_without_error(demo_records):
    errors = [r for r in demo_records if isinstance(r, InputError)]
    assert not errors
    assert len(demo_records) == 61  # the sample and 60 FA-KES articles


def test_every_span_of_the_demo_corpus_indexes_its_text(demo_records):
    checked = 0
    for article in demo_records:
        assert isinstance(article, Article)
        for span in article.iter_spans():
            assert article.text[span.start : span.end] == span.text, (article.source, span)
            checked += 1
    assert checked > 1000


def test_demo_corpus_has_quotes_places_and_findings(demo_records):
    assert sum(len(a.quotes) for a in demo_records) > 100
    assert sum(len(a.places) for a in demo_records) > 100
    assert any(a.findings for a in demo_records)


def test_demo_article_ids_are_stable_content_hashes(demo_records, nlp):
    again = list(extract_articles(read_inputs([str(DEMO)]), nlp))
    assert [a.id for a in again] == [a.id for a in demo_records]
    assert len({a.id for a in demo_records}) == len(demo_records)
