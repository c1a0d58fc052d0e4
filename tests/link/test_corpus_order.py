"""The corpus pass finds the same copies and stitches whatever order articles arrive in
(issue #8): a copy goes from the earlier-dated article to the later one, and a stored
article published after a new one that holds its passages is owed the findings it now
earns (`TrustPass.trace_all`)."""

from __future__ import annotations

import itertools
import random

import pytest

from newstrace.link.corpus import TrustPass, corpus_findings, published_after

from .trust_helpers import sample_sources, text_article

pytestmark = pytest.mark.issue(8)

SAMPLE_DATE = "2016-02-16"  # the content-farm page, days after the wire stories it pastes


@pytest.fixture(scope="module")
def sources():
    return sample_sources()


@pytest.fixture(scope="module")
def sample(sample_text):
    return text_article(sample_text, source="sample", title="Content farm", published=SAMPLE_DATE)


def _all_findings(articles) -> set[tuple[str, str, frozenset[str]]]:
    """(article, kind, sources) of every finding the pass gives, own or owed, in order."""
    trust = TrustPass()
    found = set()
    for article in articles:
        traced = trust.trace_all(article)
        owned = [(article.id, s) for s in traced.findings]
        owned += [(owner, s) for owner, owed in traced.owed.items() for s in owed]
        for owner, sourced in owned:
            found.add((owner, sourced.finding.kind, frozenset(sourced.sources)))
    return found


def _kinds_of(article_id, results) -> list[str]:
    return [f.kind for r in results if r.article_id == article_id for f in r.findings]


def _sources_named(found, kind: str) -> frozenset[str]:
    (named,) = [sources for _, k, sources in found if k == kind]
    return named


def test_a_stitched_page_stored_before_its_sources_is_found_stitched_from_them(sources, sample):
    results = list(corpus_findings([sample, *sources]))
    stitched = [
        f for r in results if r.article_id == sample.id for f in r.findings if f.kind == "stitched"
    ]
    assert len(stitched) == 1
    for source in sources:
        assert _kinds_of(source.id, results) == []  # no wire story is called its copy
    # it is found once most of it is traced: the sources stored by then, two or more
    named = _sources_named(_all_findings([sample, *sources]), "stitched")
    assert 2 <= len(named) <= len(sources)
    assert named <= {a.id for a in sources}


def test_every_order_of_the_sample_and_its_sources_gives_the_same_kinds_of_finding(sources, sample):
    articles = [sample, *sources]
    orders = list(itertools.permutations(range(len(articles))))
    random.Random(8).shuffle(orders)
    expected = _all_findings([*sources, sample])
    kinds = {(owner, kind) for owner, kind, _ in expected}
    assert kinds == {(sample.id, "stitched"), (sample.id, "spun_phrase")}
    assert _sources_named(expected, "stitched") == {a.id for a in sources}
    for order in orders[:6]:
        found = _all_findings([articles[i] for i in order])
        assert {(owner, kind) for owner, kind, _ in found} == kinds, order
        assert _sources_named(found, "stitched") <= {a.id for a in sources}


def test_a_stitched_page_with_a_paragraph_of_its_own_is_still_stitched(sources, sample):
    own = (
        "Editor's note: this page gathers what the agencies reported over the week, with "
        "the statements of the governments involved and the numbers given by monitors on "
        "the ground, for readers who followed the talks in Geneva and Munich from afar and "
        "want the whole picture of the northern offensive in one place."
    )
    closing = (
        "Our correspondents will keep following the fighting around the city and the "
        "roads to the border, and we will update this page as the ceasefire talks go on "
        "and as the aid convoys reach the besieged districts; write to us with what you "
        "see where you live, and tell us which sources you trust and why you trust them."
    )
    # about a fifth of the page is its own: a bar of a tenth untraced would miss it
    text = own + "\n\n" + sample.text + "\n\n" + closing
    padded = text_article(text, source="padded", published=SAMPLE_DATE)
    found = _all_findings([*sources, padded])
    assert _sources_named(found, "stitched") == {a.id for a in sources}


def test_a_copy_stored_before_its_earlier_dated_original_carries_the_duplicate(sources):
    original = sources[0]
    copy = text_article(
        "MOSCOW - " + original.text + "\nThis article first appeared on a partner site.\n",
        title=original.title,
        published="2016-02-13",
    )
    results = list(corpus_findings([copy, original]))
    assert _kinds_of(original.id, results) == []
    (duplicate,) = [f for r in results if r.article_id == copy.id for f in r.findings]
    assert duplicate.kind == "duplicate"
    assert f"A near-copy of {original.id[:12]}" in duplicate.message
    assert f"Earliest known version: {original.id[:12]}" in duplicate.message
    assert _all_findings([copy, original]) == _all_findings([original, copy])


def test_the_owed_duplicate_counts_the_copies_the_late_article_already_has(sources):
    original = sources[0]
    copy = text_article("MOSCOW - " + original.text, published="2016-02-13")
    second = text_article(copy.text + "\n(Agencies)\n", published="2016-02-14")
    trust = TrustPass()
    trust.trace(copy)
    (found,) = trust.trace(second)
    assert found.sources == (copy.id,)
    owed = trust.trace_all(original).owed
    (duplicate,) = owed[copy.id]
    assert duplicate.sources == (original.id,)
    assert "3 copies known" in duplicate.finding.message
    assert trust.state.dedup.earliest(second.id).id == original.id


def test_a_spun_copy_stored_before_its_original_is_found_spun_and_a_copy(sources):
    original = sources[0]
    swaps = {
        "Russia says": "Russian Federation says",
        "Russia’s": "Russian Federation’s",
        "the Russian claim": "the Russian assertion",
        "accused Moscow": "blamed Moscow",
    }
    text = original.text
    for word, spun_word in swaps.items():
        assert word in text
        text = text.replace(word, spun_word)
    spun = text_article(text, published="2016-02-12")
    expected = _all_findings([original, spun])
    assert {(owner, kind) for owner, kind, _ in expected} == {
        (spun.id, "duplicate"),
        (spun.id, "spun_phrase"),
    }
    assert _all_findings([spun, original]) == expected


def test_undated_articles_keep_the_first_stored_as_the_original(sources):
    original = sources[0]
    undated = text_article(original.text.replace("\n\n", "\n\n\n", 1))  # same words, no date
    results = list(corpus_findings([undated, text_article(original.text)]))
    assert _kinds_of(undated.id, results) == []
    assert len(results) == 2 and [f.kind for f in results[1].findings] == ["duplicate"]


def test_a_later_extra_source_adds_no_second_stitched_finding(sources, sample):
    # an even earlier copy of the first wire story, arriving last, holds passages the
    # sample pasted: the sample is traced again, but a stitched finding it has stays one
    first = text_article("ALEPPO - " + sources[0].text, published="2016-02-05")
    results = list(corpus_findings([*sources, sample, first]))
    assert _kinds_of(sample.id, results).count("stitched") == 1
    # the wire story dated after the new copy is owed the duplicate, naming it
    assert _kinds_of(sources[0].id, results) == ["duplicate"]
    assert _kinds_of(first.id, results) == []


def test_dates_are_compared_by_day_then_by_time_of_one_format():
    assert published_after("2016-02-12", "2016-02-11")
    assert not published_after("2016-02-11", "2016-02-12")
    assert not published_after("2016-02-11", None) and not published_after(None, "2016-02-11")
    assert not published_after("2016-02-11", "2016-02-11")
    assert published_after("2016-02-11T10:00", "2016-02-11T09:00")
    assert not published_after("2016-02-11T10:00", "2016-02-11")
