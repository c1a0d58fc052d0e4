"""Full-text search, quotes and events queries, their filters, and hostile input."""

from __future__ import annotations

import contextlib

import pytest

from newstrace.records import Event
from newstrace.store import Filters, QueryError

from .articles import actor, article, mention, place, quote, span

HOSPITAL = (
    "Air strikes hit a hospital in Aleppo. The hospital was the last one open, and "
    "doctors said the hospital had been hit twice. “We have nowhere to go,” said Ahmed Ali."
)
TALKS = (
    "John Kerry met Sergei Lavrov in Geneva. “The hospital attacks must stop,” Kerry said. "
    "Russia denied any role."
)
MARKET = "A market in Idlib reopened after months of fighting, traders said."


def _assault(text: str, trigger: str, source, target, where=None) -> Event:
    return Event(
        plover="ASSAULT",
        mode="aerial",
        cameo="195",
        acled=None,
        trigger=span(text, trigger),
        evidence=span(text, trigger),
        source=source,
        target=target,
        place=where,
    )


@pytest.fixture
def corpus(store):
    """Three articles: a hospital strike, talks between Kerry and Lavrov, a market."""
    russia = actor(TALKS, "Russia", "Russia", "RUS", "GOV")
    kerry = actor(TALKS, "John Kerry", "John Kerry", "USA", "GOV")
    aleppo = place(HOSPITAL, "Aleppo", "Aleppo", 170063, country="SYR")
    hospital = article(
        HOSPITAL,
        title="Hospital hit in Aleppo",
        published="2016-02-11",
        places=(aleppo,),
        quotes=(quote(HOSPITAL, "We have nowhere to go,", "Ahmed Ali", "Ahmed Ali"),),
        events=(
            _assault(
                HOSPITAL,
                "Air strikes",
                actor(HOSPITAL, "Air strikes", "Russia", "RUS", "MIL"),
                None,
                aleppo,
            ),
        ),
    )
    talks = article(
        TALKS,
        title="Kerry and Lavrov meet",
        published="2016-03-01",
        mentions=(
            mention(TALKS, "Russia", "GPE", russia),
            mention(TALKS, "John Kerry", "PERSON", kerry),
        ),
        places=(place(TALKS, "Geneva", "Geneva", 2660646, country="CHE"),),
        quotes=(
            quote(TALKS, "The hospital attacks must stop,", "Kerry", "John Kerry", actor=kerry),
        ),
    )
    market = article(
        MARKET,
        title="Idlib market reopens",
        published="2016-04-20",
        places=(place(MARKET, "Idlib", "Idlib", 169389, country="SYR"),),
    )
    for item in (hospital, talks, market):
        store.add_article(item)
    return {"hospital": hospital, "talks": talks, "market": market}


def ids(hits) -> list[str]:
    return [hit.article_id for hit in hits]


def test_the_article_most_about_the_words_ranks_first(store, corpus):
    hits = store.search(Filters(text="hospital"))
    assert ids(hits) == [corpus["hospital"].id, corpus["talks"].id]
    assert hits[0].score > hits[1].score > 0


def test_search_stems_words(store, corpus):
    assert ids(store.search(Filters(text="reopening"))) == [corpus["market"].id]


def test_all_words_must_match(store, corpus):
    assert ids(store.search(Filters(text="hospital Geneva"))) == [corpus["talks"].id]


def test_quoted_phrase_keeps_its_words_together(store, corpus):
    assert ids(store.search(Filters(text='"attacks must stop"'))) == [corpus["talks"].id]
    assert store.search(Filters(text='"stop attacks"')) == []


def test_snippet_marks_the_matched_words(store, corpus):
    (hit,) = store.search(Filters(text="Geneva"))
    assert "**Geneva**" in hit.to_dict()["snippet"]


def test_hits_carry_the_quotes_whose_content_matched(store, corpus):
    hits = {hit.article_id: hit for hit in store.search(Filters(text="hospital"))}
    assert [q.content.text for q in hits[corpus["talks"].id].quotes] == [
        "The hospital attacks must stop,"
    ]
    assert hits[corpus["hospital"].id].quotes == ()


def test_speaker_filter(store, corpus):
    assert ids(store.search(Filters(text="hospital", speaker="kerry"))) == [corpus["talks"].id]


