"""Mentions: named entities with CAMEO-style actors."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from newstrace.extract.mentions import extract_mentions
from newstrace.nlp.gazetteer import Candidate, PlaceIndex

RUSSIA = Candidate(
    geonameid=2017370,
    name="Russia",
    kind="country",
    country="RUS",
    admin1=None,
    lat=None,
    lon=None,
    population=144_478_050,
)
SYRIA = Candidate(
    geonameid=163843,
    name="Syria",
    kind="country",
    country="SYR",
    admin1=None,
    lat=None,
    lon=None,
    population=16_906_283,
)
MOSCOW = Candidate(
    geonameid=524901,
    name="Moscow",
    kind="city",
    country="RUS",
    admin1="Moscow",
    lat=55.75,
    lon=37.62,
    population=10_381_222,
)


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    index = PlaceIndex()
    index.add(RUSSIA, ["Russia", "Russian Federation"])
    index.add(SYRIA, ["Syria"])
    index.add(MOSCOW, ["Moscow"])
    return index


def make_doc(text: str, ents: list[tuple[int, int, str, str]]) -> Doc:
    doc = Doc(spacy.blank("en").vocab, words=text.split())
    doc.ents = [Span(doc, s, e, label=label, span_id=ent_id) for s, e, label, ent_id in ents]
    return doc


def actors(doc: Doc, index: PlaceIndex) -> list[tuple]:
    return [
        (m.text, m.label, m.actor and (m.actor.name, m.actor.country, m.actor.sector))
        for m in extract_mentions(doc, index)
    ]


def test_mentions_give_lexicon_organisations_their_canonical_name_and_sector(index):
    words = "ISIS and NATO met the Syrian Observatory for Human Rights"
    doc = make_doc(
        words,
        [
            (0, 1, "ORG", "Islamic State"),
            (2, 3, "ORG", "NATO"),
            (5, 10, "ORG", "Syrian Observatory for Human Rights"),
        ],
    )
    assert actors(doc, index) == [
        ("ISIS", "ORG", ("Islamic State", None, "REB")),
        ("NATO", "ORG", ("NATO", None, "IGO")),
        (
            "Syrian Observatory for Human Rights",
            "ORG",
            ("Syrian Observatory for Human Rights", "SYR", "NGO"),
        ),
    ]


def test_mentions_resolve_countries_places_and_demonyms(index):
    words = "Russian Federation jets flew from Moscow with Syrian and Kurdish fighters"
    doc = make_doc(
        words,
        [
            (0, 2, "GPE", "RUS"),
            (5, 6, "GPE", ""),
            (7, 8, "NORP", ""),
            (9, 10, "NORP", ""),
        ],
    )
    assert actors(doc, index) == [
        ("Russian Federation", "GPE", ("Russia", "RUS", None)),
        ("Moscow", "GPE", ("Moscow", "RUS", None)),
        ("Syrian", "NORP", ("Syria", "SYR", None)),
        ("Kurdish", "NORP", ("Kurdish", None, None)),
    ]


def test_mentions_keep_unknown_persons_and_organisations_as_written(index):
    words = "Salem Meslet told the Aleppo Council"
    doc = make_doc(words, [(0, 2, "PERSON", ""), (4, 6, "ORG", "")])
    assert actors(doc, index) == [
        ("Salem Meslet", "PERSON", ("Salem Meslet", None, None)),
        ("Aleppo Council", "ORG", ("Aleppo Council", None, None)),
    ]


def test_mentions_code_leaders_from_the_people_dictionary(index):
    words = "John Kerry met Lavrov and Merkel"
    doc = make_doc(words, [(0, 2, "PERSON", ""), (3, 4, "PERSON", ""), (5, 6, "PERSON", "")])
    assert actors(doc, index) == [
        ("John Kerry", "PERSON", ("John Kerry", "USA", "GOV")),
        ("Lavrov", "PERSON", ("Lavrov", "RUS", "GOV")),
        ("Merkel", "PERSON", ("Merkel", "DEU", "GOV")),
    ]


def test_mentions_name_a_surname_by_the_articles_full_name(index):
    doc = make_doc(
        "Angela Merkel spoke . Merkel left", [(0, 2, "PERSON", ""), (4, 5, "PERSON", "")]
    )
    assert actors(doc, index)[1] == ("Merkel", "PERSON", ("Angela Merkel", "DEU", "GOV"))


def test_mentions_code_phoenix_groups_and_every_countrys_demonym(index):
    words = "Serbian police and Hizbullah fighters met Amnesty International"
    doc = make_doc(words, [(0, 1, "NORP", ""), (3, 4, "ORG", ""), (6, 8, "ORG", "")])
    assert [actor for _, _, actor in actors(doc, index)] == [
        ("Serbian", "SRB", None),  # the test index has no Serbia: the code still comes
        ("Hezbollah", "LBN", "REB"),
        ("Amnesty International", None, "NGO"),
    ]


def test_mentions_point_the_actor_span_at_the_entity(index):
    doc = make_doc("talks in Syria", [(2, 3, "GPE", "SYR")])
    [mention] = extract_mentions(doc, index)
    span = mention.actor.span
    assert (span.start, span.end, span.text) == (mention.start, mention.end, "Syria")
    assert doc.text[mention.start : mention.end] == mention.text


def test_mentions_skip_dates_and_numbers(index):
    doc = make_doc("on Monday 5 people", [(1, 2, "DATE", ""), (2, 3, "CARDINAL", "")])
    assert extract_mentions(doc, index) == []


@pytest.mark.slow
def test_sample_mentions_have_actors(nlp, sample_text):
    mentions = extract_mentions(nlp(sample_text))
    found = {(m.text, m.actor.name, m.actor.country, m.actor.sector) for m in mentions if m.actor}
    assert ("Russian Federation", "Russia", "RUS", None) in found
    assert ("North Atlantic Treaty Organisation", "NATO", None, "IGO") in found
    assert ("Daesh", "Islamic State", None, "REB") in found
    assert ("Syrian", "Syria", "SYR", None) in found
    assert ("Kerry", "John Kerry", "USA", "GOV") in found
    assert ("Lavrov", "Lavrov", "RUS", "GOV") in found
    for mention in mentions:
        assert sample_text[mention.start : mention.end] == mention.text


@pytest.mark.slow
def test_capital_that_acts_is_its_government(nlp):
    from newstrace.core import extract_text

    article = extract_text(
        "Western officials say Washington has concerns, and Moscow denied it.", nlp
    )
    actors = {m.text: m.actor for m in article.mentions if m.actor}
    assert (actors["Washington"].country, actors["Washington"].sector) == ("USA", "GOV")
    assert (actors["Moscow"].country, actors["Moscow"].sector) == ("RUS", "GOV")


@pytest.mark.slow
def test_place_where_something_happens_is_not_a_government(nlp):
    from newstrace.core import extract_text

    article = extract_text("Fighting continued in Aleppo on Monday.", nlp)
    (aleppo,) = [m for m in article.mentions if m.text == "Aleppo"]
    assert aleppo.actor.sector is None
