"""Corpus findings kept with the store (issue #8): stored with their article, listed,
and the trust index beside the store brought up to date after a kill.

Articles are built from text alone (no NLP), so every test runs on both backends fast.
"""

from __future__ import annotations

import pytest

from newstrace.link.corpus import (
    STATE_VERSION,
    TrustPass,
    TrustState,
    TrustStateError,
    with_findings,
)
from newstrace.link.stored import StoreTrust
from newstrace.records import Finding
from newstrace.store import NO_FILTERS, Filters, QueryError
from newstrace.store.base import FindingFilters

from ..link.trust_helpers import text_article

NEVER = 10**9  # save_every / save_seconds of a keeper that is killed before it saves


@pytest.fixture(scope="module")
def copies(sources):
    """A copy of the first source, and a copy of that copy: one cluster of three."""
    original = sources[0]
    copy = text_article(
        "MOSCOW - " + original.text + "\nThis article first appeared on a partner site.\n",
        title=original.title,
        published="2016-02-13",
    )
    second = text_article(copy.text + "\n(Agencies)\n", published="2016-02-14")
    return [copy, second]


def _found(store, **picked):
    return store.finding_page(NO_FILTERS, FindingFilters(**picked), limit=1000).items


def _rows(store) -> dict[str, int]:
    counts = store.stats().counts
    return {name: counts[name] for name in ("articles", "findings")}


def test_an_article_is_stored_with_its_stitched_finding_and_the_sources_it_names(
    store, sources, sample
):
    keeper = StoreTrust(store, index=None)
    for article in sources:
        assert keeper.add(article) == []
    assert keeper.add(sample)
    (hit,) = _found(store, kinds=("stitched",))
    assert hit.article_id == sample.id and hit.corpus
    assert {s.id for s in hit.sources} == {a.id for a in sources}
    titles = {a.id: a.title for a in sources}
    assert all(s.title == titles[s.id] for s in hit.sources)
    # the sources are named in the order the message numbers them
    for number, source in enumerate(hit.sources, 1):
        assert f"[{number}] {source.id[:12]}" in hit.finding.message
    stored = store.get_article(sample.id)
    assert hit.finding in stored.findings
    assert all(s.text == sample.text[s.start : s.end] for s in hit.finding.evidence)


def test_corpus_findings_come_after_the_articles_own_which_stay_as_they_were(
    store, sources, sample
):
    own = Finding(kind="boilerplate", message="a share line", evidence=(sample.boilerplate[0],))
    keeper = StoreTrust(store, index=None)
    for article in sources:
        keeper.add(article)
    keeper.add(with_findings(sample, [own]))
    stored = store.get_article(sample.id)
    assert stored.findings[0] == own and len(stored.findings) > 1
    hits = _found(store, article=sample.id)
    assert [hit.corpus for hit in hits] == [False] + [True] * (len(hits) - 1)
    assert [hit.seq for hit in hits] == list(range(len(hits)))
    assert _found(store, article=sample.id, corpus=False) == hits[:1]


def test_an_article_and_its_findings_are_stored_together_or_not_at_all(
    store, sources, sample, monkeypatch
):
    keeper = StoreTrust(store, index=None)
    for article in sources:
        keeper.add(article)
    before = _rows(store)

    def fail(*args, **kwargs):
        raise RuntimeError("killed between the findings and their sources")

    monkeypatch.setattr(type(store), "_insert_sources", fail)
    with pytest.raises(RuntimeError):
        keeper.add(sample)
    assert not store.has_article(sample.id)
    assert _rows(store) == before


def test_adding_a_stored_article_again_writes_nothing(store, sources, sample):
    keeper = StoreTrust(store, index=None)
    for article in [*sources, sample]:
        keeper.add(article)
    before = _rows(store)
    assert keeper.add(sample) is None
    assert StoreTrust(store, index=None).add(sample) is None
    assert _rows(store) == before


def test_an_index_lost_in_a_kill_is_rebuilt_from_the_store_as_it_was(
    store, tmp_path, sources, sample, copies
):
    path = tmp_path / "trust.pkl"
    killed = StoreTrust(store, index=path, save_every=NEVER, save_seconds=NEVER)
    for article in [*sources, *copies, sample]:
        killed.add(article)
    assert not path.exists()  # killed before its first save
    before = _rows(store)

    reopened = StoreTrust(store, index=path)
    assert (reopened.caught_up.indexed, reopened.caught_up.checked) == (8, 0)
    assert _rows(store) == before
    assert path.is_file()  # the rebuilt index is saved at once
    old, new = killed.state.dedup, reopened.state.dedup
    for article in [*sources, *copies, sample]:
        assert new.earliest(article.id).id == old.earliest(article.id).id
        assert new.cluster_size(article.id) == old.cluster_size(article.id)
    # the next copy is found against the rebuilt index, in the cluster the kill left
    third = text_article(copies[1].text + "\n(Reuters)\n", published="2016-02-15")
    reopened.add(third)
    (duplicate,) = _found(store, article=third.id, kinds=("duplicate",))
    assert f"Earliest known version: {sources[0].id[:12]}" in duplicate.finding.message
    assert "4 copies known" in duplicate.finding.message
    assert duplicate.sources[0].id in {sources[0].id, *(copy.id for copy in copies)}


