"""Tests of `newstrace.ingest.read_inputs`: every input kind and every bad-input case."""

from __future__ import annotations

import gzip
import io
import shutil
import sys
from pathlib import Path

import pytest

from newstrace.ingest import read_inputs
from newstrace.ingest.readers import normalise_date
from newstrace.records import InputArticle, InputError

DATA = Path(__file__).parents[1] / "data" / "ingest"
GOOD = "Officials said on Monday that the bridge would reopen.\n"


def read(*paths: Path | str, **kwargs) -> list[InputArticle | InputError]:
    return list(read_inputs([str(path) for path in paths], **kwargs))


def split(items):
    articles = [item for item in items if isinstance(item, InputArticle)]
    errors = [item for item in items if isinstance(item, InputError)]
    return articles, errors


@pytest.fixture
def good(tmp_path: Path) -> tuple[Path, Path]:
    """Two good text files to read around a bad input."""
    first, last = tmp_path / "first.txt", tmp_path / "last.txt"
    first.write_text(GOOD, encoding="utf-8")
    last.write_text(GOOD, encoding="utf-8")
    return first, last


def one_error_between_good_files(good, bad: Path | str, **kwargs) -> InputError:
    """Read good, bad, good; check both good files come out and return the one error."""
    items = read(good[0], bad, good[1], **kwargs)
    articles, errors = split(items)
    assert [a.source for a in articles] == [str(good[0]), str(good[1])]
    assert len(errors) == 1, errors
    return errors[0]


# --- input kinds -------------------------------------------------------------------------


def test_readers_keeps_plain_text_exactly():
    (article,) = read(DATA / "plain.txt")
    assert article.text == (DATA / "plain.txt").read_text(encoding="utf-8")
    assert article.source == str(DATA / "plain.txt")
    assert (article.published, article.published_source) == (None, "none")


def test_readers_treats_unknown_extension_as_text(tmp_path):
    path = tmp_path / "story.weird"
    path.write_text(GOOD, encoding="utf-8")
    (article,) = read(path)
    assert article.text == GOOD


def test_readers_extracts_html_with_page_title_and_date():
    (article,) = read(DATA / "article.html")
    assert "Negotiators from both sides" in article.text
    assert article.title == "Ceasefire talks resume in Geneva"
    assert (article.published, article.published_source) == ("2016-02-11", "html")


def test_readers_given_published_wins_over_html_date():
    (article,) = read(DATA / "article.html", published="2016-03-01")
    assert (article.published, article.published_source) == ("2016-03-01", "given")


def test_readers_reads_jsonl_fields_and_line_sources():
    first, second = read(DATA / "articles.jsonl")
    assert first.source == f"{DATA / 'articles.jsonl'}:1"
    assert first.text == "The council approved the budget on Tuesday."
    assert (first.title, first.url, first.outlet) == (
        "Budget approved",
        "https://example.org/budget",
        "Example Daily",
    )
    assert (first.published, first.published_source) == ("2016-02-09", "given")
    assert second.source == "wire-123"
    assert second.published == "2016-02-11"


def test_readers_reads_csv_rows_with_multiline_text_and_line_sources():
    first, second = read(DATA / "articles.csv")
    assert first.text == "The port reopened on Friday, officials said.\nShips queued overnight."
    assert first.source == f"{DATA / 'articles.csv'}:2"
    assert (first.title, first.outlet, first.published) == (
        "Port reopens",
        "Harbour Times",
        "2016-02-12",
    )
    assert second.source == f"{DATA / 'articles.csv'}:4"
    assert (second.published, second.outlet) == (None, None)


def test_readers_normalises_crlf_inside_jsonl_text(tmp_path):
    path = tmp_path / "crlf.jsonl"
    path.write_text('{"text": "one\\r\\ntwo\\rthree"}\n', encoding="utf-8")
    (article,) = read(path)
    assert article.text == "one\ntwo\nthree"


def test_readers_uses_published_argument_for_rows_without_a_date():
    _, second = read(DATA / "articles.csv", published="2016-02-20")
    assert (second.published, second.published_source) == ("2016-02-20", "given")


def test_readers_reads_csv_with_a_very_long_field(tmp_path):
    path = tmp_path / "long.csv"
    long_text = "word " * 60_000
    path.write_text(f'text\n"{long_text}"\n', encoding="utf-8")
    (article,) = read(path)
    assert article.text == long_text


@pytest.mark.parametrize("name", ["plain.txt", "articles.jsonl", "articles.csv", "article.html"])
def test_readers_reads_gzip_by_inner_extension(tmp_path, name):
    source = DATA / name
    packed = tmp_path / f"{name}.gz"
    packed.write_bytes(gzip.compress(source.read_bytes()))
    plain = [(a.text, a.title) for a in read(source)]
    assert [(a.text, a.title) for a in read(packed)] == plain


