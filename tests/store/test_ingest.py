"""`ingest`: skip what is stored before NLP, one transaction per article, resumable."""

from __future__ import annotations

import sys

import pytest

from newstrace.records import Actor
from newstrace.store import open_store, rows
from newstrace.store.ingest import ingest, plan_ingest

from .helpers import STORIES, snapshot, write_stories

pytestmark = pytest.mark.slow


class Interrupted(Exception):
    pass


def _explodes():
    raise Interrupted
    yield


def no_nlp():
    raise AssertionError("the NLP pipeline was loaded although every article was stored")


@pytest.fixture
def inputs(tmp_path):
    return write_stories(tmp_path / "in")


def test_ingest_stores_every_article_with_its_run(store, nlp, inputs):
    report = ingest(store, [str(inputs)], lambda: nlp)
    assert (report.added, report.skipped, report.errors) == (len(STORIES), 0, [])
    stats = store.stats()
    assert stats.counts["articles"] == len(STORIES)
    (run,) = stats.runs
    assert (run.id, run.status, run.stored, run.skipped) == (report.run_id, "done", 10, 0)
    assert stats.counts["quotes"] > 0 and stats.counts["places"] > 0


def test_reingesting_adds_nothing_and_runs_no_nlp(store, store_location, nlp, inputs):
    ingest(store, [str(inputs)], lambda: nlp)
    before = snapshot(store_location)
    report = ingest(store, [str(inputs)], no_nlp)
    assert (report.added, report.skipped) == (0, len(STORIES))
    assert snapshot(store_location) == before
    assert [run.status for run in store.stats().runs] == ["done", "done"]


def test_the_same_text_twice_in_one_run_is_stored_once(store, nlp, tmp_path):
    folder = write_stories(tmp_path / "in", [STORIES[0], STORIES[1], STORIES[0]])
    report = ingest(store, [str(folder)], lambda: nlp)
    assert (report.added, report.skipped) == (2, 1)


def test_ingest_leaves_no_new_strings_in_the_vocab(store, nlp, tmp_path):
    ingest(store, [str(write_stories(tmp_path / "warm", STORIES[:1]))], lambda: nlp)
    before = len(nlp.vocab.strings)
    names = [f"Zorbulon{n} Quixatel said the Vremtarsk{n} council met in Aleppo." for n in range(5)]
    report = ingest(store, [str(write_stories(tmp_path / "new", names))], lambda: nlp)
    assert report.added == len(names)
    assert len(nlp.vocab.strings) == before


def test_an_interrupted_run_resumes_to_exactly_the_full_set(
    store, store_location, nlp, inputs, tmp_path
):
    reference = str(tmp_path / "reference.db")
    with open_store(reference) as whole:
        ingest(whole, [str(inputs)], lambda: nlp)

    added = 0

    def crash_after_three(outcome, record):
        nonlocal added
        added += outcome == "added"
        if added == 3:
            raise Interrupted

    with pytest.raises(Interrupted):
        ingest(store, [str(inputs)], lambda: nlp, batch_size=4, on_item=crash_after_three)
    assert store.stats().counts["articles"] == 3
    assert store.stats().runs[0].status == "interrupted"

    resumed = ingest(store, [str(inputs)], lambda: nlp)
    assert (resumed.added, resumed.skipped) == (len(STORIES) - 3, 3)
    assert snapshot(store_location) == snapshot(reference)


def test_a_failure_inside_an_article_write_leaves_no_part_of_it(
    store, store_location, nlp, inputs, monkeypatch
):
    real = rows.child_rows
    calls = 0

    def breaks_on_the_second_article(article, actor_ids):
        nonlocal calls
        calls += 1
        children = real(article, actor_ids)
        if calls == 2:  # a new actor, mentions and quotes go in before the bad row fails
            actor_ids(Actor(name="Half-written", country="XXX"))
            children["findings"] = _explodes()
        return children

    writer = sys.modules[type(store).add_article.__module__]  # where add_article is written
    monkeypatch.setattr(writer, "child_rows", breaks_on_the_second_article)
    with pytest.raises(Interrupted):
        ingest(store, [str(inputs)], lambda: nlp)
    (first,) = store.iter_articles()
    assert store.stats().counts["quotes"] == len(first.quotes)
    assert store.stats().counts["mentions"] == len(first.mentions)
    assert not store.query("SELECT 1 FROM actors WHERE name = 'Half-written'")

    monkeypatch.undo()
    assert ingest(store, [str(inputs)], lambda: nlp).added == len(STORIES) - 1


def test_bad_inputs_are_recorded_and_good_articles_kept(store, nlp, tmp_path):
    folder = write_stories(tmp_path / "in", STORIES[:2])
    (folder / "empty.txt").write_bytes(b"")
    report = ingest(store, [str(folder), str(tmp_path / "missing.txt")], lambda: nlp)
    assert report.added == 2
    assert sorted(e.source.rsplit("/", 1)[-1] for e in report.errors) == [
        "empty.txt",
        "missing.txt",
    ]
    stats = store.stats()
    assert stats.counts["input_errors"] == 2
    assert stats.runs[0].errors == 2


def test_plan_counts_new_and_stored_articles_without_nlp(store, nlp, inputs, tmp_path):
    ingest(store, [str(write_stories(tmp_path / "first", STORIES[:4]))], lambda: nlp)
    plan = plan_ingest(store, [str(inputs), str(tmp_path / "missing.txt")])
    assert (plan.new, plan.stored, plan.unreadable) == (6, 4, 1)
