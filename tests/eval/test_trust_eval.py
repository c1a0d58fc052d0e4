from __future__ import annotations

import random

import pytest

from newstrace.eval.trust import detector_pairs, evaluate_trust
from newstrace.eval.trust_bench import (
    build_benchmark,
    default_corpus,
    quoted_people,
    spin_text,
    swaps,
)
from newstrace.link.align import align
from newstrace.link.shingles import words
from newstrace.link.spin import spin_pairs

from ..conftest import require


def test_half_the_swap_pairs_are_held_out_and_none_of_them_reaches_the_detector():
    pairs = swaps()
    held = [s for s in pairs if s.held_out]
    assert 0.35 < len(held) / len(pairs) < 0.65
    lexicon = {p.spun.casefold() for p in detector_pairs()}
    assert not [s for s in held if s.replacement.casefold() in lexicon]
    assert len(detector_pairs()) < len(spin_pairs())  # the run masks some shipped entries


def test_spinning_replaces_about_the_asked_share_of_words():
    text = " ".join(
        f"Forces attacked the rebels near the city of Town{n} today." for n in range(20)
    )
    vocabulary = ["assault", "metropolis", "insurgents", "cabinet"]
    spun = spin_text(text, 0.10, random.Random(1), vocabulary, held_out_only=False)
    kept = align(words(spun), words(text)).kept
    changed = len(words(text)) - kept
    assert 0.05 * len(words(text)) <= changed <= 0.2 * len(words(text))


def test_quoted_people_are_found_by_the_generators_own_pattern():
    text = "John Kerry said the talks would go on. The ministry said nothing."
    assert quoted_people(text) == ["John Kerry"]


@pytest.mark.slow
def test_the_benchmark_is_the_same_for_the_same_seed():
    require(default_corpus())
    first = build_benchmark(seed=5, limit=60)
    second = build_benchmark(seed=5, limit=60)
    assert [i.id for i in first.items] == [i.id for i in second.items]
    assert [i.gold for i in first.items] == [i.gold for i in second.items]
    assert {i.role for i in first.items} >= {"original", "stitched", "syndicated", "spun"}
    assert [i.id for i in build_benchmark(seed=6, limit=60).items] != [i.id for i in first.items]


@pytest.mark.slow
def test_a_small_benchmark_without_nlp_scores_every_text_kind():
    require(default_corpus())
    scores = evaluate_trust(limit=80, show=False)
    assert set(scores["kinds"]) == {"stitched", "duplicate", "spun_phrase"}
    assert scores["misattribution_part"].startswith("skipped")
    for kind in ("stitched", "duplicate", "spun_phrase"):
        assert scores["kinds"][kind]["f1"] >= 0.8, (kind, scores["kinds"][kind])
    assert scores["spun_by_rate"]["0.05"]["articles"] >= 1


def test_pairwise_scores_count_pairs_of_one_story_against_gold_events():
    from newstrace.eval.trust_stories import pairwise

    groups = {"a": 1, "b": 1, "c": 1, "d": 2}
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    scores = pairwise(groups, gold, groups)
    # predicted pairs ab (right), ac, bc (wrong); gold pairs ab, cd
    assert (scores["tp"], scores["fp"], scores["fn"]) == (1, 2, 1)
    assert scores["precision"] == round(1 / 3, 4) and scores["recall"] == 0.5
    assert pairwise(groups, gold, ["a", "d"])["pairs_gold"] == 0


def test_the_contested_claim_fixtures_have_positives_and_negatives():
    from newstrace.eval.trust_stories import load_claim_cases

    cases = load_claim_cases()
    assert sum(1 for c in cases if c["contested"]) >= 6
    assert sum(1 for c in cases if not c["contested"]) >= 4
    for case in cases:
        text = " ".join(case["articles"])
        for gold in case["contested"]:
            assert gold["claim"] in text and gold["counter"] in text, case["case"]


@pytest.mark.slow
def test_a_small_story_evaluation_without_nlp_scores_both_windows():
    require(default_corpus())
    from newstrace.eval.trust_stories import evaluate_stories

    scores = evaluate_stories(limit=120, encoder="tfidf", show=False)
    assert scores["articles"] == 120 and scores["encoder"] == "tfidf"
    assert set(scores) >= {"window_0", "window_3"}
    for part in ("tune", "test"):
        assert 0.0 <= scores["window_0"][part]["precision"] <= 1.0
    assert scores["window_0"]["stories"] >= scores["window_3"]["stories"]
