from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.errors import EvalDataNotFound
from newstrace.eval.brat import brat_files, parse_ann, read_brat

BRAT = Path(__file__).parents[1] / "data" / "brat"
POLNEAR_DEV = Path(__file__).parents[2].parent / "shared/datasets/polnear/dev"


@pytest.fixture(scope="module")
def toy():
    (article,) = read_brat(BRAT)
    return article


def test_brat_takes_alphabetically_first_annotator(toy):
    assert toy.name == "toy-bridge"
    assert toy.annotator == "aaaa"


def test_brat_reads_event_parts(toy):
    first = toy.attributions[0]
    assert first.id == "E1"
    assert [s.text for s in first.source] == ["The Mayor"]
    assert [s.text for s in first.cue] == ["said"]
    assert first.content_text == "the bridge would reopen in May"


def test_brat_keeps_discontinuous_fragments(toy):
    quote = toy.attributions[1]
    assert [(s.start, s.end) for s in quote.content] == [(47, 68), (116, 154)]
    assert quote.content_text == '"We are on schedule," "Nobody will wait longer than needed."'
    assert quote.source_text == "Jane Smith, the city engineer"


def test_brat_resolves_forward_refs_and_missing_parts(toy):
    no_source, empty = toy.attributions[2], toy.attributions[3]
    assert no_source.content_text == "Critics were unconvinced"
    assert no_source.source == ()
    assert [s.text for s in no_source.cue] == ["according to"]
    assert (empty.content, empty.cue, empty.source) == ((), (), ())


def test_brat_skips_other_records_and_joins_continued_text(toy):
    assert len(toy.attributions) == 4
    assert toy.alignment.to_dict() == {
        "checked": 13,
        "mismatched": 0,
        "repaired": 0,
        "unrepaired": 0,
        "malformed_lines": 0,
        "dangling_refs": 0,
    }


def test_brat_realigns_shifted_offsets_to_nearest_occurrence():
    text = "Bob said no. Then Bob said yes."
    ann = "T1\tSource 19 22\tBob\nT2\tContent 5 10\tsaid\nE1\tAttribution:T2 Source:T1 Content:T2\n"
    (attribution,), alignment = parse_ann(ann, text)
    assert (attribution.source[0].start, attribution.source[0].text) == (18, "Bob")
    assert (attribution.content[0].start, attribution.content[0].text) == (4, "said")
    assert (alignment.mismatched, alignment.repaired, alignment.unrepaired) == (2, 2, 0)


def test_brat_counts_unrepairable_and_dangling():
    text = "Bob said no."
    ann = "T1\tSource 0 3\tAlice\nE1\tAttribution:T9 Source:T1 Content:T7\nT2\tbroken line\n"
    (attribution,), alignment = parse_ann(ann, text)
    assert attribution.source[0].text == "Bob"
    assert (alignment.unrepaired, alignment.dangling_refs, alignment.malformed_lines) == (1, 1, 1)


def test_brat_missing_or_empty_folder_raises(tmp_path):
    with pytest.raises(EvalDataNotFound):
        brat_files(tmp_path / "absent")
    with pytest.raises(EvalDataNotFound):
        brat_files(tmp_path)


@pytest.mark.slow
def test_brat_polnear_dev_spans_all_align():
    if not POLNEAR_DEV.is_dir():
        pytest.skip(f"{POLNEAR_DEV} is absent: this test reads PolNeAR from ../shared")
    articles = list(read_brat(POLNEAR_DEV))
    assert len(articles) == 84
    gold = [a for article in articles for a in article.attributions if a.content]
    assert len(gold) > 2000
    for article in articles:
        assert article.alignment.mismatched == 0, article.name
        assert article.alignment.dangling_refs == 0, article.name
        for attribution in article.attributions:
            for span in (*attribution.content, *attribution.cue, *attribution.source):
                assert article.text[span.start : span.end] == span.text
