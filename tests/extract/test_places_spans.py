"""Places: a name around a known place (a direction, an organisation's words) resolves to
that place, and demonym-like names are no places."""

from __future__ import annotations

import pytest

from newstrace.extract.places import extract_places, place_candidates
from newstrace.nlp.gazetteer import PlaceIndex

from ..place_helpers import doc_with_ents, place

PARIS = place("Paris", "city", "FRA", "Ile-de-France", 2_100_000)
TEXAS = place("Texas", "region", "USA", "Texas", 25_000_000)
SYDNEY = place("Sydney", "city", "AUS", "New South Wales", 4_600_000)
COLUMBUS = place("Columbus", "city", "USA", "Indiana", 46_000)
WEST_COLUMBIA = place("West Columbia", "city", "USA", "South Carolina", 17_000)
COLUMBIA = place("Columbia", "city", "USA", "South Carolina", 130_000)
HAMLET = place("Hamlet", "city", "USA", "North Carolina", 6_000)
HENRICO = place("Henrico County", "county", "USA", "Virginia", 13_000)
RED_RIVER = place("Red River County", "county", "USA", "Texas", 3_000)
ST_JOHNS = place("St. John's", "city", "CAN", "Newfoundland and Labrador", 110_000)
SAINT_JOHN = place("Saint John", "city", "CAN", "New Brunswick", 68_000)
NORTH_LAS_VEGAS = place("North Las Vegas", "city", "USA", "Nevada", 250_000)
LAS_VEGAS = place("Las Vegas", "city", "USA", "Nevada", 640_000)
GREER = place("Greer", "city", "USA", "South Carolina", 30_000)
MEXICO = place("Mexico", "country", "MEX", None, 126_000_000)
GULF = place("Gulf", "region", "PNG", "Gulf", 150_000)
NORTH_OSSETIA = place("North Ossetia", "region", "RUS", "North Ossetia", 700_000)
KIRIBATI = place("Kiribati", "country", "KIR", None, 115_000)


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    index = PlaceIndex()
    for candidate in (
        PARIS,
        TEXAS,
        SYDNEY,
        COLUMBUS,
        WEST_COLUMBIA,
        COLUMBIA,
        HAMLET,
        HENRICO,
        RED_RIVER,
        ST_JOHNS,
        SAINT_JOHN,
        NORTH_LAS_VEGAS,
        LAS_VEGAS,
        GREER,
        MEXICO,
        GULF,
        NORTH_OSSETIA,
        KIRIBATI,
    ):
        index.add(candidate, [candidate.name])
    index.add(SAINT_JOHN, ["St. John"])
    index.add(LAS_VEGAS, ["Las Vegas City"])
    return index


def places_of(index: PlaceIndex, words: list[str], ents: list[tuple]) -> list[tuple]:
    doc = doc_with_ents(words, ents)
    return [(p.text, p.name, p.start, p.end) for p in extract_places(doc, index)]


def test_compass_initials_before_a_name_stand_for_a_part_of_the_place(index):
    assert place_candidates("S.E. Paris", index) == [PARIS]
    assert place_candidates("N.Texas", index) == [TEXAS]
    assert place_candidates("W. Paris", index) == [PARIS]


def test_a_direction_in_any_case_or_hyphenated_stands_for_a_part_of_the_place(index):
    assert place_candidates("west Texas", index) == [TEXAS]
    assert place_candidates("NORTH TEXAS", index) == [TEXAS]
    assert place_candidates("North-Western Sydney", index) == [SYDNEY]
    assert place_candidates("Historic Paris", index) == [PARIS]


def test_a_trailing_compass_point_stands_for_the_place(index):
    assert place_candidates("Columbus East", index) == [COLUMBUS]
    assert place_candidates("Columbus Colony", index) == []


def test_compass_initials_spelled_out_name_a_place_first(index):
    assert place_candidates("W. Columbia", index) == [WEST_COLUMBIA]


def test_a_direction_before_a_small_town_is_not_read_as_the_town(index):
    assert place_candidates("S. Hamlet", index) == []


def test_a_one_word_name_unknown_as_written_is_the_us_county_of_that_name(index):
    assert place_candidates("Henrico", index) == [HENRICO]
    assert place_candidates("Red River", index) == []  # a river before a county


def test_a_possessive_ending_that_belongs_to_the_name_is_kept(index):
    assert place_candidates("St. John's", index) == [ST_JOHNS]


def test_a_place_labelled_body_of_a_town_is_recorded_as_the_town(index):
    words = ["the", "North", "Las", "Vegas", "Police", "Department", "said"]
    assert places_of(index, words, [(0, 6, "GPE")]) == [
        ("North Las Vegas", "North Las Vegas", 4, 19)
    ]
    words = ["at", "Greer", "City", "Hall", "today"]
    assert places_of(index, words, [(1, 4, "GPE")]) == [("Greer", "Greer", 3, 8)]


def test_a_town_word_known_as_an_alternate_name_is_left_to_the_body(index):
    words = ["the", "Las", "Vegas", "City", "Marshal", "said"]
    assert places_of(index, words, [(1, 5, "GPE")]) == [("Las Vegas", "Las Vegas", 4, 13)]


def test_a_place_labelled_name_without_a_body_word_stays_whole(index):
    words = ["in", "Texas", "Colony", "today"]
    assert places_of(index, words, [(1, 3, "GPE")]) == [("Texas Colony", "Texas Colony", 3, 15)]
    words = ["into", "the", "Gulf", "of", "Mexico", "today"]
    [(text, name, _, _)] = places_of(index, words, [(1, 5, "LOC")])
    assert (text, name) == ("the Gulf of Mexico", "the Gulf of Mexico")


def test_demonyms_and_adjectives_of_regions_are_no_places(index):
    words = ["Sri", "Lankan", "and", "North", "Ossetian", "officials", "in", "Kiribati"]
    ents = [(0, 2, "GPE"), (3, 5, "GPE"), (7, 8, "GPE")]
    assert [p[0] for p in places_of(index, words, ents)] == ["Kiribati"]
    assert [p[0] for p in places_of(index, ["North", "Ossetians"], [(0, 2, "GPE")])] == []
