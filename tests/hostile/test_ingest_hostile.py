"""Hand-made hostile inputs for ingest: huge lines, bombs, stray bytes, cut archives.

Each either comes out as the article it holds or as one `InputError` naming it, and
never costs the good inputs beside it.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newstrace.ingest import read_inputs
from newstrace.ingest.decode import REPLACEMENT
from newstrace.ingest.html import (
    MAX_ATTRIBUTES,
    MAX_ELEMENTS,
    MAX_ELEMENTS_OPTION,
    MAX_ELEMENTS_VARIABLE,
    count_elements,
    html_element_limit,
)
from newstrace.records import InputArticle, InputError

from .budget import budget

STORY = "Russian jets struck a market in Idlib on Tuesday, killing 12 people, monitors said."
MB = 1_000_000


def page(body: str) -> str:
    return f"<html><head><title>Idlib</title></head><body>{body}</body></html>"


def by_source(paths: list[Path], **kw) -> dict[str, list[InputArticle | InputError]]:
    found: dict[str, list[InputArticle | InputError]] = {}
    for item in read_inputs([str(p) for p in paths], **kw):
        owner = next(str(p) for p in paths if item.source.startswith(str(p)))
        found.setdefault(owner, []).append(item)
    return found


def test_a_one_megabyte_line_is_read_whole_in_text_jsonl_and_csv(tmp_path):
    line = ("Aleppo said “" + "x" * 997 + "” ") * (MB // 1000)
    txt = tmp_path / "long.txt"
    txt.write_text(line, encoding="utf-8")
    jsonl = tmp_path / "long.jsonl"
    jsonl.write_text(json.dumps({"text": line}, ensure_ascii=False), encoding="utf-8")
    csv = tmp_path / "long.csv"
    csv.write_text('text\n"' + line.replace('"', '""') + '"\n', encoding="utf-8")
    items = list(read_inputs([str(txt), str(jsonl), str(csv)]))
    assert [type(i) for i in items] == [InputArticle] * 3, items
    assert all(item.text == line for item in items)


def test_html_nested_ten_thousand_levels_deep_never_raises(tmp_path):
    deep = tmp_path / "deep.html"
    deep.write_text(page("<div>" * 10_000 + STORY + "</div>" * 10_000))
    unclosed = tmp_path / "unclosed.html"
    unclosed.write_text(page("<div><span>" * 10_000 + STORY))
    for path in (deep, unclosed):
        (item,) = read_inputs([str(path)])
        assert isinstance(item, InputArticle | InputError)
        if isinstance(item, InputArticle):
            assert "Idlib" in item.text
        else:
            assert item.source == str(path)


def test_an_element_with_absurdly_many_attributes_is_refused_as_a_bomb(tmp_path):
    count = 20 * MAX_ATTRIBUTES
    bomb = tmp_path / "attributes.html"
    bomb.write_text(page("<p " + " ".join(f'a{i}="{i}"' for i in range(count)) + f">{STORY}</p>"))
    (item,) = read_inputs([str(bomb)])
    assert isinstance(item, InputError)
    assert str(bomb) in item.error and f"{count:,} attributes" in item.error


def test_a_page_of_more_elements_than_the_limit_is_refused_before_it_is_parsed(tmp_path):
    count = MAX_ELEMENTS + 1_000
    path = tmp_path / "spans.html"
    path.write_text(page(f"<p>{STORY}" + "<span>w</span> " * count + "</p>"))
    (item,) = read_inputs([str(path)])
    assert isinstance(item, InputError)
    assert str(path) in item.error
    assert f"holds {count + 5:,} HTML elements" in item.error  # + html, head, title, body, p
    assert MAX_ELEMENTS_OPTION in item.error and MAX_ELEMENTS_VARIABLE in item.error


def test_the_element_limit_is_set_by_its_environment_variable(tmp_path, monkeypatch):
    path = tmp_path / "list.html"
    path.write_text(page(f"<p>{STORY}</p><ul>" + "<li>item</li>" * 100 + "</ul>"))
    (item,) = read_inputs([str(path)])
    assert isinstance(item, InputArticle), item
    monkeypatch.setenv(MAX_ELEMENTS_VARIABLE, "50")
    (item,) = read_inputs([str(path)])
    assert isinstance(item, InputError) and "more than the 50 a page may hold" in item.error
    monkeypatch.setenv(MAX_ELEMENTS_VARIABLE, "fifty")
    (item,) = read_inputs([str(path)])
    assert isinstance(item, InputError)
    assert str(path) in item.error and f"{MAX_ELEMENTS_VARIABLE}='fifty'" in item.error


def test_the_element_limit_option_wins_over_the_variable_only_inside_its_block(
    tmp_path, monkeypatch
):
    path = tmp_path / "list.html"
    path.write_text(page(f"<p>{STORY}</p><ul>" + "<li>item</li>" * 100 + "</ul>"))
    monkeypatch.setenv(MAX_ELEMENTS_VARIABLE, "50")
    with html_element_limit(1_000):
        (item,) = read_inputs([str(path)])
    assert isinstance(item, InputArticle), item
    assert os.environ[MAX_ELEMENTS_VARIABLE] == "50"
    monkeypatch.delenv(MAX_ELEMENTS_VARIABLE)
    with html_element_limit(50):
        (item,) = read_inputs([str(path)])
    assert isinstance(item, InputError) and "more than the 50 a page may hold" in item.error
    assert MAX_ELEMENTS_VARIABLE not in os.environ
    with html_element_limit(None):  # no option given: the default holds
        (item,) = read_inputs([str(path)])
    assert isinstance(item, InputArticle), item


def test_extract_and_ingest_take_the_element_limit_as_an_option(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from newstrace.cli import app
    from newstrace.engine import run

    # extract's engine reads the inputs and runs no NLP: its output is the readers' verdict
    def read_only(engine, paths, *, published=None, max_bytes=0):
        return iter(read_inputs(paths, published=published, max_bytes=max_bytes))

    monkeypatch.setattr(run, "engine_results", read_only)
    path = tmp_path / "list.html"
    path.write_text(page(f"<p>{STORY}</p><ul>" + "<li>item</li>" * 100 + "</ul>"))
    limit = ["--max-html-elements", "50", "--no-progress"]
    extracted = CliRunner().invoke(app, ["extract", str(path), *limit])
    # ingest reads before it loads the pipeline, and loads none for unreadable inputs
    store = str(tmp_path / "store.db")
    ingested = CliRunner().invoke(app, ["ingest", str(path), *limit, "--db", store, "--no-trust"])
    for result, shown in ((extracted, extracted.stdout), (ingested, ingested.stderr)):
        assert result.exit_code == 1, result.output
        said = "".join(shown.split())  # the console wraps and folds long lines
        # 106: html, head, title, body, p, ul and the 100 li
        for needed in (str(path), "more than the 50 a page may hold", f"{MAX_ELEMENTS_OPTION} 106"):
            assert "".join(needed.split()) in said, shown
    assert MAX_ELEMENTS_VARIABLE not in os.environ


def test_tags_inside_comments_scripts_and_styles_are_not_elements():
    assert count_elements("<p>a</p><!-- <p><p> --><br/>") == 2
    assert count_elements("<SCRIPT>if (a<b && c<d) x()</script ><style>a<b</STYLE>") == 2
    assert count_elements("<p>x</p><!--" + "<p>" * 1_000) == 1  # an unclosed comment runs on
    assert count_elements("<script>" * 1_000) == 1


def test_a_page_with_a_long_data_uri_and_some_attributes_is_not_a_bomb(tmp_path):
    path = tmp_path / "image.html"
    image = '<img class="a" id="b" alt="c" src="data:image/png;base64,' + "A" * MB + '">'
    path.write_text(page(f"<p>{STORY}</p>{image}<p>{STORY}</p>"))
    (item,) = read_inputs([str(path)])
    assert isinstance(item, InputArticle), item
    assert "Idlib" in item.text


def test_entity_and_comment_bombs_come_out_as_text_or_one_error(tmp_path):
    entities = tmp_path / "entities.html"
    entities.write_text(page(f"<p>{STORY}</p><p>" + "&amp;&#128512;&lt;" * 100_000 + "</p>"))
    comment = tmp_path / "comment.html"
    comment.write_text(page(f"<p>{STORY}</p><!--" + "<p>x</p>" * 200_000 + "-->"))
    found = by_source([entities, comment])
    for path in (entities, comment):
        (item,) = found[str(path)]
        assert isinstance(item, InputArticle), item
        assert "Idlib" in item.text


def test_a_gzip_bomb_is_refused_before_it_is_decompressed_whole(tmp_path):
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"A" * 50 * MB))
    assert bomb.stat().st_size < 100_000
    (item,) = read_inputs([str(bomb)], max_bytes=MB)
    assert isinstance(item, InputError)
    assert "decompresses to over the 1,000,000-byte limit" in item.error
    assert "--max-bytes" in item.error


def test_a_stray_nul_byte_in_a_jsonl_file_costs_no_line(tmp_path):
    lines = [json.dumps({"text": f"Story {i}: {STORY}"}) for i in range(50)]
    lines[20] = lines[20][:15] + "\x00" + lines[20][15:]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(read_inputs([str(path)]))
    assert all(isinstance(i, InputArticle) for i in items), items
    assert len(items) == 50
    assert items[20].source == f"{path}:21" and items[20].text.startswith(f"Story{REPLACEMENT} 20:")


def test_nul_and_lone_surrogate_escapes_become_replacement_characters(tmp_path):
    path = tmp_path / "escapes.jsonl"
    path.write_text('{"text": "Idlib\\u0000 market \\ud83d struck", "title": "T\\udfff"}\n')
    (item,) = read_inputs([str(path)])
    assert item.text == f"Idlib{REPLACEMENT} market {REPLACEMENT} struck"
    assert item.title == f"T{REPLACEMENT}"


def test_a_stray_nul_in_a_text_file_is_replaced_and_the_text_kept(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(STORY.encode() + b"\x00" + STORY.encode())
    (item,) = read_inputs([str(path)])
    assert item.text == STORY + REPLACEMENT + STORY


def test_utf16_without_a_bom_is_still_read_as_utf16(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes((STORY * 3).encode("utf-16-le"))
    (item,) = read_inputs([str(path)])
    assert isinstance(item, InputArticle), item
    assert item.text == STORY * 3


def test_invalid_utf8_in_one_jsonl_line_keeps_every_line(tmp_path):
    good = [json.dumps({"text": f"Story {i}: {STORY}"}).encode() for i in range(10)]
    good[3] = b'{"text": "caf\xe9 \xff\xfe in Idlib"}'
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b"\n".join(good))
    items = list(read_inputs([str(path)]))
    assert all(isinstance(i, InputArticle) for i in items), items
    assert len(items) == 10 and "Idlib" in items[3].text


def test_a_batch_of_every_hostile_kind_keeps_every_good_file(tmp_path):
    good = []
    for i in range(3):
        path = tmp_path / f"good{i}.txt"
        path.write_text(f"{i}: {STORY}")
        good.append(path)
    bad = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 4,
        "cut.txt.gz": gzip.compress(STORY.encode() * 20)[:30],
        "notgzip.txt.gz": b"plain text with a .gz name",
        "broken.csv": b'text\n"never closed\n',
        "nocolumn.csv": b"title,body\nx,y\n",
        "bad.jsonl": b"{not json}\n[1]\n",
        "bom.txt": b"\xff\xfe\x00\xd8",  # UTF-16 BOM, then a lone high surrogate
        "bomb.html": page("<p " + "a " * 2 * MAX_ATTRIBUTES + ">x</p>").encode(),
        "big.txt": b"x" * 5_000,
    }
    paths = []
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    found = by_source(good + paths, max_bytes=4_000)
    for path in good:
        (item,) = found[str(path)]
        assert isinstance(item, InputArticle) and item.text.endswith(STORY)
    for path in paths:
        items = found[str(path)]
        assert items and all(isinstance(i, InputError) for i in items), (path, items)
        assert all(str(path) in i.error for i in items), items
    assert "4,000-byte limit" in found[str(tmp_path / "big.txt")][0].error


def _warc(pages: list[str], gzipped: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    for number, text in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = page(f"<article><h1>Page {number}</h1><p>{text}</p></article>").encode()
        record = writer.create_warc_record(
            f"https://news.example/{number}",
            "response",
            payload=io.BytesIO(body),
            http_headers=headers,
        )
        writer.write_record(record)
    return out.getvalue()


class Archive:
    """A WARC file's bytes and the article texts it holds (a short repr for Hypothesis)."""

    def __init__(self, folder: Path, data: bytes, texts: list[str]) -> None:
        self.folder, self.data, self.texts = folder, data, texts

    def __repr__(self) -> str:
        return f"Archive({len(self.data)} bytes, {len(self.texts)} pages)"


