"""Places: containers after a comma, local subjects, disease names and directions in
organisation names."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from newstrace.extract.places import extract_places
from newstrace.nlp.gazetteer import Candidate, PlaceIndex

from ..place_helpers import place

BUFFALO = place("Buffalo", "city", "USA", "New York", 278_000)
NEW_YORK_CITY = place("New York City", "city", "USA", "New York", 8_804_190)
NEW_YORK_STATE = place("New York", "region", "USA", "New York", 31_268_968)
PARIS_FR = place("Paris", "city", "FRA", "Ile-de-France", 2_138_551)
PARIS_TX = place("Paris", "city", "USA", "Texas", 25_171)
LAMAR_COUNTY = place("Lamar County", "county", "USA", "Texas", 9_000)
WEST_NILE = place("West Nile", "district", "UGA", "Northern Region", 9_000)
MARBURG = place("Marburg", "city", "DEU", "Hesse", 72_000)
ILLINOIS = place("Illinois", "region", "USA", "Illinois", 12_000_000)
MEXICO = Candidate(3996063, "Mexico", "country", "MEX", None, 23.0, -102.0, 126_000_000)
MEXICO_CITY = place("Mexico City", "city", "MEX", "Mexico City", 12_294_193)
MEXICO_STATE = place("Mexico", "region", "MEX", "Mexico", 14_000_000)


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    index = PlaceIndex()
    for candidate in (BUFFALO, NEW_YORK_STATE, PARIS_FR, PARIS_TX, LAMAR_COUNTY):
        index.add(candidate, [candidate.name])
    for candidate in (WEST_NILE, MARBURG, ILLINOIS):
        index.add(candidate, [candidate.name])
    index.add(NEW_YORK_CITY, ["New York City", "New York"])
    index.add(MEXICO, ["Mexico"])
    index.add(MEXICO_CITY, ["Mexico City", "Mexico"])
    index.add(MEXICO_STATE, ["Mexico"])
    return index


def parsed(words: list[str], ents: list[tuple[int, int, str]], **parse) -> Doc:
    doc = Doc(spacy.blank("en").vocab, words=words, **parse)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


def resolved(doc: Doc, index: PlaceIndex) -> list[tuple[str, str | None, str | None]]:
    return [(p.text, p.country, p.precision) for p in extract_places(doc, index)]


def test_a_region_after_a_comma_and_a_town_in_it_is_the_region(index):
    doc = parsed(
        ["girl", "from", "Buffalo", ",", "New", "York", "died"], [(2, 3, "GPE"), (4, 6, "GPE")]
    )
    assert resolved(doc, index) == [("Buffalo", "USA", "city"), ("New York", "USA", "region")]


def test_a_capital_as_subject_stays_the_local_town_the_article_places(index):
    words = ["Paris", "collected", "taxes", "in", "Lamar", "County", "."]
    parse = {
        "heads": [1, 1, 1, 1, 5, 3, 1],
        "deps": ["nsubj", "ROOT", "dobj", "prep", "compound", "pobj", "punct"],
        "pos": ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "PROPN", "PUNCT"],
    }
    doc = parsed(words, [(0, 1, "GPE"), (4, 6, "GPE")], **parse)
    assert resolved(doc, index)[0] == ("Paris", "USA", "city")
    alone = parsed(words[:3], [(0, 1, "GPE")], heads=[1, 1, 1], deps=["nsubj", "ROOT", "dobj"],
                   pos=["PROPN", "VERB", "NOUN"])  # fmt: skip
    assert resolved(alone, index) == [("Paris", "FRA", "city")]


def test_a_country_as_subject_stays_the_country_though_its_capital_shares_the_name(index):
    words = ["Mexico", "has", "cases", "."]
    parse = {"heads": [1, 1, 1, 1], "deps": ["nsubj", "ROOT", "dobj", "punct"]}
    doc = parsed(words, [(0, 1, "GPE")], pos=["PROPN", "VERB", "NOUN", "PUNCT"], **parse)
    assert resolved(doc, index) == [("Mexico", "MEX", "country")]


def test_a_name_before_a_disease_word_names_the_disease_throughout(index):
    words = ["West", "Nile", "virus", "spread", ";", "West", "Nile", "killed", "two"]
    doc = parsed(words, [(0, 2, "LOC"), (5, 7, "GPE")])
    assert extract_places(doc, index) == []


def test_a_preposition_keeps_a_disease_namesake_a_place(index):
    words = ["Marburg", "virus", "was", "found", "in", "Marburg", "first"]
    doc = parsed(words, [(0, 1, "GPE"), (5, 6, "GPE")])
    assert resolved(doc, index) == [("Marburg", "DEU", "city")]


def test_a_region_after_a_direction_word_in_an_organisation_name_is_a_place(index):
    doc = parsed(["Northern", "Illinois", "University", "students"], [(0, 3, "ORG")])
    assert resolved(doc, index) == [("Illinois", "USA", "region")]
