from __future__ import annotations

from newstrace.link.align import align
from newstrace.link.shingles import words
from newstrace.link.spin import classify, find_spun_phrases, is_spun, substitutions
from newstrace.records import Span


def test_russian_federation_for_russia_is_an_expansion():
    assert classify(["russia"], ["russian", "federation"], names=True) == "expansion"


def test_an_acronym_spelled_out_is_an_expansion():
    target = ["north", "atlantic", "treaty", "organisation"]
    assert classify(["nato"], target, names=True) == "expansion"


def test_changed_numbers_names_and_inflections_are_edits_not_spin():
    assert classify(["12"], ["15"], names=False) == "edit"
    assert classify(["kerry"], ["lavrov"], names=True) == "edit"
    assert classify(["attack"], ["attacks"], names=False) == "edit"
    assert classify(["thursday"], ["friday"], names=False) == "edit"


def test_a_content_word_for_another_is_a_synonym_swap():
    assert classify(["killed"], ["slain"], names=False) == "synonym"


def test_swaps_inside_kept_text_are_extracted_with_their_spans():
    source = "The government forces killed dozens of rebels near the city on Monday morning."
    target = "The government troops slew dozens of rebels near the metropolis on Monday morning."
    found = substitutions(align(words(target), words(source)), target)
    assert [(s.source, s.target.text, s.kind) for s in found] == [
        ("forces killed", "troops slew", "synonym"),
        ("city", "metropolis", "synonym"),
    ]
    assert all(s.target.text == target[s.target.start : s.target.end] for s in found)


def test_two_swaps_in_a_long_text_are_editing_and_many_are_spinning():
    span = Span(start=0, end=1, text="x")
    from newstrace.link.spin import Substitution

    two = [Substitution(source="a", target=span, kind="synonym")] * 2
    many = [Substitution(source="a", target=span, kind="synonym")] * 10
    assert not is_spun(two, 300)
    assert is_spun(many, 300)


def test_the_sample_spins_russia_and_nato_without_a_source(sample_text):
    findings = find_spun_phrases(sample_text)
    flagged = sorted({span.text for f in findings for span in f.evidence})
    assert flagged == ["North Atlantic Treaty Organisation", "Russian Federation"]
    assert all(f.kind == "spun_phrase" for f in findings)


def test_an_official_name_with_the_before_it_is_not_spin():
    text = "The Armed Forces of the Russian Federation announced new air strikes near Palmyra."
    assert find_spun_phrases(text) == []


def test_a_tortured_phrase_is_always_spin_and_boilerplate_is_skipped():
    text = "The Joined Countries called for a ceasefire.\n\nJoined Countries newsletter"
    skip = [Span.of(text, 46, len(text))]
    (finding,) = find_spun_phrases(text, skip)
    assert [span.start for span in finding.evidence] == [4]
    assert "United Nations" in finding.message
