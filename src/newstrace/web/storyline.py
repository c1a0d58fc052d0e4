"""A story's articles on a small timeline: one dot per article at its day, as SVG.

Dots are laid out here, in plain numbers, and the template (story.html) only writes
them out, each a link to its article. Articles of one day stack upwards; an article
that is a side of a contested claim is marked. Undated articles are counted, not drawn.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..store.base import SourceArticle

WIDTH = 900.0
LEFT, RIGHT, TOP, BOTTOM = 30.0, 30.0, 12.0, 30.0
ROW = 16.0  # height of one stacked dot
RADIUS = 6.0
TICKS = 8  # at most this many day labels


@dataclass(frozen=True, slots=True)
class Dot:
    """One article on the line."""

    article: SourceArticle
    x: float
    y: float
    contested: bool  # a side of one of the story's contested claims


@dataclass(frozen=True, slots=True)
class Storyline:
    """Everything the SVG needs."""

    dots: tuple[Dot, ...]
    ticks: tuple[tuple[float, str], ...]
    undated: int
    height: float
    width: float = WIDTH
    left: float = LEFT
    right: float = WIDTH - RIGHT
    radius: float = RADIUS

    @property
    def base(self) -> float:
        return self.height - BOTTOM


def _day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def build_storyline(articles: Sequence[SourceArticle], contested: Collection[str]) -> Storyline:
    """Lay out `articles` by their published day; ids in `contested` are marked.

    Every day from the first to the last gets its place on the axis, so the gaps
    between reports show; a story of one day is drawn in the middle.
    """
    dated = [(day, article) for article in articles if (day := _day(article.published))]
    undated = len(articles) - len(dated)
    if not dated:
        return Storyline(dots=(), ticks=(), undated=undated, height=TOP + BOTTOM)
    first = min(day for day, _ in dated)
    span = (max(day for day, _ in dated) - first).days
    plot = WIDTH - LEFT - RIGHT

    def x_of(day: date) -> float:
        return round(LEFT + plot * ((day - first).days / span if span else 0.5), 2)

    per_day: dict[date, int] = {}
    stacked: list[tuple[date, int, SourceArticle]] = []
    for day, article in dated:
        level = per_day.get(day, 0)
        per_day[day] = level + 1
        stacked.append((day, level, article))
    height = TOP + max(per_day.values()) * ROW + BOTTOM
    base = height - BOTTOM
    dots = tuple(
        Dot(
            article=article,
            x=x_of(day),
            y=round(base - ROW / 2 - level * ROW, 2),
            contested=article.id in contested,
        )
        for day, level, article in stacked
    )
    step = max(1, -(-(span + 1) // TICKS))  # days between two labels, rounded up
    ticks = tuple(
        (x_of(first + timedelta(days=n)), (first + timedelta(days=n)).isoformat())
        for n in range(0, span + 1, step)
    )
    return Storyline(dots=dots, ticks=ticks, undated=undated, height=height)
