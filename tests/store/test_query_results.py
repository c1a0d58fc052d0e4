"""Every filter combination answers with the rows, in the order, its meaning gives.

The store's queries are rewritten for speed (issue #6): filters found from indexes,
event pages sorted by key before their rows are read, the full-text match fenced off
on PostgreSQL. This checks that none of that changes an answer. For each combination
of the speaker, actor, place, PLOVER and date filters, with and without words to
search, on both backends, the answer must equal what the filters mean, worked out here
in Python from the stored Article records:

- search hits: the unfiltered ranking of the words (score and order), keeping the
  articles the filters accept, each with its matched quotes that pass the speaker filters;
- events: every event the filters accept, by day (its own day-precise date, else its
  article's publication date; undated last), then article and order in the article;
- quotes: every quote the filters accept, by rank of the words, else in article order;
- articles (iter_articles, article_page): those the filters accept, in ingest order.

Keyset pages walked a few rows at a time must give the same rows too. A store created at
schema version 1 and then migrated answers the same before and after its migration.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from newstrace.records import Actor, Article, Event, Quote
from newstrace.store import Filters, open_store
from newstrace.store import migrate as runner

from .mixed_corpus import mixed_corpus

# Sets of filter values (codes, whole names, GeoNames ids, places as written), each
# matching some articles and missing others.
VALUES = {
    "codes": {
        "speaker": "kerry",
        "actor": "rus",
        "place": "aleppo",
        "plover": "assault",
        "date_from": "2016-02-01",
        "date_to": "2016-06-30",
    },
    "names": {
        "speaker": "LAVROV",
        "actor": "isis",
        "place": "170063",
        "plover": "Protest",
        "date_from": "2016-03-01",
        "date_to": None,
    },
    "as written": {
        "speaker": "ahmed",
        "actor": "Syria",
        "place": "halab",
        "plover": "AID",
        "date_from": None,
        "date_to": "2016-03-15",
    },
}
FIELDS = ("speaker", "actor", "place", "plover", "dates")
WORDS = (None, "hospital", '"must be protected"')


def combinations(values: dict) -> list[Filters]:
    """Filters for every subset of FIELDS (dates as one), without words."""
    found = []
    for chosen in itertools.product((False, True), repeat=len(FIELDS)):
        given = {}
        for field, on in zip(FIELDS, chosen, strict=True):
            if not on:
                continue
            if field == "dates":
                given["date_from"], given["date_to"] = values["date_from"], values["date_to"]
            else:
                given[field] = values[field]
        found.append(Filters(**given))
    return found


# ---- what the filters mean, in Python ------------------------------------------------


def _same(a: str | None, b: str) -> bool:
    return a is not None and a.lower() == b.strip().lower()


def actor_is(who: Actor | None, value: str) -> bool:
    """--actor: an ISO3 country code or the actor's whole name, case-insensitive."""
    if who is None:
        return False
    return who.country == value.strip().upper() or _same(who.name, value)


def speaker_is(name: str | None, value: str) -> bool:
    """--speaker: part of the speaker's name, case-insensitive."""
    return name is not None and value.strip().lower() in name.lower()


def place_is(name: str | None, text: str | None, geonameid: int | None, value: str) -> bool:
    """--place: the place's name or its text as written, or its GeoNames id."""
    by_id = value.strip().isdigit() and geonameid == int(value)
    return _same(name, value) or _same(text, value) or by_id


def in_dates(day: str | None, filters: Filters) -> bool:
    if filters.date_from and (day is None or day < filters.date_from):
        return False
    return not (filters.date_to and (day is None or day > filters.date_to))


def actors_of(item: Article) -> list[Actor | None]:
    return [
        *(m.actor for m in item.mentions),
        *(q.speaker.actor for q in item.quotes if q.speaker),
        *(a for e in item.events for a in (e.source, e.target)),
    ]


