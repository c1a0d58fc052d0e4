"""Corpus findings kept with the store do not depend on ingest order (issue #8): a
stored article published after a new one that holds its passages gets the findings it
is owed in the new article's transaction, at most one of each kind, never rewriting
what it has; the index rebuilt after a kill goes on as the lost one would have.

Articles are built from text alone (no NLP), so every test runs on both backends fast.
"""

from __future__ import annotations

import pytest

from newstrace.link.corpus import SourcedFinding
from newstrace.link.stored import StoreTrust
from newstrace.records import Finding
from newstrace.store import NO_FILTERS
from newstrace.store.base import FindingFilters

from ..link.trust_helpers import text_article

pytestmark = pytest.mark.issue(8)

NEVER = 10**9  # save_every / save_seconds of a keeper that is killed before it saves


@pytest.fixture(scope="module")
def copy(sources):
    """A syndicated copy of the first wire story, two days after it."""
    return text_article(
        "MOSCOW - " + sources[0].text + "\nThis article first appeared on a partner site.\n",
        title=sources[0].title,
        published="2016-02-13",
    )


def _found(store, **picked):
    return store.finding_page(NO_FILTERS, FindingFilters(**picked), limit=1000).items


def _rows(store) -> dict[str, int]:
    counts = store.stats().counts
    return {name: counts[name] for name in ("articles", "findings")}


def _keyed(store) -> set[tuple[str, str, frozenset[str]]]:
    return {
        (hit.article_id, hit.finding.kind, frozenset(s.id for s in hit.sources))
        for hit in _found(store, corpus=True)
    }


def test_the_sample_stored_first_ends_stitched_from_its_sources(store, sources, sample):
    keeper = StoreTrust(store, index=None)
    assert keeper.add(sample) == []
    for source in sources:
        assert keeper.add(source) == []  # none of them is called a copy of the sample
    (hit,) = _found(store, kinds=("stitched",))
    assert hit.article_id == sample.id and hit.corpus
    # found once most of it was traced: the sources stored by then, two or more
    named = {s.id for s in hit.sources}
    assert len(named) >= 2 and named <= {a.id for a in sources}
    for number, source in enumerate(hit.sources, 1):
        assert f"[{number}] {source.id[:12]}" in hit.finding.message
    assert all(s.text == sample.text[s.start : s.end] for s in hit.finding.evidence)
    assert _found(store, kinds=("duplicate",)) == []
    assert keeper.owed == 2  # the stitched and the spun_phrase finding of the sample
    # the sample's findings come after what it had, in the order they were owed
    hits = _found(store, article=sample.id)
    assert [hit.seq for hit in hits] == list(range(len(hits)))
    assert store.get_article(sample.id).findings == tuple(hit.finding for hit in hits)


def test_the_store_holds_the_same_kinds_of_finding_in_either_order(
    store_location, tmp_path, sources, sample, copy
):
    from newstrace.store import open_store

    first, second = store_location, str(tmp_path / "other.db")
    for location, articles in (
        (first, [sample, copy, *sources]),
        (second, [*sources, copy, sample]),
    ):
        with open_store(location) as store:
            keeper = StoreTrust(store, index=None)
            for article in articles:
                keeper.add(article)
    with open_store(first) as one, open_store(second) as other:
        # the same findings on the same articles; a stitch found before all its sources
        # were stored names those stored by then
        assert {key[:2] for key in _keyed(one)} == {key[:2] for key in _keyed(other)}
        (duplicate,) = _found(one, kinds=("duplicate",))
        assert duplicate.article_id == copy.id
        assert [s.id for s in duplicate.sources] == [sources[0].id]


def test_a_copy_stored_before_its_original_carries_the_duplicate(store, sources, copy):
    keeper = StoreTrust(store, index=None)
    keeper.add(copy)
    assert keeper.add(sources[0]) == []
    (hit,) = _found(store, kinds=("duplicate",))
    assert hit.article_id == copy.id and hit.corpus
    assert f"Earliest known version: {sources[0].id[:12]}" in hit.finding.message
    assert [row.copy_of for row in store.trust_rows()] == [sources[0].id, None]


