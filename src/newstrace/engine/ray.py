"""The Ray engine: the same stage function as a Ray Data pipeline, on one machine or a cluster.

    files ─► read (tasks, one input file each) ─► extract (actor pool, map_batches)
          ─► results streamed back to the driver ─► sink (JSONL, Parquet shards, store)

Input files are the shards: each is read by our own readers (`read_inputs`, so JSONL,
CSV, WARC, HTML, text and their .gz read exactly as in the local engine; `.parquet`
files with a `text` column too) in a Ray task on any node. The extract stage is a pool
of actors, each holding one loaded pipeline and running `process_batch` on its
batches. Results come back to the driver as a stream (Ray Data's streaming executor
keeps a bounded number of blocks in flight), where the local engine's sinks write them.

Every node needs newstrace installed in the same Python environment and the input
files at the same path (a shared file system or object store mount).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..core import DEFAULT_BATCH_SIZE
from ..extract.outlets import OutletProfiles
from ..ingest.readers import DEFAULT_MAX_BYTES
from ..records import Article, InputArticle, InputError
from . import EngineError, Item, Result, load_default_pipeline, process_batch

_FIELDS = ("source", "text", "title", "published", "published_source", "url", "outlet")


def ray_available() -> bool:
    """Whether Ray Data can be imported here."""
    try:
        import ray.data  # noqa: F401
    except ImportError:
        return False
    return True


def input_files(paths: Iterable[str]) -> list[str]:
    """The files under `paths`, directories walked as the local readers walk them."""
    from ..ingest.readers import _walk

    files: list[str] = []
    for path in paths:
        if path == "-":
            raise EngineError("--engine ray reads files, not stdin; save the input to a file")
        folder = Path(path)
        if folder.is_dir():
            files += [str(entry) for entry in _walk(folder) if isinstance(entry, Path)]
        else:
            files.append(path)
    return files


def item_row(item: Item) -> dict[str, Any]:
    """An input record as a flat Ray Data row (errors carry `error`, no text)."""
    if isinstance(item, InputError):
        return {**dict.fromkeys(_FIELDS), "source": item.source, "error": item.error}
    return {**{name: getattr(item, name) for name in _FIELDS}, "error": None}


def row_item(row: dict[str, Any]) -> Item:
    if row.get("error") is not None:
        return InputError(source=row["source"], error=row["error"])
    return InputArticle(**{name: row[name] for name in _FIELDS if row[name] is not None})


def read_file(row: dict[str, Any], published: str | None, max_bytes: int) -> list[dict]:
    """The read stage: one input file to the rows of its articles (or errors)."""
    from ..ingest import read_inputs

    path = row["path"]
    if path.lower().endswith(".parquet"):
        return [item_row(item) for item in _parquet_items(path, published)]
    items = read_inputs([path], published=published, max_bytes=max_bytes)
    return [item_row(item) for item in items]


def _parquet_items(path: str, published: str | None) -> Iterator[Item]:
    import pyarrow.parquet as pq

    from ..errors import IngestError
    from ..ingest.readers import _row_article, input_error, normalise_date

    given = normalise_date(published)
    number = 0
    for batch in pq.ParquetFile(path).iter_batches():
        for row in batch.to_pylist():
            number += 1
            try:
                yield _row_article(row, f"{path}:{number}", given)
            except IngestError as error:
                yield input_error(error)


class ExtractActor:
    """The extract stage: an actor that loads the pipeline once and runs batches."""

    def __init__(
        self, quote_model: bool, batch_size: int, outlets: OutletProfiles | None = None
    ) -> None:
        self.nlp = load_default_pipeline(quote_model)
        self.batch_size = batch_size
        self.outlets = outlets

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        items = [row_item(row) for row in batch.to_pylist()]
        results = process_batch(self.nlp, items, self.batch_size, self.outlets)
        return pa.table(
            {
                "kind": ["error" if isinstance(r, InputError) else "article" for r in results],
                "record": [json.dumps(r.to_dict(), ensure_ascii=False) for r in results],
            }
        )


class RayEngine:
    """Run the extract stages as a Ray Data pipeline.

    Args:
        processes: Extract actors (one loaded pipeline each, one CPU each).
        address: A running cluster ("auto", "ray://head:10001"); None starts a local
            Ray instance of `processes` CPUs (plus a fraction for the readers).
        batch_size: Articles per actor call and per `nlp.pipe` batch.
        outlets: Where each outlet's stories usually are (`OutletProfiles`), for places.
        ordered: Keep input order (Ray Data's `preserve_order`); off lets fast blocks pass.
        quote_model: As `load_pipeline(quote_model=…)`, in every actor.
    """

    def __init__(
        self,
        processes: int = 1,
        *,
        address: str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        outlets: OutletProfiles | None = None,
        ordered: bool = True,
        quote_model: bool = True,
    ) -> None:
        if not ray_available():
            raise EngineError(
                "--engine ray needs Ray Data: install it with `pip install 'ray[data]'` "
                "(see pyproject.toml for the pinned version), or use --engine local"
            )
        self.processes = processes
        self.address = address
        self.batch_size = batch_size
        self.outlets = outlets
        self.ordered = ordered
        self.quote_model = quote_model

    def __enter__(self) -> RayEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Leave Ray running when it was already running (tests, notebooks, clusters)."""

    def _connect(self) -> None:
        import ray

        if ray.is_initialized():
            return
        if self.address:
            ray.init(address=self.address, include_dashboard=False, log_to_driver=False)
        else:
            ray.init(num_cpus=self.processes, include_dashboard=False, log_to_driver=False)

    def run_paths(
        self,
        paths: Iterable[str],
        *,
        published: str | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> Iterator[Result]:
        """Yield the record of every article under `paths`, as blocks finish."""
        import ray.data

        files = input_files(paths)
        if not files:
            return
        self._connect()
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = self.ordered
        context.enable_progress_bars = False
        dataset = (
            # one block, so one read task, per file: the files spread over the nodes
            ray.data.from_items([{"path": p} for p in files], override_num_blocks=len(files))
            # Reading is light next to NLP: a CPU of its own would starve the actors. A
            # task that asks for no CPU is not limited by the CPUs either, so the pool is
            # bounded here: unbounded, a folder of thousands of shards starts a reader
            # process per shard at once and exhausts the node's memory.
            .flat_map(
                read_file,
                fn_args=(published, max_bytes),
                num_cpus=0,
                compute=ray.data.TaskPoolStrategy(size=self.processes),
            )
            .map_batches(
                ExtractActor,
                fn_constructor_args=(self.quote_model, self.batch_size, self.outlets),
                batch_size=self.batch_size,
                batch_format="pyarrow",
                compute=ray.data.ActorPoolStrategy(size=self.processes),
                num_cpus=1,
            )
        )
        for batch in dataset.iter_batches(batch_format="pyarrow", batch_size=None):
            for kind, record in zip(
                batch.column("kind").to_pylist(), batch.column("record").to_pylist(), strict=True
            ):
                yield result_of(kind, json.loads(record))


def result_of(kind: str, data: dict[str, Any]) -> Result:
    if kind == "error":
        return InputError(source=data["source"], error=data["error"])
    return Article.from_dict(data)