def test_an_index_a_few_articles_behind_catches_up_only_those(store, tmp_path, sources, sample):
    path = tmp_path / "trust.pkl"
    first = StoreTrust(store, index=path)
    for article in sources:
        first.add(article)
    first.save()
    first.add(sample)  # stored, but the kill comes before the next save
    caught = StoreTrust(store, index=path).caught_up
    assert (caught.indexed, caught.checked, caught.findings) == (1, 0, 0)
    assert StoreTrust(store, index=path).caught_up.indexed == 0


def test_articles_stored_without_the_pass_are_checked_when_it_opens(store, sources, sample):
    for article in [*sources, sample]:
        store.add_article(article)  # as `ingest --no-trust` or the engines store them
    assert _found(store, corpus=True) == []
    keeper = StoreTrust(store, index=None)
    assert keeper.caught_up.checked == 6 and keeper.caught_up.findings >= 1
    (hit,) = _found(store, kinds=("stitched",))
    assert hit.article_id == sample.id and len(hit.sources) == 5
    before = _rows(store)
    again = StoreTrust(store, index=None).caught_up
    assert (again.checked, again.indexed) == (0, 6)
    assert _rows(store) == before


@pytest.mark.sqlite
def test_an_sqlite_store_keeps_its_index_beside_it(tmp_path, sources):
    from newstrace.store import open_store

    location = tmp_path / "news.db"
    with open_store(location) as store:
        keeper = StoreTrust(store)
        keeper.add(sources[0])
        keeper.save()
    assert TrustState.load(tmp_path / "news.db.trust.pkl").dedup.entry(sources[0].id)


def test_an_unreadable_index_is_an_error_naming_the_file_and_the_fix(store, tmp_path):
    path = tmp_path / "trust.pkl"
    path.write_bytes(b"not a pickle at all")
    with pytest.raises(TrustStateError, match="delete it") as raised:
        StoreTrust(store, index=path)
    assert str(path) in str(raised.value)


def test_an_index_of_an_older_format_is_rebuilt_from_the_store(store, tmp_path, sources):
    store.add_article(sources[0])
    path = tmp_path / "trust.pkl"
    old = TrustState()
    old.version = STATE_VERSION - 1
    old.save(path)
    keeper = StoreTrust(store, index=path)
    assert keeper.caught_up.rebuilt and keeper.caught_up.checked == 1
    assert TrustState.load(path).version == STATE_VERSION


def test_an_index_holding_articles_the_store_lacks_is_rebuilt(store, tmp_path, sources):
    path = tmp_path / "trust.pkl"
    other = TrustPass()  # the index of another store, or of one deleted since
    other.trace(sources[0])
    other.state.save(path)
    store.add_article(sources[1])
    keeper = StoreTrust(store, index=path)
    assert keeper.caught_up.rebuilt
    assert sources[0].id not in keeper.state.dedup and sources[1].id in keeper.state.dedup


def test_the_index_is_saved_every_few_articles_not_after_each(store, tmp_path, sources):
    path = tmp_path / "trust.pkl"
    keeper = StoreTrust(store, index=path, save_every=3, save_seconds=NEVER)
    keeper.add(sources[0])
    keeper.add(sources[1])
    assert not path.exists()
    keeper.add(sources[2])
    assert len(TrustState.load(path).dedup) == 3


@pytest.fixture
def traced_store(store, sources, sample, copies):
    keeper = StoreTrust(store, index=None)
    for article in [*sources, *copies, sample]:
        keeper.add(article)
    return store


def test_findings_are_listed_by_kind_article_source_corpus_and_date(
    traced_store, sources, sample, copies
):
    store = traced_store
    assert {h.finding.kind for h in _found(store, corpus=True)} >= {"duplicate", "stitched"}
    assert [h.article_id for h in _found(store, kinds=("duplicate",))] == [a.id for a in copies]
    naming_first = _found(store, source=sources[0].id)
    assert {h.article_id for h in naming_first} == {copies[0].id, copies[1].id, sample.id}
    dated = store.finding_page(
        Filters(date_from="2016-02-14", date_to="2016-02-14"), FindingFilters(corpus=True)
    ).items
    assert {h.article_id for h in dated} == {copies[1].id}
    assert _found(store, kinds=("orphan_quote",)) == []


def test_findings_page_by_page_give_each_finding_once(traced_store):
    store = traced_store
    everything = _found(store)
    walked, after = [], None
    while True:
        page = store.finding_page(NO_FILTERS, after=after, limit=2)
        walked += page.items
        if page.next is None:
            break
        after = page.next
    assert walked == everything and len(everything) >= 4


def test_an_unknown_finding_kind_is_refused_naming_the_kinds():
    with pytest.raises(QueryError, match="stitched"):
        FindingFilters(kinds=("stiched",))
