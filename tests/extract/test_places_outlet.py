"""Places: the outlet's country (its country-code domain) as evidence."""

from __future__ import annotations

import pytest

from newstrace.extract.outlets import OutletProfile
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


def test_a_town_the_outlets_host_names_is_its_home_in_the_region_it_anchors():
    norfolk_va = Candidate(4776222, "Norfolk", "city", "USA", "Virginia", 36.85, -76.29, 244_076)
    norfolk_ne = Candidate(5073965, "Norfolk", "city", "USA", "Nebraska", 42.03, -97.42, 24_210)
    jordan = Candidate(248816, "Jordan", "country", "JOR", None, 31.0, 36.0, 9_956_011)
    jordan_mn = Candidate(5031129, "Jordan", "city", "USA", "Minnesota", 44.67, -93.63, 6_076)
    local = PlaceIndex()
    for candidate in (norfolk_va, norfolk_ne, jordan, jordan_mn):
        local.add(candidate, [candidate.name])
    nebraska = OutletProfile(articles=5, regions={("USA", "nebraska"): 0.2})
    doc = doc_with_ents("Norfolk High School", [(0, 1, "GPE")])
    url = "http://www.norfolkdailynews.com/news/x.html"
    [place] = extract_places(doc, local, url=url, outlet=nebraska)
    assert place.admin1 == "Nebraska"
    [elsewhere] = extract_places(doc, local, url="http://www.dispatch.com/x", outlet=nebraska)
    assert elsewhere.admin1 == "Virginia"  # the region alone does not outweigh the city
    minnesota = OutletProfile(articles=5, regions={("USA", "minnesota"): 0.2})
    team = doc_with_ents("The Jordan boys team", [(1, 2, "GPE", "JOR")])
    url = "http://www.jordannews.com/news/x"
    assert [p.admin1 for p in extract_places(team, local, url=url, outlet=minnesota)] == [
        "Minnesota"
    ]
