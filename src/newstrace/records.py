"""The typed records of the newstrace output contract (see README, "Output contract").

Every record holds plain values and character offsets into the article text, never
spaCy objects, so records pickle, serialise and cross process boundaries unchanged.
The JSON that `newstrace extract` prints is produced from these classes only
(`Article.to_dict()`), never from ad-hoc dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

QuoteKind = Literal["direct", "indirect", "mixed"]
Resolution = Literal["explicit", "coreference", "unresolved"]
PublishedSource = Literal["given", "html", "none"]
FindingKind = Literal[
    "boilerplate",
    "spun_phrase",
    "attribution_conflict",
    "orphan_quote",
    "stitched",
    "duplicate",
]
Precision = Literal["day", "week", "month", "year", "country", "region", "city", "village"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Span:
    """A stretch of the article text: `text == article.text[start:end]`."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """Build the span of `text[start:end]`, so its text can never disagree with offsets."""
        return cls(start=start, end=end, text=text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(start=data["start"], end=data["end"], text=data["text"])


def _span_or_none(data: dict[str, Any] | None) -> Span | None:
    return Span.from_dict(data) if data else None


@dataclass(frozen=True, kw_only=True, slots=True)
class Actor:
    """Who someone is, CAMEO style: a name, an ISO3 country and a sector, where known."""

    name: str
    country: str | None = None
    sector: str | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "span": self.span.to_dict() if self.span else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        return cls(
            name=data["name"],
            country=data.get("country"),
            sector=data.get("sector"),
            span=_span_or_none(data.get("span")),
        )


def _actor_or_none(data: dict[str, Any] | None) -> Actor | None:
    return Actor.from_dict(data) if data else None


@dataclass(frozen=True, kw_only=True, slots=True)
class Mention:
    """A named entity in the text, with the actor it stands for where known."""

    start: int
    end: int
    text: str
    label: str
    actor: Actor | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "label": self.label,
            "actor": self.actor.to_dict() if self.actor else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        return cls(
            start=data["start"],
            end=data["end"],
            text=data["text"],
            label=data["label"],
            actor=_actor_or_none(data.get("actor")),
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class Speaker:
    """Who a quote is attributed to, and how the system found out.

    `start`/`end`/`text` point at the words in the text that name the speaker ("he",
    "U.S. Army Col. Steve Warren"); `name` is the fullest name the article gives for
    them, or None when the speaker is unresolved.
    """

    start: int
    end: int
    text: str
    name: str | None
    actor: Actor | None = None
    resolution: Resolution = "explicit"

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "name": self.name,
            "actor": self.actor.to_dict() if self.actor else None,
            "resolution": self.resolution,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Speaker:
        return cls(
            start=data["start"],
            end=data["end"],
            text=data["text"],
            name=data.get("name"),
            actor=_actor_or_none(data.get("actor")),
            resolution=data.get("resolution", "explicit"),
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class Quote:
    """Something a speaker said: direct ("…"), indirect (said that …) or mixed."""

    kind: QuoteKind
    content: Span
    cue: Span | None
    speaker: Speaker | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "content": self.content.to_dict(),
            "cue": self.cue.to_dict() if self.cue else None,
            "speaker": self.speaker.to_dict() if self.speaker else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        speaker = data.get("speaker")
        return cls(
            kind=data["kind"],
            content=Span.from_dict(data["content"]),
            cue=_span_or_none(data.get("cue")),
            speaker=Speaker.from_dict(speaker) if speaker else None,
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class Place:
    """A toponym and the GeoNames place it resolves to; `geonameid` None when unresolved."""

    start: int
    end: int
    text: str
    name: str
    geonameid: int | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "name": self.name,
            "geonameid": self.geonameid,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Place:
        return cls(**{k: data.get(k) for k in _PLACE_FIELDS})


_PLACE_FIELDS = (
    "start",
    "end",
    "text",
    "name",
    "geonameid",
    "country",
    "admin1",
    "lat",
    "lon",
    "precision",
)


@dataclass(frozen=True, kw_only=True, slots=True)
class DateRef:
    """A temporal expression normalised against the article's anchor date."""

    start: int
    end: int
    text: str
    value: str | None
    precision: str | None
    anchor: Literal["published", "given", "unknown"] = "unknown"

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "precision": self.precision,
            "anchor": self.anchor,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DateRef:
        return cls(
            start=data["start"],
            end=data["end"],
            text=data["text"],
            value=data.get("value"),
            precision=data.get("precision"),
            anchor=data.get("anchor", "unknown"),
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class Fatalities:
    dead: int | None
    injured: int | None
    evidence: Span

    def to_dict(self) -> dict[str, Any]:
        return {"dead": self.dead, "injured": self.injured, "evidence": self.evidence.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fatalities:
        return cls(
            dead=data.get("dead"),
            injured=data.get("injured"),
            evidence=Span.from_dict(data["evidence"]),
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class Event:
    """Who did what to whom, where and when, PLOVER-coded, with its evidence."""

    plover: str
    mode: str | None
    cameo: str | None
    acled: str | None
    trigger: Span
    evidence: Span
    source: Actor | None = None
    target: Actor | None = None
    place: Place | None = None
    date: DateRef | None = None
    claimed_by: str | None = None
    negated: bool = False
    hypothetical: bool = False
    fatalities: Fatalities | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "plover": self.plover,
            "mode": self.mode,
            "cameo": self.cameo,
            "acled": self.acled,
            "trigger": self.trigger.to_dict(),
            "evidence": self.evidence.to_dict(),
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "place": self.place.to_dict() if self.place else None,
            "date": self.date.to_dict() if self.date else None,
            "claimed_by": self.claimed_by,
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "fatalities": self.fatalities.to_dict() if self.fatalities else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        place, date, fatalities = data.get("place"), data.get("date"), data.get("fatalities")
        return cls(
            plover=data["plover"],
            mode=data.get("mode"),
            cameo=data.get("cameo"),
            acled=data.get("acled"),
            trigger=Span.from_dict(data["trigger"]),
            evidence=Span.from_dict(data["evidence"]),
            source=_actor_or_none(data.get("source")),
            target=_actor_or_none(data.get("target")),
            place=Place.from_dict(place) if place else None,
            date=DateRef.from_dict(date) if date else None,
            claimed_by=data.get("claimed_by"),
            negated=data.get("negated", False),
            hypothetical=data.get("hypothetical", False),
            fatalities=Fatalities.from_dict(fatalities) if fatalities else None,
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class Finding:
    """An article-level trust signal with the spans that show it."""

    kind: FindingKind
    message: str
    evidence: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "evidence": [span.to_dict() for span in self.evidence],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            kind=data["kind"],
            message=data["message"],
            evidence=tuple(Span.from_dict(s) for s in data.get("evidence", [])),
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class InputArticle:
    """An article as ingest hands it on: decoded text plus what the source said about it."""

    source: str
    text: str
    title: str | None = None
    published: str | None = None
    published_source: PublishedSource = "none"
    url: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class InputError:
    """An input that could not be read, with the reason in words a user can act on."""

    source: str
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "error": self.error}


@dataclass(frozen=True, kw_only=True, slots=True)
class Article:
    """One article and every record extracted from it: one line of `newstrace extract`."""

    id: str
    source: str
    text: str
    title: str | None = None
    published: str | None = None
    published_source: PublishedSource = "none"
    url: str | None = None
    outlet: str | None = None
    language: str = "en"
    boilerplate: tuple[Span, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    places: tuple[Place, ...] = ()
    dates: tuple[DateRef, ...] = ()
    findings: tuple[Finding, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published,
            "published_source": self.published_source,
            "language": self.language,
            "text": self.text,
            "boilerplate": [s.to_dict() for s in self.boilerplate],
            "mentions": [m.to_dict() for m in self.mentions],
            "quotes": [q.to_dict() for q in self.quotes],
            "events": [e.to_dict() for e in self.events],
            "places": [p.to_dict() for p in self.places],
            "dates": [d.to_dict() for d in self.dates],
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return cls(
            id=data["id"],
            source=data["source"],
            text=data["text"],
            title=data.get("title"),
            published=data.get("published"),
            published_source=data.get("published_source", "none"),
            url=data.get("url"),
            outlet=data.get("outlet"),
            language=data.get("language", "en"),
            boilerplate=tuple(Span.from_dict(s) for s in data.get("boilerplate", [])),
            mentions=tuple(Mention.from_dict(m) for m in data.get("mentions", [])),
            quotes=tuple(Quote.from_dict(q) for q in data.get("quotes", [])),
            events=tuple(Event.from_dict(e) for e in data.get("events", [])),
            places=tuple(Place.from_dict(p) for p in data.get("places", [])),
            dates=tuple(DateRef.from_dict(d) for d in data.get("dates", [])),
            findings=tuple(Finding.from_dict(f) for f in data.get("findings", [])),
        )

    def iter_spans(self) -> list[Span | Mention | Speaker | Place | DateRef]:
        """Every offset-bearing record of the article, for checking `text[start:end]`."""
        spans: list[Span | Mention | Speaker | Place | DateRef] = [
            *self.boilerplate,
            *self.mentions,
            *self.places,
            *self.dates,
        ]
        for mention in self.mentions:
            if mention.actor and mention.actor.span:
                spans.append(mention.actor.span)
        for quote in self.quotes:
            spans.append(quote.content)
            if quote.cue:
                spans.append(quote.cue)
            if quote.speaker:
                spans.append(quote.speaker)
        for event in self.events:
            spans += [event.trigger, event.evidence]
            for actor in (event.source, event.target):
                if actor and actor.span:
                    spans.append(actor.span)
            if event.place:
                spans.append(event.place)
            if event.date:
                spans.append(event.date)
            if event.fatalities:
                spans.append(event.fatalities.evidence)
        for finding in self.findings:
            spans += finding.evidence
        return spans
