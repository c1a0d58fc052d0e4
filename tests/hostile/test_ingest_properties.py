"""Property tests of ingest: no input, however broken, makes `read_inputs` raise.

Every bad file, line or row becomes an `InputError` naming it; every good one in the same
input still comes out, with exactly the text it holds.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newstrace.ingest import read_inputs
from newstrace.ingest.decode import REPLACEMENT, normalise_newlines
from newstrace.records import InputArticle, InputError

from .budget import budget
from .strategies import hostile_text

_names = itertools.count()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Where examples write their inputs; Hypothesis reruns a test, so not `tmp_path`."""
    return tmp_path_factory.mktemp("hostile-ingest")


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / f"{next(_names)}-{name}"
    path.write_bytes(data)
    return path


def read_all(path: Path, **kw) -> list[InputArticle | InputError]:
    items = list(read_inputs([str(path)], **kw))
    for item in items:
        assert isinstance(item, InputArticle | InputError), item
        assert str(path) in item.source, item
        if isinstance(item, InputError):
            assert item.error.startswith(item.source) or str(path) in item.error, item
        else:
            assert item.text.strip(), item
            item.text.encode("utf-8")  # no lone surrogate reaches the pipeline
            assert "\r" not in item.text
    return items


def stored(text: str) -> str:
    """The text ingest keeps: lone surrogates and NUL replaced, newlines normalised."""
    kept = "".join(REPLACEMENT if c == "\x00" or 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    return normalise_newlines(kept)


# A JSONL line: a good article, or one of the ways a line goes wrong.
good_rows = st.builds(
    lambda text, title: {"text": text, "title": title},
    hostile_text(controls=False).filter(str.strip),
    st.none() | st.text(max_size=20),
)
# Any code point, lone surrogates included: json.dumps writes them as "\udXXX" escapes.
raw_unicode = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF))
surrogate_rows = st.builds(
    lambda before, half, after: {"text": f"Aleppo {before}{half}{after} said"},
    raw_unicode,
    st.sampled_from(["\ud800", "\udfff", "\ud83d", "\ude00"]),
    raw_unicode,
)
# Raw control characters make a small file look binary as a whole: see the NUL test.
bad_lines = st.one_of(
    st.text(
        alphabet=st.characters(blacklist_characters="\n\r", blacklist_categories=("Cs", "Cc"))
    ).filter(lambda s: s.strip() and not _is_json_object(s)),
    st.sampled_from(
        [
            '{"text": 3}',
            '{"title": "x"}',
            "[1, 2]",
            '"text"',
            '{"text": "  "}',
            '{"text": "unterminated',
            "{'text': 'single quotes'}",
            "{}",
            "null",
        ]
    ),
)


def _is_json_object(line: str) -> bool:
    try:
        row = json.loads(line)
    except ValueError:
        return False
    return isinstance(row, dict) and isinstance(row.get("text"), str) and bool(row["text"].strip())


@budget(60)
@given(lines=st.lists(st.one_of(good_rows, surrogate_rows, bad_lines), min_size=1, max_size=12))
def test_jsonl_every_good_line_comes_out_and_every_bad_line_is_one_named_error(folder, lines):
    encoded = [json.dumps(line) if isinstance(line, dict) else line for line in lines]
    path = write(folder, "feed.jsonl", "\n".join(encoded).encode("utf-8", "surrogatepass"))
    items = read_all(path)
    assert len(items) == len(lines)
    for number, (line, item) in enumerate(zip(lines, items, strict=True), start=1):
        assert item.source == f"{path}:{number}"
        if isinstance(line, dict):
            assert isinstance(item, InputArticle), item
            assert item.text == stored(line["text"])
        else:
            assert isinstance(item, InputError), (line, item)
            assert f"{path}:{number}" in item.error


csv_fields = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@budget(60)
@given(
    rows=st.lists(
        st.tuples(hostile_text(max_pieces=15, controls=False), csv_fields), min_size=1, max_size=10
    ),
    broken=st.booleans(),
)
def test_csv_rows_with_every_quote_and_newline_come_out_until_broken_quoting(folder, rows, broken):
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["title", "text"])
    for text, title in rows:
        writer.writerow([title, text])
    data = out.getvalue() + ('x,"an unterminated quote\nand more\n' if broken else "")
    items = read_all(write(folder, "rows.csv", data.encode("utf-8")))
    expected = [normalise_newlines(text) for text, _ in rows]
    articles = [i.text for i in items if isinstance(i, InputArticle)]
    errors = [i for i in items if isinstance(i, InputError)]
    # a row of whitespace only is an empty-text error, a row of blank cells is skipped
    assert articles == [text for text in expected if text.strip()]
    assert (
        len(errors)
        == sum(1 for text, title in rows if not text.strip() and (text + title).strip()) + broken
    )
    if broken:
        assert "broken quoting" in errors[-1].error


KINDS = [
    "x.txt",
    "x.jsonl",
    "x.csv",
    "x.html",
    "x.txt.gz",
    "x.jsonl.gz",
    "x.warc",
    "x.warc.gz",
    "noext",
]


@budget(80)
@given(name=st.sampled_from(KINDS), data=st.binary(max_size=600))
def test_arbitrary_bytes_under_any_name_never_raise(folder, name, data):
    read_all(write(folder, name, data))


@budget(60)
@given(
    name=st.sampled_from(KINDS),
    text=hostile_text(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1"]),
    noise=st.binary(max_size=8),
    at=st.integers(min_value=0),
)
def test_text_in_any_encoding_with_stray_bytes_never_raises(
    folder, name, text, encoding, noise, at
):
    data = text.encode(encoding, errors="replace")
    at %= len(data) + 1
    read_all(write(folder, name, data[:at] + noise + data[at:]))


@budget(40)
@given(text=hostile_text().filter(str.strip), cut=st.integers(min_value=0))
def test_a_gzip_cut_anywhere_is_one_error_naming_the_file(folder, text, cut):
    whole = gzip.compress(text.encode("utf-8"))
    cut %= len(whole)
    path = write(folder, "story.txt.gz", whole[:cut])
    (item,) = read_all(path)
    assert isinstance(item, InputError)
    assert item.source == str(path)
    assert "empty" in item.error or ".gz" in item.error, item.error
