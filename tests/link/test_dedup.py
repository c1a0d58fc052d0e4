from __future__ import annotations

import pytest

from newstrace.link.dedup import DedupIndex, DedupIndexError, sidecar_path, sign

STORY = (
    "Syrian government forces backed by Russian air strikes pushed towards the Turkish "
    "border on Thursday, cutting the main supply route of the rebels in Aleppo.\n\n"
    "Tens of thousands of people fled the fighting towards the border crossing at Bab "
    "al-Salama, where Turkey has kept its gates closed since the weekend.\n"
)
OTHER = (
    "The central bank raised its interest rate for the third time this year, citing "
    "inflation that has outpaced wage growth in every region of the country.\n"
)


def test_a_near_copy_is_a_candidate_and_an_unrelated_text_is_not():
    index = DedupIndex()
    index.add("story", sign(STORY), published="2016-02-04")
    index.add("other", sign(OTHER))
    copy = sign("ALEPPO - " + STORY.replace("Thursday", "Friday"))
    (candidate,) = index.query(copy)
    assert candidate.entry.id == "story"
    assert candidate.whole and candidate.passages == {0, 1}


def test_query_can_leave_out_the_article_itself():
    index = DedupIndex()
    index.add("story", sign(STORY))
    assert index.query(sign(STORY), exclude="story") == []


def test_adding_an_indexed_id_again_changes_nothing():
    index = DedupIndex()
    assert index.add("story", sign(STORY))
    assert not index.add("story", sign(STORY))
    assert len(index) == 1


def test_the_earliest_published_version_heads_its_copy_cluster():
    index = DedupIndex()
    index.add("late", sign(STORY), published="2016-02-06")
    index.add("early", sign(STORY + "\n"), published="2016-02-04")
    index.add("undated", sign(STORY + "\n\n"))
    index.link("late", "early")
    index.link("undated", "late")
    assert index.earliest("undated").id == "early"
    assert index.cluster_size("late") == 3


def test_the_index_survives_a_save_and_load(tmp_path):
    index = DedupIndex()
    index.add("story", sign(STORY), title="Aleppo", published="2016-02-04")
    path = sidecar_path(tmp_path / "news.db")
    index.save(path)
    loaded = DedupIndex.load(path)
    assert loaded.entry("story").title == "Aleppo"
    assert [c.entry.id for c in loaded.query(sign(STORY))] == ["story"]
    assert path.name == "news.db.trust.pkl"


def test_a_file_that_is_no_index_says_to_delete_it(tmp_path):
    path = tmp_path / "bad.pkl"
    path.write_bytes(b"not a pickle")
    with pytest.raises(DedupIndexError, match="delete it"):
        DedupIndex.load(path)
