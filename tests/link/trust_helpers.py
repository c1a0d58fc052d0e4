"""Article records for the trust tests, built from text alone (no NLP needed)."""

from __future__ import annotations

import json
from pathlib import Path

from newstrace.core import article_id
from newstrace.ingest.boilerplate import find_boilerplate
from newstrace.records import Article

TRUST_DATA = Path(__file__).resolve().parents[1] / "data" / "trust"
SOURCES = TRUST_DATA / "aleppo-2016-02-sources.jsonl"


def text_article(text: str, **meta) -> Article:
    """An Article of `text` with its boilerplate found, as ingest would store it."""
    meta.setdefault("source", "<test>")
    return Article(
        id=article_id(text), text=text, boilerplate=tuple(find_boilerplate(text)), **meta
    )


def sample_sources() -> list[Article]:
    """The five stories the sample was stitched from (tests/data/trust fixture)."""
    rows = [json.loads(line) for line in SOURCES.read_text(encoding="utf-8").splitlines()]
    return [
        text_article(
            row["text"], source=row["source"], title=row["title"], published=row["published"]
        )
        for row in rows
    ]


def store_checked(location: str, articles: list[Article]) -> None:
    """Store `articles` at `location` in order, each checked by the trust pass."""
    from newstrace.link.stored import StoreTrust
    from newstrace.store import open_store

    with open_store(location) as store:
        keeper = StoreTrust(store)
        for article in articles:
            keeper.add(article)
        keeper.save()
