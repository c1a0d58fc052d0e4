"""The local engine: the extract stages over a stream, in worker processes, memory kept flat.

The parent reads the inputs, cuts them into batches and hands each batch to a worker
process; every worker loads the spaCy pipeline once and sends back the finished records
of each batch (`process_batch`), so the parent only reads and writes. With one process
the batches run in the parent itself, the same stage function without the hand-over.

Memory stays flat because nothing runs ahead unboundedly: a worker holds at most
`prefetch` batches (one running, the rest queued), and in ordered mode the parent takes
a new batch only while it is within `window` batches of the oldest one not yet handed
on. So the reader is never more than `max_ahead` batches ahead of the output, however
large the input.

A worker that dies (killed, out of memory, a crash in native code) is noticed through its
process sentinel; a new worker takes its place and the batch it was running is redone
once. A batch that kills a worker twice is redone one article at a time, and an article
that kills a worker twice on its own becomes an error record: no article is lost or
written twice.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from spacy.language import Language

from ..core import DEFAULT_BATCH_SIZE
from ..extract.outlets import OutletProfiles
from ..records import InputError
from . import EngineError, Item, Result, batched, pipeline_loader, process_batch

# A batch is known by (its number in the input, None) and, once split after killing two
# workers, each of its articles by (its number, the article's index in it).
Key = tuple[int, int | None]
DEFAULT_PREFETCH = 2
# A worker that dies this many times in a row before loading its pipeline is not a bad
# article but a broken setup: the run stops with the worker's exit code.
MAX_LOAD_DEATHS = 3


@dataclass
class _Task:
    key: Key
    items: list[Item]
    attempt: int = 0


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    tasks: Any  # multiprocessing.Queue: puts never block the parent (a feeder thread sends)
    results: Connection
    inflight: deque[Key] = field(default_factory=deque)
    ready: bool = False


def _worker_main(
    load_nlp: Callable[[], Language],
    batch_size: int,
    tasks: Any,
    results: Connection,
    outlets: OutletProfiles | None = None,
) -> None:
    """A worker process: load the pipeline once, then run every batch it is given."""
    try:
        nlp = load_nlp()
    except Exception as error:  # noqa: BLE001 - reported to the parent, which stops the run
        results.send(("failed", f"{type(error).__name__}: {error}"))
        return
    results.send(("ready", None))
    try:
        while (task := tasks.get()) is not None:
            key, items = task
            results.send(("done", key, process_batch(nlp, items, batch_size, outlets)))
    except KeyboardInterrupt:  # the parent got it too and ends the run
        return


class LocalEngine:
    """Run the extract stages over a stream on this machine; reusable across runs.

    Args:
        processes: Worker processes; 1 runs the batches in this process.
        load_nlp: Builds the pipeline in each worker (picklable: a module-level function
            or a `functools.partial` of one). Defaults to the newstrace pipeline.
        nlp: An already loaded pipeline for `processes=1` (saves loading it again).
        batch_size: Articles per batch, which is also spaCy's `nlp.pipe` batch.
        outlets: Where each outlet's stories usually are (`OutletProfiles`), for places.
        ordered: Hand results on in input order (True) or as they finish (False).
        prefetch: Batches a worker holds at once: one running, the rest queued, so it
            never waits for the parent between batches.
        context: The multiprocessing start method; "spawn" gives each worker a clean
            interpreter (no copied locks or threads).
    """

    def __init__(
        self,
        processes: int = 1,
        *,
        load_nlp: Callable[[], Language] | None = None,
        nlp: Language | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        outlets: OutletProfiles | None = None,
        ordered: bool = True,
        prefetch: int = DEFAULT_PREFETCH,
        context: str = "spawn",
    ) -> None:
        if processes < 1:
            raise EngineError(f"--processes must be 1 or more, not {processes}")
        self.processes = processes
        self.load_nlp = load_nlp or pipeline_loader()
        self.nlp = nlp
        self.batch_size = batch_size
        self.outlets = outlets
        self.ordered = ordered
        self.prefetch = max(1, prefetch)
        self.window = processes * (self.prefetch + 2)
        self.restarts = 0
        self._ctx = multiprocessing.get_context(context)
        self._workers: list[_Worker] = []

    @property
    def max_ahead(self) -> int:
        """Most batches the reader is ever ahead of the output."""
        if self.processes == 1:
            return 1
        return self.window if self.ordered else self.processes * self.prefetch

    def worker_pids(self) -> list[int]:
        """Process ids of the live workers (for tests and memory measurements)."""
        return [w.process.pid for w in self._workers if w.process.pid is not None]

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker; the engine can start new ones on the next run."""
        for worker in self._workers:
            self._stop(worker)
        self._workers = []

    def run(self, items: Iterable[Item]) -> Iterator[Result]:
        """Yield the record of every input item, as each batch is done."""
        if self.processes == 1:
            yield from self._run_inline(items)
            return
        finished = False
        try:
            yield from self._run_workers(items)
            finished = True
        finally:
            if not finished:  # abandoned or failed mid-run: workers hold stale batches
                self.close()

    def _run_inline(self, items: Iterable[Item]) -> Iterator[Result]:
        if self.nlp is None:
            self.nlp = self.load_nlp()
        for batch in batched(items, self.batch_size):
            yield from process_batch(self.nlp, batch, self.batch_size, self.outlets)

    def _run_workers(self, items: Iterable[Item]) -> Iterator[Result]:
        while len(self._workers) < self.processes:
            self._workers.append(self._spawn())
        batches = batched(items, self.batch_size)
        run = _Run(ordered=self.ordered)
        exhausted = False
        while True:
            exhausted = self._dispatch(batches, run, exhausted)
            if exhausted and not run.retry and not run.tasks:
                return
            conns = {w.results: w for w in self._workers}
            sentinels = {w.process.sentinel: w for w in self._workers}
            ready = wait([*conns, *sentinels])
            dead: list[_Worker] = []
            for handle in ready:
                worker = conns.get(handle)
                if worker is None:
                    continue
                try:
                    message = worker.results.recv()
                except (EOFError, OSError):
                    dead.append(worker)
                    continue
                yield from self._receive(worker, message, run)
            for handle in ready:
                worker = sentinels.get(handle)
                if worker is not None and worker not in dead:
                    dead.append(worker)
            for worker in dead:
                self._replace(worker, run)
                yield from run.flush()

    def _dispatch(self, batches: Iterator[list[Item]], run: _Run, exhausted: bool) -> bool:
        """Give idle workers tasks, retries first; return whether the input is used up."""
        for depth in range(self.prefetch):
            for worker in self._workers:
                if len(worker.inflight) > depth:
                    continue
                task = run.retry.popleft() if run.retry else None
                if task is None and not exhausted:
                    if self.ordered and run.next_id >= run.next_emit + self.window:
                        return exhausted
                    batch = next(batches, None)
                    if batch is None:
                        exhausted = True
                    else:
                        task = _Task((run.next_id, None), batch)
                        run.next_id += 1
                if task is None:
                    return exhausted
                run.tasks[task.key] = task
                worker.inflight.append(task.key)
                worker.tasks.put((task.key, task.items))
        return exhausted

    def _receive(self, worker: _Worker, message: tuple, run: _Run) -> Iterator[Result]:
        kind = message[0]
        if kind == "failed":
            raise EngineError(
                f"a worker process could not load the NLP pipeline ({message[1]}); "
                "run `newstrace extract` with --processes 1 to see the full error"
            )
        if kind == "ready":
            worker.ready = True
            run.load_deaths = 0
            return
        _, key, results = message
        worker.inflight.remove(key)
        del run.tasks[key]
        run.deliver(key, results)
        yield from run.flush()

    def _replace(self, worker: _Worker, run: _Run) -> None:
        """A worker died: start another in its place and redo what it held."""
        code = worker.process.exitcode
        self._workers.remove(worker)
        self._stop(worker)
        self.restarts += 1
        if not worker.ready:
            run.load_deaths += 1
            if run.load_deaths >= MAX_LOAD_DEATHS:
                raise EngineError(
                    f"worker processes died {run.load_deaths} times while loading the NLP "
                    f"pipeline (exit code {code}); check free memory, or use --processes 1"
                )
        held = [run.tasks.pop(key) for key in worker.inflight]
        worker.inflight.clear()
        # Only the first task had started; the others were queued and are simply resent.
        redo = held[1:]
        if held:
            redo[:0] = run.after_death(held[0], code)
        run.retry.extendleft(reversed(redo))
        self._workers.append(self._spawn())

    def _spawn(self) -> _Worker:
        receive, send = self._ctx.Pipe(duplex=False)
        tasks = self._ctx.Queue()
        process = self._ctx.Process(
            target=_worker_main,
            args=(self.load_nlp, self.batch_size, tasks, send, self.outlets),
            daemon=True,
            name="newstrace-worker",
        )
        process.start()
        send.close()  # the child holds its own end; EOF then means the child is gone
        return _Worker(process=process, tasks=tasks, results=receive)

    @staticmethod
    def _stop(worker: _Worker) -> None:
        if worker.process.is_alive():
            with suppress(OSError, ValueError):  # its queue may already be broken
                worker.tasks.put(None)
            worker.process.join(timeout=2)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.tasks.cancel_join_thread()
        worker.tasks.close()
        worker.results.close()


