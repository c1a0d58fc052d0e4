"""Where an engine's results go as they come: JSON lines, Parquet shards, or the store.

A sink takes one result at a time (`write`) and is closed once at the end, so a run
holds at most one shard of articles in memory whatever its size.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Protocol

from ..records import Article, InputArticle, InputError
from . import Item, Result

SINK_FORMATS = ("jsonl", "parquet")
DEFAULT_SHARD_ARTICLES = 1000


class Sink(Protocol):
    def write(self, result: Result) -> None: ...

    def close(self) -> None: ...


class JsonlSink:
    """One contract JSON object per line (errors as {"source", "error"} lines)."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def write(self, result: Result) -> None:
        self.out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.out.flush()


class ParquetShardSink:
    """Flat Parquet tables in shards: `folder/part-00000/{articles,quotes,…}.parquet`.

    Each shard is written by the table exporter (`export/tables.py`) once it holds
    `shard_articles` articles, so memory holds one shard; error records go to
    `folder/errors.jsonl` as they come. Read a table back whole with
    `pyarrow.dataset.dataset(sorted(folder.glob("part-*/quotes.parquet")))`.
    """

    def __init__(self, folder: Path, shard_articles: int = DEFAULT_SHARD_ARTICLES) -> None:
        from ..errors import ExportError

        if folder.exists() and not folder.is_dir():
            raise ExportError(f"{folder} is a file; --format parquet writes a folder of shards")
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.shard_articles = shard_articles
        self.shards: list[Path] = []
        self._articles: list[Article] = []
        self._errors: IO[str] | None = None

    def write(self, result: Result) -> None:
        if isinstance(result, InputError):
            if self._errors is None:
                self._errors = (self.folder / "errors.jsonl").open("w", encoding="utf-8")
            self._errors.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            return
        self._articles.append(result)
        if len(self._articles) >= self.shard_articles:
            self._flush()

    def _flush(self) -> None:
        from ..export.tables import write_tables

        shard = self.folder / f"part-{len(self.shards):05d}"
        write_tables(self._articles, shard, "parquet")
        self.shards.append(shard)
        self._articles = []

    def close(self) -> None:
        if self._articles or not self.shards:
            self._flush()
        if self._errors is not None:
            self._errors.close()


def open_sink(fmt: str, output: Path | None, stdout: IO[str]) -> tuple[Sink, Callable[[], None]]:
    """The sink of `--format`, and what closes it (and its file) at the end."""
    from ..errors import ExportError

    if fmt == "parquet":
        if output is None:
            raise ExportError("--format parquet writes a folder of shards: give it --output DIR")
        sink = ParquetShardSink(output)
        return sink, sink.close
    if fmt != "jsonl":
        raise ExportError(f"unknown --format {fmt!r}; valid: {', '.join(SINK_FORMATS)}")
    out = output.open("w", encoding="utf-8") if output else stdout
    sink = JsonlSink(out)

    def close() -> None:
        sink.close()
        if output:
            out.close()

    return sink, close


def drain(results: Iterable[Result], sink: Sink, on_result: Callable[[Result], None]) -> None:
    """Write every result to `sink` as it comes, telling `on_result` of each."""
    for result in results:
        sink.write(result)
        on_result(result)


def fresh_items(
    items: Iterable[Item],
    is_stored: Callable[[str], bool],
    on_skip: Callable[[InputArticle], None],
) -> Iterator[Item]:
    """Drop articles already stored (or seen earlier in the stream) before any NLP runs."""
    from ..core import article_id

    seen: set[str] = set()
    for item in items:
        if isinstance(item, InputArticle):
            key = article_id(item.text)
            if key in seen or is_stored(key):
                on_skip(item)
                continue
            seen.add(key)
        yield item
