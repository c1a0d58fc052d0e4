"""Store threads: each owns its store, errors reach the awaiting caller, stop closes all."""

from __future__ import annotations

import asyncio
import threading

import pytest

from newstrace.api.workers import StoreThreads


class FakeStore:
    def __init__(self, log: list) -> None:
        self.thread = threading.get_ident()
        self.log = log
        log.append("open")

    def close(self) -> None:
        assert threading.get_ident() == self.thread, "closed on another thread"
        self.log.append("close")


def test_jobs_run_on_the_thread_that_opened_the_store():
    log: list = []
    threads = StoreThreads(lambda: FakeStore(log), threads=3, name="test")
    threads.start()

    async def ask():
        return await asyncio.gather(
            *(threads.run(lambda s: s.thread == threading.get_ident()) for _ in range(20))
        )

    try:
        assert asyncio.run(ask()) == [True] * 20
    finally:
        threads.stop()
    assert log.count("open") == 3 and log.count("close") == 3


def test_an_error_of_a_job_is_raised_to_its_caller():
    threads = StoreThreads(lambda: FakeStore([]), threads=1, name="test")
    threads.start()

    def fail(store):
        raise KeyError("missing")

    try:
        with pytest.raises(KeyError, match="missing"):
            asyncio.run(threads.run(fail))
        assert asyncio.run(threads.run(lambda store: "still serving")) == "still serving"
    finally:
        threads.stop()


def test_a_store_that_cannot_open_fails_start():
    def refuse():
        raise OSError("no such store")

    with pytest.raises(OSError, match="no such store"):
        StoreThreads(refuse, threads=2, name="test").start()
