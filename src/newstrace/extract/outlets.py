"""Outlet profiles: where an outlet's stories happen, learnt from its own articles.

A reader of the Paris Beacon knows "Paris" is Paris, Tennessee before the article says
so: the paper's other stories are about Henry County. `OutletProfiles` learns that the
same way, without gold: for every article of an outlet (`outlet_key`: its URL's host
without "www.", else its outlet name),
the countries and admin1 regions of its *anchored* places, those whose every GeoNames
candidate lies in one country (or one country and admin1 region), count once per
article. An outlet's profile is the share of its articles anchored in each country and
region. `extract_places(..., outlet=profile)` takes it as evidence beside the
article's own (see `places.OUTLET_REGION_BONUS`).

The profile of an article's outlet never includes the article itself
(`OutletProfiles.profile(key, without=anchors)`), so learning from a corpus and then
extracting it again scores each article on what its outlet's *other* articles say, as a
store that has seen the outlet before would.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import OutletProfilesError
from ..nlp.gazetteer import PlaceIndex, fold
from ..records import Place

# Fewer articles than this say nothing reliable about an outlet.
MIN_ARTICLES = 3
ANCHOR_KINDS = ("city", "county", "district", "region")


@dataclass(frozen=True, slots=True)
class Anchors:
    """The countries (ISO3) and admin1 regions ((ISO3, folded name)) one article's
    unambiguous places lie in."""

    countries: frozenset[str] = frozenset()
    regions: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True, slots=True)
class OutletProfile:
    """Share of an outlet's articles anchored in each country and admin1 region."""

    articles: int
    countries: dict[str, float] = field(default_factory=dict)
    regions: dict[tuple[str, str], float] = field(default_factory=dict)


