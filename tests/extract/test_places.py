"""Places: toponyms resolved to GeoNames candidates by evidence."""

from __future__ import annotations

import pytest

from newstrace.extract.places import (
    PlaceContext,
    candidate_precision,
    choose_candidate,
    extract_places,
)
from newstrace.nlp.gazetteer import Candidate, PlaceIndex

from ..place_helpers import doc_with_ents


def city(geonameid: int, name: str, country: str, population: int, admin1: str = "") -> Candidate:
    return Candidate(
        geonameid=geonameid,
        name=name,
        kind="city",
        country=country,
        admin1=admin1 or None,
        lat=0.0,
        lon=0.0,
        population=population,
    )


def region(name: str, country: str, population: int) -> Candidate:
    return Candidate(
        geonameid=None,
        name=name,
        kind="region",
        country=country,
        admin1=name,
        lat=None,
        lon=None,
        population=population,
    )


def country(geonameid: int, name: str, iso3: str, population: int) -> Candidate:
    return Candidate(
        geonameid=geonameid,
        name=name,
        kind="country",
        country=iso3,
        admin1=None,
        lat=None,
        lon=None,
        population=population,
    )


TRIPOLI_LBY = city(2210247, "Tripoli", "LBY", 1_302_947)
TRIPOLI_LBN = city(266826, "Tripoli", "LBN", 229_398)
LONDON_GBR = city(2643743, "London", "GBR", 8_961_989)
LONDON_KY = city(4298960, "London", "USA", 8_126)
ALEPPO_CITY = city(170063, "Aleppo", "SYR", 2_098_210, "Aleppo")
ALEPPO_REGION = region("Aleppo", "SYR", 2_802_348)
SYRIA = country(163843, "Syria", "SYR", 16_906_283)
LEBANON = country(272103, "Lebanon", "LBN", 6_848_925)


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    index = PlaceIndex()
    for candidate in (TRIPOLI_LBY, TRIPOLI_LBN, ALEPPO_CITY, ALEPPO_REGION):
        index.add(candidate, [candidate.name])
    index.add(SYRIA, ["Syria", "Syrian Arab Republic"])
    index.add(LEBANON, ["Lebanon"])
    return index


def test_choose_prefers_the_country_given_after_a_comma():
    best = choose_candidate([TRIPOLI_LBY, TRIPOLI_LBN], explicit_countries={"LBN"})
    assert best is TRIPOLI_LBN


def test_choose_prefers_the_country_the_story_is_about():
    best = choose_candidate([TRIPOLI_LBY, TRIPOLI_LBN], mentioned={"LBN": 0.9, "USA": 0.1})
    assert best is TRIPOLI_LBN


def test_choose_keeps_a_world_city_over_a_namesake_in_a_mentioned_country():
    assert choose_candidate([LONDON_GBR, LONDON_KY], mentioned={"USA": 1.0}) is LONDON_GBR


def test_choose_takes_the_largest_place_without_evidence():
    assert choose_candidate([TRIPOLI_LBN, TRIPOLI_LBY]) is TRIPOLI_LBY


def test_choose_prefers_a_city_to_its_namesake_region_unless_province_is_said():
    assert choose_candidate([ALEPPO_REGION, ALEPPO_CITY]) is ALEPPO_CITY
    assert choose_candidate([ALEPPO_REGION, ALEPPO_CITY], precision="region") is ALEPPO_REGION


def test_choose_prefers_a_namesake_in_a_region_the_story_names():
    paris_fr = city(2988507, "Paris", "FRA", 2_138_551, "Ile-de-France")
    paris_tn = city(4646571, "Paris", "USA", 10_156, "Tennessee")
    assert choose_candidate([paris_fr, paris_tn]) is paris_fr
    best = choose_candidate(
        [paris_fr, paris_tn], mentioned={"USA": 1.0}, regions=frozenset({("USA", "tennessee")})
    )
    assert best is paris_tn


def test_context_collects_regions_named_only_as_regions():
    index = PlaceIndex()
    index.add(region("Tennessee", "USA", 6_000_000), ["Tennessee"])
    doc = doc_with_ents("a fire in Tennessee", [(3, 4, "GPE")])
    context = PlaceContext.of(doc, index)
    assert context.regions == {("USA", "tennessee")}
    assert context.countries == {"USA": 1.0}


def test_choose_returns_none_without_candidates():
    assert choose_candidate([]) is None


def test_precision_follows_kind_and_population():
    assert candidate_precision(SYRIA) == "country"
    assert candidate_precision(ALEPPO_REGION) == "region"
    assert candidate_precision(ALEPPO_CITY) == "city"
    assert candidate_precision(LONDON_KY) == "village"


def test_context_weighs_countries_by_their_share_of_mentions(index):
    words = "Syrian troops entered Syria from Lebanon"
    doc = doc_with_ents(words, [(0, 1, "NORP"), (3, 4, "GPE"), (5, 6, "GPE")])
    context = PlaceContext.of(doc, index)
    assert context.countries == pytest.approx({"SYR": 2 / 3, "LBN": 1 / 3})


