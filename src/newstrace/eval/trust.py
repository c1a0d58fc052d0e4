"""Score the corpus trust pass on the seeded FA-KES benchmark (`trust_bench.py`).

Every benchmark article goes through `link.corpus.corpus_findings` in order (originals
first, then stitched, syndicated, spun and misattributed copies, shuffled), plus the
no-source spin lexicon with the benchmark's held-out pairs taken out of it. An article
is predicted to have a finding kind when the pass gives it at least one finding of that
kind; scores are precision, recall and F1 per kind over articles. Quotes and speakers
come from the NLP pipeline, which runs only on the misattribution part (originals with
a quoted person, their misattributed copies and faithful copies of half of them);
without a pipeline that part is skipped and `attribution_conflict` is not scored.

The pass is run a second time over the same articles in a seeded shuffled order
(`trust_bench.shuffled_order`: copies often before their originals, stitched articles
before their sources), scored the same way: the `shuffled` figures say whether the
findings depend on the order articles arrive in.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from spacy.language import Language

from ..core import extract_articles
from ..link.corpus import corpus_findings
from ..link.spin import find_spun_phrases, spin_pairs
from ..records import Article, InputError
from .progress import progress as show_progress
from .trust_bench import SPIN_RATES, BenchItem, Benchmark, build_benchmark, shuffled_order, swaps

KINDS = ("stitched", "duplicate", "spun_phrase", "attribution_conflict")
TARGETS = {
    "stitched": "F1 >= 0.90",
    "duplicate": "F1 >= 0.95",
    "spun_phrase": "F1 >= 0.90",
    "attribution_conflict": "R >= 0.80 at P >= 0.90",
}


def detector_pairs():
    """The spin lexicon without any entry the benchmark holds out."""
    held = {s.replacement.casefold() for s in swaps() if s.held_out}
    return tuple(pair for pair in spin_pairs() if pair.spun.casefold() not in held)


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def _extract(bench: Benchmark, nlp: Language, show: bool) -> dict[str, Article]:
    wanted = [item for item in bench.items if item.needs_nlp]
    results = extract_articles((item.input() for item in wanted), nlp)
    extracted = {}
    for result in show_progress(results, "NLP (misattribution part)", show=show, total=len(wanted)):
        if not isinstance(result, InputError):
            extracted[result.id] = result
    return extracted


def _trust_pass(
    items: list[BenchItem], extracted: dict[str, Article], label: str, show: bool
) -> tuple[dict[str, set[str]], dict[str, dict[str, str]]]:
    """Run the pass over `items` in their order: the finding kinds each article ends
    with (its own and those owed to it later), and their messages."""
    stream = [extracted.get(item.id) or item.article() for item in items]
    predicted: dict[str, set[str]] = {item.id: set() for item in items}
    messages: dict[str, dict[str, str]] = {}
    results = corpus_findings(stream)
    for result in show_progress(results, label, show=show, total=len(stream)):
        predicted.setdefault(result.article_id, set()).update(f.kind for f in result.findings)
        said = messages.setdefault(result.article_id, {})
        for finding in result.findings:
            said.setdefault(finding.kind, finding.message)
    return predicted, messages


def _counts(
    items: list[BenchItem],
    predicted: dict[str, set[str]],
    kinds: list[str],
    messages: dict[str, dict[str, str]],
    on_miss: Callable[[dict[str, Any]], None] | None,
) -> dict[str, Counter]:
    """tp/fp/fn/tn per kind over articles; each wrong article told to `on_miss`."""
    counts = {kind: Counter() for kind in kinds}
    for item in items:
        got = predicted.get(item.id, set())
        wrong = []
        for kind in kinds:
            truth, guess = kind in item.gold, kind in got
            counts[kind][
                "tp" if truth and guess else "fp" if guess else "fn" if truth else "tn"
            ] += 1
            if truth != guess:
                wrong.append(kind)
        if wrong and on_miss is not None:
            on_miss(
                {
                    "id": item.id,
                    "role": item.role,
                    "rate": item.rate,
                    "gold": sorted(item.gold),
                    "predicted": sorted(got),
                    "wrong": wrong,
                    "sources": list(item.sources),
                    "messages": messages.get(item.id, {}),
                    "text": item.text[:400],
                }
            )
    return counts


def evaluate_trust(
    path: Path | None = None,
    *,
    seed: int = 13,
    limit: int | None = None,
    nlp: Language | None = None,
    show: bool = True,
    on_miss: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Build the benchmark, run the trust pass over it and score it.

    Args:
        path: The FA-KES CSV (default ../shared/datasets/corpora/fa-kes.csv).
        seed: Benchmark seed.
        limit: At most this many FA-KES articles (derived counts shrink with it).
        nlp: The newstrace pipeline, for the misattribution part (skipped if None).
        show: Show progress bars on stderr.
        on_miss: Called with a record of each wrong article (for --errors).

    Raises:
        EvalDataNotFound: the corpus is missing.
    """
    started = time.perf_counter()
    bench = build_benchmark(path, seed=seed, limit=limit)
    items = bench.items if nlp is not None else [i for i in bench.items if not i.needs_nlp]
    extracted = _extract(bench, nlp, show) if nlp is not None else {}
    predicted, messages = _trust_pass(items, extracted, "trust pass", show)
    aligned_spun = {item_id for item_id, got in predicted.items() if "spun_phrase" in got}
    pairs = detector_pairs()
    lexicon_spun = {item.id for item in items if find_spun_phrases(item.text, pairs=pairs)}
    for item_id in lexicon_spun:
        predicted.setdefault(item_id, set()).add("spun_phrase")

    kinds = [k for k in KINDS if nlp is not None or k != "attribution_conflict"]
    counts = _counts(items, predicted, kinds, messages, on_miss)

    shuffled_started = time.perf_counter()
    keep = {item.id for item in items}
    order = [item for item in shuffled_order(bench, seed) if item.id in keep]
    in_order, _ = _trust_pass(order, extracted, "trust pass, shuffled order", show)
    for item_id in lexicon_spun:
        in_order.setdefault(item_id, set()).add("spun_phrase")
    shuffled_counts = _counts(order, in_order, kinds, {}, None)
    shuffled_seconds = time.perf_counter() - shuffled_started

    spun = [item for item in items if item.role == "spun"]
    by_rate = {}
    for rate in SPIN_RATES:
        at = [item for item in spun if item.rate == rate]
        by_rate[f"{rate:.2f}"] = {
            "articles": len(at),
            "recall": _share(
                sum(i.id in predicted and "spun_phrase" in predicted[i.id] for i in at), len(at)
            ),
            "recall_aligned": _share(sum(i.id in aligned_spun for i in at), len(at)),
            "recall_held_out_only": _share(
                sum(i.id in aligned_spun for i in at if i.held_out_only),
                sum(1 for i in at if i.held_out_only),
            ),
            "recall_lexicon_only": _share(sum(i.id in lexicon_spun for i in at), len(at)),
            "duplicate_recall": _share(
                sum("duplicate" in predicted.get(i.id, ()) for i in at), len(at)
            ),
        }
    negatives = [item for item in items if "spun_phrase" not in item.gold]
    return {
        "seed": seed,
        "pool": bench.pool,
        "articles": len(items),
        "roles": dict(Counter(item.role for item in items)),
        "misattribution_part": "run" if nlp is not None else "skipped (no pipeline)",
        "kinds": {kind: _prf(c["tp"], c["fp"], c["fn"]) for kind, c in counts.items()},
        "shuffled": {
            "order": f"seeded shuffle (shuffled:{seed})",
            "kinds": {kind: _prf(c["tp"], c["fp"], c["fn"]) for kind, c in shuffled_counts.items()},
            "seconds": round(shuffled_seconds, 1),
        },
        "spun_by_rate": by_rate,
        "lexicon_false_positive_articles": sum(i.id in lexicon_spun for i in negatives),
        "lexicon_entries_held_out": len(spin_pairs()) - len(pairs),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _score_cells(kind: str, s: dict) -> list[str]:
    """A finding kind's row of a score table: P, R, F1 and the counts."""
    return [kind, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}"] + [
        str(s[count]) for count in ("tp", "fp", "fn")
    ]


