"""The trust benchmark's second figure: the same articles in a seeded shuffled order
(issue #8, findings must not depend on ingest order)."""

from __future__ import annotations

import pytest

from newstrace.eval.trust import evaluate_trust
from newstrace.eval.trust_bench import BenchItem, Benchmark, default_corpus, shuffled_order

from ..conftest import require

pytestmark = pytest.mark.issue(8)


def _group() -> Benchmark:
    """An original, its misattributed copy and a faithful copy, and an unrelated article."""
    original = BenchItem("Kerry said talks resume.", None, "2016-02-01", "original", frozenset())
    swapped = BenchItem(
        "Lavrov said talks resume.",
        None,
        "2016-02-02",
        "misattributed",
        frozenset({"duplicate", "attribution_conflict"}),
        sources=(original.id,),
    )
    faithful = BenchItem(
        "GENEVA - Kerry said talks resume.",
        None,
        "2016-02-03",
        "syndicated",
        frozenset({"duplicate"}),
        sources=(original.id,),
        sibling=swapped.id,
    )
    other = BenchItem("Aid reached Madaya.", None, "2016-02-01", "original", frozenset())
    return Benchmark(items=[original, other, swapped, faithful], seed=1, pool=2)


@pytest.mark.parametrize("seed", range(8))
def test_a_conflict_is_gold_for_whichever_side_of_a_disagreement_comes_later(seed):
    bench = _group()
    original, other, swapped, faithful = (item.id for item in bench.items)
    order = shuffled_order(bench, seed)
    assert sorted(i.id for i in order) == sorted(i.id for i in bench.items)
    at = {item.id: n for n, item in enumerate(order)}
    gold = {item.id: item.gold for item in order}
    conflict = {key: "attribution_conflict" in value for key, value in gold.items()}
    assert conflict[original] == (at[swapped] < at[original])
    assert conflict[faithful] == (at[swapped] < at[faithful])
    assert conflict[swapped] == (at[original] < at[swapped] or at[faithful] < at[swapped])
    assert not conflict[other]
    # copies keep their other gold whatever the order
    assert "duplicate" in gold[swapped] and "duplicate" in gold[faithful]


def test_the_shuffled_order_is_seeded():
    bench = _group()
    assert [i.id for i in shuffled_order(bench, 3)] == [i.id for i in shuffled_order(bench, 3)]
    orders = {tuple(i.id for i in shuffled_order(bench, seed)) for seed in range(8)}
    assert len(orders) > 1


@pytest.mark.slow
def test_copies_and_stitches_score_alike_in_the_shuffled_order():
    require(default_corpus())
    scores = evaluate_trust(limit=80, show=False)
    shuffled = scores["shuffled"]["kinds"]
    assert set(shuffled) == set(scores["kinds"])
    for kind in ("stitched", "duplicate", "spun_phrase"):
        assert shuffled[kind]["f1"] >= scores["kinds"][kind]["f1"] - 0.05, (kind, shuffled)
