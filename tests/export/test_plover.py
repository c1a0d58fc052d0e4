"""The PLOVER export: one JSON object per event with the fields of the PLOVER spec."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest

from newstrace.export import ExportError, write_plover

from ..conftest import SHARED, require

# PLOVER manual (draft 0.7b1), "JSON Data Fields": the record's field names.
PLOVER_07_FIELDS = {
    "id", "has_event", "date", "time", "enddate", "endtime", "source", "recipient",
    "event", "event_loc", "event_text", "quad_code", "event_scale", "mode", "context",
    "link", "text", "text_info", "cite_info", "coder", "coded_date", "coded_time", "comment",
    "size",
}  # fmt: skip
REQUIRED = {"id", "date", "source", "event"}
ACTOR_FIELDS = {"code", "sector", "actor_text", "identifier_id", "identifier_text"}
PLOVER_CATEGORIES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip
NOW = datetime(2026, 11, 26, tzinfo=UTC)


def export(article, version: str = "0.7") -> list[dict]:
    out = io.StringIO()
    assert write_plover([article], out, version=version, coded=NOW) == len(article.events)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_records_have_the_required_fields_and_only_spec_fields_besides_newstrace(article):
    for record in export(article):
        assert set(record) >= REQUIRED
        assert set(record) - {"newstrace"} <= PLOVER_07_FIELDS
        assert record["event"][0] in PLOVER_CATEGORIES
        for actor in (*record["source"], *record.get("recipient", [])):
            assert set(actor) <= ACTOR_FIELDS


def test_an_event_record_carries_actors_place_size_and_evidence(article):
    record = export(article)[0]
    assert record["id"] == f"{article.id}-0"
    assert record["date"] == "2016-03-03"
    assert record["source"] == [
        {
            "actor_text": "Syrian warplanes",
            "code": "SYR",
            "sector": "MIL",
            "identifier_text": "Syria",
        }
    ]
    assert record["recipient"][0]["sector"] == "CVL"
    assert (record["event"], record["mode"], record["event_text"]) == (
        ["ASSAULT"],
        "aerial",
        ["killed"],
    )
    assert record["event_loc"]["geonameid"] == 170063
    assert record["event_loc"]["country code"] == "SY"
    assert (record["quad_code"], record["event_scale"]) == (4, -10.0)
    assert record["size"] == {"dead": 12, "injured": None}
    start, end = record["text_info"]["start"], record["text_info"]["end"]
    assert article.text[start:end] == record["text"]
    assert record["cite_info"]["url"] == "https://example.org/aleppo"
    assert record["coded_date"] == "2026-11-26"
    assert "context" not in record  # not coded, so not written
    trace = record["newstrace"]
    assert (trace["article_id"], trace["cameo"]) == (article.id, "195")


def test_version_05_uses_the_gold_standard_records_field_names(article):
    gold = require(SHARED / "datasets" / "events" / "plover-gsr-dev.json")
    gold_fields = {key for record in json.loads(gold.read_text()) for key in record}
    gold_actor_fields = {
        key
        for record in json.loads(gold.read_text())
        for actor in (record.get("source") or [])
        if isinstance(actor, dict)
        for key in actor
    }
    record = export(article, version="0.5")[0]
    assert {"target", "eventText", "eventLoc", "textInfo"} <= set(record)
    assert set(record) - {"newstrace", "quadCode", "eventScale", "citeInfo"} <= gold_fields
    assert set(record["source"][0]) - {"identifier_text"} <= gold_actor_fields
    assert (record["event"], record["eventText"]) == ("ASSAULT", "killed")


def test_an_unknown_version_is_refused_with_the_valid_ones(article):
    with pytest.raises(ExportError, match="0.7, 0.5"):
        export(article, version="1.0")
