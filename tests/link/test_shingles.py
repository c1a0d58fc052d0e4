from __future__ import annotations

from newstrace.link.shingles import normalise, passages, shingle_hashes, words
from newstrace.records import Span


def test_normalise_drops_apostrophes_and_case_so_stripped_copies_match():
    assert normalise("Russia’s") == normalise("Russias") == "russias"


def test_words_keep_offsets_into_the_text():
    text = "Share\n\nAssad’s forces advanced."
    assert [text[w.start : w.end] for w in words(text)] == [
        "Share",
        "Assad’s",
        "forces",
        "advanced",
    ]


def test_passages_are_paragraphs_without_boilerplate_or_short_lines():
    text = (
        "Share\n\nRussia blames US for bombings\n\n"
        "The first peace talks in two years collapsed last week before they began.\n\n"
        "Advertisement\n\n"
        "The communique added that sustained humanitarian aid would begin this week.\n"
    )
    share = Span.of(text, 0, 5)
    found = [text[a:b] for a, b in passages(text, [share])]
    assert found == [
        "The first peace talks in two years collapsed last week before they began.",
        "The communique added that sustained humanitarian aid would begin this week.",
    ]


def test_a_wall_of_text_is_cut_into_sentence_windows():
    sentence = "The army said its forces advanced on the northern town today. "
    text = sentence * 40
    ranges = passages(text)
    assert len(ranges) > 1
    assert all(text[a:b].startswith("The army said") for a, b in ranges)


def test_shingle_hashes_are_stable_and_cover_short_texts():
    assert shingle_hashes(["a", "b", "c", "d"]) == shingle_hashes(["a", "b", "c", "d"])
    assert len(shingle_hashes(["a", "b", "c", "d"])) == 2
    assert len(shingle_hashes(["only", "two"])) == 1
