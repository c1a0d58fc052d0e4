"""Latency of the HTTP API under a bounded burst of reads, on loopback only.

Starts `newstrace serve` on the demo store (building the store first with `newstrace
ingest demo/` when it is missing) on a free 127.0.0.1 port, sends `--requests`
requests (5,000 by default) from `--concurrency` concurrent clients (50) over a fixed
mix of endpoints (listings with filters, one article, full-text search, a second page
by cursor, stats), then stops the server. Prints the wall time, requests/s, the
p50/p95/p99 latency overall and per endpoint, and the error count (anything but a 200,
or no answer), which must be 0.

Usage: python benchmarks/api_load.py [--db tmp/api-demo.db] [--requests 5000]
       [--concurrency 50] [--seed 0]
The server and the clients share the machine (2 cores here): run it on an idle
machine to quote its figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from statistics import quantiles

import httpx2

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # loopback only: this burst never leaves the machine
START_TIMEOUT_S = 120.0
BURST_TIMEOUT_S = 900.0  # the whole burst stops after this, whatever is left
REQUEST_TIMEOUT_S = 60.0


def newstrace_command() -> list[str]:
    script = Path(sys.executable).with_name("newstrace")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from newstrace.cli import app; app()"]


def ensure_store(db: Path) -> None:
    if db.exists():
        return
    print(f"building the demo store at {db} (newstrace ingest demo/) …", file=sys.stderr)
    db.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [*newstrace_command(), "ingest", str(REPO / "demo"), "--db", str(db), "--no-progress"],
        check=True,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "NEWSTRACE_API_TOKEN"}  # reads only
    with log.open("wb") as out:
        return subprocess.Popen(
            [*newstrace_command(), "serve", "--db", str(db), "--host", HOST, "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with status {server.returncode}")
        try:
            if httpx2.get(f"{base}/stats", timeout=2).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer within {START_TIMEOUT_S:.0f} s")


def request_mix(base: str, count: int, seed: int) -> list[tuple[str, str]]:
    """`count` (endpoint name, URL) pairs drawn from a mix built on the store's content."""
    ids = [item["id"] for item in httpx2.get(f"{base}/articles?limit=200").json()["items"]]
    stats = httpx2.get(f"{base}/stats").json()
    speaker = stats["top_speakers"][0]["name"] if stats["top_speakers"] else "Kerry"
    place = stats["top_places"][0]["name"] if stats["top_places"] else "Aleppo"
    second = httpx2.get(f"{base}/quotes?limit=20").json()["next"] or "/quotes?limit=20"
    words = ["aleppo", "hospital", "ceasefire", '"air strikes"', "russia", "children"]
    rng = random.Random(seed)
    makers = {
        "GET /articles": lambda: "/articles?limit=20",
        "GET /articles/{id}": lambda: f"/articles/{rng.choice(ids)}",
        "GET /search": lambda: f"/search?q={rng.choice(words)}",
        "GET /search+filters": lambda: (
            f"/search?q={rng.choice(words)}&place={place}&from=2015-01-01"
        ),
        "GET /quotes": lambda: f"/quotes?speaker={speaker}",
        "GET /quotes?cursor": lambda: second,
        "GET /events": lambda: "/events?plover=ASSAULT&actor=RUS",
        "GET /places": lambda: "/places?limit=20",
        "GET /actors": lambda: "/actors?limit=20",
        "GET /stats": lambda: "/stats",
    }
    names = list(makers)
    return [(name, makers[name]()) for name in (rng.choice(names) for _ in range(count))]


async def burst(
    base: str, mix: list[tuple[str, str]], concurrency: int
) -> tuple[dict[str, list[float]], int, float]:
    """Send `mix` with `concurrency` clients; latencies (s) per endpoint, errors, wall time."""
    latencies: dict[str, list[float]] = defaultdict(list)
    errors = 0
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in mix:
        queue.put_nowait(item)
    limits = httpx2.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def client(http: httpx2.AsyncClient) -> None:
        nonlocal errors
        while not queue.empty():
            name, url = queue.get_nowait()
            start = time.perf_counter()
            try:
                response = await http.get(url)
                ok = response.status_code == 200
            except httpx2.HTTPError:
                ok = False
            latencies[name].append(time.perf_counter() - start)
            errors += not ok

    timeout = httpx2.Timeout(REQUEST_TIMEOUT_S)
    async with httpx2.AsyncClient(base_url=base, limits=limits, timeout=timeout) as http:
        start = time.perf_counter()
        await asyncio.wait_for(
            asyncio.gather(*(client(http) for _ in range(concurrency))), BURST_TIMEOUT_S
        )
        wall = time.perf_counter() - start
    return latencies, errors, wall


def percentiles(values: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 of `values`, in milliseconds."""
    if len(values) == 1:
        return (values[0] * 1000,) * 3
    cuts = quantiles(values, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=REPO / "tmp" / "api-demo.db")
    parser.add_argument("--requests", type=int, default=5_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not 1 <= args.requests <= 100_000 or not 1 <= args.concurrency <= 500:
        parser.error("keep the burst bounded: 1-100,000 requests, 1-500 concurrent")

    ensure_store(args.db)
    port = free_port()
    base = f"http://{HOST}:{port}"
    log = Path(tempfile.gettempdir()) / f"newstrace-api-load-{port}.log"
    server = start_server(args.db, port, log)
    try:
        wait_until_up(base, server)
        mix = request_mix(base, args.requests, args.seed)
        latencies, errors, wall = asyncio.run(burst(base, mix, args.concurrency))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    every = [value for values in latencies.values() for value in values]
    p50, p95, p99 = percentiles(every)
    print(f"store: {args.db} · server: {base} · log: {log}")
    print(
        f"{len(every):,} requests, {args.concurrency} concurrent, in {wall:.1f} s "
        f"= {len(every) / wall:,.0f} requests/s"
    )
    print(
        f"latency ms: p50 {p50:.1f} · p95 {p95:.1f} · p99 {p99:.1f} · max {max(every) * 1000:.1f}"
    )
    print(f"errors: {errors}")
    print(f"{'endpoint':<22} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name in sorted(latencies):
        e50, e95, e99 = percentiles(latencies[name])
        print(f"{name:<22} {len(latencies[name]):>6} {e50:>8.1f} {e95:>8.1f} {e99:>8.1f}")
    if errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
