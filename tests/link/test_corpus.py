"""The corpus pass over the sample and the stories it was stitched from (issue #8)."""

from __future__ import annotations

from contextlib import closing

import pytest

from newstrace.link.corpus import TrustState, corpus_findings, list_findings, with_findings
from newstrace.store import open_store

from .trust_helpers import sample_sources, text_article


@pytest.fixture
def sample_with_sources(sample_text):
    sources = sample_sources()
    sample = text_article(sample_text, source="sample")
    return sources, sample


def _findings_of(article_id, results):
    return [f for r in results if r.article_id == article_id for f in r.findings]


@pytest.mark.issue(8)
def test_the_sample_in_a_store_with_its_sources_is_stitched_from_all_five(
    tmp_path, sample_with_sources
):
    sources, sample = sample_with_sources
    with closing(open_store(tmp_path / "news.db")) as store:
        for article in [*sources, sample]:
            store.add_article(article)
        results = list(corpus_findings(store.iter_articles(), lookup=store.get_article))
    (stitched,) = [f for f in _findings_of(sample.id, results) if f.kind == "stitched"]
    for source in sources:
        assert source.title in stitched.message
    assert "5 different stories" in stitched.message
    assert all(span.text == sample.text[span.start : span.end] for span in stitched.evidence)
    assert len(stitched.evidence) >= 15
    for source in sources:
        assert _findings_of(source.id, results) == []


@pytest.mark.issue(8)
def test_the_sample_is_spun_against_its_sources(sample_with_sources):
    sources, sample = sample_with_sources
    results = list(corpus_findings([*sources, sample]))
    (spun,) = [f for f in _findings_of(sample.id, results) if f.kind == "spun_phrase"]
    assert {span.text for span in spun.evidence} >= {"Russian Federation"}
    assert "'russia' -> 'Russian Federation'" in spun.message


def test_a_syndicated_copy_names_the_earliest_version(sample_with_sources):
    sources, _ = sample_with_sources
    original = sources[0]
    copy = text_article(
        "MOSCOW - " + original.text + "\nThis article first appeared on a partner site.\n",
        title=original.title,
        published="2016-02-13",
    )
    second = text_article(copy.text + "\n(Agencies)\n", published="2016-02-14")
    results = list(corpus_findings([original, copy, second]))
    (duplicate,) = _findings_of(copy.id, results)
    assert duplicate.kind == "duplicate"
    (again,) = _findings_of(second.id, results)
    assert f"Earliest known version: {original.id[:12]}" in again.message
    assert "3 copies known" in again.message


def test_unrelated_articles_get_no_findings(sample_with_sources):
    sources, _ = sample_with_sources
    assert all(not r.findings for r in corpus_findings(sources))


def test_findings_are_added_never_rewritten(sample_with_sources):
    sources, sample = sample_with_sources
    earlier = text_article(sample.text)
    results = list(corpus_findings([*sources, earlier]))
    new = _findings_of(earlier.id, results)
    combined = with_findings(earlier, new)
    assert combined.findings[: len(earlier.findings)] == earlier.findings
    assert combined.findings[len(earlier.findings) :] == tuple(new)


def test_a_saved_state_goes_on_where_the_last_run_stopped(tmp_path, sample_with_sources):
    sources, sample = sample_with_sources
    state = TrustState()
    list(corpus_findings(sources, state=state))
    path = tmp_path / "news.db.trust.pkl"
    state.save(path)
    lookup = {a.id: a for a in sources}.get
    later = list(corpus_findings([sample], state=TrustState.load(path), lookup=lookup))
    assert "stitched" in {f.kind for f in later[0].findings}


def test_list_findings_keeps_kinds_asked_for(sample_with_sources):
    sources, sample = sample_with_sources
    rows = list(list_findings([*sources, sample], corpus=True, kinds=frozenset({"stitched"})))
    assert [row.finding.kind for row in rows] == ["stitched"]
    assert rows[0].corpus and rows[0].to_dict()["article"] == sample.id


def test_a_match_published_before_the_stored_article_makes_that_one_the_copy(
    sample_with_sources,
):
    sources, _ = sample_with_sources
    later = sources[0]
    earlier = text_article("MOSCOW - " + later.text, published="2016-02-01")
    results = list(corpus_findings([later, earlier]))
    assert _findings_of(earlier.id, results) == []
    (duplicate,) = _findings_of(later.id, results)
    assert duplicate.kind == "duplicate"
    assert f"Earliest known version: {earlier.id[:12]}" in duplicate.message


def test_every_evidence_span_indexes_the_articles_text(sample_with_sources):
    sources, sample = sample_with_sources
    for result in corpus_findings([*sources, sample]):
        for finding in result.findings:
            assert all(s.text == sample.text[s.start : s.end] for s in finding.evidence)
