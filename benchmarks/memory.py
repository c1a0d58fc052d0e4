"""Peak memory of the local engine on a small and a large stream: flat means streaming.

Each size runs in a fresh process (so peaks do not carry over): the engine with
`--processes` workers over a stream of real articles (FA-KES, PolNeAR, LGL) repeated
with a varied first line, so every id differs and nothing is stored on disk; results
are written as JSON lines to /dev/null, as `newstrace extract` writes them. Measured:

- peak RSS of the parent (getrusage) and of each worker (VmHWM from /proc), and their sum;
- the sum of current RSS at each quarter of the run, whose slope over the second half
  (after pipelines and caches have warmed) is the growth per 1,000 articles.

The 5 GB extrapolation: 5 GB of input is 5e9 / (mean bytes per article) articles; the
engine holds at most `max_ahead` batches at once whatever the count, so the expected
peak is the measured peak plus (slope x articles / 1,000). A slope within noise means
no growth; that is what the < 20% small-vs-large difference checks at a scale that runs
here.

Usage: python benchmarks/memory.py [--small 1000] [--large 20000] [--processes 2]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import real_articles, varied_stream  # noqa: E402

MB = 1024 * 1024


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def child(count: int, processes: int, batch_size: int) -> dict:
    """Run the engine over `count` articles; return its memory figures (bytes)."""
    import os

    from newstrace.engine import pipeline_loader
    from newstrace.engine.local import LocalEngine

    corpus = real_articles(600)
    mean_bytes = sum(len(a.text.encode("utf-8")) for a in corpus) / len(corpus)
    checkpoints: list[tuple[int, int]] = []
    marks = {count * q // 4 for q in (1, 2, 3, 4)}
    pids: list[int] = []
    with (
        LocalEngine(processes, load_nlp=pipeline_loader(), batch_size=batch_size) as engine,
        open(os.devnull, "w", encoding="utf-8") as out,
    ):
        for done, record in enumerate(engine.run(varied_stream(corpus, count)), start=1):
            out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
            if done in marks:
                live = [os.getpid(), *engine.worker_pids()]
                rss = sum(_status_kb(pid, "VmRSS") for pid in live) * 1024
                checkpoints.append((done, rss))
        pids = engine.worker_pids()
        workers = [_status_kb(pid, "VmHWM") * 1024 for pid in pids]
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "count": count,
        "parent_peak": parent,
        "worker_peaks": workers,
        "total_peak": parent + sum(workers),
        "checkpoints": checkpoints,
        "mean_bytes": mean_bytes,
        "restarts": engine.restarts,
    }


def measure(count: int, processes: int, batch_size: int) -> dict:
    command = [sys.executable, __file__, "--child", str(count)]
    command += ["--processes", str(processes), "--batch-size", str(batch_size)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def slope_per_1000(points: list[tuple[int, int]]) -> float:
    """Growth in bytes per 1,000 articles between the half-way and the last checkpoint."""
    (n1, r1), (n2, r2) = points[len(points) // 2 - 1], points[-1]
    return (r2 - r1) / (n2 - n1) * 1000 if n2 > n1 else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=20000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.processes, args.batch_size)))
        return

    runs = [measure(n, args.processes, args.batch_size) for n in (args.small, args.large)]
    for run in runs:
        workers = ", ".join(f"{peak / MB:.0f}" for peak in run["worker_peaks"])
        print(
            f"{run['count']:>7,} articles: peak RSS parent {run['parent_peak'] / MB:.0f} MB, "
            f"workers [{workers}] MB, total {run['total_peak'] / MB:.0f} MB"
            + (f" ({run['restarts']} worker restart(s))" if run["restarts"] else "")
        )
    small, large = runs
    difference = (large["total_peak"] - small["total_peak"]) / small["total_peak"]
    print(f"difference in total peak, large vs small: {difference:+.1%} (target < 20%)")
    slope = slope_per_1000(large["checkpoints"])
    articles_5gb = 5e9 / large["mean_bytes"]
    grown = large["total_peak"] + max(slope, 0.0) * articles_5gb / 1000
    print(
        f"growth over the second half of the large run: {slope / MB:+.1f} MB per 1,000 "
        f"articles; 5 GB of input is ~{articles_5gb:,.0f} articles of "
        f"{large['mean_bytes']:,.0f} bytes -> expected peak {grown / MB:,.0f} MB "
        "(the growth term is noise-level when it is small against one worker's peak)"
    )


if __name__ == "__main__":
    main()
