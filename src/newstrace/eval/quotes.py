"""Score a quote extractor against brat attribution annotations, the GGT way.

The metrics follow the Gender Gap Tracker evaluation (Asr et al., "The Gender Gap
Tracker", PLOS ONE 16(1): e0245533, 2021; script `NLP/evaluation/src/eval/
evaluate_quotes.py` of github.com/sfu-discourse-lab/GenderGapTracker, commit fe82ba2),
reimplemented here:

- Overlap of a predicted quote with a gold quote is measured on characters and is
  asymmetric, with the gold quote as reference:
  `|chars(gold) & chars(pred)| / |chars(gold)|`, where `chars(x)` is the set of
  character offsets `x` covers (all its fragments, whitespace included; the gold
  `Content` and `Content2` fragments of one attribution form one quote). It is the
  share of the gold quote the prediction covers.
- Matching is one-to-one and greedy, as in GGT: gold quotes are taken in text order;
  each takes the still unmatched prediction with the highest overlap, provided the
  overlap is strictly greater than the threshold (ties go to the earlier prediction).
  Matched gold quotes are true positives, unmatched gold quotes false negatives and
  unmatched predictions false positives. Precision, recall and F1 are micro-averaged
  over all articles, at thresholds 0.3 and 0.8 (GGT's two).
- Speaker accuracy is the share of matched quotes whose speaker is right. With a gold
  `Source`, the prediction is right when its speaker is resolved (not None, resolution
  not "unresolved", a name given) and either its span shares at least one character
  with the gold source span (GGT's criterion) or the last word of its name (the
  surname; abbreviations such as "Jr." skipped) is one of the words of the gold
  source text, case-insensitive. The name test credits a speaker resolved by
  coreference to a mention elsewhere ("he" -> "Hillary Clinton" for gold "Clinton").
  Without a gold `Source`, the prediction is right when its speaker is None or
  unresolved (GGT's floating-quote case). `speaker_span_accuracy` reports the span
  criterion alone. Both are reported at every threshold; GGT's headline is at 0.3.
- Cue accuracy is the share of matched quotes with a gold `Cue` whose predicted cue
  shares at least one character with it. GGT compares lower-cased verb strings
  instead; PolNeAR cues are phrases ("has learned", "according to"), so position is
  the fairer test.

Gold attributions without `Content` are skipped (and counted).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..records import Quote, Span, Speaker
from .brat import Alignment, GoldArticle, GoldAttribution, brat_files, read_article
from .progress import progress as show_progress

if TYPE_CHECKING:
    from spacy.language import Language

THRESHOLDS = (0.3, 0.8)
_QUOTE_MARKS = '"“”«»„'
_WORD = re.compile(r"\w+")
_NAME_WORD = re.compile(r"[\w'’-]+\.?")

Extractor = Callable[[str], Sequence[Quote]]


def polnear_split_dir(split: str) -> Path:
    """The PolNeAR split folder `../shared/datasets/polnear/<split>` beside the repo.

    Args:
        split (str): "train" or "dev".

    Returns:
        Path: the folder (not checked; `evaluate_quotes` raises if it is missing).
    """
    repo = Path(__file__).resolve().parents[3]
    return repo.parent / "shared" / "datasets" / "polnear" / split


def pipeline_extractor(nlp: Language) -> Extractor:
    """An `Extractor` running the whole newstrace pipeline `nlp` on each text.

    Args:
        nlp (Language): the loaded pipeline, e.g. `newstrace.nlp.pipeline.load_pipeline()`.

    Returns:
        Extractor: `text -> extract_text(text, nlp).quotes`.
    """
    from ..core import extract_text

    return lambda text: extract_text(text, nlp, source="<eval>").quotes


@dataclass(frozen=True, kw_only=True, slots=True)
class ThresholdScores:
    """Counts and scores at one overlap threshold."""

    threshold: float
    true_positive: int
    false_positive: int
    false_negative: int
    speaker_correct: int
    speaker_span_correct: int
    cue_correct: int
    cue_total: int
    gold_kind_matched: dict[str, int] = field(default_factory=dict)
    pred_kind_matched: dict[str, int] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return _ratio(self.true_positive, self.true_positive + self.false_positive)

    @property
    def recall(self) -> float:
        return _ratio(self.true_positive, self.true_positive + self.false_negative)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return _ratio(self.speaker_correct, self.true_positive)

    @property
    def speaker_span_accuracy(self) -> float:
        return _ratio(self.speaker_span_correct, self.true_positive)

    @property
    def cue_accuracy(self) -> float:
        return _ratio(self.cue_correct, self.cue_total)

    def to_dict(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "speaker_span_accuracy": round(self.speaker_span_accuracy, 4),
            "cue_accuracy": round(self.cue_accuracy, 4),
            "true_positive": self.true_positive,
            "false_positive": self.false_positive,
            "false_negative": self.false_negative,
            "speaker_correct": self.speaker_correct,
            "speaker_span_correct": self.speaker_span_correct,
            "cue_correct": self.cue_correct,
            "cue_total": self.cue_total,
            "gold_kind_matched": dict(sorted(self.gold_kind_matched.items())),
            "pred_kind_matched": dict(sorted(self.pred_kind_matched.items())),
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class QuoteScores:
    """The result of `evaluate_quotes`: corpus counts and one `ThresholdScores` each."""

    folder: str
    articles: int
    gold: int
    gold_without_content: int
    gold_without_source: int
    predicted: int
    gold_kinds: dict[str, int]
    pred_kinds: dict[str, int]
    alignment: Alignment
    thresholds: tuple[ThresholdScores, ...]

    def at(self, threshold: float) -> ThresholdScores:
        """The scores at `threshold` (one of those evaluated)."""
        for scores in self.thresholds:
            if scores.threshold == threshold:
                return scores
        have = ", ".join(str(scores.threshold) for scores in self.thresholds)
        raise KeyError(f"threshold {threshold} was not evaluated; evaluated: {have}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "folder": self.folder,
            "articles": self.articles,
            "gold": self.gold,
            "gold_without_content": self.gold_without_content,
            "gold_without_source": self.gold_without_source,
            "predicted": self.predicted,
            "gold_kinds": dict(sorted(self.gold_kinds.items())),
            "pred_kinds": dict(sorted(self.pred_kinds.items())),
            "alignment": self.alignment.to_dict(),
            "thresholds": [scores.to_dict() for scores in self.thresholds],
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class Match:
    """A gold quote, the prediction matched to it and how well their parts agree."""

    gold: GoldAttribution
    pred: Quote
    overlap: float
    speaker_correct: bool
    speaker_span_correct: bool
    cue_correct: bool | None


@dataclass(frozen=True, kw_only=True, slots=True)
class Comparison:
    """The one-to-one alignment of one article's gold quotes and predictions."""

    matches: tuple[Match, ...]
    false_negatives: tuple[GoldAttribution, ...]
    false_positives: tuple[Quote, ...]


