"""The store layer alone: ingest rate and query latency at 10,000+ articles.

Real articles (FA-KES, PolNeAR and LGL, taken in turn: benchmarks/corpus.py) are
extracted once (`--base` of them; the result is cached in out/bench-store-base.jsonl so
a rerun skips the NLP), then stored `--articles` times over, each copy made new by a
line appended to its text (so its content-hash id differs and every offset still holds).
Only `add_article` is timed: the figure is the store's, not the extractor's.

Then each query runs `--repeat` times and its p50/p95 latency is printed: full-text
searches (common, rare, a phrase), searches with speaker/actor/place/date filters,
quotes by speaker, events by category and actor. The issue's bar: p95 search latency
under 100 ms on SQLite at 10,000 articles.

Usage: python benchmarks/store.py [--articles 10000] [--db out/bench-store.db]
       python benchmarks/store.py --db postgresql://USER@HOST/DB   (an empty database)
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rich.progress import Progress

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import real_articles  # noqa: E402
from newstrace.core import article_id, extract_articles  # noqa: E402
from newstrace.export.reader import read_articles  # noqa: E402
from newstrace.records import Article  # noqa: E402
from newstrace.store import Filters, open_store  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "out"
SEARCH_BAR_MS = 100.0


def base_articles(count: int, cache: Path) -> list[Article]:
    """`count` extracted real articles, from the cache when it holds enough."""
    if cache.is_file():
        cached = list(read_articles(cache))
        if len(cached) >= count:
            return cached[:count]
    from newstrace.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    articles: list[Article] = []
    with Progress() as bar:
        task = bar.add_task("extracting the base articles", total=count)
        for record in extract_articles(real_articles(count), nlp):
            if isinstance(record, Article):
                articles.append(record)
            bar.advance(task)
    cache.parent.mkdir(parents=True, exist_ok=True)
    with cache.open("w", encoding="utf-8") as out:
        for article in articles:
            out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
    return articles


def copy_of(article: Article, number: int) -> Article:
    """`article` with a text of its own: a line appended, so every span still indexes it."""
    text = f"{article.text}\n\nCopy {number}."
    return dataclasses.replace(article, id=article_id(text), text=text)


def latency(name: str, ask: Callable[[], list], repeat: int, bar: float | None) -> float:
    times = []
    hits = 0
    for _ in range(repeat):
        start = time.perf_counter()
        hits = len(ask())
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p50 = statistics.median(times)
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    verdict = "" if bar is None else ("  ok" if p95 < bar else f"  over {bar:.0f} ms")
    print(f"  {name:44s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  hits {hits:3d}{verdict}")
    return p95


QUERIES: list[tuple[str, Filters, str, bool]] = [
    ("search hospital", Filters(text="hospital"), "search", True),
    ("search Aleppo (common)", Filters(text="Aleppo"), "search", True),
    ('search "chemical weapons" (phrase)', Filters(text='"chemical weapons"'), "search", True),
    (
        "search + actor RUS + place Aleppo",
        Filters(text="hospital", actor="RUS", place="Aleppo"),
        "search",
        True,
    ),  # noqa: E501
    (
        "search + speaker Kerry + 2016",
        Filters(text="Syria", speaker="Kerry", date_from="2016-01-01", date_to="2016-12-31"),
        "search",
        True,
    ),  # noqa: E501
    ("search + plover ASSAULT", Filters(text="killed", plover="ASSAULT"), "search", True),
    ("quotes --speaker Kerry", Filters(speaker="Kerry"), "quotes", False),
    ("quotes ceasefire", Filters(text="ceasefire"), "quotes", False),
    ("events --plover ASSAULT", Filters(plover="ASSAULT"), "events", False),
    ("events --actor RUS", Filters(actor="RUS"), "events", False),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="Articles stored.")
    parser.add_argument("--base", type=int, default=300, help="Real articles extracted.")
    parser.add_argument("--db", default=str(OUT / "bench-store.db"), help="File or URL.")
    parser.add_argument("--repeat", type=int, default=40, help="Runs of each query.")
    parser.add_argument(
        "--queries-only", action="store_true", help="Query the store a previous run filled."
    )
    args = parser.parse_args()

    base = base_articles(args.base, OUT / "bench-store-base.jsonl")
    if "://" not in args.db and not args.queries_only:
        for suffix in ("", "-wal", "-shm"):
            Path(args.db + suffix).unlink(missing_ok=True)
    with open_store(args.db) as store:
        if args.queries_only:
            _queries(store, args.repeat)
            return
        if store.has_article(copy_of(base[0], 0).id):
            raise SystemExit(f"{args.db} already holds this benchmark's articles: empty it")
        spent = 0.0
        with Progress() as bar:
            task = bar.add_task("storing", total=args.articles)
            for number in range(args.articles):
                article = copy_of(base[number % len(base)], number)
                start = time.perf_counter()
                store.add_article(article)
                spent += time.perf_counter() - start
                bar.advance(task)
        print(
            f"{args.articles:,} articles ({len(base)} real ones repeated) into {store.location}: "
            f"store layer alone {args.articles / spent:.0f} articles/s"
        )
        _queries(store, args.repeat)


def _queries(store, repeat: int) -> None:
    worst = 0.0
    for name, filters, kind, is_search in QUERIES:
        ask = getattr(store, kind)
        bar = SEARCH_BAR_MS if is_search else None
        p95 = latency(name, lambda a=ask, f=filters: a(f), repeat, bar)
        if is_search:
            worst = max(worst, p95)
    print(f"worst search p95 {worst:.1f} ms (bar {SEARCH_BAR_MS:.0f} ms on SQLite)")


if __name__ == "__main__":
    main()
