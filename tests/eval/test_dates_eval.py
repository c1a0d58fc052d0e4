"""The TimeML reader and the TempEval-3 style date scores."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newstrace.errors import EvalDataNotFound
from newstrace.eval.dates import evaluate_dates, metrics, score_document
from newstrace.eval.timeml import Timex, read_tml
from newstrace.records import DateRef

TIMEML = Path(__file__).parents[2].parent / "shared/datasets/timeml/TBAQ-cleaned"

TML = (
    '<?xml version="1.0" ?>\n<TimeML>\n<DOCID>X</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" '
    'functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>\n'
    '<TEXT>\r\nAT&amp;T said <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3>'
    ' it <EVENT eid="e1">rose</EVENT> for '
    '<TIMEX3 tid="t2" type="DURATION" value="P5Y">five years</TIMEX3>.\n</TEXT>\n</TimeML>\n'
)


def _ref(start: int, end: int, value: str | None) -> DateRef:
    return DateRef(start=start, end=end, text="x" * (end - start), value=value, precision=None)


def _timex(start: int, end: int, value: str) -> Timex:
    return Timex(start=start, end=end, text="x" * (end - start), type="DATE", value=value, tid="t")


def test_timeml_offsets_count_entities_as_one_character_and_crlf_as_lf(tmp_path):
    path = tmp_path / "doc.tml"
    path.write_bytes(TML.encode("utf-8"))
    doc = read_tml(path)
    assert doc.dct == "1998-01-08"
    assert [(t.text, t.value) for t in doc.timexes] == [
        ("yesterday", "1998-01-07"),
        ("five years", "P5Y"),
    ]
    assert all(doc.text[t.start : t.end] == t.text for t in doc.timexes)
    assert doc.text.startswith("\nAT&T said")


def test_dates_score_counts_strict_relaxed_and_value_matches():
    gold = [_timex(0, 9, "1998-01-07"), _timex(20, 30, "P5Y"), _timex(40, 45, "1998")]
    predicted = [_ref(0, 9, "1998-01-07"), _ref(18, 30, "P4Y"), _ref(50, 55, "1999")]
    counts = score_document(gold, predicted)
    assert (counts["strict"], counts["relaxed"], counts["value"]) == (1, 2, 1)
    scores = metrics(counts)
    assert scores["relaxed_precision"] == pytest.approx(2 / 3)
    assert scores["value_accuracy"] == pytest.approx(1 / 2)
    assert scores["value_f1"] == pytest.approx(1 / 3)


def test_dates_relaxed_matching_is_one_to_one():
    counts = score_document([_timex(0, 10, "P1Y")], [_ref(0, 4, "P1Y"), _ref(5, 10, "P1Y")])
    assert counts["relaxed"] == 1


def test_dates_eval_missing_folder_raises_eval_data_not_found(tmp_path):
    with pytest.raises(EvalDataNotFound):
        evaluate_dates(tmp_path / "absent", progress=False)


@pytest.mark.slow
def test_dates_eval_scores_real_timeml_documents(tmp_path, nlp):
    if not TIMEML.is_dir():
        pytest.skip(f"{TIMEML} is absent: the TimeML eval needs ../shared/datasets beside the repo")
    for path in sorted((TIMEML / "TimeBank").glob("*.tml"))[:6]:
        shutil.copy(path, tmp_path / path.name)
    scores = evaluate_dates(tmp_path, progress=False, nlp=nlp)
    assert scores["documents"] == 6
    assert scores["n_gold"] > 0
    assert scores["relaxed_f1"] > 0.75
    assert scores["value_accuracy"] > 0.6