@pytest.fixture(scope="module")
def archives(tmp_path_factory) -> dict[bool, Archive]:
    pytest.importorskip("warcio", reason="warcio is not installed: pip install -e .")
    folder = tmp_path_factory.mktemp("warc")
    pages = [f"Story {i}: {STORY} The strike was the third this week." for i in range(4)]
    made = {}
    for gzipped in (False, True):
        data = _warc(pages, gzipped)
        whole = folder / ("whole.warc.gz" if gzipped else "whole.warc")
        whole.write_bytes(data)
        texts = [i.text for i in read_inputs([str(whole)])]
        assert len(texts) == len(pages)
        made[gzipped] = Archive(folder, data, texts)
    return made


@budget(60)
@given(gzipped=st.booleans(), cut=st.integers(min_value=0))
def test_a_warc_cut_anywhere_yields_the_pages_before_the_cut_and_names_the_archive(
    archives, gzipped, cut
):
    archive = archives[gzipped]
    cut %= len(archive.data)
    path = archive.folder / f"cut{cut}.warc{'.gz' if gzipped else ''}"
    path.write_bytes(archive.data[:cut])
    items = list(read_inputs([str(path)]))
    articles = [i.text for i in items if isinstance(i, InputArticle)]
    assert articles == archive.texts[: len(articles)]  # whole pages only, in order
    for item in items:
        if isinstance(item, InputError):
            assert str(path) in item.error, item
