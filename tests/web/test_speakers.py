"""Speaker counts and the same words given to different speakers."""

from __future__ import annotations

from newstrace.records import Quote, Span, Speaker
from newstrace.store.base import QuoteHit
from newstrace.web.speakers import normalise, same_words, speaker_table


def hit(article: str, words: str, name: str | None, kind: str = "direct") -> QuoteHit:
    speaker = Speaker(
        start=0, end=0, text="", name=name, resolution="explicit" if name else "unresolved"
    )
    content = Span(start=0, end=len(words), text=words)
    return QuoteHit(
        article_id=article,
        title=f"title {article}",
        published=None,
        quote=Quote(kind=kind, content=content, cue=None, speaker=speaker),
    )


def test_normalise_ignores_case_quote_marks_and_punctuation():
    assert normalise("“We’ll NOT leave,” ") == normalise('"we\'ll not leave"') == "we'll not leave"


def test_same_words_groups_only_words_given_to_different_speakers():
    hits = [
        hit("a", "We will not leave Aleppo,", "Steve Warren"),
        hit("b", "“we will not leave Aleppo”", "John Kerry"),
        hit("c", "We will not leave Aleppo.", None),
        hit("d", "Talks will resume in Geneva", "John Kerry"),
        hit("e", "Talks will resume in Geneva", "John Kerry"),
        hit("f", "No.", "Steve Warren"),
        hit("g", "No.", "John Kerry"),
    ]
    (group,) = same_words(hits)
    assert [name for name, _ in group.by_speaker] == ["John Kerry", "Steve Warren", None]


def test_speaker_table_counts_quotes_articles_and_keeps_unresolved_in_one_row():
    hits = [
        hit("a", "Airstrikes hit the hospital", "Rami"),
        hit("b", "Airstrikes continued overnight", "Rami", kind="indirect"),
        hit("b", "Something", None),
        hit("c", "Something else", None),
        hit("c", "Once", "Kerry"),
    ]
    rows = speaker_table(hits)
    assert [(r.name, r.quotes, r.articles, r.direct) for r in rows] == [
        ("Rami", 2, 2, 1),
        (None, 2, 2, 2),
        ("Kerry", 1, 1, 1),
    ]
    assert rows[0].terms[0] == "airstrikes"
