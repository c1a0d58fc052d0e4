"""Stories as the store keeps them (link/stored_stories.py): headline, days, claims."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from newstrace.errors import NewstraceError
from newstrace.link.claims import ContestedClaim, Statement
from newstrace.link.stored_stories import StoryWriter, story_rows
from newstrace.link.stories import FoundStory, Story, headline
from newstrace.records import Span

from .trust_helpers import text_article

pytestmark = pytest.mark.issue(8)


def _story(*articles, titles=None) -> Story:
    return Story(
        id="story-x",
        articles=[a.id for a in articles],
        titles=list(titles if titles is not None else [a.title for a in articles]),
        first=date(2016, 2, 11),
        last=date(2016, 2, 13),
        entities=Counter(),
    )


def _statement(article, phrase: str, speaker: str) -> Statement:
    start = article.text.index(phrase)
    return Statement(
        article_id=article.id,
        speaker=speaker,
        country=None,
        evidence=Span.of(article.text, start, start + len(phrase)),
        denial=False,
        kinds=frozenset(),
        culprits=frozenset(),
        about=frozenset(),
        names=frozenset(),
    )


def test_the_headline_is_the_first_title_else_the_start_of_the_first_lead():
    titled = text_article("Jets bombed the town.\n", title=None)
    second = text_article("More jets came.\n", title="  Town   bombed again ")
    assert headline(_story(titled, second), [titled, second]) == "Town bombed again"
    untitled = text_article("Share\n\nRussia blames US for Aleppo\nThe first talks in two years.\n")
    assert headline(_story(untitled), [untitled]) == "Russia blames US for Aleppo"  # not Share
    words = " ".join(f"word{n}" for n in range(30))
    long = text_article(f"{words}\n")
    assert headline(_story(long), [long]) == " ".join(f"word{n}" for n in range(14)) + " …"
    assert headline(_story(untitled), []) is None


def test_story_rows_keep_the_order_days_and_both_sides_of_each_claim():
    claim = text_article("Russia said US jets bombed Aleppo.\n", title="Claim")
    counter = text_article("Warren called it a fabrication.\n", title="Denial")
    contest = ContestedClaim(
        story_id="story-x",
        kind="denial",
        claim=_statement(claim, "US jets bombed Aleppo", "Russia"),
        counter=_statement(counter, "a fabrication", "Steve Warren"),
    )
    rows = story_rows(FoundStory(_story(claim, counter), (claim, counter), (contest,)))
    assert rows.articles == (claim.id, counter.id) and rows.title == "Claim"
    assert (rows.first, rows.last) == ("2016-02-11", "2016-02-13")
    (stored,) = rows.claims
    assert stored.message == contest.message and stored.kind == "denial"
    assert stored.claim.evidence == contest.claim.evidence
    assert stored.counter.article_id == counter.id
    changed = story_rows(FoundStory(_story(claim, counter), (claim, counter), ()))
    assert changed.digest != rows.digest  # claims gone: the rows are written again


def test_a_story_grouped_without_claims_is_not_stored_over_its_claims():
    one = text_article("Jets bombed the town.\n")
    writer = StoryWriter(store=None)
    with pytest.raises(NewstraceError, match="drop --no-claims"):
        writer.put(FoundStory(_story(one)))
