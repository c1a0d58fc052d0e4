"""Events as a GDELT 2.0 event table: the 61 columns in GDELT's order, tab-separated.

One row per event, as GDELT ships its "export" files (no header unless asked), then one
trailing column, `newstrace_evidence`, pointing back to the article and spans. What is
filled (`gdelt_event_columns` lists them all):

* GLOBALEVENTID: a stable number made from the article hash and the event index;
* SQLDATE, MonthYear, Year, FractionDate: the event's own date where its sentence gives
  one (a week or month counts from its first day), else the article's publication date;
* Actor1/Actor2 (source/target): Code (country + sector, "SYRMIL"), Name (upper case,
  as GDELT writes names), CountryCode (ISO 3166 alpha-3) and Type1Code (sector);
* IsRootEvent: 1 when the event's sentence is in the article's lead (first paragraph,
  or the first 500 characters of a one-paragraph text), as GDELT marks lead events;
* EventCode, EventBaseCode, EventRootCode from the CAMEO code; QuadClass from its root;
  GoldsteinScale from GDELT's own CAMEO table (`cameo_goldstein`);
* NumMentions, NumSources, NumArticles: 1 (this article);
* ActionGeo_* from the event's resolved place: Type (1 country, 2/3 US state/city, 5/4
  world state/city), FullName, CountryCode (FIPS 10-4, as GDELT), ADM1Code (FIPS
  country + GeoNames admin1 code), Lat, Long, and FeatureID (the GeoNames id, where
  GDELT gives GNS/GNIS feature ids);
* DATEADDED: when the export ran (YYYYMMDDHHMMSS, UTC); SOURCEURL: the article's url,
  else its source.

Left empty: known group, ethnic, religion and second/third type codes, AvgTone, the
actors' own geography and ADM2 codes; newstrace does not code them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import IO

from ..records import Actor, Article, Place
from .common import (
    EVIDENCE_COLUMN,
    EventRow,
    admin1_code,
    cameo_root,
    column_names,
    country,
    event_date,
    event_rows,
    evidence_json,
    goldstein,
    one_line,
    quad_class,
    year_fraction,
)

LEAD_CHARS = 500


def gdelt_columns() -> tuple[str, ...]:
    """The GDELT 2.0 event columns, in file order (61), without newstrace's own."""
    return column_names("gdelt_event_columns")


def write_gdelt(
    articles: Iterable[Article],
    out: IO[str],
    *,
    header: bool = False,
    added: datetime | None = None,
) -> int:
    """Write the events of `articles` as GDELT 2.0 event rows; return how many.

    Args:
        articles: Article records, e.g. from `read_articles`.
        out: A text stream opened with `newline=""`.
        header: Write a first line of column names (GDELT files have none).
        added: The DATEADDED time; the current UTC time by default.
    """
    stamp = (added or datetime.now(UTC)).strftime("%Y%m%d%H%M%S")
    columns = (*gdelt_columns(), EVIDENCE_COLUMN)
    if header:
        out.write("\t".join(columns) + "\n")
    written = 0
    for row in event_rows(articles):
        record = gdelt_row(row, stamp)
        # GDELT quotes nothing: cells are made single-line and tab-free instead
        out.write("\t".join(one_line(record.get(name)) for name in columns) + "\n")
        written += 1
    return written


def gdelt_row(row: EventRow, added: str) -> dict[str, object]:
    """The GDELT columns newstrace fills for one event, by column name."""
    event, article = row.event, row.article
    cameo = event.cameo
    record: dict[str, object] = {
        "GLOBALEVENTID": row.number,
        "IsRootEvent": int(_in_lead(article, event.evidence.start)),
        "EventCode": cameo,
        "EventBaseCode": cameo[:3] if cameo else None,
        "EventRootCode": cameo_root(cameo),
        "QuadClass": quad_class(cameo),
        "GoldsteinScale": goldstein(cameo),
        "NumMentions": 1,
        "NumSources": 1,
        "NumArticles": 1,
        "DATEADDED": added,
        "SOURCEURL": article.url or article.source,
        EVIDENCE_COLUMN: evidence_json(row),
    }
    when = event_date(row)
    if when:
        record.update(
            SQLDATE=when.day.strftime("%Y%m%d"),
            MonthYear=when.day.strftime("%Y%m"),
            Year=when.day.year,
            FractionDate=f"{year_fraction(when.day):.4f}",
        )
    for prefix, actor in (("Actor1", event.source), ("Actor2", event.target)):
        record.update(_actor_columns(prefix, actor))
    if event.place:
        record.update(_place_columns("ActionGeo", event.place))
    return record


def _actor_columns(prefix: str, actor: Actor | None) -> dict[str, object]:
    if actor is None:
        return {}
    code = (actor.country or "") + (actor.sector or "")
    return {
        f"{prefix}Code": code or None,
        f"{prefix}Name": actor.name.upper(),
        f"{prefix}CountryCode": actor.country,
        f"{prefix}Type1Code": actor.sector,
    }


def _place_columns(prefix: str, place: Place) -> dict[str, object]:
    """GDELT's geography of a resolved place; an unresolved place fills nothing."""
    if place.lat is None or place.lon is None:
        return {}
    nation = country(place.country)
    us = place.country == "USA"
    kind = {"country": 1, "region": 2 if us else 5}.get(place.precision or "", 3 if us else 4)
    names = [place.name]
    if kind != 1:
        names += [place.admin1 or "", nation.name if nation else ""]
    admin1 = admin1_code(place.geonameid) if kind in (3, 4) else None
    fips = nation.fips if nation else None
    return {
        f"{prefix}_Type": kind,
        f"{prefix}_FullName": ", ".join(n for n in names if n),
        f"{prefix}_CountryCode": fips,
        f"{prefix}_ADM1Code": (fips or "") + (admin1 or "") or None,
        f"{prefix}_Lat": place.lat,
        f"{prefix}_Long": place.lon,
        f"{prefix}_FeatureID": place.geonameid,
    }


def _in_lead(article: Article, offset: int) -> bool:
    """Is `offset` in the article's lead: its first paragraph, or its first 500 characters?"""
    text = article.text
    start = len(text) - len(text.lstrip())
    end = text.find("\n\n", start)
    return offset < (end if end != -1 else start + LEAD_CHARS)
