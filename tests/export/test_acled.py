"""The ACLED export: a CSV pandas reads with ACLED's columns, one row per ACLED event."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pandas as pd

from newstrace.export import acled_columns, write_acled

ACLED = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
NOW = datetime(2026, 11, 26, tzinfo=UTC)


def export(articles) -> pd.DataFrame:
    out = io.StringIO()
    write_acled(articles, out, timestamp=NOW)
    return pd.read_csv(io.StringIO(out.getvalue()), dtype=str, keep_default_na=False)


def test_acled_columns_are_acleds_in_order():
    assert list(acled_columns()) == ACLED


def test_csv_loads_with_pandas_with_the_acled_columns_then_the_evidence(article):
    frame = export([article])
    assert list(frame.columns) == [*ACLED, "newstrace_evidence"]


def test_negated_or_hypothetical_events_are_left_out(article):
    frame = export([article])
    assert len(frame) == 1
    assert json.loads(frame.loc[0, "newstrace_evidence"])["event_index"] == 0


def test_an_air_strike_row(article):
    row = export([article]).loc[0]
    assert row["event_id_cnty"].startswith("SYR-")
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2016-03-03", "2016", "1")
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"]) == (
        "Political violence",
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert (row["actor1"], row["inter1"], row["actor2"], row["inter2"]) == (
        "Syria",
        "1",
        "civilians",
        "7",
    )
    assert row["interaction"] == "17"
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["iso"], row["country"], row["location"], row["geo_precision"]) == (
        "760",
        "Syria",
        "Aleppo",
        "1",
    )
    assert (row["latitude"], row["longitude"]) == ("36.20124", "37.16117")
    assert row["fatalities"] == "12"
    assert row["source"] == "Example Wire"
    assert row["notes"].startswith("Syrian warplanes killed 12 civilians")
    assert row["timestamp"] == str(int(NOW.timestamp()))


def test_a_vague_toll_leaves_fatalities_empty_and_none_gives_zero(article):
    from dataclasses import replace

    from newstrace.records import Fatalities

    vague = replace(article.events[0].fatalities, dead=None)
    events = (replace(article.events[0], fatalities=vague),)
    assert export([replace(article, events=events)]).loc[0, "fatalities"] == ""
    events = (replace(article.events[0], fatalities=None),)
    assert export([replace(article, events=events)]).loc[0, "fatalities"] == "0"
    assert isinstance(vague, Fatalities)