def article_passes(item: Article, filters: Filters, *, skip: tuple = ()) -> bool:
    """The article filters of search and iter_articles, but `skip`, on one article."""
    f = filters
    if f.speaker and "speaker" not in skip:
        names = [q.speaker.name for q in item.quotes if q.speaker]
        if not any(speaker_is(name, f.speaker) for name in names):
            return False
    used = actors_of(item)
    if f.actor and "actor" not in skip and not any(actor_is(who, f.actor) for who in used):
        return False
    if f.place and not any(place_is(p.name, p.text, p.geonameid, f.place) for p in item.places):
        return False
    if f.plover and not any(e.plover == f.plover.strip().upper() for e in item.events):
        return False
    return in_dates(item.published, f)


def quote_passes(found: Quote, filters: Filters) -> bool:
    """The speaker and actor filters on one quote."""
    speaker = found.speaker
    if filters.speaker and not speaker_is(speaker and speaker.name, filters.speaker):
        return False
    return not (filters.actor and not actor_is(speaker and speaker.actor, filters.actor))


def event_day(found: Event, item: Article) -> str | None:
    if found.date is not None and found.date.precision == "day":
        return found.date.value
    return item.published


def event_passes(found: Event, item: Article, filters: Filters) -> bool:
    f = filters
    if f.plover and found.plover != f.plover.strip().upper():
        return False
    if f.actor and not (actor_is(found.source, f.actor) or actor_is(found.target, f.actor)):
        return False
    at = found.place
    if f.place and not (at and place_is(at.name, at.text, at.geonameid, f.place)):
        return False
    if f.speaker and not speaker_is(found.claimed_by, f.speaker):
        return False
    return in_dates(event_day(found, item), f)


# ---- the comparison ---------------------------------------------------------------------


@dataclass
class Expected:
    """What the filters mean over `corpus`, given the unfiltered word rankings."""

    corpus: list[Article]
    hits: dict[str, list]  # words -> the unfiltered search hits, best first
    quote_hits: dict[str, list]  # words -> the unfiltered quote hits, best first

    def search(self, words: str, filters: Filters) -> list:
        by_id = {item.id: item for item in self.corpus}
        found = []
        for hit in self.hits[words]:
            if article_passes(by_id[hit.article_id], filters):
                quotes = tuple(q for q in hit.quotes if quote_passes(q, filters))
                found.append((hit.article_id, hit.score, hit.snippet, quotes))
        return found

    def matching(self, words: str | None) -> set[str]:
        if words is None:
            return {item.id for item in self.corpus}
        return {hit.article_id for hit in self.hits[words]}

    def articles(self, words: str | None, filters: Filters) -> list[str]:
        within = self.matching(words)
        return [a.id for a in self.corpus if a.id in within and article_passes(a, filters)]

    def events(self, words: str | None, filters: Filters) -> list:
        within = self.matching(words)
        found = [
            (event_day(e, item) is None, event_day(e, item) or "", order, seq, item.id, e)
            for order, item in enumerate(self.corpus)
            if item.id in within
            for seq, e in enumerate(item.events)
            if event_passes(e, item, filters)
        ]
        return [(row[4], row[5]) for row in sorted(found, key=lambda row: row[:4])]

    def quotes(self, words: str | None, filters: Filters) -> list:
        by_id = {item.id: item for item in self.corpus}
        if words is None:
            ranked = [(item.id, q) for item in self.corpus for q in item.quotes]
        else:
            ranked = [(hit.article_id, hit.quote) for hit in self.quote_hits[words]]
        return [
            (article, q)
            for article, q in ranked
            if quote_passes(q, filters)
            and article_passes(by_id[article], filters, skip=("speaker", "actor"))
        ]


def expected_for(store, corpus: list[Article]) -> Expected:
    texts = [w for w in WORDS if w]
    return Expected(
        corpus=corpus,
        hits={w: store.search(Filters(text=w), limit=1_000) for w in texts},
        quote_hits={w: store.quotes(Filters(text=w), limit=1_000) for w in texts},
    )


def _walk(method, filters: Filters, limit: int) -> list:
    items, after = [], None
    while True:
        page = method(filters, after=after, limit=limit)
        items += page.items
        if page.next is None:
            return items
        after = page.next


def _with_words(filters: Filters, words: str | None) -> Filters:
    return Filters(**{**_fields(filters), "text": words})


