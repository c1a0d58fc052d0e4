"""Engines: the extract stages run over a stream of inputs, on one machine or a Ray cluster.

Every engine runs the same stage function, `process_batch`: a batch of input records
in, their `Article` records (or `InputError`s) out, in the same order. What differs is
where batches run: `local` hands them to worker processes that each load the spaCy
pipeline once (`engine/local.py`); `ray` makes them a Ray Data pipeline whose actors
hold the pipeline (`engine/ray.py`). Results come back to the caller as they are done
and go to a sink (`engine/sinks.py`): JSONL, Parquet shards or the store.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from spacy.language import Language

from ..errors import NewstraceError
from ..extract.outlets import OutletProfiles
from ..records import Article, InputArticle, InputError

Item = InputArticle | InputError
Result = Article | InputError
ENGINES = ("local", "ray")


class EngineError(NewstraceError):
    """An engine could not start or lost work it cannot redo."""


def load_default_pipeline(quote_model: bool = True) -> Language:
    """Load the newstrace pipeline; module-level so worker processes can unpickle it."""
    from ..nlp.pipeline import load_pipeline

    return load_pipeline(quote_model=quote_model)


def pipeline_loader(quote_model: bool = True) -> Callable[[], Language]:
    """A picklable callable that loads the pipeline in whichever process calls it."""
    return functools.partial(load_default_pipeline, quote_model)


def batched(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Cut a stream into lists of `size` items; the last may be shorter."""
    stream = iter(items)
    while batch := list(islice(stream, size)):
        yield batch


def process_batch(
    nlp: Language, items: list[Item], batch_size: int, outlets: OutletProfiles | None = None
) -> list[Result]:
    """The stage every engine runs: one batch of inputs to their records, in order.

    A batch whose run raises (a component outside the per-doc guard, a bug in a later
    stage) is redone one article at a time, so only the article at fault becomes an
    error record and the rest of its batch is kept.

    The batch runs in a spaCy memory zone: the words and strings its docs added to the
    vocab are dropped when it ends, so a worker's memory stays flat however many
    articles stream through it (the records hold plain strings, no spaCy objects).
    """
    from ..core import extract_articles

    with nlp.memory_zone():
        try:
            return list(extract_articles(items, nlp, batch_size=batch_size, outlets=outlets))
        except Exception:  # noqa: BLE001 - isolated below, article by article
            return [_process_one(nlp, item, batch_size, outlets) for item in items]


def _process_one(
    nlp: Language, item: Item, batch_size: int, outlets: OutletProfiles | None
) -> Result:
    from ..core import extract_articles

    try:
        (result,) = extract_articles([item], nlp, batch_size=batch_size, outlets=outlets)
        return result
    except Exception as error:  # noqa: BLE001 - one bad article must never cost the others
        return InputError(
            source=item.source,
            error=f"{item.source}: extraction failed ({type(error).__name__}: {error}); "
            "please report this input",
        )


def record_count(article: Article) -> int:
    """Records extracted from one article: mentions, quotes, events, places, dates, findings."""
    return (
        len(article.mentions)
        + len(article.quotes)
        + len(article.events)
        + len(article.places)
        + len(article.dates)
        + len(article.findings)
    )


@dataclass
class RunSummary:
    """What one engine run did: the end-of-run line of the CLI."""

    articles: int = 0
    records: int = 0
    errors: int = 0
    started: float = field(default_factory=time.perf_counter)
    seconds: float = 0.0

    def add(self, result: Result) -> None:
        if isinstance(result, InputError):
            self.errors += 1
        else:
            self.articles += 1
            self.records += record_count(result)
        self.seconds = time.perf_counter() - self.started

    @property
    def rate(self) -> float:
        """Articles (and error records) per second of wall time."""
        done = self.articles + self.errors
        return done / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        return (
            f"{self.articles:,} article(s), {self.records:,} record(s), {self.errors:,} "
            f"error(s) in {self.seconds:.1f} s ({self.rate:.2f} articles/s)"
        )


def summarise(results: Iterable[Result], summary: RunSummary) -> Iterator[Result]:
    """Pass `results` through, counting each into `summary`."""
    for result in results:
        summary.add(result)
        yield result
