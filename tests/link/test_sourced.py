"""The corpus pass names the earlier articles behind each finding (issue #8), so a store
can link a copy or a stitch to its sources."""

from __future__ import annotations

import pytest

from newstrace.link.corpus import (
    STATE_VERSION,
    TrustPass,
    TrustState,
    TrustStateError,
    TrustStateOutdated,
)

from .trust_helpers import sample_sources, text_article

pytestmark = pytest.mark.issue(8)


def test_a_stitch_names_its_stories_in_the_order_its_message_numbers_them(sample_text):
    sources = sample_sources()
    trust = TrustPass()
    for source in sources:
        assert trust.trace(source) == []
    traced = trust.trace(text_article(sample_text))
    (stitch,) = [t for t in traced if t.finding.kind == "stitched"]
    assert sorted(stitch.sources) == sorted(a.id for a in sources)
    for number, source_id in enumerate(stitch.sources, 1):
        assert f"[{number}] {source_id[:12]}" in stitch.finding.message
    (spun,) = [t for t in traced if t.finding.kind == "spun_phrase"]
    assert spun.sources and all(s[:12] in spun.finding.message for s in spun.sources)


def test_a_duplicate_names_the_copied_article_then_the_earliest_version():
    original = sample_sources()[0]
    copy = text_article("MOSCOW - " + original.text, published="2016-02-13")
    second = text_article(copy.text + "\n(Agencies)\n", published="2016-02-14")
    trust = TrustPass()
    trust.trace(original)
    (first,) = trust.trace(copy)
    assert first.finding.kind == "duplicate" and first.sources == (original.id,)
    (again,) = trust.trace(second)
    assert again.sources[0] in (original.id, copy.id)
    assert again.sources[-1] == original.id  # the earliest known version, named last


def test_check_gives_the_findings_trace_gives_and_a_known_article_gets_them_again(sample_text):
    sources = sample_sources()
    sample = text_article(sample_text)
    traced, checked = TrustPass(), TrustPass()
    for source in sources:
        traced.trace(source)
        checked.check(source)
    found = traced.trace(sample)
    assert checked.check(sample) == [t.finding for t in found]
    assert traced.trace(sample) == found


def test_remember_indexes_an_article_so_a_later_copy_finds_it():
    original = sample_sources()[0]
    trust = TrustPass()
    trust.remember(original)
    (duplicate,) = trust.trace(text_article("MOSCOW - " + original.text))
    assert duplicate.sources == (original.id,)


def test_an_index_of_another_version_is_outdated_not_broken(tmp_path):
    path = tmp_path / "trust.pkl"
    old = TrustState()
    old.version = STATE_VERSION - 1
    old.save(path)
    with pytest.raises(TrustStateOutdated):
        TrustState.load(path)
    path.write_bytes(b"\x80\x05garbage")
    with pytest.raises(TrustStateError) as raised:
        TrustState.load(path)
    assert not isinstance(raised.value, TrustStateOutdated)
