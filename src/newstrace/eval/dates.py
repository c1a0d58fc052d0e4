"""Score the date resolver against TimeML gold TIMEX3s, the TempEval-3 way.

Measures (UzZaman et al., "SemEval-2013 Task 1: TempEval-3", task A):

- Extraction, strict: a prediction matches a gold TIMEX3 with the same offsets.
- Extraction, relaxed: a prediction matches a gold TIMEX3 it overlaps. Matching is
  one-to-one, gold in text order, each taking the first unmatched overlapping
  prediction. P = matches / predictions, R = matches / gold, F1 their harmonic mean.
- Value accuracy: among relaxed matches, the share whose value equals the gold value.
- Value F1: TempEval-3's attribute F1, correctly valued relaxed matches counted
  against all predictions (P) and all gold TIMEX3s (R).

Each document is parsed with the newstrace pipeline and resolved with its DCT (the
CREATION_TIME TIMEX3) as the given anchor; the DCT itself is not a gold expression.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..records import DateRef
from .progress import progress as show_progress
from .timeml import Timex, read_tml, tml_files


def default_timeml_dir() -> Path:
    """The folder `../shared/datasets/timeml/TBAQ-cleaned` beside the repo (not checked)."""
    repo = Path(__file__).resolve().parents[3]
    return repo.parent / "shared" / "datasets" / "timeml" / "TBAQ-cleaned"


def score_document(gold: Sequence[Timex], predicted: Sequence[DateRef]) -> Counter[str]:
    """Count strict, relaxed and value matches of one document's predictions.

    Args:
        gold (Sequence[Timex]): the gold TIMEX3s (DCT excluded).
        predicted (Sequence[DateRef]): the resolver's expressions.

    Returns:
        Counter[str]: `gold`, `predicted`, `strict`, `relaxed`, `value` (correctly
        valued relaxed matches) and `strict_value`.
    """
    counts: Counter[str] = Counter(gold=len(gold), predicted=len(predicted))
    strict_pairs = {(p.start, p.end) for p in predicted}
    counts["strict"] = sum(1 for g in gold if (g.start, g.end) in strict_pairs)
    used: set[int] = set()
    for item in gold:
        for index, pred in enumerate(predicted):
            if index in used or pred.end <= item.start or item.end <= pred.start:
                continue
            used.add(index)
            counts["relaxed"] += 1
            if pred.value is not None and pred.value == item.value:
                counts["value"] += 1
                if (pred.start, pred.end) == (item.start, item.end):
                    counts["strict_value"] += 1
            break
    return counts


def metrics(counts: Counter[str]) -> dict[str, Any]:
    """Precision, recall, F1 and value scores from summed `score_document` counts."""

    def prf(hits: int) -> tuple[float, float, float]:
        p = hits / counts["predicted"] if counts["predicted"] else 0.0
        r = hits / counts["gold"] if counts["gold"] else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    result: dict[str, Any] = {}
    for name in ("strict", "relaxed", "value"):
        p, r, f = prf(counts[name])
        result |= {f"{name}_precision": p, f"{name}_recall": r, f"{name}_f1": f}
    result["value_accuracy"] = counts["value"] / counts["relaxed"] if counts["relaxed"] else 0.0
    result |= {
        f"n_{key}": counts[key] for key in ("gold", "predicted", "strict", "relaxed", "value")
    }
    return result


def evaluate_dates(timeml_dir: Path, progress: bool = True, nlp=None) -> dict[str, Any]:
    """Run the newstrace pipeline and date resolver over a TimeML folder and score it.

    Args:
        timeml_dir (Path): a folder of `.tml` files (searched recursively), e.g.
            `default_timeml_dir()`.
        progress (bool): show a progress bar on stderr.
        nlp: a loaded newstrace pipeline; loaded with `load_pipeline()` when None.

    Returns:
        dict: strict/relaxed/value precision, recall and F1, `value_accuracy`, the
        counts (`n_gold`, `n_predicted`, ...), `documents` and `ms_per_doc` (the
        resolver's own time per document, parsing excluded).

    Raises:
        EvalDataNotFound: the folder is missing or holds no `.tml` file.
    """
    from ..extract.dates import resolve_dates

    files = tml_files(Path(timeml_dir))
    if nlp is None:
        from ..nlp.pipeline import load_pipeline

        nlp = load_pipeline()
    docs = [read_tml(path) for path in files]
    counts: Counter[str] = Counter()
    resolve_seconds = 0.0
    texts = ((doc.text, doc) for doc in docs)
    parsed = nlp.pipe(texts, as_tuples=True, batch_size=16)
    for parsed_doc, gold in show_progress(
        parsed, "resolving dates…", show=progress, total=len(docs)
    ):
        started = time.perf_counter()
        predicted = resolve_dates(parsed_doc, gold.dct, "given")
        resolve_seconds += time.perf_counter() - started
        counts += score_document(gold.timexes, predicted)
    result = metrics(counts)
    result["documents"] = len(docs)
    result["ms_per_doc"] = 1000 * resolve_seconds / len(docs) if docs else 0.0
    return result
