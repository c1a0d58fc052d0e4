"""The article view's marked-up text, built from the records' character offsets.

The text is cut at every offset any record starts or ends at; each piece carries the
set of marks covering it (boilerplate, quote, speaker, event, place, date …). The
template writes each piece as its own element, escaping its text like any other value,
so nothing of the article is ever read as HTML however the spans nest or overlap.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from ..records import Article
from .query import speaker_path


@dataclass(frozen=True, slots=True)
class Badge:
    """A label written after a quote: who said it (a link) or that nobody is known to."""

    text: str
    href: str | None
    unresolved: bool = False


@dataclass(slots=True)
class Segment:
    """A piece of the text, `text[start:end]`, and everything that covers it."""

    start: int
    end: int
    text: str
    marks: set[str] = field(default_factory=set)
    titles: list[str] = field(default_factory=list)
    href: str | None = None
    anchor: bool = False
    badges: list[Badge] = field(default_factory=list)

    @property
    def css(self) -> str:
        return " ".join(sorted(self.marks))

    @property
    def title(self) -> str:
        return "; ".join(dict.fromkeys(self.titles))

    @property
    def plain(self) -> bool:
        """Whether the piece is bare text: no element needed around it."""
        return not (self.marks or self.href or self.anchor)


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    css: str
    title: str | None = None
    href: str | None = None


def _actor(actor) -> str:
    if actor is None:
        return "?"
    extra = "/".join(part for part in (actor.country, actor.sector) if part)
    return f"{actor.name} ({extra})" if extra else actor.name


def _marks(article: Article) -> tuple[list[_Mark], list[tuple[int, Badge]]]:
    marks: list[_Mark] = [_Mark(s.start, s.end, "bp", "boilerplate") for s in article.boilerplate]
    badges: list[tuple[int, Badge]] = []
    for mention in article.mentions:
        if mention.actor is not None:
            marks.append(_Mark(mention.start, mention.end, "ent", _actor(mention.actor)))
    for place in article.places:
        where = ", ".join(part for part in (place.name, place.admin1, place.country) if part)
        found = f"GeoNames {place.geonameid}" if place.geonameid else "no GeoNames id"
        found += "" if place.lat is not None else ", no point: not on the gazetteer"
        marks.append(_Mark(place.start, place.end, "pl", f"place: {where} ({found})"))
    for date in article.dates:
        value = date.value or "no anchor date"
        marks.append(_Mark(date.start, date.end, "dt", f"date: {value}"))
    for event in article.events:
        title = f"event: {event.plover}" + (f" ({event.mode})" if event.mode else "")
        title += f", {_actor(event.source)} → {_actor(event.target)}"
        marks.append(_Mark(event.trigger.start, event.trigger.end, "ev", title))
    for quote in article.quotes:
        speaker = quote.speaker
        name = speaker.name if speaker else None
        who = name or "unresolved speaker"
        marks.append(_Mark(quote.content.start, quote.content.end, f"q q-{quote.kind}", who))
        if quote.cue is not None:
            marks.append(_Mark(quote.cue.start, quote.cue.end, "cue"))
        if speaker is not None and speaker.end > speaker.start:
            css = "spk" if name else "spk unresolved"
            href = speaker_path(name) if name else None
            marks.append(_Mark(speaker.start, speaker.end, css, f"speaker: {who}", href))
        badge = Badge(name, speaker_path(name), False) if name else Badge("unresolved", None, True)
        badges.append((quote.content.end, badge))
    return marks, badges


def anchor_offsets(article: Article) -> set[int]:
    """Offsets a link may jump to: where each finding's or event's evidence starts and ends."""
    spans = [span for finding in article.findings for span in finding.evidence]
    for event in article.events:
        spans += [event.evidence, event.trigger]
    for quote in article.quotes:
        spans.append(quote.content)
    return {offset for span in spans for offset in (span.start, span.end)}


def segments(article: Article) -> list[Segment]:
    """The article text cut at every record's offsets, each piece with its marks.

    Spans whose offsets do not fit the text are left out rather than trusted.
    """
    text = article.text
    size = len(text)
    marks, badges = _marks(article)
    marks = [m for m in marks if 0 <= m.start < m.end <= size]
    anchors = {offset for offset in anchor_offsets(article) if 0 <= offset < size}
    cuts = {0, size, *anchors}
    for mark in marks:
        cuts.update((mark.start, mark.end))
    for offset, _ in badges:
        if 0 <= offset <= size:
            cuts.add(offset)
    bounds = sorted(cuts)
    pieces = [
        Segment(start=a, end=b, text=text[a:b], anchor=a in anchors)
        for a, b in zip(bounds, bounds[1:], strict=False)
        if b > a
    ]
    starts = [piece.start for piece in pieces]
    for mark in marks:
        for piece in pieces[bisect_left(starts, mark.start) :]:
            if piece.start >= mark.end:
                break
            piece.marks.update(mark.css.split())
            if mark.title:
                piece.titles.append(mark.title)
            if mark.href and piece.href is None:
                piece.href = mark.href
    ends = {piece.end: piece for piece in pieces}
    for offset, badge in badges:
        if offset in ends:
            ends[offset].badges.append(badge)
    return pieces