def _fields(filters: Filters) -> dict:
    names = ("speaker", "actor", "place", "plover", "date_from", "date_to")
    return {name: getattr(filters, name) for name in names}


def answers(store, values: dict) -> dict:
    """Every query's answer for every combination of `values`, keyed for comparing."""
    found = {}
    for filters in combinations(values):
        for words in WORDS:
            asked = _with_words(filters, words)
            key = (words, tuple(sorted((k, v) for k, v in _fields(filters).items() if v)))
            if words:
                hits = store.search(asked, limit=1_000)
                found[("search", *key)] = [
                    (h.article_id, h.score, h.snippet, h.quotes) for h in hits
                ]
                found[("search_page", *key)] = [
                    (h.article_id, h.score, h.snippet, h.quotes)
                    for h in _walk(store.search_page, asked, 4)
                ]
            found[("events", *key)] = [
                (h.article_id, h.event) for h in store.events(asked, limit=1_000)
            ]
            found[("event_page", *key)] = [
                (h.article_id, h.event) for h in _walk(store.event_page, asked, 3)
            ]
            found[("quotes", *key)] = [
                (h.article_id, h.quote) for h in store.quotes(asked, limit=1_000)
            ]
            found[("quote_page", *key)] = [
                (h.article_id, h.quote) for h in _walk(store.quote_page, asked, 5)
            ]
            found[("articles", *key)] = [a.id for a in store.iter_articles(asked)]
            found[("article_page", *key)] = [a.id for a in _walk(store.article_page, asked, 7)]
    return found


@pytest.fixture
def corpus() -> list[Article]:
    return mixed_corpus()


@pytest.fixture
def filled(store, corpus):
    for item in corpus:
        store.add_article(item)
    return store


@pytest.mark.parametrize("values", list(VALUES), ids=list(VALUES))
def test_every_filter_combination_answers_what_it_means(filled, corpus, values):
    expected = expected_for(filled, corpus)
    found = answers(filled, VALUES[values])
    nonempty = 0
    for (kind, words, given), answer in found.items():
        filters = _with_words(Filters(**dict(given)), words)
        if kind in ("search", "search_page"):
            want = expected.search(words, filters)
        elif kind in ("events", "event_page"):
            want = expected.events(words, filters)
        elif kind == "quotes":
            want = expected.quotes(words, filters)
        elif kind == "quote_page":
            # quote pages go in storage order, whatever the words' ranking
            want = sorted(expected.quotes(words, filters), key=_storage_order(corpus))
        else:
            want = expected.articles(words, filters)
        assert answer == want, (kind, words, given)
        nonempty += bool(answer)
    # the combinations must exercise the filters, not compare empty answers
    assert nonempty > len(found) // 3


def _storage_order(corpus: list[Article]):
    order = {item.id: number for number, item in enumerate(corpus)}

    def key(row: tuple) -> tuple[int, int]:
        article, q = row
        quotes = next(item.quotes for item in corpus if item.id == article)
        return order[article], quotes.index(q)

    return key


def test_the_unfiltered_rankings_hold_every_matching_article(filled, corpus):
    # The oracle starts from them: they must not be empty or partial themselves.
    hits = filled.search(Filters(text="hospital"), limit=1_000)
    assert {h.article_id for h in hits} == {a.id for a in corpus if "hospital" in a.text}
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) > 1


def test_a_store_of_schema_1_answers_the_same_after_migrating(store_location, corpus, monkeypatch):
    shipped = runner.load_migrations
    monkeypatch.setattr(runner, "load_migrations", lambda dialect: shipped(dialect)[:1])
    with open_store(store_location) as old:
        assert old.schema_version() == 1
        for item in corpus:
            old.add_article(item)
        before = answers(old, VALUES["codes"])
    monkeypatch.undo()
    with open_store(store_location) as migrated:
        assert migrated.schema_version() == runner.latest_version(migrated.dialect) >= 2
        assert _index_names(migrated) >= {"events_place_name", "places_geonameid"}
        after = answers(migrated, VALUES["codes"])
    assert after == before


def _index_names(store) -> set[str]:
    if store.dialect == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'index'"
    else:
        sql = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    return {row[0] for row in store.query(sql)}
