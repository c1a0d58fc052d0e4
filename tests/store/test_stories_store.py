"""Stories and contested claims in the store (issue #8): written once, replaced whole
when they change, listed by page with the article filters, read back with both sides."""

from __future__ import annotations

import dataclasses

import pytest

from newstrace.store import Filters, QueryError, open_store
from newstrace.store.base import StoryRows

from .story_rows import denial, stories_of, story_articles

pytestmark = pytest.mark.issue(8)

STORY_TABLES = ("stories", "story_articles", "contested_claims")


def rows_of(store) -> dict[str, list[tuple]]:
    """Every row of the story tables, in key order."""
    order = {
        "stories": "id",
        "story_articles": "story_id, seq",
        "contested_claims": "story_id, seq",
    }
    return {
        table: [tuple(row) for row in store.query(f"SELECT * FROM {table} ORDER BY {order[table]}")]
        for table in STORY_TABLES
    }


@pytest.fixture
def filled(store):
    """The store with the three articles and their two stories."""
    articles = story_articles()
    for one in articles:
        store.add_article(one)
    stories = stories_of(articles)
    for story in stories:
        assert store.put_story(story) is True
    return store, articles, stories


def test_a_story_reads_back_with_its_articles_in_order_and_both_sides_of_its_claim(filled):
    store, (claim, counter, _), (contested, _) = filled
    found = store.get_story(contested.id)
    assert found.story.title == claim.title and (found.story.first, found.story.last) == (
        "2016-02-11",
        "2016-02-13",
    )
    assert (found.story.size, found.story.contested) == (2, 1)
    assert [a.id for a in found.articles] == [claim.id, counter.id]
    assert [a.title for a in found.articles] == [claim.title, counter.title]
    (stored,) = found.claims
    assert stored.kind == "denial" and stored.message == contested.claims[0].message
    for side, source in ((stored.claim, claim), (stored.counter, counter)):
        assert side.article_id == source.id and side.title == source.title
        assert source.text[side.evidence.start : side.evidence.end] == side.evidence.text
    assert (stored.claim.speaker, stored.counter.speaker) == ("Russia", "Steve Warren")
    assert store.get_story("story-nothere") is None


def test_putting_an_unchanged_story_again_writes_nothing(filled):
    store, _, stories = filled
    before = rows_of(store)
    assert [store.put_story(story) for story in stories] == [False, False]
    assert rows_of(store) == before


def test_a_story_whose_membership_changed_is_replaced_whole(filled):
    store, (claim, counter, talks), (contested, alone) = filled
    grown = dataclasses.replace(
        contested,
        articles=(claim.id, counter.id, talks.id),
        last="2016-02-20",
        claims=(
            denial(claim, counter, speaker="Steve Warren"),
            denial(claim, counter, speaker="Peter Cook"),
        ),
    )
    assert store.put_story(grown) is True
    found = store.get_story(contested.id)
    assert [a.id for a in found.articles] == [claim.id, counter.id, talks.id]
    assert [c.counter.speaker for c in found.claims] == ["Steve Warren", "Peter Cook"]
    assert (found.story.size, found.story.last) == (3, "2016-02-20")
    shrunk = dataclasses.replace(contested, articles=(claim.id,), claims=())
    assert store.put_story(shrunk) is True
    found = store.get_story(contested.id)
    assert [a.id for a in found.articles] == [claim.id] and found.claims == ()
    assert rows_of(store)["contested_claims"] == []
    assert store.get_story(alone.id).story.size == 1  # the other story is untouched


def test_articles_not_stored_and_the_claims_citing_them_are_left_out(store):
    claim, counter, _ = story_articles()
    store.add_article(claim)
    story = StoryRows(
        id="story-partial",
        title=None,
        first=None,
        last=None,
        articles=(claim.id, counter.id),
        claims=(denial(claim, counter),),
    )
    assert store.put_story(story) is True
    found = store.get_story("story-partial")
    assert [a.id for a in found.articles] == [claim.id] and found.claims == ()