def render_trust_scores(scores: dict[str, Any], console: Console) -> None:
    """Print the per-kind table and the spin-rate table."""
    roles = ", ".join(f"{n} {role}" for role, n in sorted(scores["roles"].items()))
    console.print(
        f"Trust benchmark: seed {scores['seed']}, {scores['articles']} articles ({roles}) "
        f"from {scores['pool']} FA-KES articles; misattribution part "
        f"{scores['misattribution_part']}; {scores['seconds']} s"
    )
    table = Table("finding", "P", "R", "F1", "tp", "fp", "fn", "target")
    for kind, s in scores["kinds"].items():
        table.add_row(*_score_cells(kind, s), TARGETS[kind])
    console.print(table)
    shuffled = scores.get("shuffled")
    if shuffled:
        console.print(
            f"The same articles in a {shuffled['order']} order (copies before their "
            f"originals, stitches before their sources); {shuffled['seconds']} s"
        )
        again = Table("finding", "P", "R", "F1", "tp", "fp", "fn")
        for kind, s in shuffled["kinds"].items():
            again.add_row(*_score_cells(kind, s))
        console.print(again)
    rates = Table(
        "spin rate",
        "articles",
        "R (any)",
        "R aligned",
        "R held-out only",
        "R lexicon only",
        "R duplicate",
    )
    for rate, s in scores["spun_by_rate"].items():
        rates.add_row(
            rate,
            str(s["articles"]),
            *(
                "-" if s[key] is None else f"{s[key]:.3f}"
                for key in (
                    "recall",
                    "recall_aligned",
                    "recall_held_out_only",
                    "recall_lexicon_only",
                    "duplicate_recall",
                )
            ),
        )
    console.print(rates)
    console.print(
        f"no-source lexicon: {scores['lexicon_false_positive_articles']} article(s) flagged "
        f"without spin; {scores['lexicon_entries_held_out']} lexicon entr(ies) held out"
    )
