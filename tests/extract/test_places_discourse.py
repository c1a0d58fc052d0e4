"""Places: what the article's own wording says across mentions: lists of places, a
container after a comma, and one reading per name."""

from __future__ import annotations

import pytest

from newstrace.extract.places import extract_places
from newstrace.nlp.gazetteer import Candidate, PlaceIndex

from ..place_helpers import country, doc_with_ents, place

WASHINGTON_STATE = place("Washington", "region", "USA", "Washington", 7_600_000)
WASHINGTON_DC = place("Washington", "city", "USA", "Washington, D.C.", 690_000)
WASHINGTON_PA = place("Washington", "city", "USA", "Pennsylvania", 13_000)
PENNSYLVANIA = place("Pennsylvania", "region", "USA", "Pennsylvania", 13_000_000)
CALIFORNIA = place("California", "region", "USA", "California", 39_000_000)
NIGER = country("Niger", "NER", 24_000_000)
NIGER_STATE = place("Niger", "region", "NGA", "Niger", 25_000_000)
NIGERIA = country("Nigeria", "NGA", 200_000_000)
TOGO = country("Togo", "TGO", 8_000_000)
GHANA = country("Ghana", "GHA", 31_000_000)
STROUD_GB = place("Stroud", "city", "GBR", "England", 60_000)
ONTARIO = place("Ontario", "region", "CAN", "Ontario", 13_000_000)
CANADA = country("Canada", "CAN", 38_000_000)
SCOTT_TN = place("Scott County", "county", "USA", "Tennessee", 22_000)
SCOTT_IN = place("Scott County", "county", "USA", "Indiana", 24_000)
INDIANA = place("Indiana", "region", "USA", "Indiana", 6_700_000)
TENNESSEE = place("Tennessee", "region", "USA", "Tennessee", 6_900_000)
KNOX_TN = place("Knox County", "county", "USA", "Tennessee", 470_000)
DEIR_EZZOR = place("Deir ez-Zor", "city", "SYR", "Deir ez-Zor", 271_800)
SYRIA = country("Syria", "SYR", 18_000_000)
ALEPPO = place("Aleppo", "city", "SYR", "Aleppo", 1_600_000)
PACIFIC_OCEAN = Candidate(None, "Pacific Ocean", "feature", "", None, 0.0, -160.0, 0)
PACIFIC_MO = place("Pacific", "city", "USA", "Missouri", 7_161)
NYANZA_RW = place("Nyanza", "city", "RWA", "Southern Province", 48_000)
KENYA = country("Kenya", "KEN", 53_000_000)
MOSCOW = place("Moscow", "city", "RUS", "Moscow", 12_500_000)
MOSCOW_REGION = place("Moscow", "region", "RUS", "Moscow", 13_000_000)
RUSSIA = country("Russia", "RUS", 144_000_000)
VICTORIA_AU = place("Victoria", "region", "AUS", "Victoria", 6_500_000)
VICTORIA_HK = place("Victoria", "city", "HKG", "Central and Western", 1_000_000)


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    index = PlaceIndex(romanised=["SYR"])
    index.add(DEIR_EZZOR, ["Deir ez-Zor", "Dayr az Zawr"])
    index.add(SYRIA, ["Syria"])
    index.add(ALEPPO, ["Aleppo"])
    index.add(PACIFIC_OCEAN, ["Pacific Ocean", "Pacific"])
    index.add(PACIFIC_MO, ["Pacific"])
    index.add(NYANZA_RW, ["Nyanza"])
    index.add(KENYA, ["Kenya"])
    index.add(MOSCOW, ["Moscow"])
    index.add(MOSCOW_REGION, ["Moscow"])
    index.add(RUSSIA, ["Russia"])
    for candidate in (
        WASHINGTON_STATE,
        WASHINGTON_DC,
        WASHINGTON_PA,
        PENNSYLVANIA,
        CALIFORNIA,
        NIGER,
        NIGER_STATE,
        NIGERIA,
        TOGO,
        GHANA,
        STROUD_GB,
        ONTARIO,
        CANADA,
        SCOTT_TN,
        SCOTT_IN,
        INDIANA,
        TENNESSEE,
        KNOX_TN,
        VICTORIA_AU,
        VICTORIA_HK,
    ):
        index.add(candidate, [candidate.name])
    return index


