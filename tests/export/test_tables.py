"""Flat tables of every record type: JSONL, CSV, Parquet; offsets kept, types in Parquet."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest

from newstrace.export import RECORD_TYPES, ExportError, columns, write_tables


def test_every_record_type_gets_a_file(article, tmp_path):
    for fmt in ("jsonl", "csv", "parquet"):
        paths = write_tables([article], tmp_path / fmt, fmt)
        assert set(paths) == set(RECORD_TYPES)
        assert all(path.is_file() for path in paths.values())


def test_parquet_round_trips_with_pyarrow_types_and_offsets(article, tmp_path):
    paths = write_tables([article], tmp_path, "parquet")
    events = pq.read_table(paths["events"])
    assert events.num_rows == 2
    assert events.column_names == [name for name, _ in columns("events")]
    assert str(events.schema.field("trigger_start").type) == "int64"
    assert str(events.schema.field("place_lat").type) == "double"
    assert str(events.schema.field("negated").type) == "bool"
    rows = events.to_pylist()
    for row in rows:
        start, end = row["trigger_start"], row["trigger_end"]
        assert article.text[start:end] == row["trigger_text"]
    assert rows[0]["fatalities_dead"] == 12 and rows[1]["fatalities_dead"] is None
    assert rows[0]["source_country"] == "SYR" and rows[1]["place_name"] is None
    assert pq.read_table(paths["articles"]).to_pylist()[0]["text"] == article.text


def test_an_empty_record_type_still_gets_a_typed_file(article, tmp_path):
    paths = write_tables([article], tmp_path, "parquet")
    quotes = pq.read_table(paths["quotes"])
    assert quotes.num_rows == 0
    assert "speaker_name" in quotes.column_names


def test_findings_get_one_row_per_evidence_span(article, tmp_path):
    paths = write_tables([article], tmp_path, "jsonl")
    rows = [json.loads(line) for line in paths["findings"].read_text().splitlines()]
    assert [(r["index"], r["evidence_index"], r["evidence_text"]) for r in rows] == [
        (0, 0, "Syrian"),
        (0, 1, "Russia"),
        (1, None, None),
    ]


def test_csv_rows_join_back_to_their_article(article, tmp_path):
    paths = write_tables([article, article], tmp_path, "csv")
    with paths["places"].open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["article_id"], r["index"], r["name"]) for r in rows] == [
        (article.id, "0", "Aleppo")
    ] * 2
    with paths["articles"].open(newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 2


def test_a_file_as_table_output_is_refused(article, tmp_path):
    target = tmp_path / "events.csv"
    target.write_text("")
    with pytest.raises(ExportError, match="folder"):
        write_tables([article], target, "csv")
