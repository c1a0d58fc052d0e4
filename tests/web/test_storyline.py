"""The story timeline's layout (web/storyline.py): days along, one day's articles up."""

from __future__ import annotations

from newstrace.store.base import SourceArticle
from newstrace.web.storyline import LEFT, RIGHT, WIDTH, build_storyline


def _article(n: int, published: str | None) -> SourceArticle:
    return SourceArticle(id=f"a{n}", title=f"Article {n}", published=published)


def test_articles_lie_along_the_days_from_first_to_last():
    line = build_storyline(
        [_article(0, "2016-02-11"), _article(1, "2016-02-13"), _article(2, "2016-02-15")], ()
    )
    xs = [dot.x for dot in line.dots]
    assert xs[0] == LEFT and xs[2] == WIDTH - RIGHT
    assert abs(xs[1] - (xs[0] + xs[2]) / 2) < 0.01  # the gap of days shows as space


def test_articles_of_one_day_stack_and_undated_ones_are_counted_not_drawn():
    line = build_storyline(
        [_article(0, "2016-02-11"), _article(1, "2016-02-11"), _article(2, None)], {"a1"}
    )
    first, second = line.dots
    assert first.x == second.x and second.y < first.y
    assert (first.contested, second.contested) == (False, True)
    assert line.undated == 1
    assert [label for _, label in line.ticks] == ["2016-02-11"]
    assert first.x == LEFT + (WIDTH - LEFT - RIGHT) / 2  # one day: drawn in the middle


def test_a_long_story_gets_at_most_eight_day_labels():
    line = build_storyline([_article(0, "2016-01-01"), _article(1, "2016-03-01")], ())
    assert 2 <= len(line.ticks) <= 8
    assert line.ticks[0][1] == "2016-01-01"


def test_a_story_of_undated_articles_draws_nothing():
    line = build_storyline([_article(0, None)], ())
    assert line.dots == () and line.undated == 1
