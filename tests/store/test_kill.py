"""A real `newstrace ingest` process killed with SIGKILL mid-run, then run again."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

import pytest

from newstrace.store import StoreNotFound, open_store
from newstrace.store.ingest import ingest

from .helpers import STORIES, snapshot, write_stories

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]

# Long enough that each article takes a while in NLP, so the kill lands between commits.
PARAGRAPHS = 12
GIVE_UP_AFTER_S = 300  # a guard against a hung child, not a timing assertion


def stored_articles(location: str) -> int:
    try:
        with open_store(location, create=False) as store:
            return store.stats().counts["articles"]
    except StoreNotFound:
        return 0


def test_a_run_killed_with_sigkill_resumes_to_exactly_the_full_set(store_location, nlp, tmp_path):
    stories = ["\n\n".join([story] * PARAGRAPHS) for story in STORIES]
    inputs = write_stories(tmp_path / "in", stories)
    reference = str(tmp_path / "reference.db")
    with open_store(reference) as whole:
        ingest(whole, [str(inputs)], lambda: nlp)

    kill_after = random.randint(1, 4)
    command = [
        sys.executable,
        "-c",
        "from newstrace.cli import main; main()",
        "ingest",
        str(inputs),
        "--db",
        store_location,
        "--no-progress",
        "--batch-size",
        "1",
    ]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + GIVE_UP_AFTER_S
    try:
        while child.poll() is None and time.monotonic() < deadline:
            if stored_articles(store_location) >= kill_after:
                child.send_signal(signal.SIGKILL)
                break
            time.sleep(0.01)
    finally:
        if child.poll() is None and time.monotonic() >= deadline:
            child.kill()
        _, err = child.communicate()
    assert child.returncode == -signal.SIGKILL, (
        f"the child ended on its own (exit {child.returncode}) before it stored "
        f"{kill_after} article(s): {err.decode(errors='replace')[-2000:]}"
    )
    interrupted = stored_articles(store_location)
    assert kill_after <= interrupted < len(STORIES)

    with open_store(store_location) as store:
        assert store.stats().runs[0].status == "running"  # killed: nobody could say otherwise
        resumed = ingest(store, [str(inputs)], lambda: nlp)
    assert (resumed.added, resumed.skipped) == (len(STORIES) - interrupted, interrupted)
    assert snapshot(store_location) == snapshot(reference)
