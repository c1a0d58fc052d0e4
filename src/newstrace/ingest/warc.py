"""Read WARC archives (Common Crawl, Heritrix, wget --warc-file) as a stream of articles.

A WARC file holds many pages, so it is read record by record, never whole: the size
limit applies to each page, not to the archive. HTTP `response` records whose payload
is HTML become articles through the HTML reader, with the record's target URI as `url`;
`resource` and `conversion` records of `text/plain` (Common Crawl's WET files) become
plain-text articles. Other records (requests, metadata, images, redirects) are skipped
silently: they are part of every archive and hold no article. A record that cannot
be read becomes one error naming the archive, the record and its URI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import IngestError
from ..records import InputArticle, InputError
from .decode import decode_bytes
from .html import extract_html

WARC_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz")


def is_warc(name: str) -> bool:
    """Whether a file name is a WARC (or WET) archive, gzipped or not."""
    return name.lower().endswith(WARC_SUFFIXES)


def read_warc(
    path: Path, source: str, given: str | None, max_bytes: int
) -> Iterator[InputArticle | InputError]:
    """Yield the article of every HTML or text record of the archive at `path`."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        stream = path.open("rb")
    except OSError as error:
        yield InputError(source=source, error=f"{source}: cannot be read ({error.strerror})")
        return
    number = 0
    with stream:
        try:
            for record in ArchiveIterator(stream):
                number += 1
                where = f"{source}#{number}"
                kind = _record_kind(record)
                if kind is None:
                    continue
                try:
                    yield _record_article(record, kind, where, given, max_bytes)
                except IngestError as error:
                    yield InputError(source=error.source, error=str(error))
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as error:
            yield _broken(source, number, error)
        except Exception as error:  # noqa: BLE001 - warcio raises AttributeError, TypeError...
            yield _broken(source, number, error)  # ...on a header cut short: found by tests


def _broken(source: str, number: int, error: Exception) -> InputError:
    return InputError(
        source=source,
        error=f"{source}: the archive breaks off after record {number} "
        f"({type(error).__name__}: {error}); the records before it were read; download or "
        "copy the archive again",
    )


def _record_kind(record) -> str | None:
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or not http.get_statuscode().startswith("2"):
            return None
        mime = (http.get_header("Content-Type") or "").lower()
        return "html" if "html" in mime else None
    if record.rec_type in ("resource", "conversion"):
        mime = (record.rec_headers.get_header("Content-Type") or "").lower()
        if "html" in mime:
            return "html"
        return "text" if mime.startswith("text/plain") else None
    return None


def _record_article(
    record, kind: str, where: str, given: str | None, max_bytes: int
) -> InputArticle:
    url = record.rec_headers.get_header("WARC-Target-URI")
    label = f"{where} ({url})" if url else where
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        raise IngestError(
            label, f"is over the {max_bytes:,}-byte limit; raise it with --max-bytes N"
        )
    if getattr(record.raw_stream, "limit", 0) > 0:  # warcio hands on a cut record as is
        raise IngestError(label, "is cut off before its declared length; the archive is truncated")
    if not data.strip():
        raise IngestError(label, "is empty: the record holds no page")
    if kind == "html":
        return extract_html(data, url or where, published=given, url=url)
    text = decode_bytes(data, label)
    return InputArticle(
        source=url or where,
        text=text,
        url=url,
        published=given,
        published_source="given" if given else "none",
    )
