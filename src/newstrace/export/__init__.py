"""Exports: Article records out as event data (PLOVER, GDELT, ACLED) or flat tables.

Writers take any iterable of `Article` records, read once: `read_articles(path)` reads
the JSONL of `newstrace extract`; a store can feed the same writers.

    from newstrace.export import read_articles, export_articles
    export_articles(read_articles(Path("out/demo.jsonl")), "acled", Path("out/acled.csv"))

Formats: `plover` (JSON lines, `plover.py`), `gdelt` (tab-separated GDELT 2.0 event
rows, `gdelt.py`), `acled` (CSV, `acled.py`), and `jsonl`, `csv`, `parquet` (one flat
table per record type, `tables.py`). Every event row carries its evidence: the article
id, url or source, and the offsets of its trigger, sentence and casualty phrase.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import ExportError
from ..records import Article
from .acled import acled_columns, write_acled
from .gdelt import gdelt_columns, write_gdelt
from .plover import plover_record, write_plover
from .reader import read_articles
from .tables import RECORD_TYPES, TABLE_FORMATS, columns, table_rows, write_tables

EVENT_FORMATS = {"plover": "plover.jsonl", "gdelt": "gdelt.tsv", "acled": "acled.csv"}
FORMATS = (*EVENT_FORMATS, *TABLE_FORMATS)

__all__ = [
    "EVENT_FORMATS",
    "FORMATS",
    "RECORD_TYPES",
    "ExportError",
    "Exported",
    "acled_columns",
    "columns",
    "export_articles",
    "gdelt_columns",
    "plover_record",
    "read_articles",
    "table_rows",
    "write_acled",
    "write_gdelt",
    "write_plover",
    "write_tables",
]


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export wrote: the files, and how many event rows (None for tables)."""

    paths: tuple[Path, ...]
    events: int | None


def export_articles(
    articles: Iterable[Article],
    fmt: str,
    output: Path,
    *,
    header: bool = False,
    plover_version: str = "0.7",
    now: datetime | None = None,
) -> Exported:
    """Write `articles` in format `fmt` to `output`, a file or a folder.

    An event format writes one file: `output` itself, or `events.<format>...` inside
    `output` when that is a folder. A table format writes one file per record type into
    the folder `output`.

    Args:
        articles: Article records, read once.
        fmt: One of `FORMATS`.
        output: The file or folder to write.
        header: GDELT only: write a header line of column names first.
        plover_version: PLOVER only: "0.7" (manual field names) or "0.5" (gold records').
        now: The export time written in GDELT's DATEADDED, ACLED's timestamp and
            PLOVER's coded_date; the current time by default.

    Raises:
        ExportError: an unknown format or version, or an output that cannot be written.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; valid: {', '.join(FORMATS)}")
    if fmt in TABLE_FORMATS:
        paths = write_tables(articles, output, fmt)
        return Exported(paths=tuple(paths.values()), events=None)
    path = output / f"events.{EVENT_FORMATS[fmt]}" if output.is_dir() else output
    if fmt == "plover" and plover_version not in ("0.7", "0.5"):
        raise ExportError(f"unknown PLOVER version {plover_version!r}; valid: 0.7, 0.5")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as out:
            if fmt == "plover":
                count = write_plover(articles, out, version=plover_version, coded=now)
            elif fmt == "gdelt":
                count = write_gdelt(articles, out, header=header, added=now)
            else:
                count = write_acled(articles, out, timestamp=now)
    except OSError as error:
        raise ExportError(
            f"cannot write {path}: {error.strerror}; pass a writable --output"
        ) from error
    return Exported(paths=(path,), events=count)
