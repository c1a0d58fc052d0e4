from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newstrace.errors import EvalDataNotFound
from newstrace.eval.brat import GoldAttribution, read_brat
from newstrace.eval.quotes import compare_quotes, evaluate_quotes, gold_kind, polnear_split_dir
from newstrace.records import Quote, Span, Speaker

BRAT = Path(__file__).parents[1] / "data" / "brat"
POLNEAR_DEV = Path(__file__).parents[2].parent / "shared/datasets/polnear/dev"
TEXT = "Ann Lee said the plan is dead and buried for now. Later he said the opposite."


def span(needle: str, text: str = TEXT) -> Span:
    start = text.index(needle)
    return Span.of(text, start, start + len(needle))


def gold(content: str, source: str | None = "Ann Lee") -> GoldAttribution:
    return GoldAttribution(
        id="E1",
        content=(span(content),),
        cue=(span("said"),),
        source=(span(source),) if source else (),
    )


def pred(content: str, speaker: str | None = "Ann Lee", name: str | None = "Ann Lee", **kw):
    who = None
    if speaker:
        s = span(speaker)
        who = Speaker(start=s.start, end=s.end, text=s.text, name=name, **kw)
    return Quote(kind="indirect", content=span(content), cue=span("said"), speaker=who)


def perfect(text: str) -> list[Quote]:
    """The gold quotes of the fixture article, as an extractor would return them."""
    (article,) = read_brat(BRAT)
    assert article.text == text
    quotes = []
    for g in article.attributions:
        if not g.content:
            continue
        speaker = None
        if g.source:
            s = g.source[0]
            speaker = Speaker(start=s.start, end=s.end, text=s.text, name=s.text)
        content = Span.of(text, g.content[0].start, g.content[-1].end)
        quotes.append(Quote(kind="direct", content=content, cue=g.cue[0], speaker=speaker))
    return quotes


def test_quotes_eval_perfect_prediction_scores_one():
    scores = evaluate_quotes(BRAT, perfect, progress=False)
    assert (scores.articles, scores.gold, scores.gold_without_content) == (1, 3, 1)
    for at in scores.thresholds:
        assert (at.precision, at.recall, at.f1) == (1.0, 1.0, 1.0)
        assert at.speaker_accuracy == 1.0
        assert at.cue_accuracy == 1.0
    assert scores.gold_kinds == {"indirect": 2, "direct": 1}


def test_quotes_eval_no_predictions_has_zero_recall():
    scores = evaluate_quotes(BRAT, lambda text: [], progress=False)
    at = scores.at(0.3)
    assert (at.recall, at.precision, at.f1) == (0.0, 0.0, 0.0)
    assert at.false_negative == 3


def test_quotes_eval_half_overlap_matches_at_low_threshold_only():
    g = [gold("the plan is dead and buried")]  # 27 characters
    p = [pred("the plan is d")]  # 13 of them: overlap 0.48
    assert len(compare_quotes(g, p, 0.3).matches) == 1
    strict = compare_quotes(g, p, 0.8)
    assert (len(strict.matches), len(strict.false_negatives), len(strict.false_positives)) == (
        0,
        1,
        1,
    )


def test_quotes_eval_overlap_is_share_of_gold_covered():
    g = [gold("the plan is dead")]
    p = [pred("said the plan is dead and buried for now")]
    (match,) = compare_quotes(g, p, 0.8).matches
    assert match.overlap == 1.0


def test_quotes_eval_matching_is_one_to_one():
    g = [gold("the plan is dead and buried")]
    p = [pred("the plan is dead"), pred("the plan is dead and buried")]
    result = compare_quotes(g, p, 0.3)
    assert result.matches[0].pred.content.text == "the plan is dead and buried"
    assert [q.content.text for q in result.false_positives] == ["the plan is dead"]


