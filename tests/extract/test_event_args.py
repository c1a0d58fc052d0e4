"""Argument context lookups: the quote holding a character, as a scan of the quotes finds it."""

from __future__ import annotations

import random

from newstrace.extract.event_args import _QuoteAt
from newstrace.records import Quote, Span, Speaker


def _quote(start: int, end: int, n: int) -> Quote:
    speaker = Speaker(start=0, end=1, text="x", name=f"s{n}", resolution="explicit")
    content = Span(start=start, end=end, text="c" * (end - start))
    return Quote(kind="direct", content=content, cue=None, speaker=speaker)


def test_the_first_quote_holding_a_character_is_the_one_a_scan_finds():
    rng = random.Random(5)
    for _ in range(300):
        quotes = []
        for n in range(rng.randint(0, 8)):
            start = rng.randint(0, 50)
            quotes.append(_quote(start, start + rng.randint(0, 15), n))
        found = _QuoteAt(quotes)
        for char in range(-1, 70):
            expected = next((q for q in quotes if q.content.start <= char < q.content.end), None)
            assert found.first(char) is expected


def test_a_quotation_mark_heading_a_date_still_names_a_phrase():
    # the 1 MB line of quotation marks made such a parse, and an IndexError of the article
    import spacy
    from spacy.tokens import Doc

    from newstrace.extract.event_args import _phrase

    doc = Doc(
        spacy.blank("en").vocab,
        words=["“", "Monday"],
        heads=[0, 0],
        deps=["ROOT", "npadvmod"],
        ents=["O", "B-DATE"],
    )
    assert [t.text for t in _phrase(doc[0])] == ["“"]
