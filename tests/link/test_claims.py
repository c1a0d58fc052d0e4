"""Contested claims (link/claims.py): one speaker's claim, another's denial or blame."""

from __future__ import annotations

import pytest

from newstrace.core import extract_text
from newstrace.link.claims import contested_claims, denial_cue


def test_denial_cues_are_whole_words_of_the_lexicon():
    assert denial_cue("He called the Russian claim “a fabrication”.") == "fabrication"
    assert denial_cue("The ministry Denied the report") == "Denied"
    assert denial_cue("no casualties were reported") is None
    assert denial_cue("the falsehood of it") is None  # "false" only as a whole word


@pytest.mark.slow
@pytest.mark.issue(8)
def test_the_sample_russian_claim_and_the_us_fabrication_are_contested(sample_article):
    found = contested_claims([sample_article], "story-x")
    denials = [c for c in found if c.kind == "denial"]
    assert any(
        c.claim.speaker == "Russia"
        and "bombings in Syrian Aleppo" in c.claim.evidence.text
        and c.counter.speaker == "Steve Warren"
        and "fabrication" in c.counter.evidence.text
        for c in denials
    ), [c.message for c in found]
    row = denials[0].to_dict()
    assert row["story"] == "story-x" and row["claim"]["evidence"]["text"]
    assert row["counter"]["article"] == sample_article.id


@pytest.mark.slow
def test_a_denial_in_a_later_article_by_the_accused_side_contests_the_claim(nlp):
    claim = extract_text(
        "Turkey's foreign ministry said Russian warplanes bombed a hospital in Azaz.", nlp
    )
    denial = extract_text(
        "Moscow rejected the accusation as groundless on Tuesday, the Kremlin said.", nlp
    )
    (found,) = [c for c in contested_claims([claim, denial]) if c.kind == "denial"][:1]
    assert found.claim.article_id == claim.id and found.counter.article_id == denial.id


@pytest.mark.slow
def test_agreeing_reports_and_an_unrelated_denial_are_no_contest(nlp):
    articles = [
        extract_text("The monitor said air strikes killed 14 people in Idlib on Tuesday.", nlp),
        extract_text("Rescue workers said the strikes on Idlib killed at least 14 people.", nlp),
        extract_text(
            "Separately, the Kremlin denied reports that Vladimir Putin would meet Bashar "
            "al-Assad in Sochi next week.",
            nlp,
        ),
    ]
    assert contested_claims(articles) == []


@pytest.mark.slow
def test_the_hand_written_contests_are_found_without_false_ones(nlp):
    from newstrace.eval.trust_stories import evaluate_claims

    scores = evaluate_claims(nlp)
    assert scores["cases"] >= 10
    assert scores["recall"] >= 0.75 and scores["precision"] >= 0.85, scores["details"]
