"""The timeline: events per day (or week, or month) by PLOVER category, as SVG bars.

Bars are laid out here, in plain numbers, and the template only writes them out. Each
bar knows the first and last day it covers: brushing bars (static/ui.js) or clicking
one sets the from/to filters to that range.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

WIDTH, HEIGHT = 900.0, 220.0
LEFT, RIGHT, TOP, BOTTOM = 40.0, 10.0, 10.0, 30.0
DAY_SPAN = 120  # at most this many days are drawn a bar a day
WEEK_SPAN = 2 * 366  # at most this many days a bar a week; longer ranges a bar a month

# One colour per PLOVER category: cooperation in blues and greens, conflict in reds.
COLOURS = {
    "AGREE": "#1b7837",
    "CONSULT": "#5aae61",
    "SUPPORT": "#a6dba0",
    "CONCEDE": "#66c2a5",
    "COOPERATE": "#3288bd",
    "AID": "#74add1",
    "RETREAT": "#abd9e9",
    "REQUEST": "#999999",
    "ACCUSE": "#fdae61",
    "REJECT": "#f46d43",
    "THREATEN": "#d73027",
    "PROTEST": "#c51b7d",
    "SANCTION": "#8073ac",
    "MOBILIZE": "#b35806",
    "COERCE": "#a50026",
    "ASSAULT": "#67001f",
}
OTHER = "#bdbdbd"


def colour(category: str) -> str:
    return COLOURS.get(category, OTHER)


@dataclass(frozen=True, slots=True)
class Piece:
    """One category's share of a bar."""

    category: str
    count: int
    y: float
    height: float
    fill: str


@dataclass(frozen=True, slots=True)
class Bar:
    """The events of one bin: the days it covers and its stacked pieces."""

    first: str
    last: str
    label: str
    total: int
    x: float
    width: float
    pieces: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    """Everything the SVG needs; `unit` is "day", "week" or "month"."""

    bars: tuple[Bar, ...]
    unit: str
    peak: int
    ticks: tuple[tuple[float, str], ...]
    legend: tuple[tuple[str, str, int], ...]
    undated: int
    width: float = WIDTH
    height: float = HEIGHT
    left: float = LEFT
    base: float = HEIGHT - BOTTOM


def _bin_start(day: date, unit: str) -> date:
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _next(start: date, unit: str) -> date:
    if unit == "day":
        return start + timedelta(days=1)
    if unit == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def _label(start: date, unit: str) -> str:
    if unit == "month":
        return start.strftime("%Y-%m")
    return start.isoformat() if unit == "day" else f"week of {start.isoformat()}"


def _parse(day: str | None) -> date | None:
    if not day:
        return None
    try:
        return date.fromisoformat(day[:10])
    except ValueError:
        return None


def build_chart(events: Iterable[tuple[str | None, str]]) -> Chart:
    """Lay out (day, category) pairs as stacked bars over every bin between the first
    and last day, empty bins included so that gaps in time show as gaps."""
    by_day: Counter[tuple[date, str]] = Counter()
    undated = 0
    for day, category in events:
        parsed = _parse(day)
        if parsed is None:
            undated += 1
        else:
            by_day[parsed, category] += 1
    if not by_day:
        return Chart(bars=(), unit="day", peak=0, ticks=(), legend=(), undated=undated)
    days = [day for day, _ in by_day]
    first, last = min(days), max(days)
    span = (last - first).days + 1
    unit = "day" if span <= DAY_SPAN else "week" if span <= WEEK_SPAN else "month"
    counts: dict[date, Counter[str]] = {}
    for (day, category), n in by_day.items():
        counts.setdefault(_bin_start(day, unit), Counter())[category] += n
    starts = []
    start = _bin_start(first, unit)
    while start <= last:
        starts.append(start)
        start = _next(start, unit)
    totals = Counter()
    for per in counts.values():
        totals.update(per)
    order = [category for category, _ in totals.most_common()]
    peak = max(sum(per.values()) for per in counts.values())
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(starts)
    gap = min(1.0, step * 0.15)
    bars = []
    for i, start in enumerate(starts):
        per = counts.get(start, Counter())
        y = HEIGHT - BOTTOM
        pieces = []
        for category in order:
            n = per.get(category, 0)
            if n:
                h = n / peak * plot_h
                y -= h
                pieces.append(Piece(category, n, round(y, 2), round(h, 2), colour(category)))
        end = min(_next(start, unit) - timedelta(days=1), last)
        bars.append(
            Bar(
                first=max(start, first).isoformat(),
                last=end.isoformat(),
                label=_label(start, unit),
                total=sum(per.values()),
                x=round(LEFT + i * step + gap / 2, 2),
                width=round(max(step - gap, 0.5), 2),
                pieces=tuple(pieces),
            )
        )
    every = max(1, len(bars) // 8)
    ticks = tuple(
        (bar.x + bar.width / 2, bar.label.removeprefix("week of ")) for bar in bars[::every]
    )
    legend = tuple((category, colour(category), totals[category]) for category in order)
    return Chart(
        bars=tuple(bars), unit=unit, peak=peak, ticks=ticks, legend=legend, undated=undated
    )