def evaluate_quotes(
    brat_dir: Path,
    extract: Extractor,
    progress: bool = True,
    *,
    limit: int | None = None,
    thresholds: Sequence[float] = THRESHOLDS,
    errors_path: Path | None = None,
) -> QuoteScores:
    """Run `extract` on every article of `brat_dir` and score its quotes.

    Args:
        brat_dir (Path): a brat folder (see `newstrace.eval.brat`), e.g.
            `polnear_split_dir("dev")`.
        extract (Callable[[str], Sequence[Quote]]): the quotes of one article text, with
            offsets into that text.
        progress (bool): show a progress bar on stderr.
        limit (int | None): score only the first `limit` articles (by name).
        thresholds (Sequence[float]): overlap thresholds to report.
        errors_path (Path | None): write one JSON line per article with its false
            negatives, false positives and wrong speakers at the lowest threshold.

    Returns:
        QuoteScores: counts, P/R/F1, speaker and cue accuracy per threshold.

    Raises:
        EvalDataNotFound: `brat_dir` is missing or holds no annotated article.
    """
    brat_dir = Path(brat_dir)
    files = brat_files(brat_dir)[:limit]
    gold_total = no_content = no_source = predicted = 0
    gold_kinds: Counter[str] = Counter()
    pred_kinds: Counter[str] = Counter()
    alignment = Alignment()
    tallies = {threshold: _Tally() for threshold in thresholds}
    report_at = min(thresholds)
    with ExitStack() as stack:
        errors_out = None
        if errors_path:
            errors_out = stack.enter_context(Path(errors_path).open("w", encoding="utf-8"))
        for name, annotator, text_path, ann_path in show_progress(
            files, "scoring quotes", show=progress, transient=False
        ):
            article = read_article(name, text_path, ann_path, annotator=annotator)
            alignment.add(article.alignment)
            gold = [a for a in article.attributions if a.content]
            no_content += len(article.attributions) - len(gold)
            no_source += sum(1 for a in gold if not a.source)
            preds = list(extract(article.text))
            gold_total += len(gold)
            predicted += len(preds)
            gold_kinds.update(gold_kind(a) for a in gold)
            pred_kinds.update(q.kind for q in preds)
            for threshold, tally in tallies.items():
                comparison = compare_quotes(gold, preds, threshold)
                tally.add(comparison)
                if errors_out and threshold == report_at:
                    record = error_record(article, comparison, threshold)
                    errors_out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return QuoteScores(
        folder=str(brat_dir),
        articles=len(files),
        gold=gold_total,
        gold_without_content=no_content,
        gold_without_source=no_source,
        predicted=predicted,
        gold_kinds=dict(gold_kinds),
        pred_kinds=dict(pred_kinds),
        alignment=alignment,
        thresholds=tuple(tally.scores(threshold) for threshold, tally in tallies.items()),
    )


