"""Country outlines from the vendored TopoJSON, the projection and the opening view."""

from __future__ import annotations

import re

import pytest

from newstrace.web import worldmap


def test_countries_are_decoded_without_antarctica():
    countries = worldmap.countries()
    names = {country.name for country in countries}
    assert len(countries) == 176
    assert {"Syria", "Russia", "Fiji"} <= names and "Antarctica" not in names


def test_projection_puts_the_corners_on_the_map_edges():
    assert worldmap.project(-180, worldmap.NORTH) == (0.0, 0.0)
    assert worldmap.project(180, worldmap.SOUTH) == pytest.approx((worldmap.WIDTH, worldmap.HEIGHT))


def test_no_outline_jumps_across_the_map_at_the_antimeridian():
    for country in worldmap.countries():
        for ring in country.path.split("M")[1:]:
            xs = [float(x) for x in re.findall(r"(-?[\d.]+) -?[\d.]+", ring.rstrip("Z"))]
            steps = [abs(b - a) for a, b in zip(xs, xs[1:], strict=False)]
            assert max(steps, default=0) < worldmap.WIDTH / 2, country.name


def test_the_map_opens_on_where_most_mentions_are():
    aleppo, damascus = worldmap.project(37.16, 36.2), worldmap.project(36.29, 33.51)
    washington = worldmap.project(-77.04, 38.9)
    view = worldmap.fit([(*aleppo, 80), (*damascus, 50), (*washington, 20)])
    assert view.zoom > 4
    assert view.x <= damascus[0] <= view.x + view.width
    assert not view.x <= washington[0] <= view.x + view.width


def test_points_all_over_the_world_get_the_whole_world():
    spread = [(*worldmap.project(lon, 10), 1) for lon in (-150, -90, -30, 30, 90, 150)]
    assert worldmap.fit(spread) == worldmap.WORLD
    assert worldmap.fit([]) == worldmap.WORLD
