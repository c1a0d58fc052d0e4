"""Events binned by day, week or month and stacked by category."""

from __future__ import annotations

import pytest

from newstrace.web.timeline import BOTTOM, HEIGHT, TOP, build_chart


def test_a_short_range_gets_a_bar_a_day_with_empty_days_kept():
    chart = build_chart([("2016-02-01", "ASSAULT"), ("2016-02-03", "AID")])
    assert chart.unit == "day"
    assert [bar.first for bar in chart.bars] == ["2016-02-01", "2016-02-02", "2016-02-03"]
    assert [bar.total for bar in chart.bars] == [1, 0, 1]


def test_a_long_range_is_binned_by_week_then_by_month():
    weeks = build_chart([("2016-01-01", "AID"), ("2016-12-31", "AID")])
    assert weeks.unit == "week"
    assert weeks.bars[0].first == "2016-01-01" and weeks.bars[0].last == "2016-01-03"
    months = build_chart([("2013-08-15", "AID"), ("2017-11-02", "AID")])
    assert months.unit == "month"
    assert months.bars[-1].first == "2017-11-01" and months.bars[-1].last == "2017-11-02"


def test_the_tallest_bar_fills_the_plot_and_pieces_stack():
    chart = build_chart([("2016-02-01", "ASSAULT")] * 3 + [("2016-02-01", "AID")])
    (bar,) = chart.bars
    assert chart.peak == 4
    assert [piece.category for piece in bar.pieces] == ["ASSAULT", "AID"]
    assert sum(piece.height for piece in bar.pieces) == pytest.approx(HEIGHT - TOP - BOTTOM)
    assert bar.pieces[1].y + bar.pieces[1].height == pytest.approx(bar.pieces[0].y)


def test_undated_events_are_counted_not_drawn():
    chart = build_chart([(None, "AID"), ("not a day", "AID")])
    assert chart.bars == () and chart.undated == 2
