"""Throughput of newstrace's engines against spaCy alone, on the same real texts, in one run.

Texts: `--limit` articles (2,000 by default) of FA-KES, PolNeAR and LGL, taken in turn
(benchmarks/corpus.py). Printed, in docs/s:

1. spaCy alone: the stock English model's `nlp.pipe` over the raw texts, with
   `n_process` = `--processes` (its worker start-up is inside its time: spaCy gives no
   way to start them apart);
2. the newstrace local engine with `--processes` workers (the whole extract job:
   boilerplate, spaCy + our components, every record; workers started and warmed
   before the clock starts) and its ratio to (1) (target >= 0.75);
3. the local engine with one process, and the ratio of (2) to it (target >= 1.7 on 2
   cores);
4. the Ray engine with `--processes` actors over JSONL shards of the same texts, and
   its ratio to (2) (target >= 0.85). Ray starts its actors inside the pipeline, so its
   rate is taken from its first result to its last, over the articles after the first.

First, in this process, the CPU seconds spaCy alone and the whole extract job spend on
the same texts (`time.process_time`, best of `--rounds`): docs per CPU second of each
and their ratio. Both run on one thread, so this is the single-process throughput
ratio of an idle machine, and other processes' load barely moves it, unlike the
wall-clock figures that follow.

Usage: python benchmarks/throughput.py [--limit 2000] [--processes 2] [--no-ray]
The machine's other load moves these figures: run on an idle machine to quote them.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import real_articles  # noqa: E402
from newstrace.engine import pipeline_loader  # noqa: E402
from newstrace.engine.local import LocalEngine  # noqa: E402
from newstrace.nlp.pipeline import load_stock_model  # noqa: E402
from newstrace.records import InputArticle  # noqa: E402


def time_spacy(texts: list[str], processes: int, batch_size: int) -> float:
    stock = load_stock_model()
    stock.pipe(texts[:4])  # lazy tables
    start = time.perf_counter()
    for _ in stock.pipe(texts, batch_size=batch_size, n_process=processes):
        pass
    return time.perf_counter() - start


def cpu_rates(articles: list[InputArticle], batch_size: int, rounds: int) -> tuple[float, float]:
    """Docs per CPU second of spaCy alone and of the extract job, in this process."""
    from newstrace.core import extract_articles
    from newstrace.nlp.pipeline import load_pipeline

    texts = [a.text for a in articles]
    stock, ours = load_stock_model(), load_pipeline()
    list(stock.pipe(texts[:4]))
    list(extract_articles(articles[:4], ours))  # lazy tables and gazetteers
    best_spacy = best_ours = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in stock.pipe(texts, batch_size=batch_size):
            pass
        best_spacy = min(best_spacy, time.process_time() - start)
        start = time.process_time()
        for record in extract_articles(articles, ours, batch_size=batch_size):
            json.dumps(record.to_dict(), ensure_ascii=False)
        best_ours = min(best_ours, time.process_time() - start)
    return len(texts) / best_spacy, len(texts) / best_ours


def time_local(articles: list[InputArticle], processes: int, batch_size: int) -> float:
    with LocalEngine(processes, load_nlp=pipeline_loader(), batch_size=batch_size) as engine:
        warm = articles[: processes * batch_size]  # starts the workers, loads their pipelines
        for _ in engine.run(warm):
            pass
        start = time.perf_counter()
        for record in engine.run(articles):
            json.dumps(record.to_dict(), ensure_ascii=False)
        return time.perf_counter() - start


def rate_ray(articles: list[InputArticle], processes: int, batch_size: int) -> float:
    """Ray docs/s from its first result to its last (actor start-up left out)."""
    import ray

    from newstrace.engine.ray import RayEngine

    with tempfile.TemporaryDirectory() as folder:
        # one shard per batch, so results stream back a batch at a time, as they would
        # from a large sharded corpus (one big file would come back as one block)
        for start in range(0, len(articles), batch_size):
            with (Path(folder) / f"shard-{start:06d}.jsonl").open("w", encoding="utf-8") as out:
                for article in articles[start : start + batch_size]:
                    row = {"text": article.text, "source": article.source}
                    out.write(json.dumps(row) + "\n")
        ray.init(num_cpus=processes, include_dashboard=False, log_to_driver=False)
        try:
            engine = RayEngine(processes, batch_size=batch_size, ordered=False)
            first = None
            done = 0
            for record in engine.run_paths([folder]):
                json.dumps(record.to_dict(), ensure_ascii=False)
                done += 1
                if first is None:
                    first, first_done = time.perf_counter(), done
            # results arrive a block at a time: count what came after the first block
            last = time.perf_counter()
        finally:
            ray.shutdown()
    return (done - first_done) / (last - first) if last > first else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=2000, help="Articles (default 2,000).")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--no-ray", action="store_true", help="Skip the Ray engine.")
    parser.add_argument("--cpu-only", action="store_true", help="Only the CPU-time ratio.")
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="CPU-time rounds (best kept); 0 skips the CPU-time comparison.",
    )
    args = parser.parse_args()

    articles = real_articles(args.limit)
    texts = [a.text for a in articles]
    n, procs, batch = len(articles), args.processes, args.batch_size
    print(
        f"texts: {n} articles of FA-KES, PolNeAR, LGL ({sum(map(len, texts)):,} characters); "
        f"{procs} process(es), batch {batch}",
        flush=True,
    )
    if args.rounds > 0:
        cpu_spacy, cpu_ours = cpu_rates(articles, batch, args.rounds)
        print(f"CPU time, one process: spaCy alone {cpu_spacy:6.2f} docs/CPU-s, ", end="")
        print(f"newstrace extract {cpu_ours:6.2f} docs/CPU-s, ratio {cpu_ours / cpu_spacy:.2f}")
    if args.cpu_only:
        return
    spacy_rate = n / time_spacy(texts, procs, batch)
    print(f"spaCy alone (nlp.pipe, n_process={procs}):   {spacy_rate:8.2f} docs/s", flush=True)
    local_rate = n / time_local(articles, procs, batch)
    print(f"newstrace local engine, {procs} processes:     {local_rate:8.2f} docs/s", flush=True)
    print(f"  ratio local / spaCy alone: {local_rate / spacy_rate:.2f} (target >= 0.75)")
    one_rate = n / time_local(articles, 1, batch)
    print(f"newstrace local engine, 1 process:       {one_rate:8.2f} docs/s", flush=True)
    print(f"  ratio {procs} processes / 1: {local_rate / one_rate:.2f} (target >= 1.7 on 2 cores)")
    if not args.no_ray:
        ray_rate = rate_ray(articles, procs, batch)
        print(f"newstrace Ray engine, {procs} actors:           {ray_rate:8.2f} docs/s")
        print(f"  ratio Ray / local: {ray_rate / local_rate:.2f} (target >= 0.85)")


if __name__ == "__main__":
    main()
