"""Tests of `newstrace.eval.extraction`: the benchmark's shingle measure and our score."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.errors import EvalDataNotFound
from newstrace.eval.extraction import (
    default_dataset_dir,
    evaluate_extraction,
    metrics_from_counts,
    shingle_matching,
)

DATASET = Path(__file__).parents[2].parent / "shared/datasets/extraction"
BODY = "Negotiators from both sides returned to Geneva on Thursday for talks."


def test_extraction_metric_scores_exact_match_as_one():
    assert shingle_matching(BODY, BODY) == (1.0, 0.0, 0.0)
    assert metrics_from_counts([shingle_matching(BODY, BODY)]) == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
    }


def test_extraction_metric_scores_disjoint_texts_as_zero():
    counts = shingle_matching(BODY, "Completely different words about the weather in Oslo today.")
    assert counts[0] == 0.0
    assert metrics_from_counts([counts])["f1"] == 0.0


def test_extraction_metric_ignores_punctuation_and_spacing():
    assert shingle_matching(
        BODY, "  Negotiators, from both sides -- returned to Geneva on Thursday (for talks)"
    ) == (1.0, 0.0, 0.0)


def test_extraction_metric_normalises_each_page_to_equal_weight():
    extra = BODY + " Read more: subscribe to our newsletter for daily updates now."
    tp, fp, fn = shingle_matching(BODY, extra)
    assert tp + fp + fn == pytest.approx(1.0)
    assert fp > 0 and fn == 0


def test_extraction_metric_averages_precision_over_pages_with_output_only():
    missing = shingle_matching(BODY, "")  # nothing predicted: counts for recall only
    metrics = metrics_from_counts([shingle_matching(BODY, BODY), missing])
    assert metrics["precision"] == 1.0
    assert metrics["recall"] == 0.5


def test_extraction_eval_raises_when_folder_is_missing(tmp_path):
    with pytest.raises(EvalDataNotFound, match="ground-truth.json"):
        evaluate_extraction(tmp_path / "absent", progress=False)


def test_extraction_default_dataset_is_the_shared_folder_beside_the_repo():
    assert default_dataset_dir().resolve() == DATASET.resolve()


@pytest.mark.slow
def test_extraction_eval_body_f1_reaches_095_on_benchmark_pages():
    if not (DATASET / "ground-truth.json").is_file():
        pytest.skip(f"{DATASET} is absent: the extraction benchmark lives in ../shared/datasets")
    metrics = evaluate_extraction(DATASET, progress=False, n_bootstrap=0)
    assert metrics["pages"] > 0
    assert metrics["f1"] >= 0.95, metrics
