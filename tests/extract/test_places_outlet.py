"""Places: the outlet's country (its country-code domain) as evidence."""

from __future__ import annotations

import pytest

from newstrace.extract.places import extract_places, outlet_country
from newstrace.nlp.gazetteer import Candidate, PlaceIndex

from ..place_helpers import doc_with_ents

LONDON_GB = Candidate(2643743, "London", "city", "GBR", "England", 51.5, -0.13, 8_961_989)
LONDON_ON = Candidate(6058560, "London", "city", "CAN", "Ontario", 42.98, -81.23, 346_765)
BRITAIN = Candidate(2635167, "United Kingdom", "country", "GBR", None, 54.75, -2.7, 66_488_991)
LFPRESS = "http://www.lfpress.ca/newsstand/News/Local/2009/03/20/story.html"


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    index = PlaceIndex()
    index.add(LONDON_GB, ["London"])
    index.add(LONDON_ON, ["London"])
    index.add(BRITAIN, ["Britain"])
    return index


@pytest.mark.parametrize(
    ("url", "iso3"),
    [
        (LFPRESS, "CAN"),
        ("independent.ie", "IRL"),
        ("https://www.thisisoxfordshire.co.uk/news/1/", "GBR"),
        ("http://www.dailystar.com.lb/article.asp?id=1", "LBN"),
        ("http://sptimes.ru./news", "RUS"),
    ],
)
def test_a_country_code_domain_names_the_outlets_country(url, iso3):
    assert outlet_country(url) == iso3


@pytest.mark.parametrize(
    "url",
    [None, "", "http://www.dispatch.com/live/x", "https://news.example.tv/", "http://[::1"],
)
def test_a_generic_missing_or_malformed_domain_names_no_country(url):
    assert outlet_country(url) is None


def test_a_lone_ambiguous_town_is_the_one_in_the_outlets_country(index):
    doc = doc_with_ents(["London", "police", "said"], [(0, 1, "GPE")])
    assert [p.country for p in extract_places(doc, index)] == ["GBR"]
    assert [p.country for p in extract_places(doc, index, url=LFPRESS)] == ["CAN"]
    [place] = extract_places(doc, index, url=LFPRESS)
    assert (place.geonameid, place.admin1) == (6058560, "Ontario")


def test_the_outlets_country_weighs_as_one_mention_among_the_articles(index):
    words = ["Britain", "and", "London", "agreed", ",", "Britain", "said"]
    ents = [(0, 1, "GPE", "GBR"), (2, 3, "GPE"), (5, 6, "GPE", "GBR")]
    doc = doc_with_ents(words, ents)
    london = extract_places(doc, index, url=LFPRESS)[1]
    assert (london.text, london.country) == ("London", "GBR")
