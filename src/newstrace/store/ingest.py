"""Ingest into a store: read inputs, skip what is stored, extract the rest, store each.

An article's id is the hash of its text, so it is known before any NLP runs: articles
already in the store (or seen earlier in the same run) are skipped at that point. Each
extracted article is stored in its own transaction, which is what makes a killed run
resumable: rerun the same command and it carries on where the last commit left off.
The spaCy pipeline is loaded only when the first new article turns up.

With `trust` (the default) each new article is also checked against the articles
stored before it (copies, stitches, spun wording, misattributions; `link/stored.py`),
and its corpus findings are stored in its transaction. The trust index beside the
store is brought up to date from the store first, so a killed run loses nothing there
either.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from spacy.language import Language

from ..core import DEFAULT_BATCH_SIZE, article_id
from ..engine import batched, process_batch
from ..extract.outlets import OutletProfiles
from ..ingest import read_inputs
from ..ingest.readers import DEFAULT_MAX_BYTES
from ..link.stored import CatchUp, StoreTrust
from ..records import Article, InputArticle, InputError
from .base import Store

Outcome = Literal["added", "skipped", "unreadable", "failed"]
# Called once per input item: "added" (stored), "skipped" (already stored), "unreadable"
# (a reading error, before NLP) or "failed" (extraction refused it), with its record.
OnItem = Callable[[Outcome, Article | InputArticle | InputError], None]
# Texts read but not yet stored are remembered by id so a twin in the same stretch of
# input is skipped; older ones are in the store by then and `has_article` catches them.
# Bounded so that a run over millions of articles keeps flat memory.
RECENT_IDS = 10_000


@dataclass
class IngestReport:
    """What one ingest run did."""

    run_id: int
    added: int = 0
    skipped: int = 0
    errors: list[InputError] = field(default_factory=list)
    findings: int = 0  # corpus findings stored with the added articles
    trust: CatchUp | None = None  # what opening the trust index did (None: no trust pass)


@dataclass(frozen=True, kw_only=True, slots=True)
class Plan:
    """A dry count of the inputs: articles to extract and articles already stored."""

    new: int
    stored: int
    unreadable: int


def plan_ingest(
    store: Store,
    paths: Iterable[str],
    *,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Plan:
    """Count what `ingest` would do, reading the inputs but running no NLP.

    This gives a progress bar its total. It reads every input a second time, so callers
    skip it where that costs too much (stdin cannot be read twice).
    """
    new = stored = unreadable = 0
    seen: set[str] = set()
    for item in read_inputs(paths, published=published, max_bytes=max_bytes):
        if isinstance(item, InputError):
            unreadable += 1
            continue
        key = article_id(item.text)
        if key in seen or store.has_article(key):
            stored += 1
        else:
            new += 1
        seen.add(key)
    return Plan(new=new, stored=stored, unreadable=unreadable)


def ingest(
    store: Store,
    paths: list[str],
    load_nlp: Callable[[], Language],
    *,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_item: OnItem | None = None,
    trust: bool = True,
    trust_index: Path | None = None,
    outlets: OutletProfiles | None = None,
) -> IngestReport:
    """Extract and store every article under `paths` that the store does not hold yet.

    Args:
        store: Where the articles go.
        paths: Files, directories or "-", as `newstrace extract` takes them.
        load_nlp: Builds the spaCy pipeline; called once, and only if there is a new
            article to extract.
        published: Anchor date for inputs that carry none (YYYY-MM-DD).
        max_bytes: Largest input read.
        batch_size: Articles per spaCy batch. A killed run redoes at most this many
            articles' NLP; what was stored before stays.
        on_item: Told the outcome of every input item, in order (for progress display).
        trust: Check each new article against the stored ones and store its corpus
            findings with it; first bring the trust index up to date from the store.
        trust_index: Where the trust index is kept (default: beside an SQLite store;
            in memory for a PostgreSQL one, rebuilt from the store each run).
        outlets: Where each outlet's stories usually are, for places (`newstrace outlets`).

    Returns:
        The run's report. Input errors are stored with the run and returned; they never
        stop the run. An exception (including KeyboardInterrupt) marks the run
        "interrupted" and is re-raised; everything stored before it stays.

    Raises:
        TrustStateError: the trust index beside the store cannot be read (before the
            run starts; the message names the file and the fix).
    """
    keeper = StoreTrust(store, trust_index or "beside") if trust else None
    report = IngestReport(
        run_id=store.begin_run(paths, published=published),
        trust=keeper.caught_up if keeper else None,
    )
    tell = on_item or (lambda outcome, record: None)

    def store_one(record: Article) -> bool:
        if keeper is None:
            return store.add_article(record, run_id=report.run_id)
        found = keeper.add(record, run_id=report.run_id)
        if found is None:
            return False
        report.findings += len(found)
        return True

    def error(outcome: Outcome, record: InputError) -> None:
        store.record_input_error(report.run_id, record)
        report.errors.append(record)
        tell(outcome, record)

    def fresh() -> Iterator[InputArticle]:
        recent: OrderedDict[str, None] = OrderedDict()
        for item in read_inputs(paths, published=published, max_bytes=max_bytes):
            if isinstance(item, InputError):
                error("unreadable", item)
                continue
            key = article_id(item.text)
            if key in recent or store.has_article(key):
                report.skipped += 1
                tell("skipped", item)
                continue
            recent[key] = None
            if len(recent) > RECENT_IDS:
                recent.popitem(last=False)
            yield item

    try:
        nlp: Language | None = None
        # One batch at a time in its own memory zone (engine.process_batch): the strings
        # a batch adds to the vocab leave with it, so a long run's memory stays flat.
        for batch in batched(fresh(), batch_size):
            nlp = nlp or load_nlp()
            for record in process_batch(nlp, batch, batch_size, outlets):
                if isinstance(record, InputError):
                    error("failed", record)
                elif store_one(record):
                    report.added += 1
                    tell("added", record)
                else:  # another process stored the same text meanwhile
                    report.skipped += 1
                    tell("skipped", record)
    except BaseException:
        # The original error matters more than a failure to note the interruption.
        with suppress(Exception):
            _finish(store, report, "interrupted")
        with suppress(Exception):
            if keeper is not None:
                keeper.save()
        raise
    if keeper is not None:
        keeper.save()
    _finish(store, report, "done")
    return report


def _finish(store: Store, report: IngestReport, status: str) -> None:
    store.finish_run(
        report.run_id,
        status=status,
        added=report.added,
        skipped=report.skipped,
        errors=len(report.errors),
    )
