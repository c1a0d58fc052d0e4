"""The place index's country points: GeoNames' where the lexicon gives them, else the
countryinfo package's published point."""

from __future__ import annotations

import pytest

from newstrace.nlp.gazetteer import _published_country_points, load_place_index


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
