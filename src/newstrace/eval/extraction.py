"""Score our HTML ingest on the scrapinghub article-extraction benchmark.

The dataset folder holds `html/HASH.html.gz` pages and `ground-truth.json`
(`{HASH: {"articleBody": ..., "url": ...}}`). Each page goes through
`newstrace.ingest.html.extract_html`, and its body text is compared with the gold body
by the benchmark's own measure (its `evaluate.py`, re-implemented here):

- both texts are split into `\\w+` tokens and into overlapping 4-token shingles;
- per page, TP/FP/FN count shingles (with multiplicity) shared, extra and missing, and
  are divided by their sum so that long pages weigh no more than short ones;
- precision is the mean per-page precision over pages where something was predicted
  (TP + FP > 0), recall the mean per-page recall over pages with a gold body
  (TP + FN > 0); a page with FP = FN = 0 scores 1 on both;
- F1 is the harmonic mean of those two means (not a mean of per-page F1s);
- accuracy is the share of pages whose token sequence equals the gold one exactly;
- the `*_std` figures are bootstrap standard deviations over resampled pages.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..errors import EvalDataNotFound, IngestError
from ..ingest.html import extract_html
from .progress import progress as show_progress

SHINGLE_SIZE = 4
N_BOOTSTRAP = 1000
_TOKEN = re.compile(r"\w+")

TpFpFn = tuple[float, float, float]


def default_dataset_dir() -> Path:
    """Return the benchmark folder `../shared/datasets/extraction` beside the repo.

    Returns:
        The folder (not checked; `evaluate_extraction` raises if it is missing).
    """
    repo = Path(__file__).resolve().parents[3]
    return repo.parent / "shared" / "datasets" / "extraction"


def evaluate_extraction(
    dataset_dir: Path, progress: bool = True, *, n_bootstrap: int = N_BOOTSTRAP
) -> dict:
    """Run our HTML ingest on every benchmark page and score the article bodies.

    Args:
        dataset_dir: Folder with `ground-truth.json` and `html/HASH.html.gz`.
        progress: Show a rich progress bar on stderr.
        n_bootstrap: Bootstrap resamples for the `*_std` figures (0 to skip them).

    Returns:
        `precision`, `recall`, `f1`, `accuracy`, their `*_std`, the number of `pages`
        and `failed` (pages where ingest found no text: scored as an empty body).

    Raises:
        EvalDataNotFound: When the folder, its ground truth or a page is missing.
    """
    dataset_dir = Path(dataset_dir)
    truth_path = dataset_dir / "ground-truth.json"
    expected = "ground-truth.json and html/HASH.html.gz (scrapinghub article-extraction-benchmark)"
    if not truth_path.is_file():
        raise EvalDataNotFound(str(dataset_dir), expected)
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    scores: list[TpFpFn] = []
    accuracies: list[float] = []
    failed = 0
    for key in show_progress(sorted(truth), "extracting pages…", show=progress):
        page = dataset_dir / "html" / f"{key}.html.gz"
        if not page.is_file():
            raise EvalDataNotFound(str(page), expected)
        try:
            predicted = extract_html(gzip.decompress(page.read_bytes()), str(page)).text
        except IngestError:
            predicted, failed = "", failed + 1
        gold = truth[key].get("articleBody") or ""
        scores.append(shingle_matching(gold, predicted))
        accuracies.append(float(tokenize(gold) == tokenize(predicted)))
    metrics = {**metrics_from_counts(scores), "accuracy": statistics.mean(accuracies)}
    metrics.update(_bootstrap_std(scores, accuracies, n_bootstrap))
    return {**metrics, "pages": len(scores), "failed": failed}


def tokenize(text: str) -> list[str]:
    """Split `text` into the benchmark's tokens: runs of word characters."""
    return _TOKEN.findall(text or "")


def shingle_matching(true: str, pred: str, n: int = SHINGLE_SIZE) -> TpFpFn:
    """Return one page's TP, FP and FN over n-token shingles, normalised to sum to 1.

    Args:
        true: The gold article body.
        pred: The extracted article body.
        n: Tokens per shingle; texts shorter than `n` tokens form one short shingle.

    Returns:
        `(tp, fp, fn)` divided by their sum, or `(0, 0, 0)` when both texts are empty.
    """
    gold, found = _shingles(true, n), _shingles(pred, n)
    tp = sum((gold & found).values())
    fp = sum((found - gold).values())
    fn = sum((gold - found).values())
    total = tp + fp + fn
    if not total:
        return (0.0, 0.0, 0.0)
    return (tp / total, fp / total, fn / total)


def metrics_from_counts(counts: Iterable[TpFpFn]) -> dict[str, float]:
    """Average per-page precision and recall as the benchmark does, and their F1.

    Args:
        counts: Per-page `(tp, fp, fn)` from `shingle_matching`.

    Returns:
        `precision`, `recall` and `f1` (0.0 where there is nothing to average).
    """
    counts = list(counts)
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    tokens = tokenize(text)
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def _bootstrap_std(
    counts: list[TpFpFn], accuracies: list[float], n_bootstrap: int
) -> dict[str, float]:
    if n_bootstrap < 2 or len(counts) < 2:
        return {}
    rng = random.Random(0)  # fixed seed: the same data always gives the same report
    samples: dict[str, list[float]] = {}
    for _ in range(n_bootstrap):
        picks = [rng.randrange(len(counts)) for _ in counts]
        resampled = metrics_from_counts(counts[i] for i in picks)
        resampled["accuracy"] = statistics.mean(accuracies[i] for i in picks)
        for name, value in resampled.items():
            samples.setdefault(name, []).append(value)
    return {f"{name}_std": statistics.stdev(values) for name, values in samples.items()}