def test_removing_a_story_deletes_its_rows_only(filled):
    store, _, (contested, alone) = filled
    assert store.story_ids() == {contested.id, alone.id}
    assert store.remove_story(contested.id) is True
    assert store.remove_story(contested.id) is False
    assert store.story_ids() == {alone.id}
    remaining = rows_of(store)
    assert remaining["contested_claims"] == [] and len(remaining["story_articles"]) == 1
    assert store.get_article(story_articles()[0].id) is not None  # articles stay


def _ids(page) -> list[str]:
    return [one.id for one in page.items]


def test_stories_are_listed_by_first_day_and_filtered_through_their_articles(filled):
    store, _, (contested, alone) = filled
    every = store.story_page(Filters())
    assert _ids(every) == [contested.id, alone.id] and every.next is None
    assert [(s.size, s.contested) for s in every.items] == [(2, 1), (1, 0)]
    assert _ids(store.story_page(Filters(), contested=True)) == [contested.id]
    assert _ids(store.story_page(Filters(text="coalition aircraft"))) == [contested.id]
    assert _ids(store.story_page(Filters(text="Geneva"))) == [alone.id]
    assert _ids(store.story_page(Filters(date_from="2016-02-12", date_to="2016-02-13"))) == [
        contested.id
    ]
    assert _ids(store.story_page(Filters(date_from="2016-02-14"))) == [alone.id]
    assert _ids(store.story_page(Filters(text="Geneva"), contested=True)) == []


def test_story_pages_go_on_from_their_key_each_story_once(store):
    articles = [
        dataclasses.replace(one, published=day)
        for one, day in zip(story_articles(), ("2016-02-11", None, "2016-02-11"), strict=True)
    ]
    for one in articles:
        store.add_article(one)
    days = ["2016-02-11", None, "2016-02-11"]
    for n, (one, day) in enumerate(zip(articles, days, strict=True)):
        store.put_story(
            StoryRows(id=f"story-{n}", title=None, first=day, last=day, articles=(one.id,))
        )
    seen, after = [], None
    while True:
        page = store.story_page(Filters(), after=after, limit=1)
        seen += _ids(page)
        if page.next is None:
            break
        after = page.next
    assert seen == ["story-0", "story-2", "story-1"]  # undated last
    with pytest.raises(QueryError, match="not a position in the stories listing"):
        store.story_page(Filters(), after=(1, 2))


def test_hostile_filter_values_are_only_ever_looked_for(filled):
    store, _, _ = filled
    for value in ("x' OR '1'='1", "%", "'; DROP TABLE stories; --"):
        assert _ids(store.story_page(Filters(speaker=value, actor=value))) == []
    assert len(_ids(store.story_page(Filters()))) == 2


def test_a_store_made_before_stories_is_migrated_and_keeps_them(store_location, monkeypatch):
    from newstrace.store import migrate as runner

    shipped = runner.load_migrations
    before = [m for m in shipped("sqlite") if m.version < 4]
    assert [m.version for m in before] == [1, 2, 3]
    monkeypatch.setattr(
        runner, "load_migrations", lambda dialect: [m for m in shipped(dialect) if m.version < 4]
    )
    claim, counter, talks = story_articles()
    with open_store(store_location) as old:
        old.add_article(claim)
        assert "stories" not in {
            row[0]
            for row in old.query(
                "SELECT name FROM sqlite_master"
                if old.dialect == "sqlite"
                else "SELECT table_name AS name FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            )
        }
    monkeypatch.setattr(runner, "load_migrations", shipped)
    with open_store(store_location) as new:
        assert new.schema_version() >= 4
        new.add_article(counter)
        new.add_article(talks)
        story, _ = stories_of([claim, counter, talks])
        assert new.put_story(story) is True
        assert new.get_story(story.id).claims[0].claim.article_id == claim.id