def test_actor_filter_takes_a_country_code_or_a_name(store, corpus):
    by_code = store.search(Filters(text="hospital", actor="rus"))
    assert set(ids(by_code)) == {corpus["hospital"].id, corpus["talks"].id}
    assert ids(store.search(Filters(text="hospital", actor="John Kerry"))) == [corpus["talks"].id]
    assert store.search(Filters(text="hospital", actor="John")) == []


def test_place_filter_takes_a_name_or_a_geonames_id(store, corpus):
    assert ids(store.search(Filters(text="hospital", place="aleppo"))) == [corpus["hospital"].id]
    assert ids(store.search(Filters(text="hospital", place="2660646"))) == [corpus["talks"].id]


def test_plover_filter(store, corpus):
    assert ids(store.search(Filters(text="hospital", plover="assault"))) == [corpus["hospital"].id]


def test_date_filters_are_inclusive(store, corpus):
    hits = store.search(Filters(text="hospital", date_from="2016-03-01", date_to="2016-03-01"))
    assert ids(hits) == [corpus["talks"].id]
    assert store.search(Filters(text="hospital", date_to="2016-01-31")) == []


def test_limit(store, corpus):
    assert len(store.search(Filters(text="hospital"), limit=1)) == 1


def test_iter_articles_takes_the_same_filters(store, corpus):
    found = store.iter_articles(Filters(place="Idlib", date_from="2016-04-01"))
    assert [a.id for a in found] == [corpus["market"].id]
    assert [a.id for a in store.iter_articles(Filters(text="Lavrov"))] == [corpus["talks"].id]


def test_quotes_by_speaker(store, corpus):
    (hit,) = store.quotes(Filters(speaker="Kerry"))
    assert hit.quote == corpus["talks"].quotes[0]
    assert hit.article_id == corpus["talks"].id
    assert hit.to_dict()["speaker"]["name"] == "John Kerry"


def test_quotes_by_words_and_by_speaker_actor(store, corpus):
    assert [h.quote.speaker.name for h in store.quotes(Filters(text="nowhere"))] == ["Ahmed Ali"]
    assert [h.quote.speaker.name for h in store.quotes(Filters(actor="USA"))] == ["John Kerry"]


def test_events_by_category_actor_and_place(store, corpus):
    (hit,) = store.events(Filters(plover="ASSAULT", actor="RUS", place="Aleppo"))
    assert hit.event == corpus["hospital"].events[0]
    assert store.events(Filters(actor="USA")) == []
    assert store.events(Filters(date_from="2016-02-12")) == []


def test_stats_count_each_record_type(store, corpus):
    stats = store.stats()
    assert stats.counts["articles"] == 3
    assert stats.counts["quotes"] == 2
    assert stats.counts["events"] == 1
    assert stats.top_places[0] in {("Aleppo", 1), ("Geneva", 1), ("Idlib", 1)}
    assert ("John Kerry", 1) in stats.top_speakers


INJECTIONS = [
    "'; DROP TABLE articles; --",
    '" OR 1=1 --',
    "hospital) OR (1=1",
    "title:hospital NEAR(a b) * ^ AND OR NOT",
    "%",
    "_",
    "\\",
]


@pytest.mark.parametrize("hostile", INJECTIONS)
def test_hostile_search_text_is_searched_for_not_run(store, corpus, hostile):
    # "no word to look for" is a fine answer; an SQL or FTS5 syntax error is not
    with contextlib.suppress(QueryError):
        store.search(Filters(text=hostile))
    assert store.stats().counts["articles"] == 3


@pytest.mark.parametrize("hostile", INJECTIONS)
def test_hostile_filter_values_match_nothing_and_change_nothing(store, corpus, hostile):
    for field in ("speaker", "actor", "place", "plover"):
        assert store.search(Filters(text="hospital", **{field: hostile})) == []
        assert store.quotes(Filters(**{field: hostile})) == []
        assert store.events(Filters(**{field: hostile})) == []
    assert store.stats().counts["articles"] == 3
    assert store.get_article(corpus["talks"].id) == corpus["talks"]


def test_an_operator_word_is_an_ordinary_word(store, corpus):
    assert ids(store.search(Filters(text="OR Idlib"))) == []
    assert ids(store.search(Filters(text="NOT Idlib"))) == []


def test_text_without_words_is_a_clear_error(store, corpus):
    with pytest.raises(QueryError, match="no word to look for"):
        store.search(Filters(text=" -- ; "))


def test_a_bad_date_is_a_clear_error():
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        Filters(date_from="11/02/2016")
    with pytest.raises(QueryError, match="after --to"):
        Filters(date_from="2016-03-01", date_to="2016-02-01")
