"""Contract records to table rows and back, the same for every backend.

An `Article` becomes one `articles` row plus child rows ordered by `seq` (the record's
index in its tuple); actors become ids of the shared `actors` table, while where an
actor was named (its span) stays on the row that uses it. `article_from_rows` reverses
this exactly: `Article.from_dict(a.to_dict()) == article_from_rows(rows_of(a))`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..records import (
    Actor,
    Article,
    DateRef,
    Event,
    Fatalities,
    Finding,
    Mention,
    Place,
    Quote,
    Span,
    Speaker,
)

Row = Mapping[str, Any]
ActorKey = tuple[str, str | None, str | None]
ActorIds = Callable[[Actor], int]

ARTICLE_COLUMNS = (
    "id",
    "source",
    "url",
    "outlet",
    "title",
    "published",
    "published_source",
    "language",
    "text",
    "ingested_at",
    "run_id",
)

_SPAN = ("char_start", "char_end", "text")


def _span_columns(prefix: str) -> tuple[str, str, str]:
    return (f"{prefix}_start", f"{prefix}_end", f"{prefix}_text")


_PLACE = ("name", "geonameid", "country", "admin1", "lat", "lon", "precision")
_DATE = ("value", "precision", "anchor")

# Columns of each child table after (article_pk, seq), in the order the row tuples use.
CHILD_COLUMNS: dict[str, tuple[str, ...]] = {
    "boilerplate": _SPAN,
    "mentions": (*_SPAN, "label", "actor_id", *_span_columns("actor")),
    "quotes": (
        "kind",
        *_span_columns("content"),
        *_span_columns("cue"),
        *_span_columns("speaker"),
        "speaker_name",
        "speaker_resolution",
        "speaker_actor_id",
        *_span_columns("speaker_actor"),
    ),
    "events": (
        "plover",
        "mode",
        "cameo",
        "acled",
        *_span_columns("trigger"),
        *_span_columns("evidence"),
        "source_actor_id",
        *_span_columns("source_actor"),
        "target_actor_id",
        *_span_columns("target_actor"),
        *_span_columns("place"),
        *(f"place_{name}" for name in _PLACE),
        *_span_columns("date"),
        *(f"date_{name}" for name in _DATE),
        "claimed_by",
        "negated",
        "hypothetical",
        *_span_columns("fatalities"),
        "dead",
        "injured",
    ),
    "places": (*_SPAN, *_PLACE),
    "dates": (*_SPAN, *_DATE),
    "findings": ("kind", "message"),
}
# Evidence rows carry (article_pk, finding_seq, seq) before these.
EVIDENCE_COLUMNS = _SPAN


def actor_key(actor: Actor) -> ActorKey:
    """What makes two actors the same row of `actors`: name, country and sector."""
    return (actor.name, actor.country, actor.sector)


def _span(span: Span | None) -> tuple[Any, Any, Any]:
    return (span.start, span.end, span.text) if span else (None, None, None)


def _actor(actor: Actor | None, actor_ids: ActorIds) -> tuple[Any, ...]:
    if actor is None:
        return (None, None, None, None)
    return (actor_ids(actor), *_span(actor.span))


def article_row(article: Article, *, ingested_at: str, run_id: int | None) -> tuple:
    """The `articles` row of `article`, in `ARTICLE_COLUMNS` order."""
    return (
        article.id,
        article.source,
        article.url,
        article.outlet,
        article.title,
        article.published,
        article.published_source,
        article.language,
        article.text,
        ingested_at,
        run_id,
    )


def child_rows(article: Article, actor_ids: ActorIds) -> dict[str, list[tuple]]:
    """Rows of every child table of `article`, each starting with its `seq`.

    `actor_ids` maps an actor to its id in `actors`, creating the row where needed.
    The evidence of findings comes under "finding_evidence" as (finding_seq, seq, …).
    """
    rows: dict[str, list[tuple]] = {
        "boilerplate": [(i, *_span(s)) for i, s in enumerate(article.boilerplate)],
        "mentions": [
            (i, m.start, m.end, m.text, m.label, *_actor(m.actor, actor_ids))
            for i, m in enumerate(article.mentions)
        ],
        "quotes": [(i, *_quote(q, actor_ids)) for i, q in enumerate(article.quotes)],
        "events": [(i, *_event(e, actor_ids)) for i, e in enumerate(article.events)],
        "places": [(i, *_place(p)) for i, p in enumerate(article.places)],
        "dates": [(i, *_date(d)) for i, d in enumerate(article.dates)],
        "findings": [(i, f.kind, f.message) for i, f in enumerate(article.findings)],
        "finding_evidence": [
            (i, j, *_span(span))
            for i, finding in enumerate(article.findings)
            for j, span in enumerate(finding.evidence)
        ],
    }
    return rows


def _quote(quote: Quote, actor_ids: ActorIds) -> tuple:
    speaker = quote.speaker
    if speaker is None:
        who: tuple = (None,) * 9
    else:
        who = (
            speaker.start,
            speaker.end,
            speaker.text,
            speaker.name,
            speaker.resolution,
            *_actor(speaker.actor, actor_ids),
        )
    return (quote.kind, *_span(quote.content), *_span(quote.cue), *who)


def _place(place: Place | None) -> tuple:
    if place is None:
        return (None,) * 10
    return (place.start, place.end, place.text, *(getattr(place, name) for name in _PLACE))


def _date(ref: DateRef | None) -> tuple:
    if ref is None:
        return (None,) * 6
    return (ref.start, ref.end, ref.text, ref.value, ref.precision, ref.anchor)


def _event(event: Event, actor_ids: ActorIds) -> tuple:
    toll = event.fatalities
    return (
        event.plover,
        event.mode,
        event.cameo,
        event.acled,
        *_span(event.trigger),
        *_span(event.evidence),
        *_actor(event.source, actor_ids),
        *_actor(event.target, actor_ids),
        *_place(event.place),
        *_date(event.date),
        event.claimed_by,
        int(event.negated),
        int(event.hypothetical),
        *_span(toll.evidence if toll else None),
        toll.dead if toll else None,
        toll.injured if toll else None,
    )


# ---- rows back to records -------------------------------------------------------------


def span_from(row: Row, prefix: str | None = None) -> Span | None:
    """The span stored in `row` under `prefix` (or the plain char_* columns), or None."""
    start, end, text = _span_columns(prefix) if prefix else _SPAN
    if row[start] is None:
        return None
    return Span(start=row[start], end=row[end], text=row[text])


def actor_from(row: Row, prefix: str, actors: Mapping[int, ActorKey]) -> Actor | None:
    """The actor referenced by `row[prefix + "_id"]`, with its span, or None."""
    actor_id = row[f"{prefix}_id"]
    if actor_id is None:
        return None
    name, country, sector = actors[actor_id]
    return Actor(name=name, country=country, sector=sector, span=span_from(row, prefix))


def quote_from(row: Row, actors: Mapping[int, ActorKey]) -> Quote:
    """A `quotes` row as its `Quote` record."""
    speaker = None
    if row["speaker_start"] is not None:
        speaker = Speaker(
            start=row["speaker_start"],
            end=row["speaker_end"],
            text=row["speaker_text"],
            name=row["speaker_name"],
            actor=actor_from(row, "speaker_actor", actors),
            resolution=row["speaker_resolution"],
        )
    return Quote(
        kind=row["kind"],
        content=span_from(row, "content"),  # type: ignore[arg-type]
        cue=span_from(row, "cue"),
        speaker=speaker,
    )


def _place_from(row: Row, prefix: str = "") -> Place | None:
    start = row[f"{prefix}start" if prefix else "char_start"]
    if start is None:
        return None
    end = row[f"{prefix}end" if prefix else "char_end"]
    text = row[f"{prefix}text"]
    values = {name: row[f"{prefix}{name}"] for name in _PLACE}
    return Place(start=start, end=end, text=text, **values)


def _date_from(row: Row, prefix: str = "") -> DateRef | None:
    start = row[f"{prefix}start" if prefix else "char_start"]
    if start is None:
        return None
    return DateRef(
        start=start,
        end=row[f"{prefix}end" if prefix else "char_end"],
        text=row[f"{prefix}text"],
        value=row[f"{prefix}value"],
        precision=row[f"{prefix}precision"],
        anchor=row[f"{prefix}anchor"],
    )


def event_from(row: Row, actors: Mapping[int, ActorKey]) -> Event:
    """An `events` row as its `Event` record."""
    toll_span = span_from(row, "fatalities")
    return Event(
        plover=row["plover"],
        mode=row["mode"],
        cameo=row["cameo"],
        acled=row["acled"],
        trigger=span_from(row, "trigger"),  # type: ignore[arg-type]
        evidence=span_from(row, "evidence"),  # type: ignore[arg-type]
        source=actor_from(row, "source_actor", actors),
        target=actor_from(row, "target_actor", actors),
        place=_place_from(row, "place_"),
        date=_date_from(row, "date_"),
        claimed_by=row["claimed_by"],
        negated=bool(row["negated"]),
        hypothetical=bool(row["hypothetical"]),
        fatalities=(
            Fatalities(dead=row["dead"], injured=row["injured"], evidence=toll_span)
            if toll_span
            else None
        ),
    )


def article_from_rows(
    article: Row, children: Mapping[str, list[Row]], actors: Mapping[int, ActorKey]
) -> Article:
    """Rebuild the `Article` of one `articles` row and its child rows (in `seq` order)."""
    evidence: dict[int, list[Span]] = {}
    for row in children.get("finding_evidence", ()):
        evidence.setdefault(row["finding_seq"], []).append(span_from(row))  # type: ignore[arg-type]
    return Article(
        id=article["id"],
        source=article["source"],
        url=article["url"],
        outlet=article["outlet"],
        title=article["title"],
        published=article["published"],
        published_source=article["published_source"],
        language=article["language"],
        text=article["text"],
        boilerplate=tuple(span_from(r) for r in children.get("boilerplate", ())),  # type: ignore[misc]
        mentions=tuple(
            Mention(
                start=r["char_start"],
                end=r["char_end"],
                text=r["text"],
                label=r["label"],
                actor=actor_from(r, "actor", actors),
            )
            for r in children.get("mentions", ())
        ),
        quotes=tuple(quote_from(r, actors) for r in children.get("quotes", ())),
        events=tuple(event_from(r, actors) for r in children.get("events", ())),
        places=tuple(_place_from(r) for r in children.get("places", ())),  # type: ignore[misc]
        dates=tuple(_date_from(r) for r in children.get("dates", ())),  # type: ignore[misc]
        findings=tuple(
            Finding(
                kind=r["kind"], message=r["message"], evidence=tuple(evidence.get(r["seq"], ()))
            )
            for r in children.get("findings", ())
        ),
    )
