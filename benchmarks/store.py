"""The store layer alone: ingest rate and query latency at 10,000+ articles.

Real articles (FA-KES, PolNeAR and LGL, taken in turn: benchmarks/corpus.py) are
extracted once (`--base` of them; the result is cached in out/bench-store-base.jsonl so
a rerun skips the NLP), then stored `--articles` times over, each copy made new by a
line appended to its text (so its content-hash id differs and every offset still holds)
and given a publication date in 2015-2017 (one in ten none). Only `add_article` is
timed: the figure is the store's, not the extractor's.

Then each query runs `--repeat` times and its p50/p95 latency is printed, with the CPU
time it took in this process for SQLite (on a shared machine the wall-clock figures move
with the other work): full-text searches (common, rare, a phrase), searches with
speaker/actor/place/PLOVER/date filters, quotes by speaker and by words, events by
category, actor, and place and date. The issue's bar: p95 latency under 100 ms on
SQLite at 10,000 articles, for every one of them.

Usage: python benchmarks/store.py [--articles 10000] [--db out/bench-store.db]
       python benchmarks/store.py --db postgresql://USER@HOST/DB   (an empty database)
       python benchmarks/store.py --postgres [--postgres-articles 2000]
           (SQLite, then a throwaway PostgreSQL server started as the tests start theirs)
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from rich.progress import Progress

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import real_articles  # noqa: E402
from newstrace.core import article_id, extract_articles  # noqa: E402
from newstrace.export.reader import read_articles  # noqa: E402
from newstrace.records import Article  # noqa: E402
from newstrace.store import Filters, open_store  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "out"
BAR_MS = 100.0
FIRST_DAY, DAYS = date(2015, 1, 1), 3 * 365


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
    """`article` with a text of its own: a line appended, so every span still indexes it.

    Copies get publication dates spread over 2015-2017 (one in ten has none, as an
    undated web page would), so the date filters and the date order of events have work
    to do: the real texts come without dates.
    """
    text = f"{article.text}\n\nCopy {number}."
    published = None
    if number % 10:
        published = (FIRST_DAY + timedelta(days=number * 7919 % DAYS)).isoformat()
    return dataclasses.replace(
        article,
        id=article_id(text),
        text=text,
        published=published,
        published_source="given" if published else "none",
    )


def _p50_p95(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[max(0, round(0.95 * len(samples)) - 1)]


def latency(name: str, ask: Callable[[], list], repeat: int, *, cpu: bool) -> float:
    """Run `ask` `repeat` times; print its p50/p95 wall-clock latency; return the p95.

    With `cpu` (a store in this process) the p50/p95 CPU time is printed too: on a
    machine that other work shares, wall-clock figures move with that work and the CPU
    time of the query much less.
    """
    wall, spent = [], []
    hits = 0
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        hits = len(ask())
        spent.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    p50, p95 = _p50_p95(wall)
    cpu_p50, cpu_p95 = _p50_p95(spent)
    verdict = "ok" if p95 < BAR_MS else f"over {BAR_MS:.0f} ms"
    on_cpu = f"  cpu p50 {cpu_p50:6.1f} p95 {cpu_p95:6.1f}" if cpu else ""
    print(f"  {name:40s} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms{on_cpu}  hits {hits:2d}  {verdict}")
    return p95


# (name, filters, Store method): every query is held to the bar.
QUERIES: list[tuple[str, Filters, str]] = [
    ("search hospital", Filters(text="hospital"), "search"),
    ("search Aleppo (common)", Filters(text="Aleppo"), "search"),
    ('search "chemical weapons" (phrase)', Filters(text='"chemical weapons"'), "search"),
    ("search + actor RUS", Filters(text="hospital", actor="RUS"), "search"),
    ("search + place Aleppo", Filters(text="killed", place="Aleppo"), "search"),
    (
        "search + actor RUS + place Aleppo",
        Filters(text="hospital", actor="RUS", place="Aleppo"),
        "search",
    ),
    (
        "search + speaker Kerry + 2016",
        Filters(text="Syria", speaker="Kerry", date_from="2016-01-01", date_to="2016-12-31"),
        "search",
    ),
    ("search + plover ASSAULT", Filters(text="killed", plover="ASSAULT"), "search"),
    (
        "search + plover ASSAULT + actor SYR",
        Filters(text="killed", plover="ASSAULT", actor="SYR"),
        "search",
    ),
    ("quotes --speaker Kerry", Filters(speaker="Kerry"), "quotes"),
    ("quotes ceasefire", Filters(text="ceasefire"), "quotes"),
    ("events --plover ASSAULT", Filters(plover="ASSAULT"), "events"),
    ("events --actor RUS", Filters(actor="RUS"), "events"),
    (
        "events --place Aleppo --from 2016-01-01",
        Filters(place="Aleppo", date_from="2016-01-01"),
        "events",
    ),
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
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="Then the same on a throwaway PostgreSQL server (the test suite's, durable).",
    )
    parser.add_argument(
        "--postgres-articles", type=int, help="Articles stored there (default: --articles)."
    )
    args = parser.parse_args()

    base = base_articles(args.base, OUT / "bench-store-base.jsonl")
    if "://" not in args.db and not args.queries_only:
        for suffix in ("", "-wal", "-shm"):
            Path(args.db + suffix).unlink(missing_ok=True)
    run(args.db, base, args.articles, args.repeat, queries_only=args.queries_only)
    if args.postgres:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from tests.store import postgres_server

        bindir = postgres_server.find_bindir()
        if bindir is None:
            raise SystemExit(f"no PostgreSQL server binaries: {postgres_server.INSTALL}")
        server = postgres_server.start(bindir, durable=True)
        try:
            url = server.create_database("bench_store")
            run(url, base, args.postgres_articles or args.articles, args.repeat)
        finally:
            server.stop()


def run(location: str, base: list[Article], count: int, repeat: int, *, queries_only: bool = False):
    """Store `count` copies of `base` at `location` (unless `queries_only`), then query."""
    with open_store(location) as store:
        if queries_only:
            _queries(store, repeat)
            return
        if store.has_article(copy_of(base[0], 0).id):
            raise SystemExit(f"{store.location} already holds this benchmark's articles: empty it")
        spent = 0.0
        with Progress() as bar:
            task = bar.add_task("storing", total=count)
            for number in range(count):
                article = copy_of(base[number % len(base)], number)
                start = time.perf_counter()
                store.add_article(article)
                spent += time.perf_counter() - start
                bar.advance(task)
        print(
            f"{count:,} articles ({len(base)} real ones repeated) into {store.location}: "
            f"store layer alone {count / spent:.0f} articles/s"
        )
        _queries(store, repeat)


def _queries(store, repeat: int) -> None:
    load = ", load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{store.dialect} store at {store.location}, {repeat} runs of each query{load}:")
    worst_search = worst = 0.0
    for name, filters, kind in QUERIES:
        ask = getattr(store, kind)
        p95 = latency(name, lambda a=ask, f=filters: a(f), repeat, cpu=store.dialect == "sqlite")
        worst = max(worst, p95)
        if kind == "search":
            worst_search = max(worst_search, p95)
    print(
        f"worst p95: searches {worst_search:.1f} ms, all queries {worst:.1f} ms "
        f"(bar {BAR_MS:.0f} ms on SQLite)"
    )


if __name__ == "__main__":
    main()
