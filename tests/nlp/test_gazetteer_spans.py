"""GazetteerFixer mends place names the model cut or ran together; the place index reads
short forms ("W. Va.", "NSW", "St.") and the halves of "A and B" regions."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from newstrace.nlp.gazetteer import GazetteerFixer, PlaceIndex, load_place_index

from ..place_helpers import place

IOWA_CITY = place("Iowa City", "city", "USA", "Iowa", 74_000)
NORMAN = place("Norman", "city", "USA", "Oklahoma", 124_000)
WASHINGTON_DC = place("Washington, D.C.", "region", "USA", "Washington, D.C.", 1_400_000)
KITTS_NEVIS = place("Saint Kitts and Nevis", "country", "KNA", None, 52_000)
GUN_BARREL = place("Gun Barrel City", "city", "USA", "Texas", 6_000)
ST_JOHNS = place("St. John's", "city", "CAN", "Newfoundland and Labrador", 110_000)
NICE = place("Nice", "city", "FRA", "Provence-Alpes-Cote d'Azur", 342_000)
RUSSIA = place("Russia", "country", "RUS", None, 144_000_000)
MEXICO = place("Mexico", "country", "MEX", None, 126_000_000)
GULF_PNG = place("Gulf", "region", "PNG", "Gulf", 150_000)
WEST_VIRGINIA = place("West Virginia", "region", "USA", "West Virginia", 1_800_000)
VIRGINIA = place("Virginia", "region", "USA", "Virginia", 8_500_000)
PENNSYLVANIA = place("Pennsylvania", "region", "USA", "Pennsylvania", 13_000_000)
PA_TOWN = place("Pa", "city", "BFA", "Boucle du Mouhoun", 15_000)
NSW = place("New South Wales", "region", "AUS", "New South Wales", 8_000_000)
SAINT_MARC = place("Saint-Marc", "city", "HTI", "Artibonite", 266_000)
NORTH_LAS_VEGAS = place("North Las Vegas", "city", "USA", "Nevada", 250_000)
AZAZ = place("Azaz", "city", "SYR", "Aleppo", 66_000)
ALEPPO_REGION = place("Aleppo", "region", "SYR", "Aleppo", 4_800_000)
IDLIB = place("Idlib", "region", "SYR", "Idlib", 1_500_000)
SYRIA = place("Syria", "country", "SYR", None, 18_000_000)
GOZ_BEIDA = place("Goz Beida", "city", "TCD", "Sila", 59_000)
AL_BAYDA = place("Al Bayda", "city", "LBY", "Al Jabal al Akhdar", 89_000)


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    index = PlaceIndex()
    for candidate in (
        IOWA_CITY,
        NORMAN,
        KITTS_NEVIS,
        GUN_BARREL,
        ST_JOHNS,
        NICE,
        RUSSIA,
        MEXICO,
        GULF_PNG,
        WEST_VIRGINIA,
        VIRGINIA,
        PENNSYLVANIA,
        PA_TOWN,
        NSW,
        SAINT_MARC,
        NORTH_LAS_VEGAS,
        AZAZ,
        ALEPPO_REGION,
        IDLIB,
        SYRIA,
        GOZ_BEIDA,
    ):
        index.add(candidate, [candidate.name])
    index.add(WASHINGTON_DC, ["D.C."])
    index.add(VIRGINIA, ["Va"])
    index.add_short_form(WEST_VIRGINIA, "W. Va.")
    index.add_short_form(PENNSYLVANIA, "Pa.")
    index.add_short_form(NSW, "NSW")
    index.add(AL_BAYDA, ["Al Bayda", "Beida"])
    return index


def fixed(index: PlaceIndex, words: list[str], ents: list[tuple], spaces=None) -> list:
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    doc = GazetteerFixer(index=index)(doc)
    return [(ent.text, ent.label_) for ent in doc.ents]


def test_a_party_letter_before_a_home_town_is_no_part_of_the_place(index):
    words = ["Vicki", "Lensing", ",", "D", "-", "Iowa", "City", ",", "said"]
    spaces = [True, False, True, False, False, True, False, True, False]
    ents = [(0, 2, "PERSON"), (3, 7, "GPE")]
    assert fixed(index, words, ents, spaces)[1] == ("Iowa City", "GPE")


def test_an_unknown_name_joining_two_known_places_with_to_is_split(index):
    words = ["a", "ride", "from", "Norman", "to", "D.C.", "soon"]
    assert fixed(index, words, [(3, 6, "GPE")]) == [("Norman", "GPE"), ("D.C.", "GPE")]


def test_a_name_cut_after_and_takes_the_rest_of_a_known_name(index):
    words = ["the", "flag", "of", "St.", "Kitts", "and", "Nevis", "sank"]
    assert fixed(index, words, [(3, 6, "GPE")]) == [("St. Kitts and Nevis", "GPE")]


def test_a_name_cut_after_of_takes_the_place_after_it(index):
    words = ["to", "the", "Gulf", "of", "Mexico", "near", "Beaumont"]
    ents = [(1, 4, "LOC"), (4, 5, "GPE")]
    assert fixed(index, words, ents) == [("the Gulf of Mexico", "LOC")]


def test_a_town_cut_before_of_keeps_the_place_after_it_apart(index):
    words = ["could", "become", "the", "Nice", "of", "Russia", "."]
    ents = [(2, 5, "GPE"), (5, 6, "GPE")]
    assert fixed(index, words, ents) == [("the Nice", "GPE"), ("Russia", "GPE")]


def test_two_adjacent_places_that_make_one_known_name_are_joined(index):
    words = ["Marriott", ",", "52", ",", "of", "Gun", "Barrel", "City", ",", "guilty"]
    ents = [(5, 6, "GPE"), (6, 8, "GPE")]
    assert fixed(index, words, ents) == [("Gun Barrel City", "GPE")]


def test_a_capitalised_word_the_model_cut_off_a_known_name_is_joined(index):
    words = ["camps", "near", "Goz", "Beida", "were", "full", ",", "Governor", "Beida", "said"]
    ents = [(3, 4, "GPE"), (8, 9, "GPE")]
    assert fixed(index, words, ents) == [("Goz Beida", "GPE"), ("Beida", "GPE")]


def test_a_dateline_split_at_its_dot_is_joined(index):
    words = ["ST", ".", "JOHN'S", ",", "said"]
    spaces = [False, True, False, True, False]
    assert fixed(index, words, [(0, 1, "GPE"), (2, 3, "GPE")], spaces) == [("ST. JOHN'S", "GPE")]


def test_an_initial_before_a_short_form_joins_it(index):
    words = ["Rahall", ",", "D", "-", "W.", "Va.", ",", "chairman"]
    spaces = [False, True, False, False, True, False, True, False]
    assert fixed(index, words, [(5, 6, "GPE")], spaces) == [("W. Va.", "GPE")]


def test_an_unknown_name_takes_the_capitalised_words_that_make_it_known(index):
    words = ["of", "the", "North", "Las", "Vegas", "Police", "Department"]
    assert fixed(index, words, [(1, 4, "LOC")]) == [("the North Las Vegas", "LOC")]


def test_a_name_cut_after_and_without_a_known_whole_loses_the_and(index):
    words = ["Norman", "and", "went", "home"]
    assert fixed(index, words, [(0, 2, "GPE")]) == [("Norman", "GPE")]


def test_short_forms_count_as_written(index):
    assert index.lookup("W. Va.") == [WEST_VIRGINIA]
    assert index.lookup("W.Va.") == [WEST_VIRGINIA]
    assert index.lookup("Pa.") == [PENNSYLVANIA]  # the dot says state, not the town of Pa
    assert index.lookup("Pa") == [PA_TOWN]
    assert index.lookup("NSW") == [NSW]
    assert index.lookup("Nsw") == []


def test_an_abbreviated_word_is_looked_up_in_full(index):
    assert index.lookup("St. Marc") == [SAINT_MARC]
    assert index.lookup("Marc") == []


def test_the_real_index_knows_published_region_abbreviations_and_name_halves():
    index = load_place_index()
    expected = {
        "NSW": ("AUS", "New South Wales"),
        "B.C.": ("CAN", "British Columbia"),
        "N.L.": ("CAN", "Newfoundland and Labrador"),
        "W. Va.": ("USA", "West Virginia"),
        "Calif.": ("USA", "California"),
        "Newfoundland": ("CAN", "Newfoundland and Labrador"),
    }
    for form, (iso3, region) in expected.items():
        regions = [(c.country, c.name) for c in index.lookup(form) if c.kind == "region"]
        assert regions == [(iso3, region)], form


def test_a_region_short_form_the_model_took_for_an_organisation_is_a_place(index):
    words = ["The", "NSW", "government", "has", "confirmed", "it"]
    assert fixed(index, words, [(1, 2, "ORG")]) == [("NSW", "GPE")]


def test_city_initialisms_name_the_city_not_a_regions_postal_code():
    index = load_place_index()
    assert [(c.name, c.kind) for c in index.lookup("L.A.")] == [("Los Angeles", "city")]
    assert [c.name for c in index.lookup("NYC")] == ["New York City"]
    assert index.lookup("LA")[0].name == "Louisiana"  # without dots: the postal code


def test_a_town_run_into_the_region_that_holds_it_is_split(index):
    words = ["shelling", "in", "Azaz", "Aleppo", "killed", "four"]
    assert fixed(index, words, [(2, 4, "GPE")]) == [("Azaz", "GPE"), ("Aleppo", "GPE")]


def test_a_country_possessive_without_its_apostrophe_splits_from_its_place(index):
    words = ["rebels", "in", "Syrias", "Idlib", "said"]
    assert fixed(index, words, [(2, 4, "GPE")]) == [("Syrias", "GPE"), ("Idlib", "GPE")]


def test_two_known_names_that_do_not_hold_each_other_stay_one_name(index):
    words = ["near", "Norman", "Idlib", "today"]
    assert fixed(index, words, [(1, 3, "GPE")]) == [("Norman Idlib", "GPE")]
