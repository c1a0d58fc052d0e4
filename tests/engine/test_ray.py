"""The Ray engine on a local Ray instance: the same records as the single-process run."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from newstrace.core import extract_articles
from newstrace.ingest import read_inputs
from newstrace.records import InputError

from ..conftest import DEMO

pytest.importorskip("ray.data", reason="ray[data] is not installed: pip install 'ray[data]'")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ray_local():
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture
def shards(tmp_path):
    """Two JSONL shards of demo articles, a bad line in the second, and a Parquet shard."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    lines = (DEMO / "fa-kes-sample.jsonl").read_text(encoding="utf-8").splitlines()[:5]
    (tmp_path / "a.jsonl").write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(lines[2] + "\n{broken\n", encoding="utf-8")
    rows = [json.loads(line) for line in lines[3:]]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "c.parquet")
    return tmp_path


def test_ray_engine_gives_the_single_process_records_in_order(ray_local, shards, nlp):
    from newstrace.engine.ray import RayEngine

    jsonl = [str(shards / "a.jsonl"), str(shards / "b.jsonl")]
    expected = [r.to_dict() for r in extract_articles(read_inputs(jsonl), nlp, batch_size=2)]
    engine = RayEngine(processes=1, batch_size=2, ordered=True)
    got = [r.to_dict() for r in engine.run_paths(jsonl)]
    assert got == expected
    assert [r["source"] for r in got if "error" in r] == [f"{shards / 'b.jsonl'}:2"]


def test_ray_engine_reads_parquet_shards_with_a_text_column(ray_local, shards):
    import pyarrow.parquet as pq

    from newstrace.engine.ray import RayEngine

    engine = RayEngine(processes=1, batch_size=2, ordered=False)
    results = list(engine.run_paths([str(shards / "c.parquet")]))
    assert not any(isinstance(r, InputError) for r in results)
    rows = pq.read_table(shards / "c.parquet").to_pylist()
    assert sorted(r.title for r in results) == sorted(row["title"] for row in rows)


def ray_worker_count() -> int:
    """Ray worker processes alive on this machine (their command line names the worker)."""
    count = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"default_worker.py" in command or command.startswith(b"ray::"):
            count += 1
    return count


def test_a_folder_of_many_shards_starts_a_bounded_number_of_ray_workers(ray_local, tmp_path):
    from newstrace.engine.ray import RayEngine

    line = (DEMO / "fa-kes-sample.jsonl").read_text(encoding="utf-8").splitlines()[0]
    for n in range(60):
        (tmp_path / f"shard-{n:03d}.jsonl").write_text(line + "\n", encoding="utf-8")
    peak, stop = 0, threading.Event()

    def watch() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, ray_worker_count())
            stop.wait(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        records = list(RayEngine(2, batch_size=4).run_paths([str(tmp_path)]))
    finally:
        stop.set()
        watcher.join()
    assert len(records) == 60
    # two actors, two readers, and the few idle workers Ray keeps warm; one reader per
    # shard (60) is what exhausted a node's memory
    assert peak <= 12, f"{peak} Ray worker processes for 60 shards"
