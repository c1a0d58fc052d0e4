"""Score story grouping on FA-KES and contested-claim detection on hand-written stories.

Stories: FA-KES labels each article with the date and the place of the event it
reports; two articles with the same date and place are taken to tell the same story
(a noisy gold: one busy day in Aleppo can hold two stories, and an outlet may date an
event a day late). Articles go through `StoryIndex` in date order; pairwise precision,
recall and F1 of "same story" are reported on the test half of the events (events are
split by a hash of date and place; the other half tuned the thresholds), with FA-KES's
event date given as the publication date, with the default window of a few days and
with a window of one day (the gold's own notion of an event).

Contested claims: `tests/data/trust/contested_claims.jsonl` holds short stories written
by hand, each with the contests a reader finds in it (a phrase of the claim and one of
the statement disputing it); a predicted contest matches a gold one when each side's
evidence holds its phrase; several found contests matching one gold contest (the same
denial read from a quote and from its event) count once. These are development
figures: the rules were written beside them.
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table
from spacy.language import Language

from ..core import extract_articles
from ..errors import EvalDataNotFound
from ..link.claims import contested_claims
from ..link.stories import WINDOW_DAYS, Encoder, StoryIndex, load_encoder
from ..records import Article, InputArticle, InputError
from .progress import progress as show_progress
from .trust_bench import _iso, default_corpus

REPO = Path(__file__).resolve().parents[3]
CLAIM_FIXTURES = REPO / "tests" / "data" / "trust" / "contested_claims.jsonl"


def _half(date: str, location: str) -> str:
    digest = hashlib.sha1(f"{date}\t{location}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "test"


def load_fakes(path: Path | None = None) -> list[tuple[InputArticle, tuple[str, str]]]:
    """FA-KES articles in date order, each with its gold event (date, place).

    Raises:
        EvalDataNotFound: the CSV is missing.
    """
    path = path or default_corpus()
    if not path.is_file():
        raise EvalDataNotFound(str(path), "the FA-KES CSV (fa-kes.csv, from ../shared)")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    items = []
    for row in rows:
        published = _iso(row["date"])
        items.append(
            (
                InputArticle(
                    source=f"fa-kes:{row['unit_id']}",
                    text=row["article_content"],
                    title=row["article_title"].strip() or None,
                    published=published,
                    published_source="given",
                ),
                (published, row["location"].strip().lower()),
            )
        )
    items.sort(key=lambda item: (item[0].published, item[0].source))
    return items


def _plain(item: InputArticle) -> Article:
    from ..core import article_id

    return Article(
        id=article_id(item.text),
        source=item.source,
        text=item.text,
        title=item.title,
        published=item.published,
        published_source=item.published_source,
    )


def pairwise(groups: dict[str, Any], gold: dict[str, Any], keep: Iterable[str]) -> dict:
    """Pairwise P/R/F1 of "same group" over the articles in `keep`."""
    kept = sorted(set(keep))
    by_pred: dict[Any, list[str]] = {}
    for article in kept:
        by_pred.setdefault(groups[article], []).append(article)
    tp = fp = 0
    for members in by_pred.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if gold[a] == gold[b]:
                    tp += 1
                else:
                    fp += 1
    sizes = Counter(gold[a] for a in kept)
    positives = sum(n * (n - 1) // 2 for n in sizes.values())
    fn = positives - tp
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / positives if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairs_gold": positives,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


class _Memo:
    """An encoder that encodes each text once, so both windows see the same vectors."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.name = encoder.name
        self.vectors: dict[str, Any] = {}

    def encode(self, texts):
        todo = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if todo:
            self.vectors.update(zip(todo, self.encoder.encode(todo), strict=True))
        rows = [self.vectors[t] for t in texts]
        return rows if isinstance(rows[0], dict) else np.vstack(rows)


def _same_place(groups: dict[str, str], gold: dict[str, tuple[str, str]]) -> float | None:
    """Share of the predicted same-story pairs whose FA-KES places agree, whatever the
    dates (a story told over several days counts as right here)."""
    members: dict[str, list[str]] = {}
    for article, story in groups.items():
        members.setdefault(story, []).append(article)
    agree = total = 0
    for group in members.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                total += 1
                agree += gold[a][1] == gold[b][1]
    return round(agree / total, 4) if total else None


