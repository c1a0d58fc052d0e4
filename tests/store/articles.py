"""Hand-built contract records for the store tests: no NLP, exact offsets."""

from __future__ import annotations

from newstrace.core import article_id
from newstrace.records import (
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


def span(text: str, phrase: str, nth: int = 0) -> Span:
    """The span of the `nth` occurrence of `phrase` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span.of(text, start, start + len(phrase))


def actor(text: str, phrase: str, name: str, country: str | None, sector: str | None) -> Actor:
    return Actor(name=name, country=country, sector=sector, span=span(text, phrase))


def quote(text: str, content: str, speaker: str, name: str | None, **kw) -> Quote:
    who = span(text, speaker)
    return Quote(
        kind=kw.get("kind", "direct"),
        content=span(text, content),
        cue=span(text, kw["cue"]) if "cue" in kw else None,
        speaker=Speaker(
            start=who.start,
            end=who.end,
            text=who.text,
            name=name,
            actor=kw.get("actor"),
            resolution=kw.get("resolution", "explicit"),
        ),
    )


def place(text: str, phrase: str, name: str, geonameid: int | None = None, **kw) -> Place:
    where = span(text, phrase)
    return Place(
        start=where.start, end=where.end, text=where.text, name=name, geonameid=geonameid, **kw
    )


def mention(text: str, phrase: str, label: str, who: Actor | None = None) -> Mention:
    where = span(text, phrase)
    return Mention(start=where.start, end=where.end, text=where.text, label=label, actor=who)


def article(text: str, **fields) -> Article:
    """An article of `text` with the content-hash id ingest would give it."""
    fields.setdefault("source", "test.txt")
    return Article(id=article_id(text), text=text, **fields)


FULL_TEXT = (
    "Share\n"
    "Russia says US jets bombed Aleppo on Thursday, killing 12 people.\n"
    "“It is a fabrication,” said U.S. Army Col. Steve Warren. He said talks would go on.\n"
    "Merkel called for a pause. His peace push stalled.\n"
)


def full_article() -> Article:
    """One article holding every record type and every optional field, set and unset."""
    t = FULL_TEXT
    russia = actor(t, "Russia", "Russia", "RUS", "GOV")
    usa = actor(t, "US", "United States", "USA", "MIL")
    warren = actor(t, "U.S. Army Col. Steve Warren", "Steve Warren", "USA", "MIL")
    aleppo = place(
        t,
        "Aleppo",
        "Aleppo",
        170063,
        country="SYR",
        admin1="Aleppo",
        lat=36.20124,
        lon=37.16117,
        precision="city",
    )
    thursday = DateRef(
        **span(t, "Thursday").to_dict(), value="2016-02-11", precision="day", anchor="given"
    )
    return article(
        t,
        source="feed.jsonl:3",
        url="https://example.org/aleppo",
        outlet="Example Wire",
        title="Russia blames US for Aleppo strike",
        published="2016-02-12",
        published_source="given",
        boilerplate=(span(t, "Share"),),
        mentions=(
            mention(t, "Russia", "GPE", russia),
            mention(t, "US", "GPE", Actor(name="United States", country="USA", sector=None)),
            mention(t, "Merkel", "PERSON"),
        ),
        quotes=(
            quote(
                t,
                "It is a fabrication,",
                "U.S. Army Col. Steve Warren",
                "Steve Warren",
                cue="said",
                actor=warren,
            ),
            quote(
                t,
                "talks would go on",
                "He",
                "Steve Warren",
                kind="indirect",
                resolution="coreference",
                cue="said",
                actor=warren,
            ),
            Quote(
                kind="indirect",
                content=span(t, "a pause"),
                cue=None,
                speaker=Speaker(start=0, end=0, text="", name=None, resolution="unresolved"),
            ),
            Quote(kind="mixed", content=span(t, "peace push"), cue=None, speaker=None),
        ),
        events=(
            Event(
                plover="ASSAULT",
                mode="aerial",
                cameo="195",
                acled="Explosions/Remote violence",
                trigger=span(t, "bombed"),
                evidence=span(t, "US jets bombed Aleppo on Thursday"),
                source=usa,
                target=None,
                place=aleppo,
                date=thursday,
                claimed_by="Russia",
                negated=False,
                hypothetical=True,
                fatalities=Fatalities(dead=12, injured=None, evidence=span(t, "killing 12 people")),
            ),
            Event(
                plover="DEMAND",
                mode=None,
                cameo=None,
                acled=None,
                trigger=span(t, "called for"),
                evidence=span(t, "Merkel called for a pause"),
                negated=True,
            ),
        ),
        places=(aleppo, place(t, "Aleppo", "Aleppo")),
        dates=(thursday, DateRef(**span(t, "Thursday").to_dict(), value=None, precision=None)),
        findings=(
            Finding(kind="boilerplate", message="1 boilerplate line", evidence=(span(t, "Share"),)),
            Finding(
                kind="attribution_conflict",
                message="Merkel vs His",
                evidence=(span(t, "Merkel"), span(t, "His")),
            ),
            Finding(kind="orphan_quote", message="no speaker"),
        ),
    )