def compare_quotes(
    gold: Sequence[GoldAttribution], preds: Sequence[Quote], threshold: float
) -> Comparison:
    """Match one article's gold quotes and predictions one-to-one (greedy, as GGT).

    Args:
        gold (Sequence[GoldAttribution]): gold attributions with content.
        preds (Sequence[Quote]): predicted quotes of the same text.
        threshold (float): a pair matches when `overlap(gold, pred) > threshold`.

    Returns:
        Comparison: matches with their speaker/cue verdicts, false negatives, false
        positives.
    """
    remaining = sorted(preds, key=lambda q: (q.content.start, q.content.end))
    remaining_chars = [_chars([q.content]) for q in remaining]
    matches, misses = [], []
    for g in sorted(gold, key=lambda a: (a.content[0].start, a.content[0].end)):
        gold_chars = _chars(g.content)
        best, best_score = None, threshold
        for index, pred_chars in enumerate(remaining_chars):
            score = len(gold_chars & pred_chars) / len(gold_chars) if gold_chars else 0.0
            if score > best_score:
                best, best_score = index, score
        if best is None:
            misses.append(g)
            continue
        pred = remaining.pop(best)
        remaining_chars.pop(best)
        span_ok, name_ok = _speaker_verdicts(g, pred)
        matches.append(
            Match(
                gold=g,
                pred=pred,
                overlap=best_score,
                speaker_correct=span_ok or name_ok,
                speaker_span_correct=span_ok,
                cue_correct=_cue_verdict(g, pred),
            )
        )
    return Comparison(
        matches=tuple(matches), false_negatives=tuple(misses), false_positives=tuple(remaining)
    )


def overlap(gold: Iterable[Span], pred: Iterable[Span]) -> float:
    """Share of the gold characters the prediction covers (0.0 for an empty gold)."""
    gold_chars = _chars(gold)
    if not gold_chars:
        return 0.0
    return len(gold_chars & _chars(pred)) / len(gold_chars)


def gold_kind(attribution: GoldAttribution) -> str:
    """Guess the kind of a gold quote from its quotation marks (PolNeAR has no kinds).

    "direct" when the content starts and ends with a quotation mark (trailing
    punctuation aside), "mixed" when it holds one elsewhere, "indirect" otherwise.
    """
    text = attribution.content_text.strip()
    if not any(mark in text for mark in _QUOTE_MARKS):
        return "indirect"
    tail = text.rstrip(".,;:!? ")
    if text[:1] in _QUOTE_MARKS and tail[-1:] in _QUOTE_MARKS:
        return "direct"
    return "mixed"


