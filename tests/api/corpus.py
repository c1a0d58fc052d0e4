"""A small hand-built corpus for the API tests: exact offsets, no NLP."""

from __future__ import annotations

from newstrace.records import Article, DateRef, Event

from ..store.articles import actor, article, full_article, mention, place, quote, span

# (city, GeoNames id, published, speaker) of each generated story
STORIES = [
    ("Aleppo", 170063, "2016-02-01", "Steve Warren"),
    ("Idlib", 169389, "2016-02-03", "John Kerry"),
    ("Homs", 169577, "2016-02-05", "Sergei Lavrov"),
    ("Aleppo", 170063, "2016-02-07", "John Kerry"),
    ("Raqqa", 163915, "2016-02-09", "Staffan de Mistura"),
    ("Madaya", None, "2016-02-11", "Steve Warren"),
    ("Idlib", 169389, None, "Sergei Lavrov"),
]


def story(index: int) -> Article:
    """Story `index` of STORIES: a quote, actor mentions, a place, a dated event."""
    city, geonameid, published, speaker = STORIES[index]
    text = (
        f"Story {index}. “We will not leave {city},” said {speaker} on Monday.\n"
        f"Russian jets bombed {city}, killing people, and Russia denied it.\n"
    )
    russia = actor(text, "Russia", "Russia", "RUS", "GOV")
    jets = actor(text, "Russian jets", "Russia", "RUS", "MIL")
    where = place(text, city, city, geonameid, country="SYR", precision="city")
    monday = DateRef(
        **span(text, "Monday").to_dict(),
        value=published,
        precision="day" if published else None,
        anchor="published" if published else "unknown",
    )
    return article(
        text,
        source=f"stories.jsonl:{index + 1}",
        title=f"Story {index} from {city}",
        published=published,
        published_source="given" if published else "none",
        mentions=(mention(text, "Russia", "GPE", russia), mention(text, speaker, "PERSON")),
        quotes=(quote(text, f"We will not leave {city},", speaker, speaker, cue="said"),),
        events=(
            Event(
                plover="ASSAULT",
                mode="aerial",
                cameo="195",
                acled=None,
                trigger=span(text, "bombed"),
                evidence=span(text, f"Russian jets bombed {city}"),
                source=jets,
                target=None,
                place=where,
                date=monday if published else None,
                claimed_by=None,
                negated=False,
                hypothetical=False,
                fatalities=None,
            ),
        ),
        places=(where,),
        dates=(monday,),
    )


def corpus() -> list[Article]:
    """The store's `full_article` (every record type) and the STORIES, in ingest order."""
    return [full_article(), *(story(i) for i in range(len(STORIES)))]
