"""Reading the JSONL of `newstrace extract` back into Article records."""

from __future__ import annotations

import json

import pytest

from newstrace.export import ExportError, read_articles


def test_articles_round_trip_and_error_lines_are_skipped(article, tmp_path):
    path = tmp_path / "out.jsonl"
    lines = [
        json.dumps(article.to_dict()),
        json.dumps({"source": "bad.html", "error": "bad.html: empty"}),
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    skipped: list[str] = []
    assert list(read_articles(path, on_skip=skipped.append)) == [article]
    assert len(skipped) == 1 and "bad.html: empty" in skipped[0]


def test_a_line_that_is_no_article_names_the_file_and_line(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(ExportError, match=r"out\.jsonl:1 is not an article record"):
        list(read_articles(path))


def test_a_missing_input_fails_before_reading(tmp_path):
    with pytest.raises(ExportError, match="newstrace extract"):
        read_articles(tmp_path / "missing.jsonl")
