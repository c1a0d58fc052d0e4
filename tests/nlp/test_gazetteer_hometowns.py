"""GazetteerFixer: towns named by news conventions beside people, and city names that
begin with a country's name."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from newstrace.nlp.gazetteer import Candidate, GazetteerFixer, PlaceIndex

from ..place_helpers import doc_with_ents


def town(geonameid: int, name: str, country: str, admin1: str, population: int) -> Candidate:
    return Candidate(geonameid, name, "city", country, admin1, 0.0, 0.0, population)


FLORENCE_SC = town(4578737, "Florence", "USA", "South Carolina", 38_000)
GROVETOWN = town(4205885, "Grovetown", "USA", "Georgia", 12_000)
WILLISTON = town(5690532, "Williston", "USA", "North Dakota", 27_000)
POLICE = town(3088824, "Police", "POL", "West Pomerania", 33_000)
MEXICO_CITY = town(3530597, "Mexico City", "MEX", "Mexico City", 12_294_193)


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    index = PlaceIndex()
    for candidate in (FLORENCE_SC, GROVETOWN, WILLISTON, POLICE, MEXICO_CITY):
        index.add(candidate, [candidate.name])
    return index


def places(doc: Doc) -> list[str]:
    return [ent.text for ent in doc.ents if ent.label_ == "GPE"]


def test_a_legislators_party_letter_and_home_town_make_the_town_a_place(index):
    words = ["Sen.", "Hugh", "Leatherman", ",", "R", "-", "Florence", ",", "said", "no"]
    spaces = [True, True, False, True, False, False, False, True, True, False]
    doc = doc_with_ents(words, [(1, 3, "PERSON")], spaces=spaces)
    GazetteerFixer(index=index)(doc)
    assert places(doc) == ["Florence"]


def test_a_persons_home_after_age_and_of_is_a_place_despite_an_org_label(index):
    words = ["Rebecca", "Sears", ",", "41", ",", "of", "Grovetown", ",", "planned", "it"]
    doc = doc_with_ents(words, [(0, 2, "PERSON"), (3, 4, "DATE"), (6, 7, "ORG")])
    GazetteerFixer(index=index)(doc)
    assert places(doc) == ["Grovetown"]


def test_a_town_before_a_person_noun_is_a_place(index):
    doc = doc_with_ents(["Williston", "man", ",", "87", ",", "killed"], [(3, 4, "DATE")])
    GazetteerFixer(index=index)(doc)
    assert places(doc) == ["Williston"]


def test_a_common_word_the_article_writes_in_lower_case_stays_no_place(index):
    words = ["Police", "officials", "said", "the", "police", "left"]
    doc = doc_with_ents(words, [])
    GazetteerFixer(index=index)(doc)
    assert places(doc) == []


def test_a_name_after_of_is_no_home_town_without_a_person_before(index):
    doc = doc_with_ents(["the", "mayor", "of", "Grovetown", "said"], [])
    GazetteerFixer(index=index)(doc)
    assert places(doc) == []


def test_a_country_name_beginning_a_city_name_grows_into_it(index):
    words = ["flights", "to", "Mexico", "City", "resumed"]
    doc = doc_with_ents(words, [(2, 3, "GPE", "MEX")])
    GazetteerFixer(index=index)(doc)
    assert places(doc) == ["Mexico City"]
    [ent] = doc.ents
    assert ent.ent_id_ == ""