def test_places_resolve_with_offsets_and_skip_demonyms(index):
    words = "Syrian jets struck Tripoli , Lebanon and the village of Kalaz Taktani"
    doc = doc_with_ents(words, [(0, 1, "NORP"), (3, 4, "GPE"), (5, 6, "GPE"), (10, 12, "GPE")])
    places = extract_places(doc, index)
    assert [(p.text, p.geonameid, p.country, p.precision) for p in places] == [
        ("Tripoli", 266826, "LBN", "city"),
        ("Lebanon", 272103, "LBN", "country"),
        ("Kalaz Taktani", None, None, "village"),
    ]
    assert all(doc.text[p.start : p.end] == p.text for p in places)


def test_places_name_a_province_as_its_region(index):
    doc = doc_with_ents("shelling in Aleppo province", [(2, 3, "GPE")])
    [place] = extract_places(doc, index)
    assert (place.name, place.geonameid, place.precision) == ("Aleppo", None, "region")


@pytest.mark.slow
def test_sample_places_resolve_to_geonames(nlp, sample_text):
    places = extract_places(nlp(sample_text))
    by_text: dict[str, set] = {}
    for place in places:
        assert sample_text[place.start : place.end] == place.text
        by_text.setdefault(place.text, set()).add((place.geonameid, place.country))
    assert by_text["Aleppo"] == {(170063, "SYR")}
    assert len([p for p in places if p.text == "Aleppo"]) == 3
    assert by_text["Afrin"] == {(174186, "SYR")}
    assert by_text["Kalaz Taktani"] == {(None, "SYR")}  # no point: the story's country
    assert by_text["Russian Federation"] == {(2017370, "RUS")}
    assert by_text["Geneva"] == {(2660646, "CHE")}
    assert by_text["Brussels"] == {(2800866, "BEL")}
    assert by_text["Baghdad"] == {(98182, "IRQ")}
    assert by_text["Moscow"] == {(524901, "RUS")}
    assert "Syrian" not in by_text


@pytest.mark.slow
def test_sample_country_places_have_country_precision(nlp, sample_text):
    places = extract_places(nlp(sample_text))
    assert {p.precision for p in places if p.text in ("Syria", "Russia", "US")} == {"country"}


PARIS_FRA = city(2988507, "Paris", "FRA", 2_138_551, "Ile-de-France")
PARIS_TN = city(4647963, "Paris", "USA", 10_156, "Tennessee")
HENRY_COUNTY_TN = Candidate(
    geonameid=None,
    name="Henry County",
    kind="county",
    country="USA",
    admin1="Tennessee",
    lat=36.3,
    lon=-88.3,
    population=5000,
)
GAINESVILLE_FL = city(4156404, "Gainesville", "USA", 133_857, "Florida")
TEXAS = region("Texas", "USA", 25_000_000)


@pytest.fixture(scope="module")
def us_index() -> PlaceIndex:
    index = PlaceIndex()
    for candidate in (PARIS_FRA, PARIS_TN, HENRY_COUNTY_TN, GAINESVILLE_FL, TEXAS):
        index.add(candidate, [candidate.name])
    return index


def test_second_pass_pulls_a_namesake_to_the_region_of_unambiguous_places(us_index):
    doc = doc_with_ents("Paris police and Henry County deputies", [(0, 1, "GPE"), (3, 5, "GPE")])
    paris, county = extract_places(doc, us_index)
    assert (paris.country, paris.admin1) == ("USA", "Tennessee")
    assert (county.precision, county.admin1) == ("region", "Tennessee")


def test_without_local_evidence_the_world_city_wins(us_index):
    doc = doc_with_ents("Paris police said", [(0, 1, "GPE")])
    [paris] = extract_places(doc, us_index)
    assert paris.country == "FRA"


def test_places_inside_organisation_names(us_index):
    text = "the Gainesville Police Department and the Texas Department of Transportation"
    doc = doc_with_ents(text, [(0, 4, "ORG"), (5, 10, "ORG")])
    places = extract_places(doc, us_index)
    assert [(p.text, p.name) for p in places] == [
        ("Gainesville", "Gainesville"),
        ("Texas", "Texas"),
    ]
    assert all(doc.text[p.start : p.end] == p.text for p in places)


def test_an_organisation_named_after_a_city_without_institution_word_is_no_place(us_index):
    doc = doc_with_ents("Gainesville Sun reported", [(0, 2, "ORG")])
    assert extract_places(doc, us_index) == []


@pytest.mark.slow
def test_capital_as_subject_resolves_to_the_capital_not_the_state(nlp):
    from newstrace.core import extract_text

    article = extract_text("Western officials suggest Washington has concerns.", nlp)
    (washington,) = [p for p in article.places if p.text == "Washington"]
    assert (washington.geonameid, washington.country) == (4140963, "USA")


@pytest.mark.slow
def test_georgia_is_the_us_state_in_a_story_of_its_cities_and_the_country_beside_tbilisi(nlp):
    from newstrace.core import extract_text

    state = extract_text("Storms hit Atlanta and Savannah. Georgia declared an emergency.", nlp)
    (georgia,) = [p for p in state.places if p.text == "Georgia"]
    assert (georgia.country, georgia.precision) == ("USA", "region")
    country = extract_text("Protesters filled Tbilisi. Georgia recalled its envoy.", nlp)
    (georgia,) = [p for p in country.places if p.text == "Georgia"]
    assert (georgia.country, georgia.precision) == ("GEO", "country")
