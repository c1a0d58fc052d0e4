"""Casualty counts: statements, their counts and their evidence, on sentences and FA-KES."""

from __future__ import annotations

import hashlib
import json
from collections import Counter

import pytest

from newstrace.extract.casualties import find_casualties
from newstrace.ingest.boilerplate import find_boilerplate, mask_spans

from ..conftest import DEMO, REPO

pytestmark = pytest.mark.slow

FIXTURE = REPO / "tests" / "data" / "casualties" / "fa-kes-50.json"
# Measured on the fixture when it was written: statement P 0.944, R 0.907; toll 0.98.
FLOORS = {"precision": 0.92, "recall": 0.88, "toll_agreement": 0.94}


def counts(nlp, text: str) -> list[tuple[int | None, int | None, str]]:
    return [(f.dead, f.injured, f.evidence.text) for f in find_casualties(nlp(text))]


def test_killed_and_injured_in_one_clause_are_one_statement(nlp):
    text = "Russian air strikes killed six people and injured 32 in the town of Saraqeb."
    assert counts(nlp, text) == [(6, 32, "killed six people and injured 32")]


def test_at_least_n_people_were_killed_counts_n(nlp):
    text = "At least 112 people were killed in the attack, the monitor said."
    assert counts(nlp, text) == [(112, None, "At least 112 people were killed")]


def test_death_toll_rose_to_n(nlp):
    assert counts(nlp, "The death toll rose to 40 on Sunday.") == [(40, None, "toll rose to 40")]


def test_n_civilians_dead(nlp):
    text = "17 civilians dead after the shelling of the market."
    assert counts(nlp, text) == [(17, None, "17 civilians dead")]


def test_vague_quantity_keeps_the_phrase_with_a_null_count(nlp):
    assert counts(nlp, "Dozens were killed in the bombardment.") == [
        (None, None, "Dozens were killed")
    ]


def test_one_person_counts_one_and_an_age_is_not_a_count(nlp):
    assert counts(nlp, "A child was killed by sniper fire.") == [(1, None, "A child was killed")]
    assert counts(nlp, "A 12-year-old was killed in the raid.") == [
        (1, None, "A 12-year-old was killed")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "112 rebels fighting in the area retreated.",
        "2 million refugees have fled since 2011.",
        "The government pledged $50 million in aid on 12 March 2015.",
        "No one was killed in the attack.",
        "The Observatory said at least 14 of the dead were rebels.",
    ],
)
def test_numbers_that_count_no_casualties_give_no_statement(nlp, text):
    assert counts(nlp, text) == []


def test_killed_and_wounded_under_one_number_stays_unsplit(nlp):
    text = "State media claimed 49 fighters were killed and wounded in the fighting."
    assert [(d, i) for d, i, _ in counts(nlp, text)] == [(None, None)]


def test_number_words_compound_numbers_and_scales(nlp):
    assert counts(nlp, "Seventy-six people including 28 children were killed on Sunday.")[0][
        :2
    ] == (76, None)
    assert counts(nlp, "The war has killed 1.2 million people.")[0][:2] == (1200000, None)
    assert counts(nlp, "More than a dozen people were also killed.")[0][:2] == (12, None)


def test_coordinated_victims_are_summed(nlp):
    assert counts(nlp, "The bombing killed a woman and two children.") == [
        (3, None, "killed a woman and two children")
    ]


def test_dead_then_injured_of_one_sentence_pair_up(nlp):
    text = "The blast left 11 people dead and 25 injured, while 3 more died in hospital."
    assert [(d, i) for d, i, _ in counts(nlp, text)] == [(11, 25), (3, None)]


def test_a_headline_without_grammar_still_counts(nlp):
    assert counts(nlp, "Five killed four injured in terrorist attacks in Aleppo")[0][:2] == (5, 4)


def test_evidence_indexes_the_text_and_stays_in_one_sentence(nlp):
    text = (
        "Air raids killed 18 civilians on Saturday. Eleven civilians including four "
        "children were killed in Bab al-Nasr, and seven others were injured. The toll "
        "could rise."
    )
    doc = nlp(text)
    found = find_casualties(doc)
    assert [(f.dead, f.injured) for f in found] == [(18, None), (11, 7)]
    for fatalities in found:
        span = fatalities.evidence
        assert text[span.start : span.end] == span.text
        sents = {t.sent.start for t in doc.char_span(span.start, span.end)}
        assert len(sents) == 1


# -- the hand-checked FA-KES sample -------------------------------------------------


@pytest.fixture(scope="module")
def fixture() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_texts() -> dict[str, str]:
    lines = (DEMO / "fa-kes-sample.jsonl").read_text(encoding="utf-8").splitlines()
    return {row["source"]: row["text"] for row in map(json.loads, lines)}


def test_fixture_gold_phrases_index_the_demo_texts(fixture, demo_texts):
    assert len(fixture["articles"]) == 50
    for article in fixture["articles"]:
        text = demo_texts[article["source"]]
        assert hashlib.sha1(text.encode()).hexdigest() == article["text_sha1"], article["source"]
        for gold in article["statements"]:
            assert text[gold["start"] : gold["end"]] == gold["phrase"], gold


def agreement(fixture: dict, predicted: dict[str, list]) -> dict[str, float]:
    """Statement precision/recall on (dead, injured) per article, and toll agreement."""
    matched = found = expected = tolls = 0
    for article in fixture["articles"]:
        gold = Counter((s["dead"], s["injured"]) for s in article["statements"])
        system = Counter((f.dead, f.injured) for f in predicted[article["source"]])
        matched += sum((gold & system).values())
        found += sum(system.values())
        expected += sum(gold.values())
        gold_toll = max((d for d, _ in gold.elements() if d is not None), default=None)
        system_toll = max((d for d, _ in system.elements() if d is not None), default=None)
        tolls += gold_toll == system_toll
    return {
        "precision": matched / found,
        "recall": matched / expected,
        "toll_agreement": tolls / len(fixture["articles"]),
    }


def test_casualties_agree_with_the_hand_checked_fa_kes_sample(nlp, fixture, demo_texts):
    sources = [a["source"] for a in fixture["articles"]]
    # as the extract job does: boilerplate blanked, offsets kept
    texts = [mask_spans(demo_texts[s], find_boilerplate(demo_texts[s])) for s in sources]
    predicted = {s: find_casualties(doc) for s, doc in zip(sources, nlp.pipe(texts), strict=True)}
    for source, found in predicted.items():
        for fatalities in found:
            span = fatalities.evidence
            assert demo_texts[source][span.start : span.end] == span.text
    scores = agreement(fixture, predicted)
    print("casualty agreement on fa-kes-50:", {k: round(v, 3) for k, v in scores.items()})
    for name, floor in FLOORS.items():
        assert scores[name] >= floor, (name, scores)


def test_agreement_scoring_counts_a_wrong_count_as_a_miss_and_a_false_find():
    from newstrace.records import Fatalities, Span

    fixture = {
        "articles": [
            {"source": "a", "statements": [{"dead": 5, "injured": None}]},
            {"source": "b", "statements": []},
        ]
    }
    wrong = Fatalities(dead=6, injured=None, evidence=Span(start=0, end=1, text="x"))
    scores = agreement(fixture, {"a": [wrong], "b": []})
    assert scores == {"precision": 0.0, "recall": 0.0, "toll_agreement": 0.5}
