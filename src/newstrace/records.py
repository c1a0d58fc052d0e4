"""The typed records of the newstrace output contract (see README, "Output contract").

Every record holds plain values and character offsets into the article text, never
spaCy objects, so records pickle, serialise and cross process boundaries unchanged.
The JSON that `newstrace extract` prints is produced from these classes only
(`Article.to_dict()`), never from ad-hoc dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
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


def _plain(value: Any) -> Any:
    """A record field as JSON-ready data: records become dicts, tuples lists."""
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


class Record:
    """Base of the contract records: `to_dict()` gives their JSON object, field by field."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True, kw_only=True, slots=True)
class Span(Record):
    """A stretch of the article text: `text == article.text[start:end]`."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """Build the span of `text[start:end]`, so its text can never disagree with offsets."""
        return cls(start=start, end=end, text=text[start:end])

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(start=data["start"], end=data["end"], text=data["text"])


def _span_or_none(data: dict[str, Any] | None) -> Span | None:
    return Span.from_dict(data) if data else None


@dataclass(frozen=True, kw_only=True, slots=True)
class Actor(Record):
    """Who someone is, CAMEO style: a name, an ISO3 country and a sector, where known."""

    name: str
    country: str | None = None
    sector: str | None = None
    span: Span | None = None

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
class Mention(Record):
    """A named entity in the text, with the actor it stands for where known."""

    start: int
    end: int
    text: str
    label: str
    actor: Actor | None = None

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
class Speaker(Record):
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
class Quote(Record):
    """Something a speaker said: direct ("…"), indirect (said that …) or mixed."""

    kind: QuoteKind
    content: Span
    cue: Span | None
    speaker: Speaker | None

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
class Place(Record):
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
class DateRef(Record):
    """A temporal expression normalised against the article's anchor date."""

    start: int
    end: int
    text: str
    value: str | None
    precision: str | None
    anchor: Literal["published", "given", "unknown"] = "unknown"

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
class Fatalities(Record):
    dead: int | None
    injured: int | None
    evidence: Span

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fatalities:
        return cls(
            dead=data.get("dead"),
            injured=data.get("injured"),
            evidence=Span.from_dict(data["evidence"]),
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class Event(Record):
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
class Finding(Record):
    """An article-level trust signal with the spans that show it."""

    kind: FindingKind
    message: str
    evidence: tuple[Span, ...] = ()

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
class InputError(Record):
    """An input that could not be read, with the reason in words a user can act on."""

    source: str
    error: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Article(Record):
    """One article and every record extracted from it: one line of `newstrace extract`."""

    # field order is the key order of the JSON line: metadata first, then the text
    id: str
    source: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    published_source: PublishedSource = "none"
    language: str = "en"
    text: str
    boilerplate: tuple[Span, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    places: tuple[Place, ...] = ()
    dates: tuple[DateRef, ...] = ()
    findings: tuple[Finding, ...] = field(default=())

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