def error_record(article: GoldArticle, comparison: Comparison, threshold: float) -> dict:
    """The errors of one article as a JSON-ready dict, for error analysis."""
    return {
        "article": article.name,
        "annotator": article.annotator,
        "threshold": threshold,
        "false_negatives": [_gold_dict(g) for g in comparison.false_negatives],
        "false_positives": [q.to_dict() for q in comparison.false_positives],
        "speaker_errors": [
            {"gold": _gold_dict(m.gold), "pred": m.pred.to_dict(), "overlap": round(m.overlap, 3)}
            for m in comparison.matches
            if not m.speaker_correct
        ],
    }


def _gold_dict(gold: GoldAttribution) -> dict:
    return {
        "id": gold.id,
        "kind": gold_kind(gold),
        "content": gold.content_text,
        "start": gold.content[0].start,
        "cue": " ".join(span.text for span in gold.cue) or None,
        "source": gold.source_text or None,
    }


def _speaker_verdicts(gold: GoldAttribution, pred: Quote) -> tuple[bool, bool]:
    """(span criterion, name criterion) for the speaker of a matched pair."""
    speaker = pred.speaker
    unresolved = speaker is None or speaker.resolution == "unresolved" or not speaker.name
    if not gold.source:
        return unresolved, unresolved
    if unresolved:
        return False, False
    span_ok = bool(_chars(gold.source) & _chars([speaker]))
    surname = _surname(speaker.name)
    name_ok = surname is not None and surname in _words(gold.source_text)
    return span_ok, name_ok


def _cue_verdict(gold: GoldAttribution, pred: Quote) -> bool | None:
    if not gold.cue:
        return None
    return pred.cue is not None and bool(_chars(gold.cue) & _chars([pred.cue]))


def _surname(name: str | None) -> str | None:
    """The last word of `name` that is not an abbreviation ("Jr.", "Mr."), lower-cased."""
    for word in reversed(_NAME_WORD.findall(name or "")):
        parts = _WORD.findall(word)
        if not word.endswith(".") and parts and len(parts[-1]) > 1:
            return parts[-1].lower()
    return None


def _words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(text)}


def _chars(spans: Iterable[Span | Speaker]) -> set[int]:
    chars: set[int] = set()
    for span in spans:
        chars.update(range(span.start, span.end))
    return chars


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass(kw_only=True, slots=True)
class _Tally:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    speaker_correct: int = 0
    speaker_span_correct: int = 0
    cue_correct: int = 0
    cue_total: int = 0
    gold_kind_matched: Counter = field(default_factory=Counter)
    pred_kind_matched: Counter = field(default_factory=Counter)

    def add(self, comparison: Comparison) -> None:
        self.true_positive += len(comparison.matches)
        self.false_positive += len(comparison.false_positives)
        self.false_negative += len(comparison.false_negatives)
        for match in comparison.matches:
            self.speaker_correct += match.speaker_correct
            self.speaker_span_correct += match.speaker_span_correct
            if match.cue_correct is not None:
                self.cue_total += 1
                self.cue_correct += match.cue_correct
            self.gold_kind_matched[gold_kind(match.gold)] += 1
            self.pred_kind_matched[match.pred.kind] += 1

    def scores(self, threshold: float) -> ThresholdScores:
        return ThresholdScores(
            threshold=threshold,
            true_positive=self.true_positive,
            false_positive=self.false_positive,
            false_negative=self.false_negative,
            speaker_correct=self.speaker_correct,
            speaker_span_correct=self.speaker_span_correct,
            cue_correct=self.cue_correct,
            cue_total=self.cue_total,
            gold_kind_matched=dict(self.gold_kind_matched),
            pred_kind_matched=dict(self.pred_kind_matched),
        )
