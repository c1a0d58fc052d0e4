"""A store's outlet profiles: anchors derived from its stored places, summed per outlet."""

from __future__ import annotations

import pytest

from newstrace.core import article_id
from newstrace.nlp.gazetteer import load_place_index
from newstrace.records import Article, Place
from newstrace.store.outlets import store_outlet_profiles

TENNESSEE = ("USA", "tennessee")


@pytest.fixture(scope="module")
def index():
    return load_place_index()


def local_story(n: int, url: str | None, outlet: str | None = None, state: bool = True) -> Article:
    text = f"Story {n}: officials across Tennessee met." if state else f"Story {n}: nothing here."
    places = ()
    if state:
        start = text.index("Tennessee")
        places = (
            Place(
                start=start,
                end=start + 9,
                text="Tennessee",
                name="Tennessee",
                geonameid=4662168,
                country="USA",
                admin1="Tennessee",
                lat=35.75,
                lon=-86.25,
                precision="region",
            ),
        )
    return Article(
        id=article_id(text), source=f"s{n}", text=text, url=url, outlet=outlet, places=places
    )


def count_rows(store) -> int:
    return store.query("SELECT COUNT(*) FROM outlet_anchors")[0][0]


def test_each_stored_article_is_anchored_once_and_counted_for_its_outlet(store, index):
    for n in range(3):
        store.add_article(local_story(n, f"http://www.parisbeacon.com/{n}"))
    store.add_article(local_story(3, "http://parisbeacon.com/3", state=False))
    store.add_article(local_story(4, None, outlet="Ahram"))
    store.add_article(local_story(5, None))
    profiles = store_outlet_profiles(store, index)
    beacon = profiles.profile("parisbeacon.com")
    assert beacon.articles == 4
    assert beacon.regions == {TENNESSEE: 0.75} and beacon.countries == {"USA": 0.75}
    assert profiles.profile("ahram") is None  # one article says nothing yet
    assert dict(profiles.outlets()) == {"parisbeacon.com": 4, "ahram": 1}
    rows = count_rows(store)
    assert store_outlet_profiles(store, index).profile("parisbeacon.com") == beacon
    assert count_rows(store) == rows  # nothing anchored twice


def test_articles_added_later_join_their_outlets_profile_on_the_next_call(store, index):
    for n in range(3):
        store.add_article(local_story(n, f"http://parisbeacon.com/{n}", state=False))
    assert store_outlet_profiles(store, index).profile("parisbeacon.com").regions == {}
    store.add_article(local_story(9, "http://parisbeacon.com/9"))
    later = store_outlet_profiles(store, index).profile("parisbeacon.com")
    assert later.articles == 4 and later.regions == {TENNESSEE: 0.25}
