"""Places: toponyms resolved to GeoNames.

Every GPE and LOC entity (and FAC entity GeoNames knows) becomes a `Place`; demonyms
never do. Candidates come from `PlaceIndex.lookup` (exact folded name or alternate name)
and are ranked by evidence, in this order of weight:

1. an explicit ", <Country>" or ", <Region>" after the name ("Tripoli, Lebanon",
   "London, Ontario");
2. a feature word ("the village of X" prefers populated places, "X province" regions);
3. countries the article names (or whose demonym it uses), weighted by their share of
   the article's country mentions: up to a factor of 100 in population for the country
   a story is about ("Tripoli" in a Lebanon story is Tripoli, LBN), little for a country
   named in passing (a Syria story naming the US once keeps Geneva in Switzerland), and
   never enough to beat a world city ("London" in a US story is London, GBR);
4. population (log scale); countries beat namesake cities, cities beat namesake regions.

Precision: "country" for countries, "region" for admin1 regions, "city" for populated
places of >= 15,000 people (GeoNames' own "cities15000" cut), "village" below. A name
GeoNames does not know stays a Place with `geonameid` None, its precision taken from a
feature word if there is one ("the village of Kalaz Taktani" -> "village").
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..nlp.docindex import index as doc_index
from ..nlp.gazetteer import (
    CITY_PRECISION_POPULATION,
    Candidate,
    PlaceIndex,
    demonym_country,
    feature_after,
    feature_before,
    feature_precision,
    fold,
    load_place_index,
)
from ..records import Place

PLACE_LABELS = {"GPE", "LOC"}
MENTIONED_COUNTRY_BONUS = 2.0  # log10 units, times the country's share of mentions
EXPLICIT_COUNTRY_BONUS = 20.0
FEATURE_BONUS = 10.0
COUNTRY_BONUS = 3.0
REGION_PENALTY = 1.0
# A place in a region the article names elsewhere ("Paris" in a story naming Tennessee).
MENTIONED_REGION_BONUS = 4.0
# The candidate kind a feature word's precision favours ("village of" -> populated places).
FEATURE_KINDS = {"region": "region", "city": "city", "village": "city"}


@dataclass(frozen=True, slots=True)
class PlaceContext:
    """What the whole article says about where it is: ISO3 code -> share of mentions."""

    countries: dict[str, float]
    regions: frozenset[tuple[str, str]] = field(default_factory=frozenset)

    @classmethod
    def of(cls, doc: Doc, index: PlaceIndex) -> PlaceContext:
        """Count the countries `doc` names (ruler ids, country names, demonyms) and collect
        the admin1 regions it names unambiguously as (ISO3, folded name).

        A name that is only ever a region ("Ohio", "Ontario") also counts as a mention of
        its country; one that is also a country ("Georgia") counts for neither.
        """
        found: Counter[str] = Counter()
        regions: set[tuple[str, str]] = set()
        for ent in doc.ents:
            iso3 = None
            if ent.label_ == "GPE":
                iso3 = country_code(ent, index)
                if iso3 is None:
                    named = [c for c in index.lookup(_lookup_text(ent.text)) if c.kind == "region"]
                    regions.update((c.country, fold(c.admin1 or c.name)) for c in named)
                    if named:
                        iso3 = max(named, key=lambda c: c.population).country
            elif ent.label_ == "NORP":
                iso3 = demonym_country(ent.text)[1]
            if iso3:
                found[iso3] += 1
        total = sum(found.values())
        return cls(
            countries={iso3: n / total for iso3, n in found.items()}, regions=frozenset(regions)
        )


def _lookup_text(text: str) -> str:
    return text[4:] if text[:4].lower() == "the " else text


def country_code(ent: SpacySpan, index: PlaceIndex) -> str | None:
    """ISO3 code of `ent` if it names a country (ruler id or a GeoNames country name)."""
    if ent.ent_id_ and index.country(ent.ent_id_):
        return ent.ent_id_
    for candidate in index.lookup(_lookup_text(ent.text)):
        if candidate.kind == "country":
            return candidate.country
    return None


def _explicit_container(ent: SpacySpan, index: PlaceIndex) -> tuple[set[str], set[str]]:
    """Countries and admin1 regions of ", <Place>" right after `ent`.

    "Tripoli, Lebanon" -> ({"LBN"}, set()); "London, Ontario" -> ({"CAN"}, {"ontario"}).
    """
    doc = ent.doc
    if ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
        return set(), set()
    after = doc[ent.end + 1]
    if after.ent_iob_ != "B" or after.ent_type_ != "GPE":
        return set(), set()
    other = doc_index(doc).ent_at_token.get(after.i)
    if other is None:
        return set(), set()
    iso3 = country_code(other, index)
    if iso3:
        return {iso3}, set()
    regions = [c for c in index.lookup(other.text) if c.kind == "region"]
    return {c.country for c in regions}, {fold(c.name) for c in regions}


def choose_candidate(
    candidates: list[Candidate],
    *,
    mentioned: dict[str, float] | None = None,
    explicit_countries: set[str] | frozenset[str] = frozenset(),
    explicit_admin1: set[str] | frozenset[str] = frozenset(),
    precision: str | None = None,
    regions: frozenset[tuple[str, str]] = frozenset(),
) -> Candidate | None:
    """Pick the place a name most likely stands for (see the module docstring).

    Args:
        candidates: the places the name can stand for.
        mentioned: ISO3 code -> share of the article's country mentions.
        explicit_countries: ISO3 codes of the place given right after the name
            (", Lebanon", ", Ontario").
        explicit_admin1: folded names of the region given right after the name.
        precision: the precision a feature word implies ("village", "city", "region").
        regions: (ISO3, folded admin1 name) of the regions the article names.

    Returns:
        The best candidate, or None when there is none.
    """

    mentioned = mentioned or {}

    def score(candidate: Candidate) -> float:
        value = math.log10(candidate.population + 1)
        if candidate.kind == "country":
            value += COUNTRY_BONUS
        elif candidate.kind == "region":
            value -= REGION_PENALTY
        if candidate.country in explicit_countries and candidate.kind != "country":
            value += EXPLICIT_COUNTRY_BONUS
            if candidate.admin1 and fold(candidate.admin1) in explicit_admin1:
                value += FEATURE_BONUS
        value += MENTIONED_COUNTRY_BONUS * mentioned.get(candidate.country, 0.0)
        if FEATURE_KINDS.get(precision or "") == candidate.kind:
            value += FEATURE_BONUS
        in_region = candidate.admin1 and (candidate.country, fold(candidate.admin1)) in regions
        if candidate.kind == "city" and in_region:
            value += MENTIONED_REGION_BONUS
        return value

    return max(candidates, key=score, default=None)


def candidate_precision(candidate: Candidate) -> str:
    """Precision of a resolved place: country, region, city or village."""
    if candidate.kind != "city":
        return candidate.kind
    return "city" if candidate.population >= CITY_PRECISION_POPULATION else "village"


def resolve_place(
    ent: SpacySpan, index: PlaceIndex, context: PlaceContext
) -> tuple[Candidate | None, str | None]:
    """The GeoNames place `ent` stands for, and the precision a feature word gives it."""
    doc = ent.doc
    feature = feature_before(doc, ent.start) or feature_after(doc, ent.end)
    precision = feature_precision(feature)
    if ent.ent_id_ and index.country(ent.ent_id_):
        return index.country(ent.ent_id_), precision
    candidates = index.lookup(_lookup_text(ent.text))
    countries, admin1 = _explicit_container(ent, index) if candidates else (set(), set())
    best = choose_candidate(
        candidates,
        mentioned=context.countries,
        explicit_countries=countries,
        explicit_admin1=admin1,
        precision=precision,
        regions=context.regions,
    )
    return best, precision


def extract_places(doc: Doc, index: PlaceIndex | None = None) -> list[Place]:
    """Every toponym of `doc` as a `Place`; unresolved names keep `geonameid=None`.

    Args:
        doc: a Doc from the newstrace pipeline (entities fixed by `GazetteerFixer`).
        index: the place index; `load_place_index()` (built once per process) if None.

    Returns:
        The places in text order, offsets from their entity.
    """
    index = index or load_place_index()
    context = PlaceContext.of(doc, index)
    places = []
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS and ent.label_ != "FAC":
            continue
        if demonym_country(ent.text)[0]:
            continue
        candidate, precision = resolve_place(ent, index, context)
        if ent.label_ == "FAC" and candidate is None:
            continue
        if candidate is None:
            place = Place(
                start=ent.start_char,
                end=ent.end_char,
                text=ent.text,
                name=ent.text,
                precision=precision,
            )
        else:
            place = Place(
                start=ent.start_char,
                end=ent.end_char,
                text=ent.text,
                name=candidate.name,
                geonameid=candidate.geonameid,
                country=candidate.country or None,
                admin1=candidate.admin1,
                lat=candidate.lat,
                lon=candidate.lon,
                precision=candidate_precision(candidate),
            )
        places.append(place)
    return places
