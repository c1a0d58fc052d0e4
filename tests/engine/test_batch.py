"""The batch stage every engine runs: records out, and the vocab left as it was."""

from __future__ import annotations

from newstrace.core import extract_articles
from newstrace.engine import process_batch
from newstrace.records import InputArticle


def articles_with_new_words(tag: str, count: int) -> list[InputArticle]:
    """Articles whose names no vocab has seen (each test its own, so order never matters)."""
    return [
        InputArticle(
            source=f"{tag}-{n}.txt",
            text=f"Zorbulon{tag}{n} Quixatel said the Vremtarsk{tag}{n} council met in Aleppo "
            f"on Monday. “We reject the Plimquist{tag}{n} plan,” Quixatel{tag}{n} told reporters.",
        )
        for n in range(count)
    ]


def test_batch_leaves_no_new_strings_in_the_vocab(nlp):
    process_batch(nlp, articles_with_new_words("warm", 1), batch_size=4)  # lazy tables
    before = len(nlp.vocab.strings)
    process_batch(nlp, articles_with_new_words("zone", 5), batch_size=4)
    assert len(nlp.vocab.strings) == before


def test_batch_in_its_memory_zone_gives_the_records_of_a_plain_run(nlp):
    articles = articles_with_new_words("same", 4)
    zoned = [r.to_dict() for r in process_batch(nlp, articles, batch_size=4)]
    plain = [r.to_dict() for r in extract_articles(articles, nlp, batch_size=4)]
    assert zoned == plain
    assert any(q["speaker"]["name"] for r in zoned for q in r["quotes"] if q["speaker"])
