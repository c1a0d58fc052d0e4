"""What geocoding adds to extraction time, on the demo corpus, in one run.

Times the newstrace extract job twice over the same texts: as shipped, and with the
GeoNames place fixer disabled and place resolution skipped; prints docs/s of each and
the share of extraction time geocoding adds (issue 4 asks for at most 10%).

Usage: python benchmarks/geocoding.py [--docs 200] [--repeats 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import newstrace.core as core  # noqa: E402
from corpus import demo_articles  # noqa: E402
from newstrace.nlp.pipeline import load_pipeline  # noqa: E402


def time_extract(nlp, articles, batch_size: int) -> float:
    """CPU seconds of this process (other processes' load barely moves them)."""
    start = time.process_time()
    for record in core.extract_articles(articles, nlp, batch_size=batch_size):
        json.dumps(record.to_dict(), ensure_ascii=False)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    articles = demo_articles(args.docs)
    nlp = load_pipeline()
    time_extract(nlp, articles[:8], args.batch_size)
    with_geo = without_geo = float("inf")
    extract_places = core.extract_places
    for _ in range(args.repeats):
        with_geo = min(with_geo, time_extract(nlp, articles, args.batch_size))
        core.extract_places = lambda doc, **_: []
        try:
            with nlp.select_pipes(disable=["newstrace_gazetteer"]):
                without_geo = min(without_geo, time_extract(nlp, articles, args.batch_size))
        finally:
            core.extract_places = extract_places
    n = len(articles)
    print(f"texts: {n} demo articles, best of {args.repeats} rounds")
    print(f"extract with geocoding:    {n / with_geo:8.1f} docs/CPU-s")
    print(f"extract without geocoding: {n / without_geo:8.1f} docs/CPU-s")
    print(f"geocoding adds {100 * (with_geo / without_geo - 1):.1f}% to extraction time")


if __name__ == "__main__":
    main()
