"""Hand-built stories for the store, API and UI tests (issue #8): no NLP, exact offsets.

Two articles of one story contest a claim (Russia says US jets bombed Aleppo; a US
spokesman denies it), a third article is a story of its own, without a title. Each
side's evidence is the span of a record of its article (the claimed event, the quote),
as `link/claims.py` finds them, so the article page has an anchor where it starts.
"""

from __future__ import annotations

from collections.abc import Iterable

from newstrace.records import Article, Event
from newstrace.store import open_store
from newstrace.store.base import ClaimSide, StoredClaim, StoryRows

from .articles import article, quote, span

CLAIM_TEXT = "Russia's defence ministry said US jets bombed Aleppo on Wednesday, killing 12."
DENIAL_TEXT = (
    "The Pentagon dismissed the Russian claim. "
    "“No coalition aircraft flew over Aleppo that day,” said Col. Steve Warren."
)
TALKS_TEXT = "Staffan de Mistura said peace talks in Geneva would resume on February 25."


def story_articles() -> list[Article]:
    """The claim, the denial (one story) and the talks (a story of its own)."""
    bombing = Event(
        plover="ASSAULT",
        mode="aerial",
        cameo="195",
        acled=None,
        trigger=span(CLAIM_TEXT, "bombed"),
        evidence=span(CLAIM_TEXT, "US jets bombed Aleppo"),
        claimed_by="Russia",
    )
    warren = quote(
        DENIAL_TEXT,
        "No coalition aircraft flew over Aleppo that day,",
        "Col. Steve Warren",
        "Steve Warren",
        cue="said",
    )
    return [
        article(
            CLAIM_TEXT,
            title="Russia says US jets bombed Aleppo",
            published="2016-02-11",
            events=(bombing,),
        ),
        article(
            DENIAL_TEXT,
            title="US calls Russian claim a fabrication",
            published="2016-02-13",
            quotes=(warren,),
        ),
        article(TALKS_TEXT, published="2016-02-20"),
    ]


def denial(claim: Article, counter: Article, *, speaker: str = "Steve Warren") -> StoredClaim:
    """The US denial of the Russian claim, each side's evidence a span of its article."""
    return StoredClaim(
        kind="denial",
        message=f"Russia says 'US jets bombed Aleppo'; {speaker} denies it",
        claim=ClaimSide(
            article_id=claim.id,
            speaker="Russia",
            country="RUS",
            evidence=span(claim.text, "US jets bombed Aleppo"),
        ),
        counter=ClaimSide(
            article_id=counter.id,
            speaker=speaker,
            country="USA",
            evidence=span(counter.text, "No coalition aircraft flew over Aleppo that day,"),
        ),
    )


def stories_of(articles: list[Article]) -> list[StoryRows]:
    """The two stories of `story_articles()`."""
    claim, counter, talks = articles
    return [
        StoryRows(
            id=f"story-{claim.id[:12]}",
            title=claim.title,
            first="2016-02-11",
            last="2016-02-13",
            articles=(claim.id, counter.id),
            claims=(denial(claim, counter),),
        ),
        StoryRows(
            id=f"story-{talks.id[:12]}",
            title=None,
            first="2016-02-20",
            last="2016-02-20",
            articles=(talks.id,),
        ),
    ]


def store_stories(
    location: str, extra: Iterable[StoryRows] = ()
) -> tuple[list[Article], list[StoryRows]]:
    """Add the hand-built stories' articles and their stories, then `extra` stories, to
    the store at `location`; return the articles and the hand-built stories."""
    articles = story_articles()
    stories = stories_of(articles)
    with open_store(location) as store:
        for one in articles:
            store.add_article(one)
        for story in [*stories, *extra]:
            store.put_story(story)
    return articles, stories
