"""Outlet profiles: where an outlet's other articles are, learnt without gold."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.tokens import Doc, Span

from newstrace.errors import OutletProfilesError
from newstrace.extract.outlets import (
    MIN_ARTICLES,
    Anchors,
    OutletProfiles,
    article_anchors,
    learn_outlet_profiles,
    outlet_key,
)
from newstrace.extract.places import extract_places
from newstrace.nlp.gazetteer import Candidate, PlaceIndex
from newstrace.records import Place

from ..place_helpers import doc_with_ents, place

PARIS_FR = Candidate(2988507, "Paris", "city", "FRA", "Ile-de-France", 48.85, 2.35, 2_138_551)
PARIS_TN = Candidate(4646571, "Paris", "city", "USA", "Tennessee", 36.3, -88.33, 10_156)
PARIS_TX = Candidate(4717560, "Paris", "city", "USA", "Texas", 33.66, -95.56, 25_171)
HENRY = Candidate(4628552, "Henry County", "county", "USA", "Tennessee", 36.33, -88.3, 32_330)
PURYEAR = Candidate(4653185, "Puryear", "city", "USA", "Tennessee", 36.44, -88.33, 1_003)
TENNESSEE_TN = ("USA", "tennessee")


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    index = PlaceIndex()
    for candidate in (PARIS_FR, PARIS_TN, PARIS_TX):
        index.add(candidate, ["Paris"])
    index.add(HENRY, ["Henry County"])
    index.add(PURYEAR, ["Puryear"])
    return index


def place_of(candidate: Candidate, text: str | None = None) -> Place:
    text = text or candidate.name
    return Place(
        start=0,
        end=len(text),
        text=text,
        name=candidate.name,
        geonameid=candidate.geonameid,
        country=candidate.country,
        admin1=candidate.admin1,
        lat=candidate.lat,
        lon=candidate.lon,
    )


def paris_doc() -> Doc:
    doc = Doc(spacy.blank("en").vocab, words=["Paris", "police", "said"])
    doc.ents = [Span(doc, 0, 1, label="GPE")]
    return doc


@pytest.mark.parametrize(
    ("url", "outlet", "key"),
    [
        ("http://www.parisbeacon.com/news/1.html", None, "parisbeacon.com"),
        ("parisbeacon.com", "Paris Beacon", "parisbeacon.com"),
        ("https://NEWS.PostBulletin.com./a", None, "news.postbulletin.com"),
        (None, " Ahram ", "ahram"),
        (None, None, None),
        ("http://[::1", None, None),
    ],
)
def test_an_outlet_is_its_urls_host_else_its_name(url, outlet, key):
    assert outlet_key(url, outlet) == key


def test_only_places_whose_every_candidate_shares_a_region_anchor_it(index):
    anchors = article_anchors(
        [
            place_of(HENRY),
            place_of(PARIS_TN),
            Place(start=0, end=4, text="Nowhere", name="Nowhere"),
        ],
        index,
    )
    assert anchors == Anchors(frozenset({"USA"}), frozenset({TENNESSEE_TN}))
    assert article_anchors([place_of(PARIS_TN)], index) == Anchors()


def test_an_articles_own_anchors_are_left_out_of_its_outlets_profile(index):
    profiles, anchors = learn_outlet_profiles(
        [("beacon", [place_of(HENRY)])] * 3 + [("beacon", [])], index
    )
    whole = profiles.profile("beacon")
    assert whole.articles == 4 and whole.regions == {TENNESSEE_TN: 0.75}
    others = profiles.profile("beacon", without=anchors[0])
    assert others.articles == 3
    assert others.regions[TENNESSEE_TN] == pytest.approx(2 / 3)
    assert profiles.profile("elsewhere") is None


def test_an_outlet_with_too_few_articles_has_no_profile():
    profiles = OutletProfiles()
    for _ in range(MIN_ARTICLES - 1):
        profiles.add("beacon", Anchors(frozenset({"USA"}), frozenset({TENNESSEE_TN})))
    assert profiles.profile("beacon") is None
    profiles.add("beacon", Anchors())
    assert profiles.profile("beacon") is not None


def test_a_lone_ambiguous_town_is_the_one_where_the_outlets_stories_are(index):
    assert extract_places(paris_doc(), index)[0].country == "FRA"
    profiles = OutletProfiles()
    for _ in range(4):
        profiles.add("parisbeacon.com", Anchors(frozenset({"USA"}), frozenset({TENNESSEE_TN})))
    profile = profiles.profile(outlet_key("http://www.parisbeacon.com/x"))
    [paris] = extract_places(paris_doc(), index, outlet=profile)
    assert (paris.geonameid, paris.admin1) == (4646571, "Tennessee")


def test_profiles_survive_a_round_trip_through_their_file(tmp_path):
    profiles = OutletProfiles()
    for _ in range(3):
        profiles.add("beacon", Anchors(frozenset({"USA"}), frozenset({TENNESSEE_TN})))
    path = tmp_path / "outlets.json"
    profiles.save(path)
    assert OutletProfiles.load(path).profile("beacon") == profiles.profile("beacon")


@pytest.mark.parametrize("content", [None, "not json", "[1, 2]", '{"beacon": {"regions": []}}'])
def test_an_unreadable_profiles_file_names_the_file_and_the_fix(tmp_path, content):
    path = tmp_path / "outlets.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(OutletProfilesError, match="newstrace outlets") as raised:
        OutletProfiles.load(path)
    assert str(path) in str(raised.value)


def test_saved_profiles_are_plain_json(tmp_path):
    profiles = OutletProfiles()
    profiles.add("beacon", Anchors(frozenset({"USA"}), frozenset({TENNESSEE_TN})))
    path = tmp_path / "outlets.json"
    profiles.save(path)
    assert json.loads(path.read_text()) == {
        "beacon": {"articles": 1, "countries": {"USA": 1}, "regions": [["USA", "tennessee", 1]]}
    }


def test_a_country_named_town_is_the_outlets_town_when_a_local_name_agrees():
    palestine = place("Palestine", "country", "PSE", None, 4_500_000)
    town = place("Palestine", "city", "USA", "Texas", 18_000)
    county = place("Anderson County", "county", "USA", "Texas", 58_000)
    index = PlaceIndex()
    for candidate in (palestine, town):
        index.add(candidate, ["Palestine"])
    index.add(county, ["Anderson County"])
    words = ["Palestine", "and", "Anderson", "County", "officials", "met"]
    doc = doc_with_ents(words, [(0, 1, "GPE", "PSE"), (2, 4, "GPE")])
    texas = OutletProfiles()
    for _ in range(3):
        texas.add("herald", Anchors(frozenset({"USA"}), frozenset({("USA", "texas")})))
    assert extract_places(doc, index)[0].country == "PSE"  # one local name is too few alone
    assert extract_places(doc, index, outlet=texas.profile("herald"))[0].admin1 == "Texas"
    alone = doc_with_ents(["Palestine", "officials", "met"], [(0, 1, "GPE", "PSE")])
    assert extract_places(alone, index, outlet=texas.profile("herald"))[0].country == "PSE"
