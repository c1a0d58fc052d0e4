"""WARC archives: every HTML page and text record is an article; the rest is skipped."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newstrace.ingest import read_inputs
from newstrace.records import InputArticle, InputError

warcio = pytest.importorskip("warcio", reason="warcio is not installed: pip install -e .")

PAGE = """<html><head><title>Talks resume in Geneva</title></head><body><article>
<h1>Talks resume in Geneva</h1>
<p>The United Nations envoy said on Monday that talks between the government and the
opposition would resume in Geneva next week, after a pause of almost a month.</p>
<p>"We have no time to lose," he told reporters at the Palais des Nations, adding that
both delegations had agreed to the agenda drawn up in Vienna.</p>
</article></body></html>"""


def _write_warc(path: Path, gzip: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)

        def response(url: str, body: bytes, mime: str, status: str = "200 OK") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", mime)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )

        writer.write_record(
            writer.create_warc_record(
                "https://news.example/a", "request", payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")
            )
        )
        response("https://news.example/a", PAGE.encode(), "text/html; charset=utf-8")
        response("https://news.example/logo.png", b"\x89PNG\r\n", "image/png")
        response("https://news.example/gone", b"<html></html>", "text/html", "404 Not Found")
        writer.write_record(
            writer.create_warc_record(
                "https://news.example/b.txt",
                "resource",
                payload=io.BytesIO(b"Aid convoys reached Madaya on Thursday, officials said."),
                warc_content_type="text/plain",
            )
        )


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_pages_and_text_records_become_articles(tmp_path, name):
    path = tmp_path / name
    _write_warc(path, gzip=name.endswith(".gz"))
    items = list(read_inputs([str(path)]))
    assert all(isinstance(item, InputArticle) for item in items), items
    page, text = items
    assert page.url == page.source == "https://news.example/a"
    assert page.title == "Talks resume in Geneva"
    assert "We have no time to lose" in page.text
    assert text.url == "https://news.example/b.txt"
    assert text.text.startswith("Aid convoys reached Madaya")


def test_directory_walk_reads_warc_archives(tmp_path):
    _write_warc(tmp_path / "crawl.warc.gz", gzip=True)
    (tmp_path / "notes.md").write_text("not an article")
    assert len(list(read_inputs([str(tmp_path)]))) == 2


def test_warc_size_limit_applies_per_page_not_per_archive(tmp_path):
    path = tmp_path / "crawl.warc"
    _write_warc(path, gzip=False)
    items = list(read_inputs([str(path)], max_bytes=100))
    assert path.stat().st_size > 100
    page, text = items
    assert isinstance(page, InputError) and "100-byte limit" in page.error
    assert isinstance(text, InputArticle)


def test_truncated_warc_keeps_the_records_before_the_break(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    _write_warc(path, gzip=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])
    items = list(read_inputs([str(path)]))
    assert isinstance(items[0], InputArticle)
    assert isinstance(items[-1], InputError)
    assert str(path) in items[-1].error