@dataclass
class _Run:
    """The bookkeeping of one run: tasks out, retries due, results waiting for their turn."""

    ordered: bool
    next_id: int = 0
    next_emit: int = 0
    load_deaths: int = 0
    tasks: dict[Key, _Task] = field(default_factory=dict)
    retry: deque[_Task] = field(default_factory=deque)
    done: dict[int, list[Result]] = field(default_factory=dict)
    parts: dict[int, list[Result | None]] = field(default_factory=dict)
    ready: deque[list[Result]] = field(default_factory=deque)

    def after_death(self, task: _Task, code: int | None) -> list[_Task]:
        """What to redo for a task whose worker died while running it."""
        if task.attempt == 0:
            return [_Task(task.key, task.items, attempt=1)]
        batch_id, part = task.key
        if part is None and len(task.items) > 1:
            self.parts[batch_id] = [None] * len(task.items)
            return [_Task((batch_id, i), [item]) for i, item in enumerate(task.items)]
        (item,) = task.items
        error = InputError(
            source=item.source,
            error=f"{item.source}: the worker process died twice on this article (exit code "
            f"{code}); it was skipped, please report this input",
        )
        self.deliver(task.key, [error])
        return []

    def deliver(self, key: Key, results: list[Result]) -> None:
        batch_id, part = key
        if part is not None:
            slots = self.parts[batch_id]
            slots[part] = results[0]
            if any(slot is None for slot in slots):
                return
            results = list(self.parts.pop(batch_id))  # type: ignore[arg-type]
        if not self.ordered:
            self.ready.append(results)
            return
        self.done[batch_id] = results
        while self.next_emit in self.done:
            self.ready.append(self.done.pop(self.next_emit))
            self.next_emit += 1

    def flush(self) -> Iterator[Result]:
        while self.ready:
            yield from self.ready.popleft()
