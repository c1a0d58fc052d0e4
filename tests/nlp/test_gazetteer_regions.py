"""The place index's regions beyond GeoNames' admin1 names as written: bare names,
compass forms, derived and world regions, districts; and the fixer's person/place calls."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from newstrace.extract.places import choose_candidate
from newstrace.nlp.gazetteer import (
    Candidate,
    GazetteerFixer,
    PlaceIndex,
    bare_admin_name,
    compass_split,
    load_place_index,
)


def test_bare_admin_names_drop_geonames_generic_words():
    assert bare_admin_name("Anhui Sheng") == "Anhui"
    assert bare_admin_name("Guangxi Zhuangzu Zizhiqu") == "Guangxi"
    assert bare_admin_name("Departement d'Eure-et-Loir") == "Eure-et-Loir"
    assert bare_admin_name("Province of Bulacan") == "Bulacan"
    assert bare_admin_name("Aisai-shi") == "Aisai"
    assert bare_admin_name("Ohio") is None


def test_compass_split_reads_either_end_and_foreign_forms():
    assert compass_split("Northern Darfur") == ("north", "Darfur")
    assert compass_split("Nord Kivu") == ("north", "Kivu")
    assert compass_split("Kasai-Occidental") == ("west", "Kasai")
    assert compass_split("Mashonaland West") == ("west", "Mashonaland")
    assert compass_split("Darfur") is None


@pytest.mark.slow
def test_index_files_regions_under_bare_and_compass_names():
    index = load_place_index()
    [anhui] = [c for c in index.lookup("Anhui") if c.kind == "region"]
    assert anhui.country == "CHN" and 29 < anhui.lat < 35
    assert [c.name for c in index.lookup("West Kasai")] == ["Kasai-Occidental"]
    assert "Southern Darfur" in {c.name for c in index.lookup("South Darfur")}


@pytest.mark.slow
def test_regions_that_differ_by_direction_make_their_shared_name_a_region():
    index = load_place_index()
    [darfur] = index.lookup("Darfur")
    assert (darfur.kind, darfur.country) == ("region", "SDN")
    assert 11 < darfur.lat < 16 and 22 < darfur.lon < 27
    assert not [c for c in index.lookup("Australia") if c.kind == "region"]


@pytest.mark.slow
def test_world_regions_are_regions_and_outrank_namesake_towns():
    index = load_place_index()
    middle_east = choose_candidate(index.lookup("Middle East"))
    assert (middle_east.kind, middle_east.country) == ("region", "")
    assert 20 < middle_east.lat < 40 and 35 < middle_east.lon < 55
    assert choose_candidate(index.lookup("America")).country == "USA"
    [ossetia] = index.lookup("South Ossetia")
    assert ossetia.country == "GEO"
    # an island is its first-level regions, not a village that shares its name
    luzon = choose_candidate(index.lookup("Luzon"))
    assert (luzon.kind, luzon.country) == ("region", "PHL") and 14 < luzon.lat < 17
    assert choose_candidate(index.lookup("Borneo")).country == ""  # three countries


@pytest.mark.slow
def test_districts_outside_the_us_are_indexed_at_their_places():
    index = load_place_index()
    [oxfordshire] = index.lookup("Oxfordshire")
    assert (oxfordshire.kind, oxfordshire.country, oxfordshire.admin1) == (
        "district",
        "GBR",
        "England",
    )
    assert 51 < oxfordshire.lat < 52.5
    assert "district" in {c.kind for c in index.lookup("Bulacan")}


def parsed(words: list[str], heads: list[int], deps: list[str], ents) -> Doc:
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


TOWN = Candidate(7, "Middletown", "city", "USA", "Ohio", 39.5, -84.4, 48_000)
HAMILTON = Candidate(8, "Hamilton", "city", "USA", "Ohio", 39.4, -84.6, 62_000)
RIPLEY = Candidate(9, "Ripley", "city", "USA", "West Virginia", 38.8, -81.7, 3_000)


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    index = PlaceIndex()
    for candidate in (TOWN, HAMILTON, RIPLEY):
        index.add(candidate, [candidate.name])
    return index


def test_fixer_makes_a_place_of_a_person_coordinated_with_a_place(index):
    words = ["offices", "in", "Hamilton", "and", "Middletown"]
    doc = parsed(
        words,
        [0, 0, 1, 2, 2],
        ["ROOT", "prep", "pobj", "cc", "conj"],
        [(2, 3, "GPE"), (4, 5, "PERSON")],
    )
    GazetteerFixer(index=index)(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Hamilton", "GPE"), ("Middletown", "GPE")]


def fixed_speech(index, words, heads, deps, lemmas, ent) -> list[tuple[str, str]]:
    """The entities the fixer leaves in a parsed sentence with one GPE `ent`."""
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, lemmas=lemmas)
    doc.ents = [Span(doc, *ent, label="GPE")]
    GazetteerFixer(index=index)(doc)
    return [(e.text, e.label_) for e in doc.ents]


def test_fixer_makes_a_person_of_an_unknown_place_that_speaks_elsewhere(index):
    words = ["Altom", "said", "it", ".", "Altom", "left"]
    heads = [1, 1, 1, 1, 5, 5]
    deps = ["nsubj", "ROOT", "dobj", "punct", "nsubj", "ROOT"]
    lemmas = ["Altom", "say", "it", ".", "Altom", "leave"]
    assert fixed_speech(index, words, heads, deps, lemmas, (4, 5)) == [("Altom", "PERSON")]


def test_fixer_makes_a_person_of_a_small_town_that_is_a_named_persons_surname(index):
    words = ["Mike", "Ripley", "coaches", ".", "Ripley", "won"]
    doc = parsed(
        words,
        [1, 2, 2, 2, 5, 5],
        ["compound", "nsubj", "ROOT", "punct", "nsubj", "ROOT"],
        [(0, 2, "PERSON"), (4, 5, "GPE")],
    )
    GazetteerFixer(index=index)(doc)
    assert ("Ripley", "PERSON") in [(e.text, e.label_) for e in doc.ents]


def test_fixer_reads_a_dateline_after_a_byline_date_and_before_a_colon(index):
    words = [
        "March",
        "30",
        ",",
        "2009",
        "HAMILTON",
        "--",
        "The",
        "board",
        ".",
        "MIDDLETOWN",
        ":",
        "Vandals",
        "struck",
        ".",
    ]
    spaces = [
        True,
        False,
        True,
        True,
        True,
        True,
        True,
        False,
        True,
        False,
        True,
        True,
        False,
        False,
    ]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces)
    GazetteerFixer(index=index)(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("HAMILTON", "GPE"), ("MIDDLETOWN", "GPE")]


def test_fixer_makes_a_person_of_a_village_that_speaks(index):
    words = ["In", "Russia", ",", "Ripley", "said", "little"]
    heads = [4, 0, 4, 4, 4, 4]
    deps = ["prep", "pobj", "punct", "nsubj", "ROOT", "dobj"]
    lemmas = ["in", "Russia", ",", "Ripley", "say", "little"]
    assert fixed_speech(index, words, heads, deps, lemmas, (3, 4)) == [("Ripley", "PERSON")]


def test_fixer_keeps_a_speaking_town_of_15000_people_a_place(index):
    words, lemmas = ["Middletown", "said", "no"], ["Middletown", "say", "no"]
    found = fixed_speech(index, words, [1, 1, 1], ["nsubj", "ROOT", "dobj"], lemmas, (0, 1))
    assert found == [("Middletown", "GPE")]


def test_fixer_makes_a_place_of_a_town_before_its_police(index):
    words = ["Deputies", "and", "Hamilton", "police", "found", "the", "two"]
    doc = Doc(spacy.blank("en").vocab, words=words)
    GazetteerFixer(index=index)(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Hamilton", "GPE")]


def test_fixer_makes_a_place_of_a_legislators_county_written_without_county():
    index = PlaceIndex()
    braxton = Candidate(None, "Braxton County", "county", "USA", "West Virginia", 38.7, -80.7, 14)
    index.add(braxton, ["Braxton County"])
    words = ["Brent", "Boggs", ",", "D", "-", "Braxton", ",", "and", "Tom", "Bakk", ",", "DFL"]
    words += ["-", "Braxton", ",", "spoke"]
    spaces = [True, False, True, False, False, False, True, True, True, False, True, False]
    spaces += [False, False, True, False]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces)
    GazetteerFixer(index=index)(doc)
    assert [(e.text, e.start) for e in doc.ents] == [("Braxton", 5), ("Braxton", 13)]


def test_fixer_makes_a_place_of_a_first_name_before_a_person_noun(index):
    words = ["Hamilton", "woman", "charged", "with", "arson"]
    doc = Doc(spacy.blank("en").vocab, words=words)
    doc.ents = [Span(doc, 0, 1, label="PERSON")]
    GazetteerFixer(index=index)(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Hamilton", "GPE")]


def test_fixer_gives_a_possessive_that_lost_its_apostrophe_its_owners_label(index):
    words = ["Noha", "waited", ".", "Nohas", "husband", "died", "in", "Ripley", "."]
    doc = parsed(
        words,
        [1, 1, 1, 4, 5, 5, 5, 6, 5],
        ["nsubj", "ROOT", "punct", "poss", "nsubj", "ROOT", "prep", "pobj", "punct"],
        [(0, 1, "PERSON"), (3, 4, "GPE"), (7, 8, "GPE")],
    )
    GazetteerFixer(index=index)(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Noha", "PERSON"),
        ("Nohas", "PERSON"),
        ("Ripley", "GPE"),
    ]


def test_fixer_leaves_a_lexicon_organisation_before_a_person_noun_an_organisation():
    white_house = Candidate(10, "White House", "city", "USA", "Tennessee", 36.5, -86.7, 11_226)
    local = PlaceIndex()
    local.add(white_house, ["White House"])
    doc = Doc(spacy.blank("en").vocab, words=["said", "White", "House", "spokesman", "Earnest"])
    doc.ents = [Span(doc, 1, 3, label="ORG", span_id="White House")]
    GazetteerFixer(index=local)(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("White House", "ORG")]