def test_a_list_of_states_is_no_town_and_its_state(index):
    words = ["cases", "in", "Washington", ",", "Pennsylvania", "and", "California"]
    doc = doc_with_ents(words, [(2, 3, "GPE"), (4, 5, "GPE"), (6, 7, "GPE")])
    washington, *_ = extract_places(doc, index)
    assert (washington.admin1, washington.precision) == ("Washington", "region")


def test_a_name_in_a_list_of_countries_is_the_country(index):
    words = ["Ghana", ",", "Niger", ",", "Nigeria", "and", "Togo", "reported", "polio"]
    ents = [(0, 1, "GPE", "GHA"), (2, 3, "GPE"), (4, 5, "GPE", "NGA"), (6, 7, "GPE", "TGO")]
    niger = extract_places(doc_with_ents(words, ents), index)[1]
    assert (niger.country, niger.precision) == ("NER", "country")


def test_a_town_its_container_does_not_hold_is_unresolved_inside_that_container(index):
    words = ["stopped", "in", "Stroud", ",", "Ontario", ",", "Canada", "."]
    ents = [(2, 3, "GPE"), (4, 5, "GPE"), (6, 7, "GPE", "CAN")]
    stroud, ontario, canada = extract_places(doc_with_ents(words, ents), index)
    assert stroud.geonameid is None and stroud.lat is None
    assert (stroud.country, stroud.admin1) == ("CAN", "Ontario")
    assert (ontario.precision, canada.country) == ("region", "CAN")


def test_a_town_after_a_comma_in_a_list_of_places_keeps_its_own_reading(index):
    words = ["Stroud", ",", "Ontario", "and", "Canada", "trade"]
    ents = [(0, 1, "GPE"), (2, 3, "GPE"), (4, 5, "GPE", "CAN")]
    stroud = extract_places(doc_with_ents(words, ents), index)[0]
    assert stroud.country == "GBR"


def test_bare_mentions_of_a_name_take_the_reading_its_marked_mention_gives(index):
    words = [*("an", "outbreak", "in", "Scott", "County", ",", "Indiana", "."), "Knox", "County"]
    words += [*("in", "Tennessee", "sent", "help", "to", "Scott", "County", ".")]
    ents = [(3, 5, "GPE"), (6, 7, "GPE"), (8, 10, "GPE"), (11, 12, "GPE"), (15, 17, "GPE")]
    places = extract_places(doc_with_ents(words, ents), index)
    assert [p.admin1 for p in places] == [
        *("Indiana", "Indiana", "Tennessee", "Tennessee", "Indiana")
    ]


def test_the_state_of_a_name_is_the_region(index):
    words = ["cases", "in", "the", "state", "of", "Victoria", "rose"]
    [victoria] = extract_places(doc_with_ents(words, [(5, 6, "GPE")]), index)
    assert (victoria.country, victoria.precision) == ("AUS", "region")


def test_a_name_in_another_romanisation_is_read_in_the_country_of_the_story(index):
    words = ["Syria", ":", "clashes", "in", "Deir", "Ezzor", "and", "Deir", "el", "-", "Zour"]
    ents = [(0, 1, "GPE", "SYR"), (4, 6, "GPE"), (7, 11, "GPE")]
    _, first, second = extract_places(doc_with_ents(words, ents), index)
    assert first.geonameid == second.geonameid == DEIR_EZZOR.geonameid


def test_a_sound_alike_outside_the_countries_of_the_story_stays_unresolved(index):
    words = ["Ontario", "police", "in", "Deir", "Ezzor"]
    ents = [(0, 1, "GPE"), (3, 5, "GPE")]
    deir = extract_places(doc_with_ents(words, ents), index)[-1]
    assert deir.geonameid is None and deir.lat is None


def test_a_possessive_that_lost_its_apostrophe_is_the_place(index):
    words = ["Syrias", "war", "reached", "Aleppos", "suburbs"]
    syria, aleppo = extract_places(doc_with_ents(words, [(0, 1, "GPE"), (3, 4, "GPE")]), index)
    assert (syria.country, syria.precision) == ("SYR", "country")
    assert aleppo.geonameid == ALEPPO.geonameid


def test_a_location_entity_is_the_natural_feature_not_a_namesake_town(index):
    words = ["birds", "on", "the", "Pacific", "side", "of", "the", "United", "States"]
    ents = [(3, 4, "LOC"), (7, 9, "GPE")]
    pacific = extract_places(doc_with_ents(words, ents), index)[0]
    assert (pacific.name, pacific.precision, pacific.country) == ("Pacific Ocean", "region", None)
    assert pacific.geonameid is None and pacific.lon == -160.0


