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
   never enough to beat a world city ("London" in a US story is London, GBR). The
   outlet's country, from the country-code domain of the article's URL (lexicon
   `country_tlds`: lfpress.ca -> CAN), counts as one more mention, the evidence a
   reader of a local paper uses: "London" alone in the London Free Press is London,
   Ontario; a story naming other countries dilutes it like any mention;
   the outlet's profile (`extract/outlets.py`, learnt without gold from its other
   articles) adds the countries most of its articles are in, and a town gets
   `OUTLET_REGION_BONUS` times the share of those articles anchored in its region:
   "Paris" alone in the Paris (Tennessee) paper is Paris, Tennessee;
4. the admin1 region the article's other names agree on: each distinct name counts for
   every region it has a candidate in, weighted by how likely it is there (a namesake of
   a world city counts little), so "Decatur" in a story of DeKalb County and Avondale
   Estates is Decatur, Georgia, and a country's name is the town when enough local names
   agree ("Palestine" beside Anderson County and Grapeland is Palestine, Texas);
5. population (log scale); countries beat namesake cities, cities beat namesake regions,
   a city whose own name is the name written beats one that has it as an alternate name.

A name GeoNames does not know as written is looked up without its wrapping words
(`place_candidates`: "Boone County's", "Hebei province", "the City of Norfolk", "North
Texas", "S.E. Paris", "west Clare", "the Henderson County Jail"), with its abbreviated
words in full ("St. Marc"), or as a US county without "County" ("Henrico"); short forms
count as written (lexicon `place_abbreviations`: "Pa." is Pennsylvania, "L.A." Los
Angeles). A place entity that is an organisation's name keeps only the place it starts
with ("North Las Vegas Police Department"), and demonyms are no places ("Sri Lankan").

Two passes: the second adds what the article's unambiguous places say (their countries
and admin1 regions) to the named countries and regions, so "Paris" in a story whose other
places are all in Tennessee is Paris, Tennessee, and "Georgia" in a US story the state.
A place an organisation or facility name starts with is a place too ("Gainesville" in
"Gainesville Police Department"; a separate record, the entity stays an ORG), as is a
region or big city ending one after "of" ("University of Cincinnati"). A region right
after a town it holds and a comma is that region ("Buffalo, New York": the state). A name
the article puts before a disease word (lexicon `disease_words`: "West Nile virus") names
the disease, and so do its bare uses without a preposition ("Marburg has killed").

