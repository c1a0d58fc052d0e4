"""Events as an ACLED-shaped CSV: ACLED's columns, one row per event ACLED would record.

ACLED records political violence, demonstrations and strategic developments, so only
events with an ACLED type (`Event.acled`, "Battles: Armed clash") are written, and not
those the text negates or only foresees ("would attack"): ACLED codes what happened.
What is filled (`acled_columns` lists the columns):

* event_id_cnty: the ISO3 of the event's country, the article hash and event index;
* event_date (YYYY-MM-DD), year, time_precision: 1 when the sentence dates the event to
  a day, 2 to a week or when only the article's publication date is known (news reports
  events of the days before), 3 to a month or year;
* disorder_type (`acled_disorder`), event_type and sub_event_type from `Event.acled`;
* actor1/actor2 (source/target names), inter1/inter2 from their sector
  (`acled_inter`), interaction (the two codes, lower first; one actor gives "N0");
  civilian_targeting when the target is civilians;
* iso (numeric), country, admin1, location, latitude, longitude, geo_precision (1 town,
  3 region or country) from the event's resolved place;
* source (outlet, else the article's source), notes (the event's sentence);
* fatalities: the dead count of the event's casualty statement; 0 without one; empty when
  the statement gives no number ("dozens were killed"), its phrase being in the evidence;
* tags: "claimed by X" when the event is a speaker's claim;
* timestamp: when the export ran (Unix seconds).

Left empty: assoc_actor_1/2, region, admin2, admin3, source_scale.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import IO

from ..data import load_table
from ..records import Article
from .common import (
    EVIDENCE_COLUMN,
    EventRow,
    column_names,
    country,
    event_date,
    event_rows,
    evidence_json,
)

TIME_PRECISION = {"day": 1, "week": 2, "published": 2, "month": 3, "year": 3}
GEO_PRECISION = {"city": 1, "village": 1, "region": 3, "country": 3}


def acled_columns() -> tuple[str, ...]:
    """ACLED's event columns, in order, without newstrace's own."""
    return column_names("acled_columns")


def write_acled(
    articles: Iterable[Article], out: IO[str], *, timestamp: datetime | None = None
) -> int:
    """Write the ACLED-type events of `articles` as ACLED CSV rows; return how many.

    Args:
        articles: Article records, e.g. from `read_articles`.
        out: A text stream opened with `newline=""`.
        timestamp: The export time of the `timestamp` column; now by default.
    """
    stamp = int((timestamp or datetime.now(UTC)).timestamp())
    columns = (*acled_columns(), EVIDENCE_COLUMN)
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    written = 0
    for row in event_rows(articles):
        record = acled_row(row, stamp)
        if record is not None:
            writer.writerow({name: record.get(name, "") for name in columns})
            written += 1
    return written


def acled_row(row: EventRow, timestamp: int) -> dict[str, object] | None:
    """The ACLED columns newstrace fills for one event, or None if ACLED would skip it."""
    event, article = row.event, row.article
    if not event.acled or event.negated or event.hypothetical:
        return None
    event_type, _, sub_type = event.acled.partition(": ")
    disorder = load_table("acled_disorder").get(event_type)
    inter = load_table("acled_inter")
    codes = [
        inter[actor.sector][0] if actor and actor.sector in inter else ""
        for actor in (event.source, event.target)
    ]
    place = event.place
    nation = country(place.country if place else None)
    when = event_date(row)
    record: dict[str, object] = {
        "event_id_cnty": f"{nation.iso3 if nation else 'XXX'}-{article.id[:12]}-{row.index}",
        "disorder_type": disorder[0] if disorder else "",
        "event_type": event_type,
        "sub_event_type": sub_type,
        "actor1": event.source.name if event.source else "",
        "inter1": codes[0],
        "actor2": event.target.name if event.target else "",
        "inter2": codes[1],
        "interaction": _interaction(*codes),
        "civilian_targeting": (
            "Civilian targeting" if event.target and event.target.sector == "CVL" else ""
        ),
        "source": article.outlet or article.source,
        "notes": event.evidence.text,
        "fatalities": _fatalities(row),
        "tags": f"claimed by {event.claimed_by}" if event.claimed_by else "",
        "timestamp": timestamp,
        EVIDENCE_COLUMN: evidence_json(row),
    }
    if when:
        record.update(
            event_date=when.day.isoformat(),
            year=when.day.year,
            time_precision=TIME_PRECISION[when.precision],
        )
    if place:
        record.update(
            iso=nation.numeric if nation else "",
            country=nation.name if nation else "",
            admin1=place.admin1 or "",
            location=place.name,
            latitude=place.lat if place.lat is not None else "",
            longitude=place.lon if place.lon is not None else "",
            geo_precision=GEO_PRECISION.get(place.precision or "", ""),
        )
    return record


def _interaction(first: str, second: str) -> str:
    """ACLED's interaction code: both actor type codes, lower first; one actor gives N0."""
    if first and second:
        return "".join(sorted((first, second)))
    return f"{first or second}0" if first or second else ""


def _fatalities(row: EventRow) -> object:
    found = row.event.fatalities
    if found is None:
        return 0
    return found.dead if found.dead is not None else ""