def test_a_political_entity_of_a_natural_features_name_stays_the_town(index):
    words = ["the", "Pacific", "city", "council", "met"]
    pacific = extract_places(doc_with_ents(words, [(1, 2, "GPE")]), index)[0]
    assert (pacific.country, pacific.admin1) == ("USA", "Missouri")


def test_a_province_gazetteers_lack_is_no_town_of_its_name_abroad(index):
    words = ["Kenya", ":", "camps", "in", "Nyanza", "province", ";", "Nyanza", "officials"]
    ents = [(0, 1, "GPE", "KEN"), (4, 5, "GPE"), (7, 8, "GPE")]
    _, marked, bare = extract_places(doc_with_ents(words, ents), index)
    assert (marked.geonameid, marked.precision, bare.geonameid) == (None, "region", None)
    words = ["Kenya", ":", "Nyanza", "Province", "reported", "cases"]
    _, province = extract_places(doc_with_ents(words, [(0, 1, "GPE", "KEN"), (2, 4, "GPE")]), index)
    assert (province.geonameid, province.precision) == (None, "region")


def test_a_town_named_without_a_feature_word_keeps_its_reading(index):
    words = ["Kenya", "and", "Nyanza", "officials"]
    ents = [(0, 1, "GPE", "KEN"), (2, 3, "GPE")]
    assert extract_places(doc_with_ents(words, ents), index)[1].country == "RWA"


def test_a_bare_name_of_a_big_city_and_its_region_is_the_city(index):
    words = ["Russia", "and", "Russia", "again", ":", "the", "West", "accused", "Moscow"]
    ents = [(0, 1, "GPE", "RUS"), (2, 3, "GPE", "RUS"), (8, 9, "GPE")]
    moscow = extract_places(doc_with_ents(words, ents), index)[-1]
    assert (moscow.geonameid, moscow.precision) == (MOSCOW.geonameid, "city")


def test_an_unknown_village_lies_in_the_country_of_the_storys_towns(index):
    words = ["strikes", "on", "the", "village", "of", "Kalaz", "Taktani", "near", "Aleppo"]
    words += ["and", "Deir", "ez", "-", "Zor"]
    ents = [(5, 7, "GPE"), (8, 9, "GPE"), (10, 14, "GPE")]
    kalaz = extract_places(doc_with_ents(words, ents), index)[0]
    assert (kalaz.geonameid, kalaz.lat, kalaz.country, kalaz.precision) == (
        *(None, None),
        *("SYR", "village"),
    )


def test_an_unknown_village_of_a_story_across_countries_has_no_country(index):
    words = ["the", "village", "of", "Kalaz", "Taktani", "near", "Aleppo", "and", "Moscow"]
    ents = [(3, 5, "GPE"), (6, 7, "GPE"), (8, 9, "GPE")]
    assert extract_places(doc_with_ents(words, ents), index)[0].country is None


def test_an_unknown_place_in_a_known_town_lies_in_that_towns_country_and_region(index):
    words = ["a", "bus", "in", "al", "-", "Kallaseh", "in", "Aleppo", ".", "Kallaseh"]
    ents = [(3, 6, "GPE"), (7, 8, "GPE"), (9, 10, "GPE")]
    kallaseh, aleppo, bare = extract_places(doc_with_ents(words, ents), index)
    assert (kallaseh.country, kallaseh.admin1, kallaseh.lat) == ("SYR", "Aleppo", None)
    assert bare.country is None  # another name: "Kallaseh" is not "al-Kallaseh"


def test_the_bare_mentions_of_an_unknown_village_share_its_country(index):
    words = ["the", "village", "of", "Fuaa", "near", "Aleppo", "and", "Deir", "ez", "-", "Zor"]
    words += [";", "Fuaa", "was", "hit"]
    ents = [(3, 4, "GPE"), (5, 6, "GPE"), (7, 11, "GPE"), (12, 13, "GPE")]
    places = extract_places(doc_with_ents(words, ents), index)
    assert (places[0].country, places[-1].country, places[-1].lat) == ("SYR", "SYR", None)


def test_a_place_entity_in_lower_case_is_no_place(index):
    words = ["sandbagging", "in", "the", "pacific", "and", "in", "Aleppo"]
    places = extract_places(doc_with_ents(words, [(3, 4, "LOC"), (6, 7, "GPE")]), index)
    assert [p.text for p in places] == ["Aleppo"]
