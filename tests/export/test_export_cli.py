"""`newstrace export` over the `newstrace extract` output of the sample article."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newstrace.cli import app
from newstrace.export import gdelt_columns

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def extracted(sample_article, tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "sample.jsonl"
    path.write_text(json.dumps(sample_article.to_dict()) + "\n", encoding="utf-8")
    return path


def run(*args: str):
    result = CliRunner().invoke(app, ["export", *args])
    assert result.exit_code == 0, result.output
    return result


def test_sample_article_exports_in_every_format(sample_article, extracted, tmp_path):
    assert sample_article.events, "the sample article has events to export"
    run(str(extracted), "--format", "gdelt", "--output", str(tmp_path / "g.tsv"), "--header")
    lines = (tmp_path / "g.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t")[:61] == list(gdelt_columns())
    assert len(lines) == 1 + len(sample_article.events)
    assert {len(line.split("\t")) for line in lines} == {62}

    run(str(extracted), "--format", "acled", "--output", str(tmp_path / "a.csv"))
    acled = pd.read_csv(tmp_path / "a.csv")
    assert acled.columns[0] == "event_id_cnty" and acled.columns[-1] == "newstrace_evidence"
    assert len(acled) == sum(
        1 for e in sample_article.events if e.acled and not (e.negated or e.hypothetical)
    )

    run(str(extracted), "--format", "plover", "--output", str(tmp_path))
    records = (tmp_path / "events.plover.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(records) == len(sample_article.events)
    for line in records:
        record = json.loads(line)
        start, end = record["text_info"]["start"], record["text_info"]["end"]
        assert sample_article.text[start:end] == record["text"]

    run(str(extracted), "--format", "parquet", "--output", str(tmp_path / "tables"))
    events = pq.read_table(tmp_path / "tables" / "events.parquet")
    assert events.num_rows == len(sample_article.events)
    mentions = pq.read_table(tmp_path / "tables" / "mentions.parquet")
    assert mentions.num_rows == len(sample_article.mentions)


def test_an_unknown_format_fails_with_the_valid_ones(extracted, tmp_path):
    result = CliRunner().invoke(app, ["export", str(extracted), "--format", "xml", "-o", "x"])
    assert result.exit_code == 2
    assert "plover, gdelt, acled, jsonl, csv, parquet" in " ".join(result.output.split())
