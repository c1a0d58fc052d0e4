"""Store calls from async handlers, each run on a thread that owns its own store.

An SQLite connection may only be used by the thread that opened it, and a spaCy
pipeline is not meant to run on two threads at once. So the app keeps a few reader
threads, each with a store of its own for as long as the app runs, and one writer
thread with its own store: requests hand them work and await the result, and the
event loop never blocks on a query or on extraction.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from contextlib import suppress
from typing import Any, TypeVar

from ..store import Store

T = TypeVar("T")
_STOP = None
JOIN_TIMEOUT_S = 30.0


class StoreThreads:
    """`threads` threads, each running jobs against a store it opened itself.

    Args:
        open_store: Opens one store; called once on each thread, on that thread.
        threads: How many jobs may run at once.
        name: Thread name prefix (shown in logs and tracebacks).
    """

    def __init__(self, open_store: Callable[[], Store], *, threads: int, name: str) -> None:
        if threads < 1:
            raise ValueError(f"{name}: threads must be 1 or more, not {threads}")
        self._open = open_store
        self._jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._opened: queue.SimpleQueue[BaseException | None] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._serve, name=f"{name}-{i}", daemon=True)
            for i in range(threads)
        ]

    def start(self) -> None:
        """Start every thread and wait until each has its store open.

        Raises:
            Exception: the first error a thread met opening its store (all stopped).
        """
        for thread in self._threads:
            thread.start()
        failures = [error for error in (self._opened.get() for _ in self._threads) if error]
        if failures:
            self.stop()
            raise failures[0]

    def stop(self) -> None:
        """Let the jobs queued so far finish, then close every store and end the threads."""
        for _ in self._threads:
            self._jobs.put(_STOP)
        for thread in self._threads:
            if thread.is_alive():
                thread.join(JOIN_TIMEOUT_S)

    async def run(self, work: Callable[[Store], T]) -> T:
        """`work(store)` on one of the threads; its result, or its exception re-raised."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._jobs.put((work, loop, future))
        return await future

    def _serve(self) -> None:
        try:
            store = self._open()
        except BaseException as error:  # handed to start(), which raises it
            self._opened.put(error)
            return
        self._opened.put(None)
        try:
            while (job := self._jobs.get()) is not _STOP:
                work, loop, future = job
                try:
                    outcome: tuple[Any, BaseException | None] = (work(store), None)
                except BaseException as error:  # the awaiting request gets it
                    outcome = (None, error)
                # The loop is gone when the app shut down while this job ran.
                with suppress(RuntimeError):
                    loop.call_soon_threadsafe(_settle, future, *outcome)
        finally:
            store.close()


def _settle(future: asyncio.Future, result: Any, error: BaseException | None) -> None:
    if future.done():  # the request was cancelled (its client went away)
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
