"""Throughput of `newstrace extract` against spaCy alone, on the same texts, in one run.

spaCy alone is the stock English pipeline's `nlp.pipe` over the raw texts; newstrace is
the whole extract job (ingest records → boilerplate → spaCy + our components → records →
JSON lines). Both run in this process, one after the other, each timed over the same
texts, best of `--repeats` rounds, so load time is excluded and machine noise is damped.

Usage: python benchmarks/throughput.py [--docs 400] [--repeats 2]
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

from newstrace.core import extract_articles
from newstrace.ingest import read_inputs
from newstrace.nlp.pipeline import load_pipeline, load_stock_model
from newstrace.records import InputArticle

DEMO = Path(__file__).resolve().parents[1] / "demo"


def demo_articles(count: int) -> list[InputArticle]:
    """`count` articles cycling over the demo corpus (its texts, read by our ingest)."""
    articles = [item for item in read_inputs([str(DEMO)]) if isinstance(item, InputArticle)]
    if not articles:
        raise SystemExit(f"no demo articles under {DEMO}: run `make demo` first")
    return list(itertools.islice(itertools.cycle(articles), count))


def time_spacy(nlp, texts: list[str], batch_size: int) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - start


def time_newstrace(nlp, articles: list[InputArticle], batch_size: int) -> float:
    start = time.perf_counter()
    for record in extract_articles(articles, nlp, batch_size=batch_size):
        json.dumps(record.to_dict(), ensure_ascii=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    articles = demo_articles(args.docs)
    texts = [a.text for a in articles]
    stock = load_stock_model()
    ours = load_pipeline()
    # warm both pipelines (lazy tables, caches) before timing
    time_spacy(stock, texts[:8], args.batch_size)
    time_newstrace(ours, articles[:8], args.batch_size)

    spacy_best = newstrace_best = float("inf")
    for _ in range(args.repeats):
        spacy_best = min(spacy_best, time_spacy(stock, texts, args.batch_size))
        newstrace_best = min(newstrace_best, time_newstrace(ours, articles, args.batch_size))

    n = len(texts)
    spacy_rate, ours_rate = n / spacy_best, n / newstrace_best
    chars = sum(len(t) for t in texts)
    print(f"texts: {n} demo articles ({chars:,} characters), best of {args.repeats} rounds")
    print(f"spaCy alone (nlp.pipe, {stock.meta['name']}): {spacy_rate:8.1f} docs/s")
    print(f"newstrace extract:                          {ours_rate:8.1f} docs/s")
    print(f"ratio newstrace / spaCy: {ours_rate / spacy_rate:.2f}")


if __name__ == "__main__":
    main()