def test_adding_the_articles_again_writes_nothing(store, sources, sample, copy):
    articles = [sample, copy, *sources]
    keeper = StoreTrust(store, index=None)
    for article in articles:
        keeper.add(article)
    before = _rows(store)
    assert all(keeper.add(article) is None for article in articles)
    rebuilt = StoreTrust(store, index=None)  # the index rebuilt from the store
    assert rebuilt.caught_up.indexed == len(articles)
    assert all(rebuilt.add(article) is None for article in articles)
    assert _rows(store) == before


def test_owed_findings_are_stored_with_the_new_article_or_not_at_all(
    store, sources, copy, monkeypatch
):
    keeper = StoreTrust(store, index=None)
    keeper.add(copy)  # stored before its original, which will owe it the duplicate
    before = _rows(store)

    def fail(*args, **kwargs):
        raise RuntimeError("killed while adding the owed findings")

    monkeypatch.setattr(type(store), "_add_owed", fail)
    with pytest.raises(RuntimeError):
        keeper.add(sources[0])
    assert not store.has_article(sources[0].id)
    assert _rows(store) == before


def test_an_index_lost_in_a_kill_is_rebuilt_with_the_owed_copies_linked(
    store, tmp_path, sources, sample, copy
):
    path = tmp_path / "trust.pkl"
    articles = [sample, copy, *sources]
    killed = StoreTrust(store, index=path, save_every=NEVER, save_seconds=NEVER)
    for article in articles:
        killed.add(article)
    assert not path.exists()
    reopened = StoreTrust(store, index=path)
    assert reopened.caught_up.indexed == len(articles)
    old, new = killed.state, reopened.state
    for article in articles:
        assert new.dedup.earliest(article.id).id == old.dedup.earliest(article.id).id
        assert new.dedup.cluster_size(article.id) == old.dedup.cluster_size(article.id)
        kinds = old.corpus_kinds(article.id) & {"duplicate", "stitched"}
        assert new.corpus_kinds(article.id) >= kinds
    # the next copy is found in the cluster the owed duplicate made
    later = text_article(copy.text + "\n(Reuters)\n", published="2016-02-15")
    reopened.add(later)
    (duplicate,) = _found(store, article=later.id, kinds=("duplicate",))
    assert f"Earliest known version: {sources[0].id[:12]}" in duplicate.finding.message
    assert "3 copies known" in duplicate.finding.message


def test_an_index_saved_before_the_owed_findings_links_them_when_it_catches_up(
    store, tmp_path, sources, copy
):
    path = tmp_path / "trust.pkl"
    keeper = StoreTrust(store, index=path, save_every=NEVER, save_seconds=NEVER)
    keeper.add(copy)
    keeper.save()
    keeper.add(sources[0])  # owes the copy its duplicate; killed before the next save
    reopened = StoreTrust(store, index=path)
    assert reopened.caught_up.indexed == 1
    assert reopened.state.dedup.same_cluster(copy.id, sources[0].id)
    assert "duplicate" in reopened.state.corpus_kinds(copy.id)


def test_the_store_keeps_one_finding_of_a_kind_per_article(store, sources, sample):
    keeper = StoreTrust(store, index=None)
    for article in [*sources, sample]:
        keeper.add(article)
    (stitched,) = _found(store, kinds=("stitched",))
    before = _rows(store)
    again = SourcedFinding(stitched.finding, tuple(s.id for s in stitched.sources))
    extra = text_article("An unrelated note on the weather in Geneva.\n")
    assert store.add_traced_article(extra, [], owed={sample.id: [again]})
    assert _rows(store) == {**before, "articles": before["articles"] + 1}
    assert len(_found(store, kinds=("stitched",))) == 1


def test_findings_owed_to_an_unchecked_article_are_left_to_its_own_check(store, sources):
    store.add_article(sources[0])  # stored by `ingest --no-trust`: not checked yet
    owed = SourcedFinding(Finding(kind="duplicate", message="a copy"), (sources[1].id,))
    assert store.add_traced_article(sources[1], [], owed={sources[0].id: [owed]})
    assert _found(store, article=sources[0].id) == []