The second pass also reads the article's wording across mentions: a place in a list of
places ("British Columbia, Alberta, Manitoba, Ontario and New Brunswick"; "Niger, Nigeria
and Togo") leans to the kind and country of its siblings, and such a list is no town and
its container ("Washington, Pennsylvania and California"); a name's bare mentions take
the reading its marked mention gives ("Scott County, Indiana", then "Scott County"; "the
state of Victoria", then "Victoria"); and a town that the country or region after its
comma does not hold stays unresolved inside that container ("Stroud, Ontario": CAN,
Ontario, no point) rather than becoming a namesake elsewhere.

Precision: "country" for countries, "region" for admin1 regions, "city" for populated
places of >= 15,000 people (GeoNames' own "cities15000" cut), "village" below. A name
GeoNames does not know stays a Place with `geonameid` None, its precision taken from a
feature word if there is one ("the village of Kalaz Taktani" -> "village").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..data import load_lexicon, load_table
from ..nlp.docindex import index as doc_index
from ..nlp.gazetteer import (
    BIG_CITY_POPULATION,
    CITY_PRECISION_POPULATION,
    COUNTY_SUFFIXES,
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
    possessive_stem,
)
from ..records import Place
from .actors import demonym_country as actor_demonym
from .outlets import OutletProfile, url_host

PLACE_LABELS = {"GPE", "LOC"}
# Entities whose name can start with the place they serve ("Gainesville Police Department").
HOST_LABELS = {"ORG", "FAC"}
MAX_PREFIX_TOKENS = 4
POSSESSIVE_ENDINGS = ("’s", "'s", "’", "'")
# Kinds a name inside an organisation's name may stand for without an institution word
# after it ("Texas Department of Transportation", "Laurel County Detention Center").
SELF_EVIDENT_KINDS = {"country", "region", "county"}
# Words after a town's name in the name of its bodies ("Las Vegas City Marshal"), which
# GeoNames can have among the town's alternate names ("Las Vegas City").
TOWN_WORDS = ("City", "Town")
# A town leading an organisation's name is its place when at least this share of the
# article's other names lie in the town's admin1 region.
HOSTED_JOINT_SHARE = 0.5
MENTIONED_COUNTRY_BONUS = 3.0  # log10 units, times the country's share of mentions
# GeoNames writes 0 for a town whose population it does not know ("Maḑāyā", Syria); its
# cities table holds towns of 1,000 people and more, so such a town counts as that many.
UNKNOWN_TOWN_POPULATION = 1000
EXPLICIT_COUNTRY_BONUS = 20.0
FEATURE_BONUS = 10.0
COUNTRY_BONUS = 3.0
REGION_PENALTY = 1.0
# A place in a region the article's other names put it in ("Paris" in a story naming
# Tennessee), times that region's share of the mentions that name or anchor a region: a
# story of Tennessee alone makes "Paris" Paris, Tennessee; one listing New York among ten
# states leaves "Boston" in Massachusetts. A name never supports its own reading: "New
# York" alone does not make the city in New York State.
MENTIONED_REGION_BONUS = 4.0
# A region of the country the article is about ("Georgia" in a US story is the state).
REGION_COUNTRY_BONUS = 5.0
# The candidate kind a feature word's precision favours ("village of" -> populated places).
FEATURE_KINDS = {"region": "region", "city": "city", "village": "city"}
# A place in the admin1 region where the article's other names can lie too, times the
# share of those other names ("Decatur" in a story of DeKalb County and Avondale Estates
# is Decatur, Georgia): the region the names agree on, as a reader would take it.
JOINT_REGION_BONUS = 4.0
# A city whose own name is the name written, over one that has it among its alternate
# names ("Rogersville" is Rogersville, not Rogers Park).
OWN_NAME_BONUS = 1.0
# A place in a list of places ("British Columbia, Alberta, Manitoba, Ontario and New
# Brunswick"; "Niger, Nigeria and Togo") is of the kind and country of its siblings:
# this many log10 units times the share of siblings whose reading agrees.
LIST_SIBLING_BONUS = 4.0
# An unresolved village or town a feature word names lies in the country the story
# happens in: the one that holds at least this share of its resolved towns and regions,
# and twice as many as the next ("the village of Kalaz Taktani" beside Aleppo and Afrin:
# SYR, no point).
STORY_COUNTRY_SHARE = 0.4
STORY_COUNTRY_LEAD = 2.0
STORY_COUNTRY_MIN_PLACES = 2
# A name the index knows only in another romanisation ("Deir Ezzor") is read in a country
# that has at least this share of the article's country mentions.
ROMANISED_COUNTRY_SHARE = 0.25
# Words that join the items of a list of places.
LIST_JOINERS = frozenset({",", "and", "or", "&"})
# A country name is a town of the region the article's other places agree on when at
# least this many other names, and this share of them, lie there ("Palestine" in a story
# of Anderson County, Grapeland and Tennessee Colony is Palestine, Texas).
COUNTRY_TOWN_MIN_NAMES = 3
COUNTRY_TOWN_MIN_SHARE = 0.6
# Kinds that place a name in an admin1 region, for the joint reading of the article.
LOCAL_KINDS = ("city", "county", "district", "region")
# How many country mentions the outlet's country (from its ccTLD) counts for.
OUTLET_MENTIONS = 1.0
# What a town or county gets in log10 units, times the share of its outlet's other
# articles anchored in its admin1 region (`outlets.OutletProfile`): less than a region
# the article names itself (`MENTIONED_REGION_BONUS`).
OUTLET_REGION_BONUS = 3.0
# An outlet's country counts as a mention when at least this share of its articles
# is anchored there.
OUTLET_COUNTRY_SHARE = 0.5
# A town an outlet is named after (its host holds the name: norfolkdailynews.com) and
# whose region the outlet's profile anchors is the outlet's home: as strong as a feature
# word. Names shorter than this are too likely to be inside unrelated words of a host.
OUTLET_HOME_BONUS = 10.0
HOME_NAME_MIN_LETTERS = 4


@dataclass(frozen=True, slots=True)
class PlaceContext:
    """What the whole article says about where it is: ISO3 code -> share of mentions."""

    countries: dict[str, float]
    regions: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    # (ISO3, folded admin1) of `regions` -> the folded names that put the article there
    region_names: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    # (ISO3, folded admin1) of `regions` -> how many of the article's mentions put it there
    region_mentions: dict[tuple[str, str], int] = field(default_factory=dict)
    # (ISO3, folded admin1) -> how many of the article's distinct names can lie there,
    # each name weighing by how likely it is there (see `with_support`)
    support: dict[tuple[str, str], float] = field(default_factory=dict)
    # (folded name, region) -> what that name adds to `support`
    own: dict[tuple[str, tuple[str, str]], float] = field(default_factory=dict)
    # folded names that can be an admin1 region of a country the article names
    regional_names: frozenset[str] = frozenset()
    names: int = 0
    # folded names the article uses as places (its place entities)
    place_names: frozenset[str] = frozenset()
    # (ISO3, folded admin1) -> share of the outlet's other articles anchored there
    outlet_regions: dict[tuple[str, str], float] = field(default_factory=dict)
    # the letters of the outlet's host ("norfolkdailynews.com" -> "norfolkdailynewscom")
    outlet_host: str = ""

    def joint(self, candidate: Candidate, name: str) -> float:
        """Share of the article's other names that can lie in `candidate`'s region.

        A name that can be an admin1 region of a country the article names ("Oregon" in
        a US story, "Wales") gets it for its region readings only: a story listing states
        does not make "Oregon" the town in Ohio.
        """
        if self.names < 2 or not candidate.admin1 or candidate.kind not in LOCAL_KINDS:
            return 0.0
        key = fold(name)
        region = (candidate.country, fold(candidate.admin1))
        if self.off_region(candidate, key):
            return 0.0
        others = self.support.get(region, 0.0) - self.own.get((key, region), 0.0)
        return max(others, 0.0) / (self.names - 1)

    def is_outlet_home(self, candidate: Candidate) -> bool:
        """Whether `candidate` can be the town the outlet is named after: its host holds
        the town's name ("Norfolk" in norfolkdailynews.com) and some of the outlet's other
        articles are anchored in the town's region (among namesakes, the region's share
        still decides)."""
        if candidate.kind != "city" or not self.outlet_host or not self.outlet_share(candidate):
            return False
        letters = _letters(candidate.name)
        return len(letters) >= HOME_NAME_MIN_LETTERS and letters in self.outlet_host

    def outlet_share(self, candidate: Candidate) -> float:
        """Share of the outlet's other articles anchored in `candidate`'s region."""
        if not candidate.admin1 or not self.outlet_regions:
            return 0.0
        return self.outlet_regions.get((candidate.country, fold(candidate.admin1)), 0.0)

    def off_region(self, candidate: Candidate, key: str) -> bool:
        """Whether `candidate` is a town outside the region that its name (folded `key`)
        names in this article: "Oregon", Ohio in a story of US states (not "Aleppo" the
        city in Aleppo governorate)."""
        if key not in self.regional_names or candidate.kind == "region":
            return False
        return (key, (candidate.country, fold(candidate.admin1 or ""))) not in self.own

    def with_support(self, spans: list[SpacySpan], index: PlaceIndex) -> PlaceContext:
        """This context plus, for each admin1 region, how many of the distinct names of
        `spans` can lie there.

        A name adds to each region it has a candidate in (city, county, district or the
        region itself) a weight of 1 / (1 + log10(P / p)), p the population of its
        candidate there, P that of its biggest candidate of the same kind: "London" adds
        1 to England and 0.25 to Kentucky, so a story of London and Glasgow stays in
        Britain. A name that can be an admin1 region of a country the article names adds
        to that region only.
        """
        support: Counter[tuple[str, str]] = Counter()
        own: dict[tuple[str, tuple[str, str]], float] = {}
        regional: set[str] = set()
        names = 0
        # one name however written: "NEWARK" (a dateline) and "Newark" are one
        distinct = {fold(text): text for text in sorted({_lookup_text(s.text) for s in spans})}
        for key, text in distinct.items():
            candidates = [
                c for c in place_candidates(text, index) if c.kind in LOCAL_KINDS and c.admin1
            ]
            if not candidates:
                continue
            regions = [
                c for c in candidates if c.kind == "region" and self.countries.get(c.country)
            ]
            if regions:
                regional.add(key)
                candidates = regions
            biggest: dict[str, int] = {}
            for c in candidates:
                biggest[c.kind] = max(biggest.get(c.kind, 0), c.population)
            weights: dict[tuple[str, str], float] = {}
            for c in candidates:
                ratio = max(biggest[c.kind], 1) / max(c.population, 1)
                weight = 1.0 / (1.0 + math.log10(ratio))
                region = (c.country, fold(c.admin1))
                weights[region] = max(weights.get(region, 0.0), weight)
            names += 1
            support.update(weights)
            own.update(((key, region), w) for region, w in weights.items())
        return replace(
            self,
            support=dict(support),
            own=own,
            regional_names=frozenset(regional),
            names=names,
        )

    @classmethod
    def of(
        cls,
        doc: Doc,
        index: PlaceIndex,
        outlet: str | None = None,
        profile: OutletProfile | None = None,
        host: str | None = None,
    ) -> PlaceContext:
        """Count the countries `doc` names (ruler ids, country names, demonyms) and collect
        the admin1 regions it names unambiguously as (ISO3, folded name); `host`, the
        outlet's URL host, may name its home town (`is_outlet_home`); the outlet's
        country (ISO3, see `outlet_country`) counts as `OUTLET_MENTIONS` mentions, and so
        does each country the outlet's `profile` anchors `OUTLET_COUNTRY_SHARE` of its
        articles in (times that share).

        A name that is only ever a region ("Ohio", "Ontario"), or else the own name of a
        town of 15,000+ people only in the region's country ("New York"), also counts as a
        mention of its country; one that is also a country ("Georgia") counts for neither,
        nor does one that is also a sizeable town elsewhere ("Alexandria").
        """
        found: Counter[str] = Counter()
        if outlet:
            found[outlet] += OUTLET_MENTIONS
        if profile is not None:
            for iso3, share in profile.countries.items():
                if share >= OUTLET_COUNTRY_SHARE and iso3 != outlet:
                    found[iso3] += OUTLET_MENTIONS * share
        regions: dict[tuple[str, str], set[str]] = {}
        region_mentions: Counter[tuple[str, str]] = Counter()
        for ent in doc.ents:
            iso3 = None
            if ent.label_ == "GPE":
                candidates = place_candidates(ent.text, index)
                named = [c for c in candidates if c.kind == "region"]
                iso3 = country_code(ent, index)
                # the name as written, and the regions' own names for a wrapped one
                # ("the City of Santa Ana" is looked up as "Santa Ana")
                keys = {fold(_lookup_text(ent.text))} | {fold(c.name) for c in named}
                towns = {
                    c.country
                    for c in candidates
                    if c.kind == "city"
                    and c.population >= CITY_PRECISION_POPULATION
                    and fold(c.name) in keys
                }
                if named and towns - {c.country for c in named}:
                    named = []  # "Alexandria": a governorate of Egypt, and towns elsewhere
                if named and iso3 is not None:
                    iso3 = None  # "Georgia": a country and a US state, evidence of neither
                elif named:
                    if len(named) == 1:
                        region = (named[0].country, fold(named[0].admin1 or named[0].name))
                        regions.setdefault(region, set()).add(fold(_lookup_text(ent.text)))
                        region_mentions[region] += 1
                    iso3 = max(named, key=lambda c: c.population).country
            elif ent.label_ == "NORP":
                iso3 = demonym_country(ent.text)[1]
            if iso3:
                found[iso3] += 1
        total = sum(found.values())
        return cls(
            countries={iso3: n / total for iso3, n in found.items()},
            regions=frozenset(regions),
            region_names={region: frozenset(names) for region, names in regions.items()},
            region_mentions=dict(region_mentions),
            outlet_regions=dict(profile.regions) if profile is not None else {},
            outlet_host=_letters(host or ""),
        )

    def refined(
        self, country_anchors: list[Candidate], region_anchors: list[tuple[str, Candidate]]
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
        naming = {region: set(names) for region, names in self.region_names.items()}
        mentions = Counter(self.region_mentions)
        for name, anchor in region_anchors:
            if anchor.admin1:
                naming.setdefault((anchor.country, fold(anchor.admin1)), set()).add(name)
                mentions[(anchor.country, fold(anchor.admin1))] += 1
        return replace(
            self,
            countries=shares,
            regions=self.regions | frozenset(naming),
            region_names={region: frozenset(names) for region, names in naming.items()},
            region_mentions=dict(mentions),
        )

    def region_share(self, region: tuple[str, str]) -> float:
        """`region`'s share of the mentions that put the article in a region."""
        total = sum(self.region_mentions.values())
        return self.region_mentions.get(region, 0) / total if total else 1.0

    def named_by_other(self, region: tuple[str, str], key: str | None) -> bool:
        """Whether a name other than `key` (folded) puts the article in `region`: "New
        York" alone does not make "New York" the city in New York State."""
        if region not in self.regions:
            return False
        names = self.region_names.get(region)
        return names is None or bool(names - {key})


@cache
def country_tlds(lang: str = "en") -> dict[str, str]:
    """Country-code top-level domain -> ISO3, lexicon `country_tlds` ("ca" -> "CAN")."""
    return {tld: values[0] for tld, values in load_table("country_tlds", lang).items()}


def outlet_country(url: str | None) -> str | None:
    """ISO3 of the country an article's outlet is from by its country-code domain
    ("http://www.lfpress.ca/news/..." -> "CAN", "independent.ie" -> "IRL"); None for a
    generic domain (".com", ".org", ".tv") or no URL."""
    host = url_host(url)
    return country_tlds().get(host.rsplit(".", 1)[-1]) if host else None


def _letters(text: str) -> str:
    """The folded letters of `text`, nothing else ("St. Cloud" -> "stcloud")."""
    return "".join(ch for ch in fold(text) if ch.isalpha())


def _lookup_text(text: str) -> str:
    """The name a toponym is looked up by: no leading "the", no possessive ending."""
    text = text[4:] if text[:4].lower() == "the " else text
    for ending in POSSESSIVE_ENDINGS:
        if text.endswith(ending) and len(text) > len(ending) + 1:
            return text[: -len(ending)]
    return text


@dataclass(frozen=True, slots=True)
class NameParts:
    """The lexicon `place_name_parts`: direction words, generic suffixes and prefixes,
    facility words."""

    directions: frozenset[str]
    suffixes: frozenset[str]
    prefixes: tuple[str, ...]
    facilities: frozenset[str]


@cache
def name_parts(lang: str = "en") -> NameParts:
    """The lexicon `place_name_parts`, split by role."""
    table = load_table("place_name_parts", lang)
    by_role: dict[str, list[str]] = {}
    for word, (role, *_rest) in table.items():
        by_role.setdefault(role, []).append(word)
    return NameParts(
        directions=frozenset(by_role.get("direction", ())),
        suffixes=frozenset(by_role.get("suffix", ())),
        prefixes=tuple(sorted(by_role.get("prefix", ()), key=len, reverse=True)),
        facilities=frozenset(by_role.get("facility", ())),
    )


def _is_sizeable(candidate: Candidate) -> bool:
    """A place big enough for "North X" or a name's head to stand for it."""
    if candidate.kind == "city":
        return candidate.population >= CITY_PRECISION_POPULATION
    return True


# Compass initials before a name ("W. Phila", "S.E. Paris", "N.Va") and their words.
_DIRECTION_INITIALS = re.compile(r"^(?P<initials>[NSEW]\.(?:[NSEW]\.)?) ?(?P<rest>[A-Z].*)$")
_COMPASS_INITIALS = {"N": "North", "S": "South", "E": "East", "W": "West"}
_COMPASS_POINTS = ("north", "south", "east", "west")


def _direction_word(word: str, directions: frozenset[str]) -> str | None:
    """`word` as a direction of the lexicon `place_name_parts`, whatever its case or
    hyphen ("west", "NORTH", "North-Western" -> "Northwestern"), else None."""
    parts = word.split("-")
    if not all(part.capitalize() in directions for part in parts):
        return None
    return "".join(parts).capitalize()


def _alias_of_a_word(word: str, candidate: Candidate) -> bool:
    """Whether one word finds `candidate` only by an alternate name that is no short form
    of its name: "Creek" left of "Eastern Creek" is no name of Baytown, Texas ("Va" of
    "N.Va" and "Phila" of "W. Phila" abbreviate Virginia and Philadelphia)."""
    if " " in word:
        return False
    key, name = fold(word).replace(".", ""), fold(candidate.name)
    if not key or name == key:
        return False
    letters = iter(name)
    return not (key[0] == name[0] and all(letter in letters for letter in key))


def _direction_split(name: str, directions: frozenset[str]) -> tuple[str, str] | None:
    """(the name without its direction, the name with its direction spelled out) of a
    name a direction leads or a compass point ends: "west Clare", "North-Western
    Sydney", "S.E. Paris" (-> "Paris", "Southeast Paris"), "N.Va", "Columbus East" (a
    part of a place, or the school or team named after its part); None otherwise."""
    initials = _DIRECTION_INITIALS.match(name)
    if initials is not None:
        letters = initials["initials"].replace(".", "")
        word = "".join(_COMPASS_INITIALS[c] for c in letters).capitalize()
        return initials["rest"], f"{word} {initials['rest']}"
    words = name.split()
    if len(words) < 2:
        return None
    word = _direction_word(words[0], directions)
    if word is not None:
        rest = " ".join(words[1:])
        return rest, f"{word} {rest}"
    word = _direction_word(words[-1], directions)
    if word is not None and any(point in word.lower() for point in _COMPASS_POINTS):
        return " ".join(words[:-1]), name
    return None


def place_candidates(text: str, index: PlaceIndex) -> list[Candidate]:
    """The places a toponym can stand for, trying the name as written, then without the
    wrapping words of the lexicon `place_name_parts`.

    In order: the name without "the" and a possessive ("Boone County's"); without a
    generic prefix or suffix ("the City of Norfolk", "Hebei province"); with a leading
    direction spelled out ("W. Columbia" is West Columbia); without a leading direction
    (a word of any case, or compass initials) or a trailing compass point, when what is
    left is a region, country or city of 15,000+ people ("North Texas", "west Clare",
    "S.E. Paris", "Columbus North": a part of the place, resolved to it); as a US
    county's name without its suffix ("Henrico" is Henrico County);
    the longest leading run of words that names a county, or a country or region when a
    facility or institution word follows ("the Henderson County Jail", "South Central
    Tennessee Development District"; not "Tennessee Colony"); last, a possessive whose
    apostrophe the text lost ("Syrias", "Aleppos": `gazetteer.possessive_stem`).
    """
    name = _lookup_text(text)
    written = text[4:] if text[:4].lower() == "the " else text
    if written != name:
        found = index.lookup(written)  # "St. John's" is a name, not John's
        if found:
            return found
    found = index.lookup(name)
    if found:
        return found
    parts = name_parts()
    words = name.split()
    if len(words) > 1 and words[-1] in parts.suffixes:
        found = index.lookup(" ".join(words[:-1]))
        if found:
            return found
    for prefix in parts.prefixes:
        if name.startswith(prefix + " ") and len(name) > len(prefix) + 1:
            found = index.lookup(name[len(prefix) + 1 :])
            if found:
                return found
    split = _direction_split(name, parts.directions)
    if split is not None:
        rest, spelled = split
        if spelled != name:
            found = index.lookup(spelled)  # "W. Columbia" is West Columbia
            if found:
                return found
        found = [
            c
            for c in place_candidates(rest, index)
            if _is_sizeable(c) and not _alias_of_a_word(rest, c)
        ]
        if found:
            return found
    if len(words) == 1 and name[:1].isupper():  # not "Red River", a river first
        found = [
            c
            for suffix in COUNTY_SUFFIXES
            for c in index.lookup(f"{name} {suffix}")
            if c.kind == "county"
        ]
        if found:
            return found  # "Henrico" is Henrico County
    for stop in range(min(len(words) - 1, MAX_PREFIX_TOKENS), 0, -1):
        found = index.lookup(" ".join(words[:stop]))
        if found:
            kinds = {c.kind for c in found}
            institutions = place_features().institutions
            hosted = "county" in kinds or any(
                word in parts.facilities or word in institutions for word in words[stop:]
            )
            return found if kinds & SELF_EVIDENT_KINDS and hosted else []
    return possessive_stem(name, index)  # "Syrias", "Aleppos": the apostrophe was lost


def country_code(ent: SpacySpan, index: PlaceIndex) -> str | None:
    """ISO3 code of `ent` if it names a country (ruler id or a GeoNames country name)."""
    if ent.ent_id_ and index.country(ent.ent_id_):
        return ent.ent_id_
    for candidate in place_candidates(ent.text, index):
        if candidate.kind == "country":
            return candidate.country
    return None


def _explicit_container(ent: SpacySpan, index: PlaceIndex) -> tuple[set[str], set[str]]:
    """Countries and admin1 regions of ", <Place>" right after `ent`.

    "Tripoli, Lebanon" -> ({"LBN"}, set()); "London, Ontario" -> ({"CAN"}, {"ontario"});
    a name that is a country and a region gives both ("Athens, Georgia" -> ({"GEO",
    "USA"}, {"georgia"})).
    """
    doc = ent.doc
    if ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
        return set(), set()
    after = doc[ent.end + 1]
    if after.ent_iob_ != "B" or after.ent_type_ != "GPE":
        return set(), set()
    other = doc_index(doc).ent_at_token.get(after.i)
    if other is None or _continues_list(other, index):
        return set(), set()
    iso3 = country_code(other, index)
    regions = [c for c in index.lookup(other.text) if c.kind == "region"]
    countries = {c.country for c in regions} | ({iso3} if iso3 else set())
    return countries, {fold(c.name) for c in regions}


def _continues_list(ent: SpacySpan, index: PlaceIndex) -> bool:
    """Whether `ent` is followed by a joiner and a place of its own kind, so that "X,
    <ent>" is a list, not a place and its container: "Washington, Pennsylvania and
    California", "Niger, Nigeria and Togo" (not "Stroud, Ontario, Canada")."""
    doc = ent.doc
    at = ent.end
    while at < len(doc) and at - ent.end < 2 and doc[at].lower_ in LIST_JOINERS:
        at += 1
    if at == ent.end or at >= len(doc) or doc[at].ent_iob_ != "B" or doc[at].ent_type_ != "GPE":
        return False
    following = doc_index(doc).ent_at_token.get(at)
    if following is None:
        return False
    kinds = _list_kinds(ent.text, index) & _list_kinds(following.text, index)
    return any(kind in ("country", "region") for kind, _ in kinds)


def _list_kinds(text: str, index: PlaceIndex) -> set[tuple[str, str]]:
    """(kind, ISO3) of the places `text` can stand for; countries without their code."""
    return {(c.kind, c.country if c.kind != "country" else "") for c in index.lookup(text)}


def choose_candidate(
    candidates: list[Candidate],
    *,
    mentioned: dict[str, float] | None = None,
    explicit_countries: set[str] | frozenset[str] = frozenset(),
    explicit_admin1: set[str] | frozenset[str] = frozenset(),
    precision: str | None = None,
    regions: frozenset[tuple[str, str]] = frozenset(),
    context: PlaceContext | None = None,
    name: str | None = None,
    siblings: list[Candidate] | tuple[Candidate, ...] = (),
    label: str | None = None,
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
        context: the article's context, for the regions its names agree on.
        name: the name as written, to favour cities whose own name it is.
        siblings: the readings of the other places of the list the name is in.
        label: the entity label; "LOC" (bodies of water, ranges) favours natural
            features over namesake towns ("the Pacific" is no town in Missouri).

    Returns:
        The best candidate, or None when there is none.
    """

    mentioned = mentioned or {}
    key = fold(name) if name else None
    seats = _named_after_their_city(candidates)

    def score(candidate: Candidate) -> float:
        population = candidate.population
        if candidate.kind == "city":
            population = max(population, UNKNOWN_TOWN_POPULATION)
        value = math.log10(population + 1)
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
        if candidate.kind == "feature" and label == "LOC":
            value += FEATURE_BONUS
        region = (candidate.country, fold(candidate.admin1 or ""))
        in_region = candidate.admin1 and region in regions
        if in_region and context is not None:
            in_region = context.named_by_other(region, key)
        regional = context is not None and key is not None and context.off_region(candidate, key)
        if candidate.kind in ("city", "county", "district") and in_region and not regional:
            share = context.region_share(region) if context is not None else 1.0
            value += MENTIONED_REGION_BONUS * share
        if candidate.kind in ("region", "county", "district") and candidate not in seats:
            value += REGION_COUNTRY_BONUS * mentioned.get(candidate.country, 0.0)
        if context is not None and name:
            value += JOINT_REGION_BONUS * context.joint(candidate, name)
        local = candidate.kind in ("city", "county", "district")
        if context is not None and local and not regional:
            value += OUTLET_REGION_BONUS * context.outlet_share(candidate)
        if key and candidate.kind == "city" and fold(candidate.name) == key:
            value += OWN_NAME_BONUS
        if context is not None and context.is_outlet_home(candidate):
            value += OUTLET_HOME_BONUS
        if siblings:
            agree = sum(_list_agreement(candidate, sibling) for sibling in siblings)
            value += LIST_SIBLING_BONUS * agree / len(siblings)
        return value

    return max(candidates, key=score, default=None)


def _named_after_their_city(candidates: list[Candidate]) -> list[Candidate]:
    """The regions among `candidates` that share their name with a city of 100,000+
    people inside them ("Moscow", "Aleppo", "Kharkiv") or with their country's capital
    ("Washington"): the name read bare is the city first, so the region gets no bonus for
    lying in a country the article is about."""
    big = [c for c in candidates if c.kind == "city" and c.population >= BIG_CITY_POPULATION]
    cities = {(c.country, fold(c.admin1 or ""), fold(c.name)) for c in big}
    capitals = capitals_by_country()
    capital_names = {(c.country, fold(c.name)) for c in big if capitals.get(c.country) == c.name}
    return [
        c
        for c in candidates
        if c.kind == "region"
        and (
            (c.country, fold(c.admin1 or c.name), fold(c.name)) in cities
            or (c.country, fold(c.name)) in capital_names
        )
    ]


def _list_agreement(candidate: Candidate, other: Candidate) -> float:
    """How alike two readings are as list items: 1 for the same kind in one country
    (`_same_kind_and_country`); half for a region reading beside a town of its country,
    as states listed with states that share their capitals' names ("São Paulo, Rio de
    Janeiro and Santa Catarina") read as those towns."""
    if _same_kind_and_country(candidate, other):
        return 1.0
    if candidate.kind == "region" and other.kind == "city" and candidate.country == other.country:
        return 0.5
    return 0.0


def _same_kind_and_country(candidate: Candidate, other: Candidate) -> bool:
    """Whether two readings are alike as list items: both countries, or both regions or
    both counties of one country (towns are listed across countries: "Washington and
    Cairo")."""
    if candidate.kind == "country" or other.kind == "country":
        return candidate.kind == other.kind
    local = ("county", "district")
    if candidate.kind == "region":
        same_kind = other.kind == "region"
    else:
        same_kind = candidate.kind in local and other.kind in local
    return same_kind and candidate.country == other.country


def candidate_precision(candidate: Candidate) -> str:
    """Precision of a resolved place: country, region, city or village (a continent, a
    county or a natural feature is a region)."""
    if candidate.kind in ("county", "district", "continent", "feature"):
        return "region"
    if candidate.kind != "city":
        return candidate.kind
    return "city" if candidate.population >= CITY_PRECISION_POPULATION else "village"


def resolve_place(
    ent: SpacySpan,
    index: PlaceIndex,
    context: PlaceContext,
    siblings: list[Candidate] | tuple[Candidate, ...] = (),
) -> tuple[Candidate | None, str | None]:
    """The GeoNames place `ent` stands for, and the precision a feature word gives it."""
    doc = ent.doc
    feature = feature_before(doc, ent.start) or feature_after(doc, ent.end) or _own_feature(ent)
    precision = feature_precision(feature)
    candidates = place_candidates(ent.text, index) or _romanised_candidates(ent, index, context)
    country = index.country(ent.ent_id_) if ent.ent_id_ else None
    if country is not None and not any(c.kind == "region" for c in candidates):
        town = _country_named_town(candidates, context, _lookup_text(ent.text))
        if town is None and _town_cue(ent):
            # "a Lebanon woman": a town of a country the story is in ("U.S. residents"
            # stay the country's)
            towns = [
                c
                for c in candidates
                if c.kind == "city"
                and c.country != country.country
                and context.countries.get(c.country)
            ]
            town = choose_candidate(towns, mentioned=context.countries, context=context)
        return town or country, precision  # "Georgia" (also a US state) is left to the context
    countries, admin1 = _explicit_container(ent, index) if candidates else (set(), set())
    name = _lookup_text(ent.text)
    if candidates and name[-1:] == "s" and not index.lookup(name) and index.lookup(name[:-1]):
        name = name[:-1]  # "Aleppos": Aleppo's, its apostrophe lost
    best = choose_candidate(
        candidates,
        mentioned=context.countries,
        explicit_countries=countries,
        explicit_admin1=admin1,
        precision=precision,
        regions=context.regions,
        context=context,
        name=name,
        siblings=siblings,
        label=ent.label_,
    )
    if _feature_abroad(best, precision, context):
        return None, precision  # "Nyanza province" in a Kenya story is no town in Rwanda
    if _part_abroad(best, name, index, context):
        return None, precision  # "East Bank" in a West Virginia story is no Bank in India
    if _alias_abroad(best, candidates, name, context):
        return None, precision  # "Fua" in a Syria story is no Foix in France
    outside = best is not None and countries and best.country not in countries
    if outside and _strict_container(ent, index):
        return None, precision  # "Stroud, Ontario": no Stroud there, none elsewhere either
    capital = _acting_capital(ent, candidates)
    if capital is not None and not _placed_locally(best, context, name, countries):
        return capital, precision
    return best, precision


def _own_feature(ent: SpacySpan) -> str | None:
    """The feature word a name ends with, capitalised as part of it ("Nyanza Province",
    "Idlib Governorate"), in lower case; None otherwise."""
    last = ent[-1]
    if len(ent) < 2 or not last.is_title or last.lower_ not in place_features().after:
        return None
    return last.lower_


def _alias_abroad(
    best: Candidate | None, candidates: list[Candidate], name: str, context: PlaceContext
) -> bool:
    """Whether `best` is a town below `BIG_CITY_POPULATION` that the name finds only by one
    of GeoNames' other names, as every candidate, in a country the article never names
    though it names others: a foreign spelling of an unrelated town ("Fua", Foix) more
    likely than the place meant. Big cities keep their other names ("Bombay")."""
    if best is None or best.kind != "city" or best.population >= BIG_CITY_POPULATION:
        return False
    if not context.countries or context.countries.get(best.country):
        return False
    key = fold(name)
    return not any(fold(c.name) == key for c in candidates)


def _part_abroad(
    best: Candidate | None, name: str, index: PlaceIndex, context: PlaceContext
) -> bool:
    """Whether `best` was found only as the place a direction word qualifies ("East
    Bank" read as part of Bank) and lies in a country the article never names though it
    names others: a name unknown as written is likelier a place GeoNames lacks."""
    if best is None or best.kind == "country" or not context.countries:
        return False
    if context.countries.get(best.country) or index.lookup(name):
        return False
    return _direction_split(name, name_parts().directions) is not None


def _feature_abroad(best: Candidate | None, precision: str | None, context: PlaceContext) -> bool:
    """Whether `best` is a town where a feature word says region ("Nyanza province",
    "the district of Karo"), in a country the article never names though it names
    others: the region is one GeoNames lacks, not that town."""
    if best is None or best.kind != "city" or precision != "region" or not context.countries:
        return False
    return not context.countries.get(best.country)


def _romanised_candidates(
    ent: SpacySpan, index: PlaceIndex, context: PlaceContext
) -> list[Candidate]:
    """The places `ent` names in another romanisation ("Deir Ezzor" for Deir ez-Zor,
    `PlaceIndex.lookup_romanised`), kept only in a country the article is about (at
    least `ROMANISED_COUNTRY_SHARE` of its country mentions): a sound-alike elsewhere is
    no evidence."""
    return [
        c
        for c in index.lookup_romanised(_lookup_text(ent.text))
        if context.countries.get(c.country, 0.0) >= ROMANISED_COUNTRY_SHARE
    ]


def _strict_container(ent: SpacySpan, index: PlaceIndex) -> bool:
    """Whether the place after ", " that follows `ent` can only be its container: its
    biggest reading is a country or region (not "Kiev" in "Moscow, Kiev"), and no
    further place follows but its own country ("Crockett, Palestine and Houston" is a
    list; "Stroud, Ontario, Canada" a chain of containers)."""
    doc = ent.doc
    if ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
        return False
    container = doc_index(doc).ent_at_token.get(ent.end + 1)
    if container is None:
        return False
    joined = doc[container.end : container.end + 2]
    following = doc_index(doc).ent_at_token.get(container.end + 1)
    if len(joined) == 2 and joined[0].lower_ in LIST_JOINERS and joined[1].ent_iob_ == "B":
        # "Stroud, Ontario, Canada" is a chain of containers; "Crockett, Palestine and
        # Houston" a list
        iso3 = country_code(following, index) if following is not None else None
        regions = {c.country for c in index.lookup(container.text) if c.kind == "region"}
        if joined[0].text != "," or iso3 is None or iso3 not in regions:
            return False
    return _biggest_kind(container.text, index) in ("country", "region")


def _placed_locally(
    best: Candidate | None, context: PlaceContext, name: str, explicit: set[str]
) -> bool:
    """Whether the article puts `best`, a town, where it names other places: in a region
    it names or its other names agree on, or in the country given right after it. Such
    a town stays itself as a subject ("Paris collected $597,667 in sales tax" in a story
    of Lamar County, Texas); otherwise a capital as a subject is its government."""
    if best is None or best.kind not in ("city", "county", "district") or not best.admin1:
        return False
    if best.country in explicit or (best.country, fold(best.admin1)) in context.regions:
        return True
    return context.joint(best, name) > 0


def _country_named_town(
    candidates: list[Candidate], context: PlaceContext, name: str
) -> Candidate | None:
    """The town a country's name stands for in a local story: the city of that name in
    the admin1 region most of the article's other names agree on (see
    `COUNTRY_TOWN_MIN_NAMES`), or, in an outlet whose profile anchors at least
    `OUTLET_COUNTRY_SHARE` of its articles in a town's region, that town when one other
    name of the article can lie there too ("Palestine" in the Palestine Herald beside
    "Anderson County"); else None."""
    towns = [c for c in candidates if c.kind == "city"]
    home = max(towns, key=context.outlet_share, default=None)
    if home is not None and context.is_outlet_home(home):
        return home  # "Jordan" in the Jordan Independent (jordannews.com)
    local = home is not None and context.outlet_share(home) >= OUTLET_COUNTRY_SHARE
    if local and context.joint(home, name) > 0:
        return home
    others = context.names - 1
    if others < COUNTRY_TOWN_MIN_NAMES:
        return None
    best, best_share = None, 0.0
    for candidate in candidates:
        if candidate.kind != "city":
            continue
        share = context.joint(candidate, name)
        if share > best_share:
            best, best_share = candidate, share
    if best is None or best_share * others < COUNTRY_TOWN_MIN_NAMES:
        return None
    return best if best_share >= COUNTRY_TOWN_MIN_SHARE else None


def _acting_capital(ent: SpacySpan, candidates: list[Candidate]) -> Candidate | None:
    """The national capital a subject names: "Washington has concerns" is the capital of
    the United States speaking, not Washington State, whatever the population prior says.
    A country's own name stays the country ("Mexico has 2,000 cases" is not Mexico City,
    though GeoNames lists "Mexico" among the city's names)."""
    if ent.root.dep_ != "nsubj" or ent.root.head.pos_ not in ("VERB", "AUX"):
        return None
    if any(c.kind == "country" for c in candidates):
        return None
    seats = capitals_by_country()
    found = [c for c in candidates if c.kind == "city" and seats.get(c.country) == c.name]
    return max(found, key=lambda c: c.population, default=None)


def extract_places(
    doc: Doc,
    index: PlaceIndex | None = None,
    *,
    url: str | None = None,
    outlet: OutletProfile | None = None,
) -> list[Place]:
    """Every toponym of `doc` as a `Place`; unresolved names keep `geonameid=None`.

    Args:
        doc: a Doc from the newstrace pipeline (entities fixed by `GazetteerFixer`).
        index: the place index; `load_place_index()` (built once per process) if None.
        url: the article's URL: its country-code domain is evidence of the country the
            article is about (`outlet_country`).
        outlet: where the outlet's other articles are (`outlets.OutletProfiles`).

    Returns:
        The places in text order, offsets from their entity.
    """
    index = index or load_place_index()
    spans: list[SpacySpan] = []
    hosts: list[SpacySpan] = []
    diseases = _disease_names(doc)
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS or ent.label_ == "FAC":
            if _is_demonym(ent.text, index) or not any(c.isupper() for c in ent.text):
                continue  # "Sri Lankan"; "the metro", "the gulf in graduation rates"
            if _is_acronym(ent.text, index):
                continue  # "The IDA said": an organisation, not Iida in Japan
            if _is_feature_word(ent.text):
                continue  # "Damascus and its Countryside": no town in Virginia
            if diseases and fold(ent.text) in diseases and not _placed_by_preposition(ent):
                continue  # "West Nile virus", and "Marburg has killed" beside "Marburg virus"
            if ent.label_ == "FAC" and not place_candidates(ent.text, index):
                hosts.append(ent)
                continue
            if ent.label_ in PLACE_LABELS and not _known_as_written(ent.text, index):
                # "North Las Vegas Police": the model's place is an organisation's name
                spans.extend(_hosted_place(ent, index, institution=True) or [ent])
                continue
            spans.append(_town_of_its_body(ent, index))
        elif ent.label_ in HOST_LABELS:
            hosts.append(ent)
    context = PlaceContext.of(doc, index, outlet_country(url), outlet, url_host(url))
    context = context.with_support(spans, index)
    context = replace(context, place_names=frozenset(fold(_lookup_text(s.text)) for s in spans))
    hosted = [span for ent in hosts for span in _hosted_place(ent, index, context)]
    if hosted:
        # a place inside an organisation's name is the article's too ("the Butler County
        # Coroner's Office" puts a story of Hamilton in Ohio)
        spans.extend(hosted)
        context = context.with_support(spans, index)
    spans.sort(key=lambda span: span.start)
    first = [resolve_place(span, index, context) for span in spans]
    one_country, one_region = [], []
    for span, (best, _) in zip(spans, first, strict=True):
        if best is None:
            continue
        candidates = place_candidates(span.text, index)
        kinds = {c.kind for c in candidates}
        if {"country", "region"} <= kinds:
            # "Mexico", "Georgia": as in `PlaceContext.of`, evidence of neither country,
            # but read as the state in a story that never names the country otherwise
            # ("ATLANTA - ... needy Georgia residents"), it names the state
            abroad = {c.country for c in candidates if c.kind == "country"}
            if best.kind == "region" and not any(context.countries.get(c) for c in abroad):
                one_region.append((fold(_lookup_text(span.text)), best))
            continue
        if len({c.country for c in candidates}) == 1:
            one_country.append(best)  # "Atlanta" (Georgia or Texas) still says USA
            if _is_unambiguous(candidates):
                one_region.append((fold(_lookup_text(span.text)), best))
    second = context.refined(one_country, one_region)
    lists = _list_siblings(spans, index)
    local_countries = Counter(
        b.country for b, _ in first if b is not None and b.kind in LOCAL_KINDS
    )
    is_marked = [_is_marked(span, index) for span in spans]
    marked = _marked_readings(spans, first, is_marked)
    places = []
    previous: tuple[SpacySpan, Candidate | None] | None = None
    for i, (span, (best, precision)) in enumerate(zip(spans, first, strict=True)):
        siblings = [b for j in lists.get(i, ()) if (b := first[j][0]) is not None]
        if best is not None and (second is not context or siblings):
            best, precision = resolve_place(span, index, second, siblings)
        key = fold(_lookup_text(span.text))
        if best is not None and key in marked and not is_marked[i]:
            # one sense per article: "Scott County, Indiana", then "Scott County"; and
            # "Nyanza province" left unresolved leaves the bare "Nyanza" so too
            best = marked[key]
        if best is not None and previous is not None:
            best = _container_reading(span, *previous, index) or best
        place = _place(span, best, precision)
        if best is None:
            place = _with_container(place, span, index)
        places.append(place)
        previous = (span, best)
    return _placed_unresolved(places, spans, local_countries)


def _is_unlocated(place: Place) -> bool:
    """Whether `place` has neither a GeoNames id nor a point."""
    return place.geonameid is None and place.lat is None


def _placed_unresolved(
    places: list[Place], spans: list[SpacySpan], local: Counter[str]
) -> list[Place]:
    """`places` with a country (and region) for the unlocated ones the article places:
    "in" a resolved town right after them (`_inside`), else as villages of the country
    the story happens in (`_in_story_country`); then each unlocated name's mentions share
    what one of them found, when they agree ("the village of Fuaa", then "Fuaa")."""
    places = list(places)
    for i, place in enumerate(places):
        if _is_unlocated(place) and place.country is None:
            following = places[i + 1] if i + 1 < len(places) else None
            place = _inside(place, spans[i], following, spans[i + 1] if following else None)
            if place.country is None:
                place = _in_story_country(place, place.precision, local)
            places[i] = place
    found: dict[str, set[tuple[str, str | None]]] = {}
    for place in places:
        if _is_unlocated(place) and place.country is not None:
            found.setdefault(fold(place.text), set()).add((place.country, place.admin1))
    for i, place in enumerate(places):
        known = found.get(fold(place.text), set())
        if _is_unlocated(place) and place.country is None and len(known) == 1:
            [(country, admin1)] = known
            places[i] = replace(place, country=country, admin1=admin1)
    return places


def _inside(
    place: Place, span: SpacySpan, following: Place | None, after: SpacySpan | None
) -> Place:
    """An unresolved `place` with the country and region of the resolved place right
    after it and "in" ("the neighbourhood of al-Kallaseh in Damascus": SYR, Damascus);
    no point."""
    if following is None or after is None or following.country is None:
        return place
    between = [t.lower_ for t in span.doc[span.end : after.start]]
    if between not in (["in"], ["in", "the"]):
        return place
    admin1 = following.admin1 if following.precision != "country" else None
    return replace(place, country=following.country, admin1=admin1)


def _is_marked(span: SpacySpan, index: PlaceIndex) -> bool:
    """Whether the text around `span` says which place it is: a feature word ("the
    state of Victoria") or its container after a comma ("Scott County, Indiana")."""
    doc = span.doc
    if feature_before(doc, span.start) or feature_after(doc, span.end):
        return True
    return any(_explicit_container(span, index))


def _town_cue(span: SpacySpan) -> bool:
    """Whether the words around `span` show a town (lexicon `place_features`): a resident
    or body word after it ("a Lebanon woman", "Lebanon police"), a street address before
    it ("1301 Lafayette Ave., Lebanon") or a person's age ("Terry Lee Jolly, 60,
    Lebanon")."""
    doc = span.doc
    features = place_features()
    if span.end < len(doc):
        after = doc[span.end]
        if after.is_lower and (after.text in features.residents or after.text in features.bodies):
            return True
    if span.start < 2 or doc[span.start - 1].text != ",":
        return False
    before = doc[span.start - 2]
    if before.text in features.streets:
        return True
    aged = span.start >= 4 and doc[span.start - 3].text == ","
    return before.like_num and aged and doc[span.start - 4].ent_type_ == "PERSON"


def _marked_readings(
    spans: list[SpacySpan],
    readings: list[tuple[Candidate | None, str | None]],
    is_marked: list[bool],
) -> dict[str, Candidate | None]:
    """Folded name -> the reading of its marked mentions (`_is_marked`; None when they
    are unresolved), for names whose marked mentions all agree: the article means that
    place by its bare mentions too."""
    found: dict[str, set[Candidate | None]] = {}
    for span, (best, _), marked in zip(spans, readings, is_marked, strict=True):
        if marked:
            found.setdefault(fold(_lookup_text(span.text)), set()).add(best)
    return {key: next(iter(bests)) for key, bests in found.items() if len(bests) == 1}


def _biggest_kind(text: str, index: PlaceIndex) -> str | None:
    """The kind of the most populous place `text` can stand for."""
    biggest = max(index.lookup(text), key=lambda c: c.population, default=None)
    return biggest.kind if biggest is not None else None


def _list_siblings(spans: list[SpacySpan], index: PlaceIndex) -> dict[int, list[int]]:
    """Index of each span in a list of places -> the indexes of its siblings.

    Spans (in text order) joined only by commas, "and" or "or" form a list when there
    are three or more of them or a word joins two ("Ontario and New Brunswick"); two
    joined by a comma alone are a place and its container ("Buffalo, New York"), and so
    is a comma before a country or region after a place of another kind ("Stroud,
    Ontario, Canada" is no list).
    """
    runs: list[list[int]] = []
    worded: list[bool] = []
    for i, span in enumerate(spans):
        between = span.doc[spans[i - 1].end : span.start] if i else None
        if between is not None and _joins_items(spans[i - 1], span, between, index):
            runs[-1].append(i)
            worded[-1] = worded[-1] or any(t.lower_ != "," for t in between)
            continue
        runs.append([i])
        worded.append(False)
    siblings: dict[int, list[int]] = {}
    for run, has_word in zip(runs, worded, strict=True):
        if len(run) >= 3 or (len(run) == 2 and has_word):
            for i in run:
                siblings[i] = [j for j in run if j != i]
    return siblings


def _joins_items(before: SpacySpan, span: SpacySpan, between: SpacySpan, index: PlaceIndex) -> bool:
    """Whether `between` (the words from `before` to `span`) joins two items of a list:
    one or two joiners, and no comma before a container of another kind ("Stroud,
    Ontario"); or joiners, a count and the preposition that led `before` ("twelve in
    Ontario, eight in Alberta, and one in Quebec")."""
    if _repeats_preposition(before, between):
        return True
    if not 0 < len(between) <= 2 or any(t.lower_ not in LIST_JOINERS for t in between):
        return False
    container = _biggest_kind(span.text, index)
    chained = container in ("country", "region") and _biggest_kind(before.text, index) != container
    return not (between.text == "," and chained)


def _repeats_preposition(before: SpacySpan, between: SpacySpan) -> bool:
    """Whether `between` is joiners, at most two count words and then the preposition
    standing right before `before`: the items of a list of prepositional phrases."""
    if before.start == 0 or len(between) < 2:
        return False
    lead = before.doc[before.start - 1]
    if lead.pos_ != "ADP" or between[-1].lower_ != lead.lower_:
        return False
    words = list(between[:-1])
    joiners = 0
    while joiners < len(words) and words[joiners].lower_ in LIST_JOINERS:
        joiners += 1
    counts = words[joiners:]
    return joiners > 0 and len(counts) <= 2 and all(t.like_num or t.pos_ == "NUM" for t in counts)


def _container_reading(
    span: SpacySpan, before: SpacySpan, before_best: Candidate | None, index: PlaceIndex
) -> Candidate | None:
    """The admin1 region `span` stands for when it follows ", " the place it contains:
    "New York" in "Buffalo, New York" is the state, "Georgia" in "Athens, Georgia" (when
    Athens is the one in Georgia) the US state; None when it follows no such place."""
    doc = span.doc
    if before_best is None or not before_best.admin1 or before.end + 1 != span.start:
        return None
    if doc[before.end].text != "," or before_best.kind not in ("city", "county", "district"):
        return None
    region = (before_best.country, fold(before_best.admin1))
    for candidate in place_candidates(span.text, index):
        if candidate.kind != "region":
            continue
        if (candidate.country, fold(candidate.admin1 or "")) == region:
            return candidate
    return None


@cache
def disease_words(lang: str = "en") -> frozenset[str]:
    """Words after a name that make it a disease's name (lexicon `disease_words`)."""
    return frozenset(load_lexicon("disease_words", lang))


def _disease_names(doc: Doc) -> frozenset[str]:
    """Folded texts of the entities `doc` uses as disease names: followed by a word of
    the lexicon `disease_words` ("West Nile virus", "Marburg haemorrhagic fever")."""
    words = disease_words()
    return frozenset(
        fold(ent.text) for ent in doc.ents if ent.end < len(doc) and doc[ent.end].lower_ in words
    )


def _placed_by_preposition(ent: SpacySpan) -> bool:
    """Whether a locative preposition ("in", "near") comes right before `ent`, and no
    disease word right after it ("in Marburg, Germany", not "in West Nile virus cases")."""
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].lower_ in disease_words():
        return False
    return ent.start > 0 and doc[ent.start - 1].lower_ in place_features().prepositions


def _is_unambiguous(candidates: list[Candidate]) -> bool:
    """Whether every candidate lies in one country and one admin1 region."""
    return len({(c.country, c.admin1) for c in candidates}) == 1


def _hosted_place(
    ent: SpacySpan,
    index: PlaceIndex,
    context: PlaceContext | None = None,
    *,
    institution: bool = False,
) -> list[SpacySpan]:
    """The place an organisation or facility name starts or ends with: "Gainesville" in
    "Gainesville Police Department", "Texas" in "Texas Department of Transportation",
    "Cincinnati" in "University of Cincinnati".

    The longest leading name the index knows counts when it is a country, region or
    county, when an institution word follows it (lexicon `place_features`), or when the
    article places it elsewhere: the same name is one of its places, or another of its
    names lies in the same admin1 region (`HOSTED_JOINT_SHARE`). A region or big city
    after "of" at the end of the name counts too. A direction word before the name is
    not part of it when the whole is unknown ("Illinois" in "Northern Illinois
    University", "Pennsylvania" in "Association of Western Pennsylvania").

    With `institution` (a name the model took for a place, "North Las Vegas Police
    Department", "Greer City Hall"), a leading name counts only when an institution or
    facility word follows it somewhere in the name: "Tennessee Colony" stays whole.
    """
    start = 1 if ent[0].lower_ == "the" else 0
    if len(ent) - start < 2 or not ent[start].text[:1].isupper():
        return []
    found = _leading_place(ent, start, index, context, institution)
    if found is None and ent[start].text in name_parts().directions and len(ent) - start > 2:
        found = _leading_place(ent, start + 1, index, context, institution)
    if institution:
        return found or []  # "the Gulf of Mexico" is no body of Mexico
    return found or _place_after_of(ent, index)


def _leading_place(
    ent: SpacySpan,
    start: int,
    index: PlaceIndex,
    context: PlaceContext | None,
    institution: bool = False,
) -> list[SpacySpan] | None:
    """The place `ent` names from token `start` on (see `_hosted_place`): [] when the
    longest known leading name is no such place, None when no leading name is known."""
    if not ent[start].text[:1].isupper():
        return None
    institutions = place_features().institutions
    for stop in range(min(len(ent) - 1, start + MAX_PREFIX_TOKENS), start, -1):
        sub = ent[start:stop]
        candidates = index.lookup(sub.text)
        if not candidates:
            continue
        if institution:
            if not _names_a_body(ent[stop:]):
                return []
            return [_town_of_its_body(sub, index)]  # "Las Vegas City Marshal": the city's
        if {c.kind for c in candidates} & SELF_EVIDENT_KINDS or ent[stop].text in institutions:
            return [_town_of_its_body(sub, index)]  # "Dublin City Council": Dublin's
        if context is not None and _placed_by_article(sub.text, candidates, context):
            return [_town_of_its_body(sub, index)]
        return []
    return None


def _town_of_its_body(ent: SpacySpan, index: PlaceIndex) -> SpacySpan:
    """`ent` without a last town word when a body's name goes on after it ("Dublin City"
    + "Manager", "Boulder City" + "Council": the city's manager, not Dublin City, the
    Irish county); `ent` otherwise."""
    doc = ent.doc
    if len(ent) < 2 or ent[-1].text not in TOWN_WORDS or ent.end >= len(doc):
        return ent
    if not doc[ent.end].is_title or not _names_a_body(doc[ent.end : ent.end + 1]):
        return ent
    key = fold(ent.text)
    if any(c.kind == "city" and fold(c.name) == key for c in index.lookup(ent.text)):
        return ent  # "Mexico City Health Secretary": the city's own name
    town = ent[:-1]
    return town if any(c.kind == "city" for c in index.lookup(town.text)) else ent


def _names_a_body(words: SpacySpan) -> bool:
    """Whether `words`, after a place's name, hold an institution or facility word
    (lexicons `place_features`, `place_name_parts`) that is no settlement word of a
    generic prefix ("City" of "City of"): "City Hall", "Police Department", "Democratic
    Party"; not "Township" ("Hamilton Township" is a place of its own) nor "City"."""
    parts = name_parts()
    settlements = _settlement_words()
    institutions = place_features().institutions
    return any(
        (t.text in institutions or t.text in parts.facilities) and t.text not in settlements
        for t in words
    )


@cache
def _settlement_words() -> frozenset[str]:
    """The first words of the generic prefixes of `place_name_parts` ("City", "Town",
    "Township", "County"): words that can end a place's own name."""
    return frozenset(prefix.split()[0] for prefix in name_parts().prefixes)


def _known_as_written(text: str, index: PlaceIndex) -> bool:
    """Whether `text` names a place as written or with its wrapping words ("the City of
    Norfolk", "North Texas"), not only by a leading part ("Greer City Hall")."""
    words = _lookup_text(text).split()
    if not place_candidates(text, index):
        return False
    return bool(index.lookup(" ".join(words))) or not any(
        index.lookup(" ".join(words[:stop])) for stop in range(1, len(words))
    )


def _is_feature_word(text: str) -> bool:
    """Whether `text`, without "the", is one of the feature words of the lexicon
    `place_features` standing alone ("Countryside", "the Province"): a word for a place,
    not a place's name."""
    features = place_features()
    word = _lookup_text(text).lower()
    return word in features.after or word in features.before


def _is_acronym(text: str, index: PlaceIndex) -> bool:
    """Whether `text` is an all-capitals word of two to four letters that no place has as
    its own name or short form, though GeoNames gives it as another name of some town
    ("IDA", "Ida" of Iida): an organisation's initials. "UAE", "DRC" and "NYC" name their
    places."""
    letters = text.replace(".", "")
    if not (2 <= len(letters) <= 4 and letters.isalpha() and letters.isupper()):
        return False
    if index.is_short_form(text):
        return False
    candidates = index.lookup(text)
    key = fold(text)
    return bool(candidates) and not any(
        c.kind in ("country", "region") or fold(c.name) == key for c in candidates
    )


def _is_demonym(text: str, index: PlaceIndex) -> bool:
    """Whether `text` names people rather than a place: a demonym of the hand-tuned
    lexicon `demonyms`; else one of the lexicon `actor_demonyms` that no country or place
    has as its own name ("Sri Lankan", "Kazakh"; not "Kiribati" nor "U.S.", which it
    lists too), or, when GeoNames knows no place of that name, an adjective in "-n" of a
    country or region's name ("North Ossetian", "South Ossetians")."""
    if demonym_country(text)[0]:
        return True
    if not text[:1].isupper():
        return False
    candidates = place_candidates(text, index)
    if candidates:
        # "Kazakh" is only GeoNames' other name of two towns (Gazakh, Petropavl)
        key = fold(text)
        named = any(c.kind == "country" or fold(c.name) == key for c in candidates)
        return not named and bool(actor_demonym(text)[0])
    if actor_demonym(text)[0]:
        return True
    stem = text[:-1] if text.endswith("s") else text
    if not stem.endswith("n") or len(stem) < 5:
        return False
    return any(c.kind in ("country", "region") for c in index.lookup(stem[:-1]))


def _placed_by_article(text: str, candidates: list[Candidate], context: PlaceContext) -> bool:
    """Whether the article's places vouch for `text` as a place: the article names it as
    a place elsewhere, or another of its names lies in the region of one of its towns."""
    if fold(text) in context.place_names:
        return True
    return any(context.joint(c, text) >= HOSTED_JOINT_SHARE for c in candidates if c.kind == "city")


def _is_named_place(candidate: Candidate) -> bool:
    """A region or a big city: what "of <Name>" ending an organisation's name is taken
    for ("University of Nebraska", "University of Cincinnati"; not "Bank of America",
    "Chamber of Commerce")."""
    if candidate.kind == "city":
        return candidate.population >= BIG_CITY_POPULATION
    return candidate.kind in ("region", "county", "district")


def _place_after_of(ent: SpacySpan, index: PlaceIndex) -> list[SpacySpan]:
    """The known place ending an organisation's name after "of": "University of
    Cincinnati", "Ballet Arts of Jackson" (a city, county, region or country)."""
    for i in range(len(ent) - 2, 0, -1):
        if ent[i].lower_ != "of":
            continue
        start = i + 1 + (ent[i + 1].lower_ == "the")
        sub = ent[start:]
        if len(sub) == 0 or not sub[0].text[:1].isupper() or len(sub) > MAX_PREFIX_TOKENS:
            return []
        candidates = index.lookup(sub.text)
        if not candidates and len(sub) > 1 and sub[0].text in name_parts().directions:
            sub = sub[1:]  # "Association of Western Pennsylvania"
            candidates = index.lookup(sub.text)
        if any(_is_named_place(c) for c in candidates):
            return [sub]
        return []
    return []


def _with_container(place: Place, ent: SpacySpan, index: PlaceIndex) -> Place:
    """An unresolved `place` with the country and region given after its name ("Stroud,
    Ontario": CAN, Ontario), when that place can only be its container; no point."""
    if not _strict_container(ent, index):
        return place
    container = doc_index(ent.doc).ent_at_token[ent.end + 1]
    iso3 = country_code(container, index)
    regions = [c for c in index.lookup(container.text) if c.kind == "region"]
    if iso3 is None and len(regions) == 1:
        return replace(place, country=regions[0].country, admin1=regions[0].admin1)
    return replace(place, country=iso3) if iso3 is not None else place


def _in_story_country(place: Place, precision: str | None, local: Counter[str]) -> Place:
    """An unresolved settlement a feature word names ("the village of Kalaz Taktani")
    with the country the story happens in: the one that holds at least
    `STORY_COUNTRY_SHARE` of its resolved towns and regions (`local`: ISO3 -> how many),
    `STORY_COUNTRY_LEAD` times as many as the next and at least `STORY_COUNTRY_MIN_PLACES`;
    no point, no GeoNames id."""
    if precision not in ("village", "city") or not local:
        return place
    [(iso3, most), *rest] = local.most_common(2)
    runner_up = rest[0][1] if rest else 0
    if most < STORY_COUNTRY_MIN_PLACES or most < STORY_COUNTRY_SHARE * local.total():
        return place
    if most < STORY_COUNTRY_LEAD * runner_up:
        return place
    return replace(place, country=iso3)


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
