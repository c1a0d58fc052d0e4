"""The world map: country outlines from the vendored TopoJSON, projected to SVG paths.

`countries-110m.json` (world-atlas 2.0.2, Natural Earth; see static/world/README.md) is
decoded and projected once per process. The projection is equirectangular over the
inhabited latitudes, so a place's marker is a linear function of its lon/lat and the
map page can zoom with a viewBox alone: no tiles, no script, nothing fetched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

WIDTH = 960.0
NORTH, SOUTH = 84.0, -58.0  # Antarctica is left out; nothing in the news happens there
HEIGHT = WIDTH * (NORTH - SOUTH) / 360.0
ANTARCTICA = "010"  # its ISO 3166-1 numeric code, the id world-atlas gives it


def project(lon: float, lat: float) -> tuple[float, float]:
    """Map coordinates (x, y) of a point; y grows southwards, as in SVG."""
    return (lon + 180.0) * WIDTH / 360.0, (NORTH - lat) * HEIGHT / (NORTH - SOUTH)


@dataclass(frozen=True, slots=True)
class Country:
    """One country outline: its numeric ISO code, its name and its SVG path."""

    id: str
    name: str
    path: str


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Every arc as lon/lat points: TopoJSON stores them quantised and delta-encoded."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """The points of a ring made of arcs; `~i` (negative) is arc i walked backwards."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # consecutive arcs share their joining point; keep it once
        points.extend(arc[1:] if points else arc)
    return points


def _unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The ring without jumps across the antimeridian: longitudes may leave -180..180.

    Chukotka and Fiji step from 180 to -180 and back; drawn as given, each step is a
    line across the whole map.
    """
    unwrapped: list[tuple[float, float]] = []
    shift = 0.0
    for lon, lat in ring:
        if unwrapped:
            jump = lon + shift - unwrapped[-1][0]
            if jump > 180:
                shift -= 360
            elif jump < -180:
                shift += 360
        unwrapped.append((lon + shift, lat))
    return unwrapped


def _path(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for ring in rings:
        whole = _unwrap(ring)
        lons = [lon for lon, _ in whole]
        # a ring running off one edge of the map is drawn again from the other edge
        copies = (
            [0.0] + ([-360.0] if max(lons) > 180 else []) + ([360.0] if min(lons) < -180 else [])
        )
        for offset in copies:
            projected = [project(lon + offset, lat) for lon, lat in whole]
            coords = " ".join(f"{x:.1f} {y:.1f}" for x, y in projected)
            parts.append(f"M{coords}Z")
    return "".join(parts)


def decode_countries(topology: dict[str, Any]) -> list[Country]:
    """The `countries` object of a world-atlas topology as projected outlines."""
    arcs = _decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") == ANTARCTICA:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [_ring(ring, arcs) for polygon in polygons for ring in polygon]
        name = (geometry.get("properties") or {}).get("name", "")
        countries.append(Country(id=str(geometry.get("id", "")), name=name, path=_path(rings)))
    return countries


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """The shipped country outlines, decoded on first use and kept for the process."""
    source = resources.files("newstrace.web") / "static" / "world" / "countries-110m.json"
    return tuple(decode_countries(json.loads(source.read_text(encoding="utf-8"))))


@dataclass(frozen=True, slots=True)
class View:
    """The part of the map a page shows: an SVG viewBox and its zoom against the world."""

    x: float
    y: float
    width: float
    height: float

    @property
    def box(self) -> str:
        return f"{self.x:.1f} {self.y:.1f} {self.width:.1f} {self.height:.1f}"

    @property
    def zoom(self) -> float:
        return WIDTH / self.width


WORLD = View(0.0, 0.0, WIDTH, HEIGHT)
MIN_SPAN_X = 60.0  # map units (about 22 degrees of longitude): never zoom in closer
FOCUS_SHARE = 0.6  # the opening view holds at least this share of the weight


def fit(points: list[tuple[float, float, float]], *, margin: float = 0.15) -> View:
    """The view the map opens on: where the weight of (x, y, weight) points is.

    News of one war names a few places abroad (capitals, the UN) and many at home;
    fitting every point would show the world with the war's markers on each other. The
    view is centred on the weighted median and is the narrowest of a few zoom levels
    holding FOCUS_SHARE of the weight, with every point of it plus a margin.
    """
    if not points:
        return WORLD
    total = sum(w for _, _, w in points) or 1.0
    cx, cy = (
        _weighted_median([x for x, _, _ in points], points),
        _weighted_median([y for _, y, _ in points], points),
    )
    width = MIN_SPAN_X
    while width < WIDTH:
        height = width * HEIGHT / WIDTH
        inside = [
            (x, y, w)
            for x, y, w in points
            if abs(x - cx) <= width / 2 and abs(y - cy) <= height / 2
        ]
        if sum(w for _, _, w in inside) >= FOCUS_SHARE * total:
            return _around(inside, margin)
        width *= 2
    return WORLD


def _weighted_median(values: list[float], points: list[tuple[float, float, float]]) -> float:
    pairs = sorted(zip(values, (w for _, _, w in points), strict=True))
    half, seen = sum(w for _, w in pairs) / 2, 0.0
    for value, weight in pairs:
        seen += weight
        if seen >= half:
            return value
    return pairs[-1][0]


def _around(points: list[tuple[float, float, float]], margin: float) -> View:
    """The smallest view of the map's proportions holding `points` with a margin."""
    xs, ys = [x for x, _, _ in points], [y for _, y, _ in points]
    width = max((max(xs) - min(xs)) * (1 + 2 * margin), MIN_SPAN_X)
    width = max(width, (max(ys) - min(ys)) * (1 + 2 * margin) * WIDTH / HEIGHT)
    if width >= WIDTH:
        return WORLD
    height = width * HEIGHT / WIDTH
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    x = min(max(cx - width / 2, 0.0), WIDTH - width)
    y = min(max(cy - height / 2, 0.0), HEIGHT - height)
    return View(x, y, width, height)
