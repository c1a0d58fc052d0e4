"""A seeded corpus of varied small articles for comparing query answers: no NLP.

Every article has a quote, mentions, events and places drawn from small pools, so each
filter value matches some articles and misses others: speakers with and without an
actor, actors by country code and by name only, places by name, by the text as written
("Halab") and by GeoNames id, events dated to the day, to the month or not at all,
articles with and without a publication date.
"""

from __future__ import annotations

import random

from newstrace.records import Actor, Article, DateRef, Event

from .articles import article, mention, place, quote, span

# (name as written, actor or None)
SPEAKERS = [
    ("John Kerry", Actor(name="John Kerry", country="USA", sector="GOV")),
    ("Sergei Lavrov", Actor(name="Sergei Lavrov", country="RUS", sector="GOV")),
    ("Ahmed Ali", None),
    ("Steve Warren", Actor(name="Steve Warren", country="USA", sector="MIL")),
]
# (as written, actor or None)
ACTORS = [
    ("Russian jets", Actor(name="Russia", country="RUS", sector="MIL")),
    ("Syrian troops", Actor(name="Syria", country="SYR", sector="MIL")),
    ("ISIS fighters", Actor(name="ISIS", country=None, sector="REB")),
    ("Unknown gunmen", None),
]
# (as written, name, GeoNames id)
PLACES = [
    ("Aleppo", "Aleppo", 170063),
    ("Halab", "Aleppo", 170063),
    ("Idlib", "Idlib", 169389),
    ("Geneva", "Geneva", 2660646),
    ("Madaya", "Madaya", None),
]
PLOVERS = [("ASSAULT", "struck"), ("PROTEST", "marched on"), ("AID", "brought food to")]
WORDS = ["hospital", "market", "school", "ceasefire", "convoy"]
DAYS = ["2016-01-20", "2016-03-01", "2016-03-15", "2016-06-30", "2016-09-02", None]


def mixed_article(number: int, rng: random.Random) -> Article:
    """Article `number` of the corpus, its choices drawn from `rng`."""
    said, speaker_actor = rng.choice(SPEAKERS)
    doer, doer_actor = rng.choice(ACTORS)
    target, target_actor = rng.choice(ACTORS)
    where, where_name, where_id = rng.choice(PLACES)
    other, other_name, other_id = rng.choice(PLACES)
    plover, verb = rng.choice(PLOVERS)
    first, second = rng.sample(WORDS, 2)
    published = rng.choice(DAYS)
    text = (
        f"Story {number} on the {first} and the {second}.\n"
        f"{doer} {verb} {where} on Monday, near {target}.\n"
        f"“The {first} must be protected,” said {said}.\n"
        f"In {other}, people spoke of the {second} {rng.randint(1, 9)} times.\n"
    )
    precision = rng.choice(["day", "day", "month", None])
    value = {"day": rng.choice(DAYS[:-1]), "month": "2016-05", None: None}[precision]
    monday = DateRef(
        **span(text, "Monday").to_dict(), value=value, precision=precision, anchor="given"
    )
    at = place(text, where, where_name, where_id, country="SYR")
    doer_use = _used(text, doer, doer_actor)
    target_use = _used(text, target, target_actor, nth=1 if target == doer else 0)
    speaker_use = _used(text, said, speaker_actor)
    mentions = [mention(text, doer, "NORP", doer_use)]
    if speaker_use is not None:
        mentions.append(mention(text, said, "PERSON", speaker_use))
    return article(
        text,
        source=f"mixed:{number}",
        title=f"Story {number}: {first}" if number % 3 else None,
        published=published,
        published_source="given" if published else "none",
        mentions=tuple(mentions),
        quotes=(quote(text, f"The {first} must be protected,", said, said, actor=speaker_use),),
        events=(
            Event(
                plover=plover,
                mode=None,
                cameo=None,
                acled=None,
                trigger=span(text, verb),
                evidence=span(text, f"{doer} {verb} {where}"),
                source=doer_use,
                target=target_use if number % 2 else None,
                place=at if number % 5 else None,
                date=monday if precision else None,
                claimed_by=said if number % 4 else None,
            ),
        ),
        places=(at, place(text, other, other_name, other_id)),
        dates=(monday,),
    )


def _used(text: str, phrase: str, who: Actor | None, nth: int = 0) -> Actor | None:
    """`who` as named at the `nth` `phrase` of `text` (None stays None)."""
    if who is None:
        return None
    where = span(text, phrase, nth)
    return Actor(name=who.name, country=who.country, sector=who.sector, span=where)


def mixed_corpus(count: int = 48, seed: int = 6) -> list[Article]:
    """`count` articles, the same ones for the same seed."""
    rng = random.Random(seed)
    return [mixed_article(number, rng) for number in range(count)]
