"""The local engine: worker processes give the single-process output, lose nothing, stay bounded."""

from __future__ import annotations

import functools
import itertools

import pytest

from newstrace.core import extract_articles
from newstrace.engine.local import LocalEngine, _Run
from newstrace.ingest import read_inputs
from newstrace.records import InputArticle, InputError

from ..conftest import DEMO
from .helpers import POISON, load_killing_pipeline

pytestmark = pytest.mark.slow


def _short(number: int) -> InputArticle:
    text = (
        f"Report {number}. The minister said on Monday that talks in Geneva would resume. "
        f'"We will not give up," she told reporters in Damascus after meeting {number} envoys.'
    )
    return InputArticle(source=f"short-{number}", text=text)


@pytest.fixture(scope="module")
def corpus() -> list[InputArticle | InputError]:
    """Six demo articles, a bad input among them, and a few short ones."""
    demo = [item for item in read_inputs([str(DEMO)]) if isinstance(item, InputArticle)][:6]
    bad = InputError(source="broken.txt", error="broken.txt: is empty: there is no text to read")
    return [*demo[:3], bad, *demo[3:], *(_short(n) for n in range(3))]


@pytest.fixture(scope="module")
def single(nlp, corpus) -> list[dict]:
    return [r.to_dict() for r in extract_articles(corpus, nlp, batch_size=2)]


@pytest.fixture(scope="module")
def engine():
    with LocalEngine(processes=2, batch_size=2) as running:
        yield running


def test_ordered_output_equals_single_process_output(engine, corpus, single):
    engine.ordered = True
    assert [r.to_dict() for r in engine.run(corpus)] == single


def test_unordered_output_has_the_same_records(engine, corpus, single):
    engine.ordered = False
    try:
        got = [r.to_dict() for r in engine.run(corpus)]
    finally:
        engine.ordered = True
    key = lambda record: (record["source"], record.get("id", ""))  # noqa: E731
    assert sorted(got, key=key) == sorted(single, key=key)


def test_bad_input_among_good_ones_gives_its_error_and_every_article(engine, corpus):
    results = list(engine.run(corpus))
    errors = [r for r in results if isinstance(r, InputError)]
    articles = [r for r in results if not isinstance(r, InputError)]
    assert [e.source for e in errors] == ["broken.txt"]
    assert len(articles) == len(corpus) - 1


def test_reader_never_runs_more_than_max_ahead_batches_ahead(engine):
    pulled = emitted = 0
    gaps: list[int] = []

    def counting():
        nonlocal pulled
        for number in range(40):
            gaps.append(pulled - emitted)
            pulled += 1
            yield _short(number)

    for ordered in (True, False):
        engine.ordered = ordered
        pulled = emitted = 0
        for emitted, _ in enumerate(engine.run(counting()), start=1):  # noqa: B007
            pass
    engine.ordered = True
    assert pulled == 40
    # a batch is pulled item by item, so the reader may be mid-batch beyond the limit
    assert max(gaps) <= engine.max_ahead * engine.batch_size + engine.batch_size
    assert max(gaps) >= engine.batch_size  # it did run ahead: the bound is what held it


def test_killed_worker_is_replaced_and_its_batch_redone_once(nlp, corpus, single, tmp_path):
    poisoned = InputArticle(source="poisoned", text=f"The mayor said {POISON} on Sunday.")
    items = [*corpus[:4], poisoned, *corpus[4:]]
    expected = [r.to_dict() for r in extract_articles(items, nlp, batch_size=2)]
    loader = functools.partial(load_killing_pipeline, str(tmp_path / "died-once"))
    with LocalEngine(processes=2, batch_size=2, load_nlp=loader) as engine:
        got = [r.to_dict() for r in engine.run(items)]
        assert engine.restarts == 1
    assert got == expected  # nothing lost, nothing twice, order kept


def test_article_that_kills_every_worker_becomes_one_error_record(corpus):
    poisoned = InputArticle(source="poisoned", text=f"The mayor said {POISON} on Sunday.")
    items = [*corpus[:2], poisoned, *corpus[2:5]]
    loader = functools.partial(load_killing_pipeline, None)
    with LocalEngine(processes=2, batch_size=2, load_nlp=loader, ordered=False) as engine:
        results = list(engine.run(items))
    sources = [r.source for r in results]
    assert sorted(sources) == sorted(item.source for item in items)
    (error,) = [r for r in results if r.source == "poisoned"]
    assert isinstance(error, InputError)
    assert "died twice" in error.error


def test_results_wait_for_earlier_batches_when_ordered():
    run = _Run(ordered=True)
    run.deliver((1, None), ["b"])
    assert list(run.flush()) == []
    run.deliver((0, None), ["a"])
    assert list(run.flush()) == ["a", "b"]


def test_split_batch_is_handed_on_whole_once_every_article_is_back():
    run = _Run(ordered=False)
    items = [_short(n) for n in range(3)]
    from newstrace.engine.local import _Task

    redo = run.after_death(_Task((0, None), items, attempt=1), code=-9)
    assert [t.key for t in redo] == [(0, 0), (0, 1), (0, 2)]
    for task in itertools.islice(redo, 2):
        run.deliver(task.key, [task.items[0].source])
    assert list(run.flush()) == []
    run.deliver((0, 2), ["short-2"])
    assert list(run.flush()) == ["short-0", "short-1", "short-2"]


def test_workers_read_places_with_the_outlet_profiles_they_are_given():
    from newstrace.extract.outlets import Anchors, OutletProfiles

    profiles = OutletProfiles()
    for _ in range(3):
        profiles.add(
            "parisbeacon.com", Anchors(frozenset({"USA"}), frozenset({("USA", "tennessee")}))
        )
    items = [
        InputArticle(
            source=f"p{n}", text="Paris police closed the road.", url=f"http://parisbeacon.com/{n}"
        )
        for n in range(4)
    ]
    with LocalEngine(processes=2, batch_size=1, outlets=profiles) as engine:
        places = [r.places[0] for r in engine.run(items)]
    assert {(p.country, p.admin1) for p in places} == {("USA", "Tennessee")}
