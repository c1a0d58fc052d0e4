"""The extract job's guarantees: one bad article never costs the others."""

from __future__ import annotations

import pytest

from newstrace.core import extract_articles
from newstrace.records import Article, InputArticle, InputError

pytestmark = pytest.mark.slow

GOOD = InputArticle(source="good.txt", text="“We will rebuild,” the mayor of Aleppo said.")


def test_text_over_the_pipeline_limit_is_an_error_record_and_others_still_come_out(nlp):
    limit = nlp.max_length
    nlp.max_length = 1_000
    try:
        long = InputArticle(source="long.txt", text="word " * 400)
        records = list(extract_articles([long, GOOD], nlp))
    finally:
        nlp.max_length = limit
    assert isinstance(records[0], InputError)
    assert "long.txt" in records[0].error and "split the article" in records[0].error
    assert isinstance(records[1], Article) and records[1].quotes


def test_component_crash_is_an_error_record_naming_the_component(nlp, monkeypatch):
    quotes = nlp.get_pipe("newstrace_quotes")
    original = quotes.extract

    def explode(doc, *args):
        if "BOOM" in doc.text:
            raise RuntimeError("synthetic failure")
        return original(doc, *args)

    monkeypatch.setattr(quotes, "extract", explode)
    bad = InputArticle(source="bad.txt", text="BOOM went the shell, witnesses said.")
    records = list(extract_articles([bad, GOOD], nlp))
    assert isinstance(records[0], InputError)
    assert "newstrace_quotes failed" in records[0].error
    assert isinstance(records[1], Article)


def test_input_errors_pass_through_in_order(nlp):
    error = InputError(source="broken.jsonl:3", error="broken.jsonl:3: not JSON")
    records = list(extract_articles([GOOD, error, GOOD], nlp))
    assert [type(r).__name__ for r in records] == ["Article", "InputError", "Article"]
