"""Read every input kind into `InputArticle` records, or `InputError` records for bad ones.

Kinds go by extension: `.html`/`.htm` is HTML; `.jsonl`/`.ndjson` holds one article per
line; `.csv` one per row; anything else is plain text; `.gz` is decompressed and then
read by its inner extension; `.warc`/`.wet` archives (gzipped or not) are streamed
record by record (`warc.py`). Directories are walked recursively in sorted order,
skipping hidden files and folders; `-` reads stdin and sniffs its kind.

Sources: a file's article has the file's path as `source`. A JSONL line or CSV row has
`path:LINE` (the line the row starts on), unless it carries a `source` field, which is
then used as is. Fields `title`, `published`, `url`, `source` and `outlet` are honoured
in rows.

Dates: `published` values are normalised to YYYY-MM-DD, or dropped when unparseable.
The `published` argument wins over an HTML page's own date, and is the default for
JSONL/CSV rows that carry no `published` field of their own.

Every per-item problem becomes exactly one `InputError` naming the input and the fix;
`read_inputs` never raises for one, and a bad item never stops the others.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import IngestError
from ..records import InputArticle, InputError
from .decode import decode_bytes, normalise_newlines, replace_unstorable
from .html import extract_html
from .warc import is_warc, read_warc

DEFAULT_MAX_BYTES = 20_000_000
STDIN = "-"
_HTML = {".html", ".htm", ".xhtml"}
_JSONL = {".jsonl", ".ndjson"}
_CSV = {".csv"}
_TEXT = {".txt", ".text"}
_WALKED = _TEXT | _HTML | _JSONL | _CSV | {".warc", ".wet"}
_ROW_FIELDS = ("title", "published", "url", "source", "outlet")
_FIX_MAX_BYTES = "raise the limit with --max-bytes N (or max_bytes=N) or split the file"

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

Item = InputArticle | InputError


def read_inputs(
    paths: Iterable[str],
    *,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[InputArticle | InputError]:
    """Yield one `InputArticle` per article found under `paths`, or an `InputError`.

    Args:
        paths: Files, directories (walked recursively) or "-" for stdin.
        published: An anchor date for every article; normalised to YYYY-MM-DD.
        max_bytes: Largest input read, checked before reading (and after gunzipping).

    Yields:
        Articles and errors in input order; one error per bad file, line or row.
    """
    given = normalise_date(published)
    for path in paths:
        if path == STDIN:
            yield from _read_stdin(given, max_bytes)
        else:
            yield from _read_path(Path(path), path, given, max_bytes)


def input_error(error: IngestError) -> InputError:
    """Turn an `IngestError` into the `InputError` record that ingest yields."""
    return InputError(source=error.source, error=str(error))


def normalise_date(value: Any) -> str | None:
    """Return `value` as a YYYY-MM-DD date, or None when it is empty or unparseable.

    ISO 8601 dates and timestamps are read directly; other absolute forms ("11 Feb
    2016", "February 11, 2016 10:00 GMT") go through dateparser. Relative forms such
    as "yesterday" and partial ones such as "February 2016" give None.
    """
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(
        text,
        settings={
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
            "REQUIRE_PARTS": ["day", "month", "year"],
        },
    )
    return parsed.date().isoformat() if parsed else None


def _read_path(path: Path, source: str, given: str | None, max_bytes: int) -> Iterator[Item]:
    if path.is_dir():
        yield from _read_dir(path, given, max_bytes)
        return
    if is_warc(path.name):  # an archive of many pages: streamed, the limit is per page
        yield from read_warc(path, source, given, max_bytes)
        return
    try:
        data = _read_file(path, source, max_bytes)
    except IngestError as error:
        yield input_error(error)
        return
    yield from _read_bytes(data, source, path.name, given, max_bytes)


def _read_file(path: Path, source: str, max_bytes: int) -> bytes:
    """Read a file's bytes, checking its size before reading."""
    try:
        if not path.exists():
            raise IngestError(source, "does not exist; check the path and its spelling")
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(
                source, f"is {size:,} bytes, over the {max_bytes:,}-byte limit; {_FIX_MAX_BYTES}"
            )
        return path.read_bytes()
    except PermissionError:
        raise IngestError(
            source, "cannot be read (permission denied); check the file's permissions"
        ) from None
    except OSError as error:
        raise IngestError(source, f"cannot be read ({error.strerror or error})") from None


def _read_dir(folder: Path, given: str | None, max_bytes: int) -> Iterator[Item]:
    found = False
    for entry in _walk(folder):
        found = True
        if isinstance(entry, InputError):
            yield entry
        else:
            yield from _read_path(entry, str(entry), given, max_bytes)
    if not found:
        yield InputError(
            source=str(folder),
            error=f"{folder}: the directory holds no (non-hidden) files to read",
        )


def _walk(folder: Path) -> Iterator[Path | InputError]:
    """Yield the non-hidden files under `folder` in sorted order, depth first."""
    try:
        children = sorted(folder.iterdir(), key=lambda child: child.name)
    except OSError as error:
        reason = "permission denied" if isinstance(error, PermissionError) else error.strerror
        yield InputError(
            source=str(folder),
            error=f"{folder}: the directory cannot be listed ({reason}); check its permissions",
        )
        return
    for child in children:
        if child.name.startswith("."):
            continue
        if child.is_dir():
            yield from _walk(child)
        elif _is_article_file(child):
            yield child


def _is_article_file(path: Path) -> bool:
    """Whether a directory walk reads `path`: article kinds only, not READMEs or images.

    A file named on the command line is always read; a walk skips documentation (.md,
    .rst) and every extension that is not text, HTML, JSONL or CSV (or their .gz).
    """
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return not suffixes or suffixes[-1] in _WALKED


def _read_stdin(given: str | None, max_bytes: int) -> Iterator[Item]:
    source = "<stdin>"
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield InputError(
            source=source,
            error=f"{source}: is over the {max_bytes:,}-byte limit; {_FIX_MAX_BYTES}",
        )
        return
    yield from _read_bytes(data, source, None, given, max_bytes)


def _read_bytes(
    data: bytes, source: str, name: str | None, given: str | None, max_bytes: int
) -> Iterator[Item]:
    """Read one input's bytes; `name` picks the kind, None sniffs it (stdin)."""
    try:
        if name is not None and name.lower().endswith(".gz"):
            data, name = _gunzip(data, source, max_bytes), name[:-3]
        elif name is None and data.startswith(b"\x1f\x8b"):
            data = _gunzip(data, source, max_bytes)
        if not data:
            raise IngestError(source, "is empty: there is no text to read")
        kind = _kind(name) if name is not None else None
        if kind == "html":
            yield _with_given(extract_html(data, source), given)
            return
        text = decode_bytes(data, source)
        kind = kind or _sniff(text)
        if kind == "html":
            yield _with_given(extract_html(text, source), given)
        elif kind == "jsonl":
            yield from _jsonl_articles(text, source, given)
        elif kind == "csv":
            yield from _csv_articles(text, source, given)
        else:
            yield _text_article(text, source, given)
    except IngestError as error:
        yield input_error(error)


def _kind(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in _HTML:
        return "html"
    if suffix in _JSONL:
        return "jsonl"
    if suffix in _CSV:
        return "csv"
    return "text"


def _sniff(text: str) -> str:
    first = text.lstrip()[:1]
    return {"{": "jsonl", "<": "html"}.get(first, "text")


def _gunzip(data: bytes, source: str, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(max_bytes + 1)
    except EOFError:
        raise IngestError(
            source,
            "is a truncated .gz file (it ends before the compressed data does); "
            "download or copy it again",
        ) from None
    except (gzip.BadGzipFile, zlib.error) as error:
        raise IngestError(
            source,
            f"is not a valid .gz file ({error}); remove the .gz suffix if it is not compressed",
        ) from None
    if len(out) > max_bytes:
        raise IngestError(
            source, f"decompresses to over the {max_bytes:,}-byte limit; {_FIX_MAX_BYTES}"
        )
    return out


def _with_given(article: InputArticle, given: str | None) -> InputArticle:
    if not given:
        return article
    return InputArticle(
        source=article.source,
        text=article.text,
        title=article.title,
        published=given,
        published_source="given",
        url=article.url,
        outlet=article.outlet,
    )


def _text_article(text: str, source: str, given: str | None) -> InputArticle:
    if not text.strip():
        raise IngestError(source, "holds only whitespace: there is no text to read")
    return InputArticle(
        source=source,
        text=text,
        published=given,
        published_source="given" if given else "none",
    )


def _row_article(row: dict[str, Any], where: str, given: str | None) -> InputArticle:
    """Build the article of one JSONL line or CSV row; `where` is `path:LINE`."""
    text = row.get("text")
    if not isinstance(text, str):
        found = "missing" if text is None else f"a {type(text).__name__}"
        raise IngestError(where, f'has no "text" string (it is {found}); add a "text" field')
    if not text.strip():
        raise IngestError(where, 'has an empty "text" field: there is no article to read')
    fields = {key: _field(row.get(key)) for key in _ROW_FIELDS}
    own = normalise_date(fields["published"])
    date = own or given
    return InputArticle(
        source=fields["source"] or where,
        # a JSON "\ud800" or "\u0000" escape cannot be stored: U+FFFD stands in (decode.py)
        text=normalise_newlines(replace_unstorable(text)),
        title=fields["title"],
        published=date,
        published_source="given" if date else "none",
        url=fields["url"],
        outlet=fields["outlet"],
    )


def _field(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    value = replace_unstorable(str(value)).strip()
    return value or None


def _jsonl_articles(text: str, source: str, given: str | None) -> Iterator[Item]:
    found = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        found = True
        where = f"{source}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError(
                source=where,
                error=f"{where}: line {number} is not valid JSON ({error.msg} at column "
                f"{error.colno}); each line must be one JSON object",
            )
            continue
        if not isinstance(row, dict):
            yield InputError(
                source=where,
                error=f"{where}: line {number} is a JSON {type(row).__name__}, not an object "
                'with a "text" field',
            )
            continue
        try:
            yield _row_article(row, where, given)
        except IngestError as error:
            yield input_error(error)
    if not found:
        yield InputError(source=source, error=f"{source}: holds no JSON lines to read")


def _csv_articles(text: str, source: str, given: str | None) -> Iterator[Item]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        yield InputError(source=source, error=f"{source}: has no readable CSV header ({error})")
        return
    columns = [name.strip().lower() for name in header]
    if "text" not in columns:
        shown = ", ".join(repr(name) for name in header) or "none"
        yield InputError(
            source=source,
            error=f"{source}: has no 'text' column (columns: {shown}); name the column that "
            "holds the article text 'text'",
        )
        return
    start = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            where = f"{source}:{start}"
            yield InputError(
                source=where,
                error=f"{where}: row starting on line {start} has broken quoting ({error}); "
                'double any " inside a quoted field',
            )
            start = reader.line_num + 1
            continue
        where, start = f"{source}:{start}", reader.line_num + 1
        if not any(value.strip() for value in values):
            continue
        row = dict(zip(columns, values, strict=False))
        try:
            yield _row_article(row, where, given)
        except IngestError as error:
            yield input_error(error)