def url_host(url: str | None) -> str | None:
    """The host of an article URL, lower case, without a trailing dot ("lfpress.ca" as
    written or "http://www.lfpress.ca./x" -> "www.lfpress.ca"); None for no URL or a
    malformed one (which is no evidence of anything)."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    return (host or "").rstrip(".").lower() or None


def outlet_key(url: str | None, outlet: str | None = None) -> str | None:
    """The outlet an article belongs to: its URL's host without "www.", else its
    `outlet` name (lower case), else None."""
    host = url_host(url)
    if host:
        return host[4:] if host.startswith("www.") else host
    name = (outlet or "").strip().lower()
    return name or None


def article_anchors(places: Iterable[Place], index: PlaceIndex) -> Anchors:
    """The countries and regions `places` (one article's, resolved) are anchored in.

    A resolved place counts for its country when every candidate of its name lies in
    that country, and for its admin1 region when every candidate lies in that region
    too ("Henry County, Tennessee" is anchored, "Paris" is not).
    """
    from .places import place_candidates  # places imports this module's profile

    countries: set[str] = set()
    regions: set[tuple[str, str]] = set()
    for place in places:
        if place.geonameid is None and place.lat is None:
            continue
        candidates = place_candidates(place.text, index)
        if not candidates or not place.country:
            continue
        if {c.country for c in candidates} != {place.country}:
            continue
        countries.add(place.country)
        homes = {(c.country, c.admin1) for c in candidates}
        if len(homes) == 1 and all(c.kind in ANCHOR_KINDS and c.admin1 for c in candidates):
            country, admin1 = homes.pop()
            regions.add((country, fold(admin1)))
    return Anchors(frozenset(countries), frozenset(regions))


class OutletProfiles:
    """Anchors counted per outlet; `profile(key)` is what an outlet's articles say."""

    def __init__(self) -> None:
        self._articles: Counter[str] = Counter()
        self._countries: dict[str, Counter[str]] = {}
        self._regions: dict[str, Counter[tuple[str, str]]] = {}

    def add(self, key: str | None, anchors: Anchors) -> None:
        """Count one article of outlet `key` (`outlet_key`) with its `anchors`."""
        if key is None:
            return
        self._articles[key] += 1
        self._countries.setdefault(key, Counter()).update(anchors.countries)
        self._regions.setdefault(key, Counter()).update(anchors.regions)

    def profile(self, key: str | None, without: Anchors | None = None) -> OutletProfile | None:
        """The profile of outlet `key` (`outlet_key`), leaving out one counted article's
        `without` anchors (the article being extracted); None under `MIN_ARTICLES`
        articles."""
        if key is None:
            return None
        articles = self._articles[key] - (without is not None)
        if articles < MIN_ARTICLES:
            return None
        countries = Counter(self._countries[key])
        regions = Counter(self._regions[key])
        if without is not None:
            countries.subtract(without.countries)
            regions.subtract(without.regions)
        return OutletProfile(
            articles=articles,
            countries={k: n / articles for k, n in countries.items() if n > 0},
            regions={k: n / articles for k, n in regions.items() if n > 0},
        )

    @classmethod
    def from_counts(
        cls, articles: dict[str, int], anchors: Iterable[tuple[str, str, str, int]]
    ) -> OutletProfiles:
        """Profiles from summed counts: articles per outlet, and (outlet, ISO3, folded
        admin1 or "" for the country itself, articles) per anchor (a store's rows)."""
        profiles = cls()
        for key, n in articles.items():
            profiles._articles[key] = n
            profiles._countries[key] = Counter()
            profiles._regions[key] = Counter()
        for key, country, admin1, n in anchors:
            if key not in profiles._articles:
                continue
            if admin1:
                profiles._regions[key][(country, admin1)] += n
            else:
                profiles._countries[key][country] += n
        return profiles

    def to_json(self) -> dict:
        """The counts as JSON-ready data (`from_json` reads it back)."""
        return {
            key: {
                "articles": n,
                "countries": dict(self._countries[key]),
                "regions": [[c, r, k] for (c, r), k in self._regions[key].items()],
            }
            for key, n in sorted(self._articles.items())
        }

    @classmethod
    def from_json(cls, data: dict) -> OutletProfiles:
        profiles = cls()
        for key, counts in data.items():
            profiles._articles[key] = int(counts["articles"])
            profiles._countries[key] = Counter(counts.get("countries", {}))
            profiles._regions[key] = Counter(
                {(c, r): int(k) for c, r, k in counts.get("regions", [])}
            )
        return profiles

    def __len__(self) -> int:
        return len(self._articles)

    def outlets(self) -> list[tuple[str, int]]:
        """(outlet, articles counted), most articles first."""
        return self._articles.most_common()

    def save(self, path: Path) -> None:
        """Write the counts to `path` as JSON."""
        Path(path).write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n")

    @classmethod
    def load(cls, path: Path) -> OutletProfiles:
        """Read profiles `save` wrote.

        Raises:
            OutletProfilesError: the file is missing or not such JSON.
        """
        try:
            return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise OutletProfilesError(str(path), "no such file") from None
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            reason = f"not an outlet-profiles file ({type(error).__name__}: {error})"
            raise OutletProfilesError(str(path), reason) from None


def anchor_rows(key: str | None, anchors: Anchors) -> list[tuple[str, str, str]]:
    """One article's anchors as store rows (outlet, ISO3, folded admin1 or ""): a
    marker row (outlet, "", "") when it has none, outlet "" when it names no outlet."""
    outlet = key or ""
    rows = [(outlet, country, "") for country in sorted(anchors.countries)]
    rows += [(outlet, country, admin1) for country, admin1 in sorted(anchors.regions)]
    return rows or [(outlet, "", "")]


def learn_outlet_profiles(
    articles: Iterable[tuple[str | None, Iterable[Place]]], index: PlaceIndex
) -> tuple[OutletProfiles, list[Anchors]]:
    """Count the anchors of `(outlet key, places)` pairs, one per article (no gold).

    Returns:
        The profiles, and each article's anchors in input order (to leave it out of its
        own outlet's profile: `profiles.profile(key, without=anchors[i])`).
    """
    profiles = OutletProfiles()
    anchors = []
    for key, places in articles:
        found = article_anchors(places, index)
        profiles.add(key, found)
        anchors.append(found)
    return profiles, anchors
