"""Geoparsing evaluation: span matching, realignment and the Gritta et al. measures."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from newstrace.errors import EvalDataNotFound
from newstrace.eval.geo import (
    MAX_ERROR_KM,
    GeoArticle,
    GoldToponym,
    corpus_path,
    error_auc,
    evaluate_geo,
    geocoding_metrics,
    match_spans,
    read_geo_corpus,
    realign_span,
    score_articles,
)
from newstrace.records import Place

GEO_DIR = Path(__file__).parents[2].parent / "shared/datasets/geo"
TEXT = "Floods hit Aleppo and Paris."
ALEPPO = GoldToponym(11, 17, "Aleppo", 36.20124, 37.16117, 170063)
PARIS = GoldToponym(22, 27, "Paris", 48.85341, 2.3488, 2988507)


def place(start: int, end: int, lat: float | None, lon: float | None, gid=None) -> Place:
    return Place(
        start=start, end=end, text=TEXT[start:end], name="x", lat=lat, lon=lon, geonameid=gid
    )


def test_geo_exact_coordinates_score_accuracy_one_and_auc_zero():
    article = GeoArticle(TEXT, [ALEPPO, PARIS])
    places = [place(11, 17, 36.20124, 37.16117, 170063), place(22, 27, 48.85341, 2.3488, 2988507)]
    result = score_articles([article], lambda _: places)
    assert (result["precision"], result["recall"], result["f1"]) == (1.0, 1.0, 1.0)
    assert result["accuracy_161km"] == 1.0
    assert result["auc"] == pytest.approx(0.0)
    assert result["mean_km"] == pytest.approx(0.0)
    assert result["exact_id_accuracy"] == 1.0


def test_geo_unresolved_match_counts_as_the_maximal_error():
    article = GeoArticle(TEXT, [ALEPPO, PARIS])
    places = [place(11, 17, None, None), place(22, 27, None, None)]
    result = score_articles([article], lambda _: places)
    assert result["f1"] == 1.0
    assert result["accuracy_161km"] == 0.0
    assert result["mean_km"] == result["median_km"] == MAX_ERROR_KM
    assert result["auc"] == pytest.approx(math.log1p(MAX_ERROR_KM) / math.log(MAX_ERROR_KM))
    assert result["unresolved"] == 2


def test_geo_unmatched_predictions_lower_precision_only():
    article = GeoArticle(TEXT, [ALEPPO])
    places = [place(0, 6, 0.0, 0.0), place(11, 17, 36.2, 37.16)]
    result = score_articles([article], lambda _: places)
    assert (result["precision"], result["recall"]) == (0.5, 1.0)
    assert result["geocoded"] == 1


def test_geo_auc_is_the_trapezoid_of_sorted_log_errors():
    errors = [0.0, 100.0, 20039.0]
    ys = sorted(math.log1p(e) for e in errors)
    expected = ((ys[0] + ys[1]) / 2 + (ys[1] + ys[2]) / 2) / (math.log(20039) * 2)
    assert error_auc(errors) == pytest.approx(expected)
    assert geocoding_metrics(errors)["accuracy_161km"] == pytest.approx(2 / 3)


def test_geo_spans_match_one_to_one_by_overlap():
    assert match_spans([(0, 5), (3, 8)], [(2, 6)]) == [(0, 0)]
    assert match_spans([(0, 5)], [(0, 2), (1, 5)]) == [(0, 1)]
    assert match_spans([(0, 5)], [(5, 9)]) == []


def test_geo_gold_span_realigns_to_nearest_occurrence_of_its_phrase():
    text = "Paris, Texas is not Paris."
    assert realign_span(text, 1, 6, "Paris") == (0, 5)
    assert realign_span(text, 21, 26, "Paris") == (20, 25)
    assert realign_span(text, 0, 5, "Paris") == (0, 5)
    assert realign_span(text, 3, 8, "Lyon") == (3, 8)


def test_geo_reads_both_corpus_formats_with_realigned_spans(tmp_path):
    path = tmp_path / "mixed.xml"
    path.write_text(
        "<articles><article><text>In Pandi, Bulacan.</text><locations><location>"
        "<name>Pandi</name><start>4</start><end>9</end><lat>14.87</lat><lon>120.95</lon>"
        "</location></locations></article><article><text><![CDATA[Alexandria fire]]></text>"
        "<toponyms><toponym><start>0</start><end>10</end><phrase>Alexandria</phrase>"
        '<gaztag geonameid="4314550"><lat>31.3113</lat><lon>-92.4451</lon></gaztag>'
        "</toponym></toponyms></article></articles>",
        encoding="utf-8",
    )
    first, second = read_geo_corpus(path)
    assert first.toponyms == [GoldToponym(3, 8, "Pandi", 14.87, 120.95)]
    assert second.toponyms == [GoldToponym(0, 10, "Alexandria", 31.3113, -92.4451, 4314550)]


def test_geo_missing_corpus_names_the_expected_file(tmp_path):
    with pytest.raises(EvalDataNotFound, match="lgl.xml"):
        corpus_path(tmp_path, "lgl")
    with pytest.raises(EvalDataNotFound, match="corpus"):
        corpus_path(tmp_path, "wiktor")


@pytest.mark.slow
def test_geo_first_lgl_articles_score_in_a_sane_range():
    if not (GEO_DIR / "lgl.xml").is_file():
        pytest.skip(f"LGL corpus not found at {GEO_DIR / 'lgl.xml'} (../shared/datasets/geo)")
    result = evaluate_geo(GEO_DIR, "lgl", progress=False, limit=20)
    assert result["articles"] == 20
    assert result["f1"] > 0.5
    assert result["accuracy_161km"] > 0.4
    assert 0.0 <= result["auc"] <= 1.0
    alone = result["single_article"]
    assert alone["articles"] == 20 and alone["f1"] == result["f1"]  # same toponyms found
    assert 0 < result["outlet_articles"] <= 20


def test_geo_passes_each_articles_url_to_the_predictor_never_its_gold(tmp_path):
    path = tmp_path / "lgl.xml"
    path.write_text(
        "<articles><article><domain>lfpress.ca</domain>"
        "<url>http://www.lfpress.ca/news/1.html</url><text>London fire</text>"
        "<toponyms><toponym><start>0</start><end>6</end><phrase>London</phrase>"
        '<gaztag geonameid="6058560"><lat>42.98</lat><lon>-81.23</lon></gaztag>'
        "</toponym></toponyms></article></articles>",
        encoding="utf-8",
    )
    [article] = read_geo_corpus(path)
    assert article.url == "http://www.lfpress.ca/news/1.html"
    seen = []

    def predict(given: GeoArticle) -> list[Place]:
        seen.append(given)
        return [Place(start=0, end=6, text="London", name="London", lat=42.98, lon=-81.23)]

    result = score_articles([article], predict)
    assert [(a.url, a.toponyms) for a in seen] == [("http://www.lfpress.ca/news/1.html", [])]
    assert result["accuracy_161km"] == 1.0


def test_geo_a_country_far_from_the_gold_point_counts_within_only_when_it_holds_it():
    text = "Cases in China and in China."
    gold = [GoldToponym(9, 14, "China", 35.0, 103.0), GoldToponym(22, 27, "China", 35.0, 103.0)]
    china = {"text": "China", "name": "China", "precision": "country", "lat": 35.0, "lon": 105.0}
    places = [
        Place(start=9, end=14, country="CHN", **china),
        Place(start=22, end=27, country="MNG", **china),  # same point, wrong country
    ]
    result = score_articles([GeoArticle(text, gold)], lambda _: places)
    assert result["accuracy_161km"] == 0.0  # 182 km: Wikipedia's point against GeoNames'
    assert result["accuracy_161km_or_within"] == 0.5


def test_geo_a_region_counts_within_only_when_the_gold_point_lies_in_that_region():
    text = "Ontario and Ontario."
    gold = [GoldToponym(0, 7, "Ontario", 50.0, -85.0), GoldToponym(12, 19, "Ontario", 50.0, -85.0)]
    ontario = {"text": "Ontario", "name": "Ontario", "precision": "region", "country": "CAN"}
    places = [
        Place(start=0, end=7, admin1="Ontario", lat=46.0, lon=-82.0, **ontario),
        Place(start=12, end=19, admin1="Quebec", lat=46.0, lon=-82.0, **ontario),
    ]
    result = score_articles([GeoArticle(text, gold)], lambda _: places)
    assert result["accuracy_161km"] == 0.0
    assert result["accuracy_161km_or_within"] == 0.5


def test_geo_errors_over_161_km_are_told_apart_by_kind():
    text = "China, China, Europe, Paris and Nyanza."
    spans = [(0, 5, "China"), (7, 12, "China"), (14, 20, "Europe"), (22, 27, "Paris")]
    gold = [
        GoldToponym(s, e, p, lat, lon)
        for (s, e, p), (lat, lon) in zip(
            [*spans, (32, 38, "Nyanza")],
            [(35.0, 103.0), (35.0, 103.0), (51.0, 17.5), (48.86, 2.35), (-0.5, 34.66)],
            strict=True,
        )
    ]
    area = {"precision": "country", "lat": 35.0, "lon": 105.0}
    places = [
        Place(start=0, end=5, text="China", name="China", country="CHN", **area),
        Place(start=7, end=12, text="China", name="China", country="MNG", **area),
        Place(
            start=14, end=20, text="Europe", name="Europe", precision="region", lat=48.7, lon=9.1
        ),
        Place(start=22, end=27, text="Paris", name="Paris", country="USA", lat=33.66, lon=-95.55),
        Place(start=32, end=38, text="Nyanza", name="Nyanza", country="KEN", precision="region"),
    ]
    result = score_articles([GeoArticle(text, gold)], lambda _: places)
    assert result["errors_161km"] == {
        "total": 5,
        "unresolved": 1,
        "area_read_right": 1,
        "world_region": 1,
        "other": 2,  # Mongolia for China, Paris, Texas
    }
