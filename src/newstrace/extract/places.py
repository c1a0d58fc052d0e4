"""Places: toponyms resolved to GeoNames.

Every GPE and LOC entity (and FAC entity GeoNames knows) becomes a `Place`; demonyms
never do. Candidates come from `PlaceIndex.lookup` (exact folded name or alternate name)
and are ranked by evidence, in this order of weight:

1. an explicit ", <Country>" or ", <Region>" after the name ("Tripoli, Lebanon",
   "London, Ontario");
2. a feature word ("the village of X" prefers populated places, "X province" regions);
3. countries the article names (or whose demonym it uses), weighted by their share of
   the article's country mentions: up to a factor of 1000 in population for the country
   a story is about ("Tripoli" in a Lebanon story is Tripoli, LBN), little for a country
   named in passing (a Syria story naming the US once keeps Geneva in Switzerland), and
   never enough to beat a world city ("London" in a US story is London, GBR);
4. population (log scale); countries beat namesake cities, cities beat namesake regions.

Two passes: the second adds what the article's unambiguous places say (their countries
and admin1 regions) to the named countries and regions, so "Paris" in a story whose other
places are all in Tennessee is Paris, Tennessee, and "Georgia" in a US story the state.
A place an organisation or facility name starts with is a place too ("Gainesville" in
"Gainesville Police Department"; a separate record, the entity stays an ORG).

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
    capitals_by_country,
    demonym_country,
    feature_after,
    feature_before,
    feature_precision,
    fold,
    load_place_index,
    place_features,
)
from ..records import Place

PLACE_LABELS = {"GPE", "LOC"}
# Entities whose name can start with the place they serve ("Gainesville Police Department").
HOST_LABELS = {"ORG", "FAC"}
MAX_PREFIX_TOKENS = 4
# Kinds a name inside an organisation's name may stand for without an institution word
# after it ("Texas Department of Transportation", "Laurel County Detention Center").
SELF_EVIDENT_KINDS = {"country", "region", "county"}
MENTIONED_COUNTRY_BONUS = 3.0  # log10 units, times the country's share of mentions
EXPLICIT_COUNTRY_BONUS = 20.0
FEATURE_BONUS = 10.0
COUNTRY_BONUS = 3.0
REGION_PENALTY = 1.0
# A place in a region the article names elsewhere ("Paris" in a story naming Tennessee).
MENTIONED_REGION_BONUS = 4.0
# A region of the country the article is about ("Georgia" in a US story is the state).
REGION_COUNTRY_BONUS = 5.0
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
                named = [c for c in index.lookup(_lookup_text(ent.text)) if c.kind == "region"]
                iso3 = country_code(ent, index)
                if named and iso3 is not None:
                    iso3 = None  # "Georgia": a country and a US state, evidence of neither
                elif named:
                    if len(named) == 1:
                        regions.add((named[0].country, fold(named[0].admin1 or named[0].name)))
                    iso3 = max(named, key=lambda c: c.population).country
            elif ent.label_ == "NORP":
                iso3 = demonym_country(ent.text)[1]
            if iso3:
                found[iso3] += 1
        total = sum(found.values())
        return cls(
            countries={iso3: n / total for iso3, n in found.items()}, regions=frozenset(regions)
        )

    def refined(
        self, country_anchors: list[Candidate], region_anchors: list[Candidate]
    ) -> PlaceContext:
        """This context plus what the article's unambiguous places say (second pass).

        `country_anchors` are places whose every candidate lies in one country: their
        countries join the named ones (half the weight each, when both exist), so
        "Georgia" in a story of Atlanta and Savannah is the state. `region_anchors` lie
        in one country and admin1 as well: their regions join the named regions, so
        "Paris" in a story that also names Henry County's towns is Paris, Tennessee.
        """
        if not country_anchors:
            return self
        counts = Counter(c.country for c in country_anchors if c.country)
        total = sum(counts.values())
        shares = {iso3: n / total for iso3, n in counts.items()}
        if self.countries:
            keys = shares.keys() | self.countries.keys()
            shares = {k: (shares.get(k, 0.0) + self.countries.get(k, 0.0)) / 2 for k in keys}
        regions = set(self.regions)
        regions.update((c.country, fold(c.admin1)) for c in region_anchors if c.admin1)
        return PlaceContext(countries=shares, regions=frozenset(regions))


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
        if candidate.kind in ("city", "county") and in_region:
            value += MENTIONED_REGION_BONUS
        if candidate.kind in ("region", "county"):
            value += REGION_COUNTRY_BONUS * mentioned.get(candidate.country, 0.0)
        return value

    return max(candidates, key=score, default=None)


def candidate_precision(candidate: Candidate) -> str:
    """Precision of a resolved place: country, region, city or village."""
    if candidate.kind == "county":
        return "region"
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
    candidates = index.lookup(_lookup_text(ent.text))
    country = index.country(ent.ent_id_) if ent.ent_id_ else None
    if country is not None and not any(c.kind == "region" for c in candidates):
        return country, precision  # "Georgia" (also a US state) is left to the context
    capital = _acting_capital(ent, candidates)
    if capital is not None:
        return capital, precision
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


def _acting_capital(ent: SpacySpan, candidates: list[Candidate]) -> Candidate | None:
    """The national capital a subject names: "Washington has concerns" is the capital of
    the United States speaking, not Washington State, whatever the population prior says."""
    if ent.root.dep_ != "nsubj" or ent.root.head.pos_ not in ("VERB", "AUX"):
        return None
    seats = capitals_by_country()
    found = [c for c in candidates if c.kind == "city" and seats.get(c.country) == c.name]
    return max(found, key=lambda c: c.population, default=None)


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
    spans: list[SpacySpan] = []
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS or ent.label_ == "FAC":
            if demonym_country(ent.text)[0]:
                continue
            if ent.label_ == "FAC" and not index.lookup(_lookup_text(ent.text)):
                spans.extend(_hosted_place(ent, index))
                continue
            spans.append(ent)
        elif ent.label_ in HOST_LABELS:
            spans.extend(_hosted_place(ent, index))
    first = [resolve_place(span, index, context) for span in spans]
    one_country, one_region = [], []
    for span, (best, _) in zip(spans, first, strict=True):
        if best is None:
            continue
        candidates = index.lookup(_lookup_text(span.text))
        if len({c.country for c in candidates}) == 1:
            one_country.append(best)  # "Atlanta" (Georgia or Texas) still says USA
            if _is_unambiguous(candidates):
                one_region.append(best)
    second = context.refined(one_country, one_region)
    places = []
    for span, (best, precision) in zip(spans, first, strict=True):
        if best is not None and second is not context:
            best, precision = resolve_place(span, index, second)
        places.append(_place(span, best, precision))
    return places


def _is_unambiguous(candidates: list[Candidate]) -> bool:
    """Whether every candidate lies in one country and one admin1 region."""
    return len({(c.country, c.admin1) for c in candidates}) == 1


def _hosted_place(ent: SpacySpan, index: PlaceIndex) -> list[SpacySpan]:
    """The place an organisation or facility name starts with: "Gainesville" in
    "Gainesville Police Department", "Texas" in "Texas Department of Transportation".

    The longest leading name the index knows counts when it is a country, region or
    county, or when an institution word follows it (lexicon `place_features`).
    """
    start = 1 if ent[0].lower_ == "the" else 0
    if len(ent) - start < 2 or not ent[start].text[:1].isupper():
        return []
    institutions = place_features().institutions
    for stop in range(min(len(ent) - 1, start + MAX_PREFIX_TOKENS), start, -1):
        sub = ent[start:stop]
        candidates = index.lookup(sub.text)
        if not candidates:
            continue
        if {c.kind for c in candidates} & SELF_EVIDENT_KINDS or ent[stop].text in institutions:
            return [sub]
        return []
    return []


def _place(ent: SpacySpan, candidate: Candidate | None, precision: str | None) -> Place:
    if candidate is None:
        return Place(
            start=ent.start_char,
            end=ent.end_char,
            text=ent.text,
            name=ent.text,
            precision=precision,
        )
    return Place(
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
