"""Events as PLOVER records: one JSON object per event, one per line.

Field names follow the PLOVER manual ("JSON Data Fields", draft 0.7b1, Open Event Data
Alliance, CC BY-SA 4.0) by default, or the gold-standard records (0.5b1, the names of
`../shared/datasets/events/plover-gsr-dev.json`) with `version="0.5"`; the
`plover_fields` data file maps one to the other. Filled where newstrace knows them:

* id (article hash and event index), date (the sentence's date, else the article's);
* source and recipient (target in 0.5): a list of one actor object each, with the
  actor's text in the article, code (ISO3 country) and sector, and `identifier_text`
  (the actor's canonical name);
* event (the PLOVER category; a list in 0.7, a string in 0.5), mode, event_text (the
  trigger), event_loc (the resolved place, GeoNames field names), quad_code and
  event_scale (the Goldstein value of the CAMEO code);
* size: {"dead", "injured"} of the event's casualty statement;
* text (the event's sentence), text_info (its offsets in the article), cite_info (url,
  title, publication, language, citation = the article's source), coder, coded_date;
* `newstrace`: the evidence (article id, spans' offsets, claimed_by, negated,
  hypothetical) and the CAMEO and ACLED codes, under newstrace's own field, as the manual
  invites providers to add fields.

`context` is never written: newstrace does not code it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import IO, Any

from .. import __version__
from ..data import load_table
from ..errors import ExportError
from ..records import Actor, Article, Place
from .common import EventRow, country, event_date, event_rows, evidence, goldstein, quad_class

VERSIONS = {"0.7": 0, "0.5": 1}


def write_plover(
    articles: Iterable[Article],
    out: IO[str],
    *,
    version: str = "0.7",
    coded: datetime | None = None,
) -> int:
    """Write the events of `articles` as PLOVER JSON lines; return how many.

    Args:
        articles: Article records, e.g. from `read_articles`.
        out: A text stream.
        version: "0.7" for the PLOVER manual's field names, "0.5" for the gold-standard
            records'.
        coded: The coding date; now by default.
    """
    written = 0
    for row in event_rows(articles):
        out.write(json.dumps(plover_record(row, version=version, coded=coded), ensure_ascii=False))
        out.write("\n")
        written += 1
    return written


def plover_record(
    row: EventRow, *, version: str = "0.7", coded: datetime | None = None
) -> dict[str, Any]:
    """The PLOVER record of one event, with the field names of `version`."""
    if version not in VERSIONS:
        raise ExportError(f"unknown PLOVER version {version!r}; valid: {', '.join(VERSIONS)}")
    names = _field_names(version)
    event, article = row.event, row.article
    listed = version == "0.7"
    when = event_date(row)
    record: dict[str, Any] = {
        "id": row.id,
        "date": when.day.isoformat() if when else None,
        "source": [_actor(event.source, names)] if event.source else [],
        "recipient": [_actor(event.target, names)] if event.target else [],
        "event": [event.plover] if listed else event.plover,
        "mode": event.mode,
        "event_text": [event.trigger.text] if listed else event.trigger.text,
        "event_loc": _location(event.place, names) if event.place else None,
        "quad_code": quad_class(event.cameo),
        "event_scale": goldstein(event.cameo),
        "size": (
            {"dead": event.fatalities.dead, "injured": event.fatalities.injured}
            if event.fatalities
            else None
        ),
        "text": event.evidence.text,
        "text_info": {"start": event.evidence.start, "end": event.evidence.end},
        "cite_info": {
            "citation": article.source,
            "url": article.url,
            "title": article.title,
            "publication": article.outlet,
            "language": article.language,
        },
        "coder": f"newstrace {__version__}",
        "coded_date": (coded or datetime.now(UTC)).date().isoformat(),
    }
    renamed = {names[key]: value for key, value in record.items() if value is not None}
    renamed["newstrace"] = {**evidence(row), "cameo": event.cameo, "acled": event.acled}
    return renamed


def _field_names(version: str) -> dict[str, str]:
    column = VERSIONS[version]
    return {key: values[column] for key, values in load_table("plover_fields").items()}


def _actor(actor: Actor, names: dict[str, str]) -> dict[str, Any]:
    found = {
        names["actor_text"]: actor.span.text if actor.span else actor.name,
        "code": actor.country,
        "sector": actor.sector,
        "identifier_text": actor.name,
    }
    return {key: value for key, value in found.items() if value is not None}


def _location(place: Place, names: dict[str, str]) -> dict[str, Any]:
    nation = country(place.country)
    found = {
        "geonameid": place.geonameid,
        "name": place.name,
        "latitude": place.lat,
        "longitude": place.lon,
        names["country_code"]: nation.iso2 if nation else None,
        "cc3": place.country,
        "admin1": place.admin1,
    }
    return {key: value for key, value in found.items() if value is not None}