def evaluate_stories(
    path: Path | None = None,
    *,
    nlp: Language | None = None,
    encoder: str = "auto",
    limit: int | None = None,
    show: bool = True,
    articles: list[Article] | None = None,
) -> dict[str, Any]:
    """Group FA-KES into stories and score pairs against its (date, place) events.

    Args:
        path: The FA-KES CSV (default ../shared/datasets/corpora/fa-kes.csv).
        nlp: The pipeline, for the entities stories share (without it: text only).
        encoder: "auto", "minilm" or "tfidf".
        limit: At most this many articles (the earliest).
        show: Progress bars on stderr.
        articles: Already extracted articles of the same inputs (skips the pipeline).

    Raises:
        EvalDataNotFound: the corpus is missing.
    """
    started = time.perf_counter()
    items = load_fakes(path)[:limit]
    if articles is None:
        if nlp is not None:
            results = extract_articles((item for item, _ in items), nlp)
            extracted = {
                r.source: r
                for r in show_progress(results, "NLP (entities)", show=show, total=len(items))
                if not isinstance(r, InputError)
            }
            articles = [extracted.get(item.source) or _plain(item) for item, _ in items]
        else:
            articles = [_plain(item) for item, _ in items]
    gold, half = {}, {}
    for article, (_, event) in zip(articles, items, strict=True):
        gold[article.id] = event
        half[article.id] = _half(*event)
    scores: dict[str, Any] = {"articles": len(articles), "entities": nlp is not None}
    memo = _Memo(load_encoder(encoder))
    for window in sorted({0, WINDOW_DAYS}):
        index = StoryIndex(memo, window_days=window)
        groups = {
            assignment.article_id: assignment.story_id
            for assignment in show_progress(
                index.add(articles), f"stories ({window} days)", show=show, total=len(articles)
            )
        }
        scores["encoder"] = index.encoder_name
        scores[f"window_{window}"] = {
            "stories": len(index),
            "same_place_pairs": _same_place(groups, gold),
            **{
                part: pairwise(groups, gold, (a for a in groups if half[a] == part))
                for part in ("tune", "test")
            },
        }
    gold_sizes = Counter(gold.values())
    scores["gold_events"] = len(gold_sizes)
    scores["gold_events_with_2plus"] = sum(1 for n in gold_sizes.values() if n > 1)
    scores["seconds"] = round(time.perf_counter() - started, 1)
    return scores


def load_claim_cases(path: Path = CLAIM_FIXTURES) -> list[dict[str, Any]]:
    """The hand-written contested-claim stories.

    Raises:
        EvalDataNotFound: the fixture file is missing.
    """
    if not path.is_file():
        raise EvalDataNotFound(str(path), "the contested-claim fixtures of tests/data/trust")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _matches(gold: dict[str, str], claim) -> bool:
    """A found contest is the gold one when each side's words hold the gold phrase (the
    speaker's name is the quote extractor's business, not this measure's)."""
    return (
        gold["claim"].casefold() in claim.claim.evidence.text.casefold()
        and gold["counter"].casefold() in claim.counter.evidence.text.casefold()
    )


def evaluate_claims(nlp: Language, path: Path = CLAIM_FIXTURES) -> dict[str, Any]:
    """Contested-claim precision and recall over the hand-written stories."""
    from ..core import extract_text

    tp = fp = fn = 0
    cases = []
    for case in load_claim_cases(path):
        articles = [
            extract_text(text, nlp, source=f"claims:{n}") for n, text in enumerate(case["articles"])
        ]
        found = contested_claims(articles)
        gold = case["contested"]
        hit = [any(_matches(pair, claim) for claim in found) for pair in gold]
        wrong = [c for c in found if not any(_matches(pair, c) for pair in gold)]
        tp += sum(hit)
        fn += len(hit) - sum(hit)
        fp += len(wrong)
        cases.append(
            {
                "case": case["case"],
                "gold": len(gold),
                "found": sum(hit),
                "wrong": [c.message for c in wrong],
                "missed": [pair for pair, h in zip(gold, hit, strict=True) if not h],
            }
        )
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "cases": len(cases),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "details": cases,
    }


def render_story_scores(scores: dict[str, Any], console: Console) -> None:
    """Print the story table and the contested-claim line."""
    stories = scores["stories"]
    console.print(
        f"Stories: {stories['articles']} FA-KES articles, {stories['gold_events']} gold events "
        f"({stories['gold_events_with_2plus']} with 2+ articles); encoder "
        f"{stories['encoder']}; entities {'from the pipeline' if stories['entities'] else 'none'}"
        f"; {stories['seconds']} s"
    )
    table = Table("window", "half", "stories", "P", "R", "F1", "gold pairs", "same place")
    for key, value in stories.items():
        if not key.startswith("window_"):
            continue
        for part in ("tune", "test"):
            s = value[part]
            table.add_row(
                f"{key.removeprefix('window_')} days",
                part,
                str(value["stories"]),
                f"{s['precision']:.3f}",
                f"{s['recall']:.3f}",
                f"{s['f1']:.3f}",
                str(s["pairs_gold"]),
                "-" if value["same_place_pairs"] is None else f"{value['same_place_pairs']:.3f}",
            )
    console.print(table)
    claims = scores.get("contested_claims")
    if claims is not None:
        console.print(
            f"Contested claims ({claims['cases']} hand-written stories, development figures): "
            f"P {claims['precision']:.3f} R {claims['recall']:.3f} "
            f"(tp {claims['tp']}, fp {claims['fp']}, fn {claims['fn']})"
        )
