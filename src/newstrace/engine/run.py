"""Start an engine by name and run it over paths, into a sink or into the store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import suppress

from spacy.language import Language

from ..core import DEFAULT_BATCH_SIZE
from ..extract.outlets import OutletProfiles
from ..ingest import read_inputs
from ..ingest.readers import DEFAULT_MAX_BYTES
from ..records import Article, InputArticle, InputError
from . import ENGINES, EngineError, Result, pipeline_loader
from .local import LocalEngine
from .sinks import fresh_items


def open_engine(
    name: str,
    *,
    processes: int = 1,
    address: str | None = None,
    ordered: bool = True,
    batch_size: int = DEFAULT_BATCH_SIZE,
    quote_model: bool = True,
    nlp: Language | None = None,
    outlets: OutletProfiles | None = None,
):
    """The engine called `name` ("local" or "ray"), ready to run; close it after use."""
    if name == "local":
        if address:
            raise EngineError("--address names a Ray cluster: use it with --engine ray")
        return LocalEngine(
            processes,
            load_nlp=pipeline_loader(quote_model),
            nlp=nlp,
            batch_size=batch_size,
            outlets=outlets,
            ordered=ordered,
        )
    if name == "ray":
        from .ray import RayEngine

        return RayEngine(
            processes,
            address=address,
            batch_size=batch_size,
            outlets=outlets,
            ordered=ordered,
            quote_model=quote_model,
        )
    raise EngineError(f"unknown --engine {name!r}; valid: {', '.join(ENGINES)}")


def engine_results(
    engine,
    paths: list[str],
    *,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Result]:
    """Every record of the articles under `paths`, as the engine finishes them."""
    if isinstance(engine, LocalEngine):
        return engine.run(read_inputs(paths, published=published, max_bytes=max_bytes))
    return engine.run_paths(paths, published=published, max_bytes=max_bytes)


def ingest_with_engine(
    store,
    paths: list[str],
    engine,
    *,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_item: Callable[[str, Article | InputArticle | InputError], None] | None = None,
):
    """`store.ingest.ingest` with the extraction done by `engine`; same report, same outcomes.

    With the local engine, stored articles are skipped before any NLP, as in `ingest`.
    The Ray engine reads the inputs on the cluster, so there an article already stored
    is extracted again and then skipped when its id is found in the store.
    """
    from ..store.ingest import IngestReport, _finish

    report = IngestReport(run_id=store.begin_run(paths, published=published))
    tell = on_item or (lambda outcome, record: None)

    def error(outcome: str, record: InputError) -> None:
        store.record_input_error(report.run_id, record)
        report.errors.append(record)
        tell(outcome, record)

    def skipped(record: Article | InputArticle) -> None:
        report.skipped += 1
        tell("skipped", record)

    def readable() -> Iterator[InputArticle]:
        for item in read_inputs(paths, published=published, max_bytes=max_bytes):
            if isinstance(item, InputError):
                error("unreadable", item)
            else:
                yield item

    try:
        if isinstance(engine, LocalEngine):
            results = engine.run(fresh_items(readable(), store.has_article, skipped))
        else:
            results = engine.run_paths(paths, published=published, max_bytes=max_bytes)
        for record in results:
            if isinstance(record, InputError):
                error("failed", record)
            elif store.add_article(record, run_id=report.run_id):
                report.added += 1
                tell("added", record)
            else:
                skipped(record)
    except BaseException:
        with suppress(Exception):
            _finish(store, report, "interrupted")
        raise
    _finish(store, report, "done")
    return report
