"""Every record type as a flat table: JSONL, CSV or Parquet, one file per type.

`articles`, `mentions`, `quotes`, `events`, `places`, `dates` and `findings` each get a
file in the output folder (`events.csv`, ...). Columns come from the record classes of
`records.py`, so they follow the output contract: nested records are flattened with
"_" (`source_country`, `fatalities_evidence_start`), every offset is kept, and every row
but an article's starts with `article_id` and `index` (its position in the article's
list), so tables join back to their article. A finding gets one row per evidence span
(`evidence_index`, `evidence_start`, ...). Parquet files have typed columns (int64,
float64, string, bool), written through PyArrow.
"""

from __future__ import annotations

import csv
import json
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import IO, Any

from ..errors import ExportError
from ..records import Article, DateRef, Event, Finding, Mention, Place, Quote, Record, Span

TABLE_FORMATS = ("jsonl", "csv", "parquet")
PARQUET_BATCH = 5000
# Record type -> (class of its rows, the article's tuple of them).
RECORD_TYPES: dict[str, tuple[type, Callable[[Article], tuple]]] = {
    "articles": (Article, lambda a: (a,)),
    "mentions": (Mention, lambda a: a.mentions),
    "quotes": (Quote, lambda a: a.quotes),
    "events": (Event, lambda a: a.events),
    "places": (Place, lambda a: a.places),
    "dates": (DateRef, lambda a: a.dates),
    "findings": (Finding, lambda a: a.findings),
}


def columns(record_type: str) -> list[tuple[str, str]]:
    """The (name, kind) columns of a record type's table; kind is int, float, str or bool."""
    if record_type not in RECORD_TYPES:
        raise ExportError(f"unknown record type {record_type!r}; valid: {', '.join(RECORD_TYPES)}")
    return list(_columns(record_type))


@cache
def _columns(record_type: str) -> tuple[tuple[str, str], ...]:
    cls = RECORD_TYPES[record_type][0]
    found = _flat_columns(cls, "")
    if record_type == "articles":
        return tuple(found)
    keys = [("article_id", "str"), ("index", "int")]
    if record_type == "findings":
        keys += [c for c in found if c[0] != "evidence"]
        return (*keys, ("evidence_index", "int"), *_flat_columns(Span, "evidence_"))
    return (*keys, *found)


def _flat_columns(cls: type, prefix: str) -> list[tuple[str, str]]:
    hints = typing.get_type_hints(cls)
    found: list[tuple[str, str]] = []
    for field in fields(cls):
        kind = _unoptional(hints[field.name])
        if isinstance(kind, type) and issubclass(kind, Record):
            found += _flat_columns(kind, f"{prefix}{field.name}_")
        elif typing.get_origin(kind) is tuple:
            if cls is Finding:
                found.append((f"{prefix}{field.name}", "spans"))
        else:
            found.append((f"{prefix}{field.name}", _scalar(kind)))
    return found


def _unoptional(hint: Any) -> Any:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else str
    return hint


def _scalar(hint: Any) -> str:
    if typing.get_origin(hint) is typing.Literal:
        return "str"
    return {int: "int", float: "float", bool: "bool"}.get(hint, "str")


def table_rows(record_type: str, articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
    """The flat rows of one record type over `articles`, in order."""
    names = [name for name, _ in columns(record_type)]
    pick = RECORD_TYPES[record_type][1]
    for article in articles:
        for index, record in enumerate(pick(article)):
            yield from _rows(record_type, article.id, index, record, names)


def _rows(
    record_type: str, article_id: str, index: int, record: Record, names: list[str]
) -> Iterator[dict[str, Any]]:
    flat = _flatten(record.to_dict())
    base = {} if record_type == "articles" else {"article_id": article_id, "index": index}
    if record_type != "findings":
        yield {name: {**base, **flat}.get(name) for name in names}
        return
    spans = flat.pop("evidence", None) or [None]
    for number, span in enumerate(spans):
        extra = {"evidence_index": number if span else None}
        if span:
            extra |= {f"evidence_{k}": v for k, v in span.items()}
        yield {name: {**base, **flat, **extra}.get(name) for name in names}


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat |= _flatten(value, f"{prefix}{key}_")
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def write_tables(articles: Iterable[Article], folder: Path, fmt: str) -> dict[str, Path]:
    """Write one file per record type into `folder`; return the paths by record type.

    Args:
        articles: Article records, e.g. from `read_articles`; read once.
        folder: The output folder, created when missing.
        fmt: "jsonl", "csv" or "parquet".

    Raises:
        ExportError: an unknown format, or a folder that cannot be made.
    """
    if fmt not in TABLE_FORMATS:
        raise ExportError(f"unknown table format {fmt!r}; valid: {', '.join(TABLE_FORMATS)}")
    if folder.exists() and not folder.is_dir():
        raise ExportError(
            f"{folder} is a file; --format {fmt} writes one file per record type into a "
            "folder: pass a folder path"
        )
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / f"{name}.{fmt}" for name in RECORD_TYPES}
    with ExitStack() as stack:
        sinks = {name: _sink(fmt, name, path, stack) for name, path in paths.items()}
        for article in articles:
            for name, sink in sinks.items():
                for row in table_rows(name, (article,)):
                    sink(row)
        for sink in sinks.values():
            sink(None)
    return paths


def _sink(fmt: str, record_type: str, path: Path, stack: ExitStack) -> Callable[[Any], None]:
    """A row writer for one file; called with None once at the end."""
    names = [name for name, _ in columns(record_type)]
    if fmt == "parquet":
        return _parquet_sink(record_type, path, stack)
    out: IO[str] = stack.enter_context(path.open("w", encoding="utf-8", newline=""))
    if fmt == "jsonl":
        return lambda row: row is None or out.write(json.dumps(row, ensure_ascii=False) + "\n")
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    return lambda row: row is None or writer.writerow(row)


def _parquet_sink(record_type: str, path: Path, stack: ExitStack) -> Callable[[Any], None]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    kinds = {"int": pa.int64(), "float": pa.float64(), "str": pa.string(), "bool": pa.bool_()}
    schema = pa.schema([(name, kinds[kind]) for name, kind in columns(record_type)])
    writer = stack.enter_context(pq.ParquetWriter(path, schema))
    batch: list[dict[str, Any]] = []

    def sink(row: dict[str, Any] | None) -> None:
        if row is not None:
            batch.append(row)
        if batch and (row is None or len(batch) >= PARQUET_BATCH):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            batch.clear()
        elif row is None:
            writer.write_table(schema.empty_table())

    return sink