def test_readers_decodes_utf16_with_bom(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("\ufeffCafé in Zürich\r\n".encode("utf-16-le"))
    (article,) = read(path)
    assert article.text == "Café in Zürich\n"


def test_readers_decodes_cp1252_bytes(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(b"caf\xe9 \x93quoted\x94")
    (article,) = read(path)
    assert article.text == "café “quoted”"


def test_readers_normalises_crlf_and_lone_cr(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"one\r\ntwo\rthree\n")
    (article,) = read(path)
    assert article.text == "one\ntwo\nthree\n"


def test_readers_walks_directories_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for name in ["b/deeper/z.txt", "b/a.txt", "a.txt", "c.txt", ".secret.txt", ".hidden/x.txt"]:
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    sources = [item.source for item in read(tmp_path)]
    expected = ["a.txt", "b/a.txt", "b/deeper/z.txt", "c.txt"]
    assert sources == [str(tmp_path / name) for name in expected]


def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_readers_reads_text_from_stdin(monkeypatch):
    _stdin(monkeypatch, b"Plain text from a pipe.\r\n")
    (article,) = read("-")
    assert (article.source, article.text) == ("<stdin>", "Plain text from a pipe.\n")


def test_readers_sniffs_jsonl_on_stdin(monkeypatch):
    _stdin(monkeypatch, (DATA / "articles.jsonl").read_bytes())
    first, second = read("-")
    assert first.source == "<stdin>:1" and first.title == "Budget approved"
    assert second.source == "wire-123"


def test_readers_sniffs_html_on_stdin(monkeypatch):
    _stdin(monkeypatch, (DATA / "article.html").read_bytes())
    (article,) = read("-")
    assert article.title == "Ceasefire talks resume in Geneva"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-02-11", "2016-02-11"),
        ("2016-02-11T09:30:00Z", "2016-02-11"),
        ("11 February 2016", "2016-02-11"),
        ("Feb 11, 2016 10:00 GMT", "2016-02-11"),
        ("not a date", None),
        ("February 2016", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_readers_normalises_published_dates(value, expected):
    assert normalise_date(value) == expected


# --- bad inputs: one error each, and the good inputs of the run still come out -----------


def test_readers_reports_missing_path(good, tmp_path):
    error = one_error_between_good_files(good, tmp_path / "nope.txt")
    assert error.source == str(tmp_path / "nope.txt")
    assert "does not exist" in error.error


def test_readers_reports_empty_file(good, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert "is empty" in one_error_between_good_files(good, path).error


def test_readers_reports_binary_file(good, tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "binary" in one_error_between_good_files(good, path).error


def test_readers_reports_file_over_max_bytes_without_reading_it(good, tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    path.write_text("x" * 2_000, encoding="utf-8")
    real_read_bytes = Path.read_bytes

    def guarded(self: Path) -> bytes:
        assert self != path, "the oversized file was read"
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    error = one_error_between_good_files(good, path, max_bytes=1_000)
    assert "1,000-byte limit" in error.error and "max_bytes" in error.error


def test_readers_reports_undecodable_file(good, tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes(b"\xef\xbb\xbfstarts as UTF-8 \xff\xfe then breaks")
    assert "re-save the file as UTF-8" in one_error_between_good_files(good, path).error


def test_readers_reports_truncated_gzip(good, tmp_path):
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(gzip.compress(GOOD.encode() * 50)[:-12])
    assert "truncated .gz" in one_error_between_good_files(good, path).error


def test_readers_reports_unreadable_file(good, tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text(GOOD, encoding="utf-8")
    real_read_bytes = Path.read_bytes

    def locked(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", locked)
    assert "permission denied" in one_error_between_good_files(good, path).error


def test_readers_reports_html_without_article_text(good, tmp_path):
    path = tmp_path / "menu.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", "utf-8")
    assert "no article text" in one_error_between_good_files(good, path).error


def test_readers_reports_malformed_jsonl_line_and_keeps_the_others(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"text": "first"}\n{"text": broken\n\n{"text": "fourth"}\n', "utf-8")
    articles, errors = split(read(path))
    assert [a.text for a in articles] == ["first", "fourth"]
    assert [a.source for a in articles] == [f"{path}:1", f"{path}:4"]
    (error,) = errors
    assert error.source == f"{path}:2" and "line 2 is not valid JSON" in error.error


def test_readers_reports_jsonl_line_without_text_string(tmp_path):
    path = tmp_path / "notext.jsonl"
    path.write_text('{"title": "no body"}\n{"text": 42}\n{"text": "ok"}\n', "utf-8")
    articles, errors = split(read(path))
    assert [a.text for a in articles] == ["ok"]
    assert [e.source for e in errors] == [f"{path}:1", f"{path}:2"]
    assert all('"text" string' in e.error for e in errors)


def test_readers_reports_csv_without_text_column_naming_the_columns(good, tmp_path):
    path = tmp_path / "nobody.csv"
    path.write_text("title,body\nA,B\n", encoding="utf-8")
    error = one_error_between_good_files(good, path)
    assert "no 'text' column" in error.error and "'title', 'body'" in error.error


def test_readers_reports_csv_row_with_broken_quoting_and_keeps_the_others(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text('text,title\nfine,a\n"broken "quote" here,b\nalso fine,c\n', "utf-8")
    articles, errors = split(read(path))
    assert [a.text for a in articles] == ["fine", "also fine"]
    (error,) = errors
    assert error.source == f"{path}:3" and "broken quoting" in error.error


def test_readers_reports_empty_directory(tmp_path):
    (tmp_path / "empty").mkdir()
    (error,) = read(tmp_path / "empty")
    assert "no (non-hidden) files" in error.error


def test_readers_continues_after_bad_files_in_a_directory(tmp_path):
    shutil.copy(DATA / "plain.txt", tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt.gz").write_bytes(b"\x1f\x8b\x08garbage")
    shutil.copy(DATA / "plain.txt", tmp_path / "d.txt")
    items = read(tmp_path)
    assert [type(item).__name__ for item in items] == [
        "InputArticle",
        "InputError",
        "InputError",
        "InputArticle",
    ]


def test_directory_walk_skips_readmes_and_other_kinds(tmp_path):
    (tmp_path / "story.txt").write_text("The talks collapsed on Thursday.", encoding="utf-8")
    (tmp_path / "README.md").write_text("# About this folder", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    items = list(read_inputs([str(tmp_path)]))
    assert [Path(item.source).name for item in items] == ["story.txt"]
