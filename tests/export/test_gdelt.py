"""The GDELT export: GDELT 2.0's 61 event columns in order, tab-separated, evidence last."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from newstrace.export import gdelt_columns, write_gdelt

# GDELT 2.0 Event Codebook order (the BigQuery table gdelt-bq.gdeltv2.events), written
# out here independently of the package's data file.
ACTOR = [
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
]
GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
GDELT_2_COLUMNS = [
    *["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"],
    *(f"Actor1{name}" for name in ACTOR),
    *(f"Actor2{name}" for name in ACTOR),
    *["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale"],
    *["NumMentions", "NumSources", "NumArticles", "AvgTone"],
    *(f"Actor1Geo_{name}" for name in GEO),
    *(f"Actor2Geo_{name}" for name in GEO),
    *(f"ActionGeo_{name}" for name in GEO),
    "DATEADDED",
    "SOURCEURL",
]
NOW = datetime(2026, 11, 26, 12, 30, tzinfo=UTC)


def export(article, **options) -> list[list[str]]:
    out = io.StringIO()
    write_gdelt([article], out, added=NOW, **options)
    return [line.split("\t") for line in out.getvalue().splitlines()]


def test_gdelt_columns_are_the_61_of_gdelt_2_in_order():
    assert len(GDELT_2_COLUMNS) == 61
    assert list(gdelt_columns()) == GDELT_2_COLUMNS


def test_rows_have_no_header_and_the_61_columns_then_the_evidence(article):
    rows = export(article)
    assert len(rows) == 2
    assert all(len(row) == 62 for row in rows)
    assert rows[0][0].isdigit()


def test_header_option_names_every_column(article):
    header, *rows = export(article, header=True)
    assert header == [*GDELT_2_COLUMNS, "newstrace_evidence"]
    assert len(rows) == 2


def test_codes_dates_and_action_place_are_filled(article):
    header, row, _ = export(article, header=True)
    cell = dict(zip(header, row, strict=True))
    assert (cell["SQLDATE"], cell["MonthYear"], cell["Year"]) == ("20160303", "201603", "2016")
    assert cell["FractionDate"].startswith("2016.1")
    assert (cell["Actor1Code"], cell["Actor1Name"], cell["Actor1CountryCode"]) == (
        "SYRMIL",
        "SYRIA",
        "SYR",
    )
    assert (cell["Actor2Code"], cell["Actor2Type1Code"]) == ("CVL", "CVL")
    assert (cell["EventCode"], cell["EventBaseCode"], cell["EventRootCode"]) == ("195",) * 2 + (
        "19",
    )
    assert (cell["QuadClass"], cell["GoldsteinScale"]) == ("4", "-10.0")
    assert cell["IsRootEvent"] == "1"
    assert cell["ActionGeo_Type"] == "4"  # a world city
    assert cell["ActionGeo_CountryCode"] == "SY"  # FIPS 10-4, as GDELT
    assert cell["ActionGeo_ADM1Code"] == "SY09"
    assert cell["ActionGeo_FeatureID"] == "170063"
    assert cell["DATEADDED"] == "20261126123000"
    assert cell["SOURCEURL"] == "https://example.org/aleppo"


def test_evidence_column_points_back_to_the_article_spans(article):
    header, row, second = export(article, header=True)
    evidence = json.loads(row[-1])
    assert evidence["article_id"] == article.id
    start, end, text = evidence["trigger"]
    assert article.text[start:end] == text == "killed"
    start, end, text = evidence["fatalities"]
    assert article.text[start:end] == text
    later = json.loads(second[-1])
    assert later["negated"] and later["hypothetical"] and later["claimed_by"] == "Russia"
    assert dict(zip(header, second, strict=True))["IsRootEvent"] == "0"  # second paragraph


def test_an_event_without_a_date_takes_the_published_date(article):
    header, _, row = export(article, header=True)
    assert dict(zip(header, row, strict=True))["SQLDATE"] == "20160304"
