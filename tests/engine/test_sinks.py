"""Sinks and runs: Parquet shards, the store through worker processes, the CLI options."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newstrace.cli import app
from newstrace.core import extract_articles
from newstrace.engine import RunSummary, summarise
from newstrace.engine.local import LocalEngine
from newstrace.engine.run import ingest_with_engine
from newstrace.engine.sinks import ParquetShardSink
from newstrace.records import InputArticle, InputError
from newstrace.store import open_store

pytestmark = pytest.mark.slow

TEXTS = [
    "Rebels shelled the town of Daraa on Tuesday, killing three people, officials said.",
    '"The ceasefire is holding," the UN envoy told reporters in Geneva on Friday.',
    "Turkey closed the border crossing at Kilis after clashes near Azaz on Sunday.",
]


@pytest.fixture
def inputs(tmp_path):
    path = tmp_path / "news.jsonl"
    rows = [json.dumps({"text": text}) for text in TEXTS]
    path.write_text("\n".join([*rows[:2], "{not json", rows[2]]) + "\n", encoding="utf-8")
    return path


def test_parquet_sink_writes_one_shard_per_n_articles_and_errors_apart(nlp, tmp_path):
    import pyarrow.dataset as ds

    items = [InputArticle(source=f"t{n}", text=text) for n, text in enumerate(TEXTS)]
    bad = InputError(source="bad", error="bad: is empty")
    sink = ParquetShardSink(tmp_path / "out", shard_articles=2)
    summary = RunSummary()
    for result in summarise(extract_articles([*items, bad], nlp), summary):
        sink.write(result)
    sink.close()
    assert [s.name for s in sink.shards] == ["part-00000", "part-00001"]
    articles = ds.dataset(sorted((tmp_path / "out").glob("part-*/articles.parquet")))
    assert sorted(articles.to_table().column("source").to_pylist()) == ["t0", "t1", "t2"]
    errors = (tmp_path / "out" / "errors.jsonl").read_text().splitlines()
    assert [json.loads(line)["source"] for line in errors] == ["bad"]
    assert (summary.articles, summary.errors) == (3, 1)
    assert summary.records > 0


def test_ingest_through_two_workers_stores_each_article_once(inputs, tmp_path):
    db = str(tmp_path / "store.db")
    with open_store(db) as store, LocalEngine(processes=2, batch_size=1) as engine:
        first = ingest_with_engine(store, [str(inputs)], engine)
        again = ingest_with_engine(store, [str(inputs)], engine)
        assert store.stats().counts["articles"] == 3
    assert (first.added, first.skipped, len(first.errors)) == (3, 0, 1)
    assert (again.added, again.skipped) == (0, 3)  # skipped before any NLP


def test_extract_cli_writes_parquet_shards_and_a_summary(inputs, tmp_path):
    out = tmp_path / "tables"
    result = CliRunner().invoke(
        app, ["extract", str(inputs), "--format", "parquet", "-o", str(out), "--no-progress"]
    )
    assert result.exit_code == 1  # the broken line
    assert (out / "part-00000" / "quotes.parquet").is_file()
    assert "3 article(s)" in result.output and "1 error(s)" in result.output


def test_extract_cli_refuses_an_address_without_ray(inputs):
    result = CliRunner().invoke(app, ["extract", str(inputs), "--address", "auto"])
    assert result.exit_code == 2
    assert "--engine ray" in result.output