def test_quotes_eval_wrong_speaker_lowers_speaker_accuracy():
    g = [gold("the plan is dead"), gold("the opposite")]
    p = [pred("the plan is dead"), pred("the opposite", speaker="Later", name="Later")]
    result = compare_quotes(g, p, 0.3)
    assert [m.speaker_correct for m in result.matches] == [True, False]


def test_quotes_eval_unresolved_speaker_is_wrong_where_gold_has_source():
    g = [gold("the opposite")]
    p = [pred("the opposite", speaker="Ann Lee", name=None, resolution="unresolved")]
    (match,) = compare_quotes(g, p, 0.3).matches
    assert not match.speaker_correct


def test_quotes_eval_speaker_resolved_elsewhere_matches_by_surname():
    g = [gold("the opposite", source="Ann Lee")]
    p = [pred("the opposite", speaker="he", name="Dr. Ann Lee", resolution="coreference")]
    (match,) = compare_quotes(g, p, 0.3).matches
    assert match.speaker_correct and not match.speaker_span_correct


def test_quotes_eval_no_gold_source_wants_no_speaker():
    g = [gold("the opposite", source=None)]
    assert compare_quotes(g, [pred("the opposite", speaker=None)], 0.3).matches[0].speaker_correct
    assert not compare_quotes(g, [pred("the opposite")], 0.3).matches[0].speaker_correct


def test_quotes_eval_gold_kind_from_quotation_marks():
    text = 'He said "it works." She said it "mostly" works.'
    direct = GoldAttribution(id="E1", content=(span('"it works."', text),))
    mixed = GoldAttribution(id="E2", content=(span('it "mostly" works', text),))
    assert (gold_kind(direct), gold_kind(mixed)) == ("direct", "mixed")


def test_quotes_eval_writes_error_report(tmp_path):
    out = tmp_path / "errors.jsonl"
    evaluate_quotes(BRAT, lambda text: perfect(text)[:1], progress=False, errors_path=out)
    (line,) = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["article"] == "toy-bridge"
    assert [fn["source"] for fn in record["false_negatives"]] == [
        "Jane Smith, the city engineer",
        None,
    ]
    assert record["false_positives"] == []


def test_quotes_eval_missing_folder_raises(tmp_path):
    with pytest.raises(EvalDataNotFound):
        evaluate_quotes(tmp_path / "absent", lambda text: [], progress=False)


def test_quotes_eval_polnear_split_dir_is_beside_repo():
    assert polnear_split_dir("dev").parts[-4:] == ("shared", "datasets", "polnear", "dev")
    assert polnear_split_dir("dev").parent.parent.parent.parent == BRAT.parents[2].parent


_QUOTED = re.compile(r"“[^”]{10,}”|\"[^\"\n]{10,}\"")
_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+")


def quote_marks_baseline(text: str) -> list[Quote]:
    """A trivial extractor: every span between double quotes, speaker = the nearest
    preceding run of two or more capitalised words. Only a sanity check of the harness."""
    quotes = []
    for match in _QUOTED.finditer(text):
        names = list(_NAME.finditer(text, 0, match.start()))
        speaker = None
        if names:
            n = names[-1]
            speaker = Speaker(start=n.start(), end=n.end(), text=n.group(), name=n.group())
        content = Span.of(text, match.start(), match.end())
        quotes.append(Quote(kind="direct", content=content, cue=None, speaker=speaker))
    return quotes


@pytest.mark.slow
def test_quotes_eval_polnear_dev_baseline_runs_end_to_end():
    if not POLNEAR_DEV.is_dir():
        pytest.skip(f"{POLNEAR_DEV} is absent: this test reads PolNeAR from ../shared")
    scores = evaluate_quotes(POLNEAR_DEV, quote_marks_baseline, progress=False)
    at = scores.at(0.3)
    assert scores.articles == 84 and scores.gold > 2000
    assert 0.0 < at.recall < 1.0 and 0.0 < at.precision <= 1.0
    assert scores.at(0.8).f1 <= at.f1
