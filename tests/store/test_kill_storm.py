"""A kill storm: ingest SIGKILLed at 24 seeded random points, restarted after each.

The child is forked from the test process, so it inherits the loaded spaCy pipeline and
a restart costs milliseconds, not a pipeline load: that is what lets the kills land in
real NLP and real store writes, 24 times, in seconds. The child reports each article
`ingest` says it stored down a pipe; after every kill the store must open intact and
hold every reported article, and after the last run it must equal, row for row, the
store of one uninterrupted run.
"""

from __future__ import annotations

import multiprocessing
import random
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from newstrace.store import StoreNotFound, open_store
from newstrace.store.ingest import ingest

from .helpers import STORIES, snapshot, write_stories

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX"),
]

KILLS = 24
SEED = 20261126
ARTICLES = 160
GIVE_UP_AFTER_S = 120  # per child: a guard against a hung child, not a timing assertion
_fork = multiprocessing.get_context("fork")
_nlp = None  # the parent's pipeline, inherited by each forked child


def corpus(folder: Path) -> Path:
    """ARTICLES distinct small articles, two stories each, one file apiece."""
    n = len(STORIES)
    texts = [f"{STORIES[i % n]} {STORIES[(3 * i + 1) % n]} Update {i}." for i in range(ARTICLES)]
    return write_stories(folder, texts)


def _child(location: str, inputs: str, batch_size: int, report) -> None:
    """Ingest `inputs`, sending the id of each article `ingest` reports stored."""

    def told(outcome, record) -> None:
        if outcome == "added":
            report.send_bytes(record.id.encode())

    with open_store(location) as store:
        ingest(store, [inputs], lambda: _nlp, batch_size=batch_size, on_item=told)
    report.send_bytes(b"done")


def stored_ids(location: str) -> list[str]:
    try:
        with open_store(location, create=False) as store:
            return [article.id for article in store.iter_articles()]
    except StoreNotFound:
        return []


def check_intact(location: str) -> None:
    if "://" not in location and Path(location).exists():
        with sqlite3.connect(location) as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def run_child(location: str, inputs: str, rng: random.Random | None) -> tuple[list[str], bool]:
    """One child run, killed at a random point when `rng` is given.

    Returns the ids it reported stored and whether it ran to the end on its own.
    """
    receive, send = _fork.Pipe(duplex=False)
    child = _fork.Process(
        target=_child, args=(location, inputs, rng.choice([1, 2, 8]) if rng else 8, send)
    )
    child.start()
    send.close()
    reported: list[str] = []
    finished = False
    # a quarter of the kills land blind (opening the store, reading inputs, mid-batch);
    # the rest a moment after the child's k-th report, while it stores the next ones
    blind = rng is not None and rng.random() < 0.25
    wait_for = rng.randint(1, 3) if rng else None
    deadline = time.monotonic() + GIVE_UP_AFTER_S
    start = time.monotonic()
    blind_at = start + rng.uniform(0, 0.4) if blind else None
    while time.monotonic() < deadline:
        if blind_at is not None and time.monotonic() >= blind_at:
            break
        if not receive.poll(0.005):
            if not child.is_alive() and not receive.poll(0):
                break
            continue
        try:
            message = receive.recv_bytes().decode()
        except EOFError:
            break
        if message == "done":
            finished = True
            break
        reported.append(message)
        if wait_for is not None and len(reported) >= wait_for:
            time.sleep(rng.uniform(0, 0.03))
            break
    if rng is not None and child.is_alive():
        child.kill()  # SIGKILL
    child.join(GIVE_UP_AFTER_S)
    while receive.poll(0):  # reports sent before the kill landed
        try:
            message = receive.recv_bytes().decode()
        except EOFError:
            break
        if message == "done":
            finished = True
        else:
            reported.append(message)
    receive.close()
    assert child.exitcode is not None, "the child hung"
    if rng is None or finished:
        assert child.exitcode == 0, f"the child failed (exit {child.exitcode})"
    else:
        assert child.exitcode == -signal.SIGKILL, f"the child failed (exit {child.exitcode})"
    return reported, finished


def test_two_dozen_sigkills_lose_and_duplicate_nothing(store_location, nlp, tmp_path):
    global _nlp
    _nlp = nlp
    inputs = str(corpus(tmp_path / "in"))
    reference = str(tmp_path / "reference.db")
    with open_store(reference) as whole:
        ingest(whole, [inputs], lambda: nlp)

    rng = random.Random(SEED)
    reported: set[str] = set()
    kills = 0
    while kills < KILLS:
        said, finished = run_child(store_location, inputs, rng)
        assert not finished, (
            f"the corpus ran out after {kills} kills; raise ARTICLES so {KILLS} kills fit"
        )
        kills += 1
        reported.update(said)
        check_intact(store_location)
        ids = stored_ids(store_location)
        assert len(ids) == len(set(ids)), "an article was stored twice"
        assert reported <= set(ids), f"reported but lost: {sorted(reported - set(ids))[:3]}"

    assert len(stored_ids(store_location)) < ARTICLES  # the kills did cut runs short
    said, finished = run_child(store_location, inputs, None)
    assert finished
    reported.update(said)
    check_intact(store_location)
    final = stored_ids(store_location)
    assert len(final) == len(set(final)) == ARTICLES
    # A kill can land after an article's commit and before its report: stored, never
    # reported, and skipped by the next run. So what was reported is a subset.
    assert reported <= set(final)
    assert snapshot(store_location) == snapshot(reference)
