"""The place index's country points: GeoNames' where the lexicon gives them, else the
countryinfo package's published point."""

from __future__ import annotations

import pytest

from newstrace.nlp.gazetteer import (
    _published_country_points,
    cells_point,
    hull_point,
    load_place_index,
)


def test_published_points_cover_the_countries_by_iso3():
    points = _published_country_points()
    assert points["AGO"] == (-12.5, 18.5)
    assert points["TCD"] == (15.0, 19.0)
    assert len(points) > 230


@pytest.mark.slow
def test_index_keeps_the_lexicon_point_and_takes_the_published_one_otherwise():
    index = load_place_index()
    usa, angola = index.country("USA"), index.country("AGO")
    assert (usa.lat, usa.lon) == (39.76, -98.5)
    assert (angola.lat, angola.lon) == (-12.5, 18.5)
    assert angola.geonameid == 3351879


def test_a_hull_point_is_the_middle_of_the_area_not_the_mean_of_the_cells():
    # towns crowd the south-west corner; the area they span is a 10 x 10 degree square
    crowded = [(lat, lon) for lat in range(0, 3) for lon in range(0, 3)]
    cells = [*crowded, (0, 9), (9, 0), (9, 9)]
    lat, lon = hull_point(cells)
    assert lat == pytest.approx(5.0) and lon == pytest.approx(5.0)
    assert cells_point(cells)[0] < 3


def test_a_hull_point_across_the_antimeridian_stays_near_it():
    lat, lon = hull_point([(60, 178), (60, -180), (64, 179), (62, -179)])
    assert 60 < lat < 65 and (lon > 178 or lon < -178)


def test_a_hull_point_of_a_line_of_cells_is_their_mean():
    assert hull_point([(0, 0), (0, 1), (0, 2)]) == cells_point([(0, 0), (0, 1), (0, 2)])
