"""Articles with events built by hand, for the export tests."""

from __future__ import annotations

import pytest

from newstrace.records import (
    Actor,
    Article,
    DateRef,
    Event,
    Fatalities,
    Finding,
    Mention,
    Place,
    Span,
)

TEXT = (
    "Syrian warplanes killed 12 civilians and wounded dozens in Aleppo on 3 March, "
    "activists said.\n\nRussia said it would not attack Idlib."
)


def span(text: str, phrase: str, nth: int = 1) -> Span:
    start = -1
    for _ in range(nth):
        start = text.index(phrase, start + 1)
    return Span.of(text, start, start + len(phrase))


def hand_article() -> Article:
    """One article: an aerial ASSAULT with a casualty count and a hypothetical one."""
    first = span(TEXT, TEXT.split("\n\n")[0])
    aleppo = span(TEXT, "Aleppo")
    place = Place(
        start=aleppo.start,
        end=aleppo.end,
        text=aleppo.text,
        name="Aleppo",
        geonameid=170063,
        country="SYR",
        admin1="Aleppo",
        lat=36.20124,
        lon=37.16117,
        precision="city",
    )
    march = span(TEXT, "3 March")
    date = DateRef(
        start=march.start, end=march.end, text=march.text, value="2016-03-03", precision="day"
    )
    killed = Fatalities(
        dead=12, injured=None, evidence=span(TEXT, "killed 12 civilians and wounded dozens")
    )
    assault = Event(
        plover="ASSAULT",
        mode="aerial",
        cameo="195",
        acled="Explosions/Remote violence: Air/drone strike",
        trigger=span(TEXT, "killed"),
        evidence=first,
        source=Actor(
            name="Syria", country="SYR", sector="MIL", span=span(TEXT, "Syrian warplanes")
        ),
        target=Actor(name="civilians", country=None, sector="CVL", span=span(TEXT, "civilians")),
        place=place,
        date=date,
        fatalities=killed,
    )
    threat = Event(
        plover="ASSAULT",
        mode=None,
        cameo="190",
        acled="Battles: Armed clash",
        trigger=span(TEXT, "attack"),
        evidence=span(TEXT, "Russia said it would not attack Idlib."),
        source=Actor(name="Russia", country="RUS", sector="GOV", span=span(TEXT, "Russia")),
        negated=True,
        hypothetical=True,
        claimed_by="Russia",
    )
    return Article(
        id="0123456789abcdef0123456789abcdef01234567",
        source="tests/hand.txt",
        url="https://example.org/aleppo",
        outlet="Example Wire",
        title="Air strikes on Aleppo",
        published="2016-03-04",
        published_source="given",
        text=TEXT,
        mentions=(
            Mention(
                start=aleppo.start,
                end=aleppo.end,
                text=aleppo.text,
                label="GPE",
                actor=Actor(name="Aleppo", country="SYR", span=aleppo),
            ),
        ),
        events=(assault, threat),
        places=(place,),
        dates=(date,),
        findings=(
            Finding(
                kind="spun_phrase",
                message="two spans",
                evidence=(span(TEXT, "Syrian"), span(TEXT, "Russia")),
            ),
            Finding(kind="orphan_quote", message="no span"),
        ),
    )


@pytest.fixture
def article() -> Article:
    return hand_article()
