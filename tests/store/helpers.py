"""Helpers shared by the ingest tests: small input folders and store snapshots."""

from __future__ import annotations

from pathlib import Path

from newstrace.store import open_store

STORIES = [
    "“We will rebuild the hospital,” the mayor of Aleppo said on Monday.",
    "Russian jets struck a market in Idlib on Tuesday, killing 12 people, monitors said.",
    "John Kerry said talks in Geneva would resume next week.",
    "Aid convoys reached Madaya on Thursday after months of siege.",
    "The Syrian Observatory for Human Rights said 30 fighters died near Raqqa.",
    "Turkey shelled Kurdish positions north of Aleppo, officials said on Sunday.",
    "“The ceasefire is holding,” said Staffan de Mistura in Geneva.",
    "Residents of Homs said the water supply was cut for a third day.",
    "Sergei Lavrov said Russia would keep supporting the Syrian army.",
    "A car bomb exploded in Damascus on Friday, state media said.",
]

COUNTED = (
    "articles",
    "boilerplate",
    "mentions",
    "actors",
    "quotes",
    "events",
    "places",
    "dates",
    "findings",
)


def write_stories(folder: Path, stories: list[str] = STORIES) -> Path:
    """One .txt file per story in `folder`, named in input order."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, story in enumerate(stories):
        (folder / f"story{i:02d}.txt").write_text(story, encoding="utf-8")
    return folder


def snapshot(location: str) -> tuple[list[dict], dict[str, int]]:
    """Every stored article as contract JSON, in ingest order, and rows per table."""
    with open_store(location, create=False) as store:
        articles = [a.to_dict() for a in store.iter_articles()]
        counts = store.stats().counts
    return articles, {name: counts[name] for name in COUNTED}
