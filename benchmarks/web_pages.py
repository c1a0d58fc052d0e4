"""Server-side time of each web UI page on the demo store: p50/p95 of N loads each.

Starts `newstrace serve` on the store (building it with `newstrace ingest demo/` when it
is missing) on a free 127.0.0.1 port, loads each page once to warm it, then `-n` times
one after another, and prints the p50/p95 latency per page against the 300 ms target of
issue 7. The first load of a page is shown apart: the UI keeps its last few whole
listings (events, quotes, places) while the store is unchanged, so the first page to
walk the events pays for the pages after it. The time is the full HTTP round trip on
loopback of the HTML (or SVG) alone: what the server spends; the browser's own
rendering is not counted.

Usage: python benchmarks/web_pages.py [--db out/demo.db] [-n 30]
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from pathlib import Path
from statistics import quantiles
from urllib.parse import quote

import httpx2

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
TARGET_MS = 300.0
START_TIMEOUT_S = 120.0
SAMPLE = "aleppo-2016-02-russia-blames-us"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def ensure_store(db: Path) -> None:
    if db.exists():
        return
    db.parent.mkdir(parents=True, exist_ok=True)
    print(f"building {db} from demo/ …", file=sys.stderr)
    subprocess.run(
        [BIN / "newstrace", "ingest", str(REPO / "demo"), "--db", str(db), "--no-progress"],
        check=False,
    )


def pages(client: httpx2.Client) -> dict[str, str]:
    """The pages to time, with ids and names taken from the store through the API."""
    articles = client.get("/articles", params={"limit": 200}).json()["items"]
    sample = next((a["id"] for a in articles if SAMPLE in a["source"]), articles[0]["id"])
    speaker = client.get("/stats").json()["top_speakers"][0]["name"]
    return {
        "overview": "/",
        "search (words)": "/ui/search?q=Aleppo",
        "search (filters)": "/ui/search?actor=RUS&from=2016-01-01",
        "article (sample)": f"/ui/articles/{sample}",
        "map": "/ui/map",
        "map, place picked": "/ui/map?at=170063",
        "world outlines": "/ui/map/world.svg?z=8",
        "timeline": "/ui/timeline",
        "timeline (range)": "/ui/timeline?from=2016-01-01&to=2016-12-31",
        "quotes": "/ui/quotes",
        "speaker": "/ui/speakers/" + quote(speaker, safe=""),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=REPO / "out" / "demo.db")
    parser.add_argument("-n", type=int, default=30, help="loads of each page")
    options = parser.parse_args()
    ensure_store(options.db)
    port = free_port()
    server = subprocess.Popen(
        [BIN / "newstrace", "serve", "--db", str(options.db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with httpx2.Client(base_url=f"http://{HOST}:{port}", timeout=60) as client:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                try:
                    client.get("/stats")
                    break
                except httpx2.TransportError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        sys.exit("the server did not start")
                    time.sleep(0.2)
            header = f"{'page':<20} {'first ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'KB':>7}"
            print(f"{header}  target {TARGET_MS:.0f} ms")
            worst = 0.0
            for name, url in pages(client).items():
                start = time.perf_counter()
                first = client.get(url)
                cold = (time.perf_counter() - start) * 1000
                if first.status_code != 200:
                    sys.exit(f"{url} answered {first.status_code}")
                times = []
                for _ in range(options.n):
                    start = time.perf_counter()
                    client.get(url).raise_for_status()
                    times.append((time.perf_counter() - start) * 1000)
                cuts = quantiles(times, n=20, method="inclusive")
                p50, p95 = cuts[9], cuts[18]
                worst = max(worst, p95)
                verdict = "ok" if max(p95, cold) < TARGET_MS else "SLOW"
                size = len(first.content) / 1024
                worst = max(worst, cold)
                print(f"{name:<20} {cold:8.1f} {p50:8.1f} {p95:8.1f} {size:7.1f}  {verdict}")
            verdict = "under" if worst < TARGET_MS else "OVER"
            print(f"slowest load (first or p95) {worst:.1f} ms ({verdict} target)")
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
