"""The benchmark corpus: real news texts from FA-KES, PolNeAR and LGL in ../shared/datasets.

Articles are taken in turn from the three sets (one FA-KES, one PolNeAR, one LGL, ...)
so any prefix of the list has the same mix of lengths and styles.
"""

from __future__ import annotations

import csv
import itertools
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from newstrace.records import InputArticle

DATASETS = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets"
DEMO = Path(__file__).resolve().parents[1] / "demo"


def _fakes() -> Iterator[InputArticle]:
    csv.field_size_limit(sys.maxsize)
    with (DATASETS / "corpora" / "fa-kes.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["article_content"].strip():
                yield InputArticle(source=f"fa-kes:{row['unit_id']}", text=row["article_content"])


def _polnear() -> Iterator[InputArticle]:
    for split in ("train", "dev"):
        for path in sorted((DATASETS / "polnear" / split / "text").glob("*.txt")):
            yield InputArticle(source=f"polnear:{path.name}", text=path.read_text("utf-8"))


def _lgl() -> Iterator[InputArticle]:
    for article in ET.parse(DATASETS / "geo" / "lgl.xml").getroot().iter("article"):
        text = article.findtext("text") or ""
        if text.strip():
            yield InputArticle(source=f"lgl:{article.get('docid')}", text=text)


def real_articles(limit: int) -> list[InputArticle]:
    """Up to `limit` articles, FA-KES, PolNeAR and LGL in turn."""
    if not DATASETS.is_dir():
        raise SystemExit(f"{DATASETS} is absent: the benchmarks need ../shared beside the repo")
    mixed = itertools.chain.from_iterable(itertools.zip_longest(_fakes(), _polnear(), _lgl()))
    return list(itertools.islice((a for a in mixed if a is not None), limit))


def demo_articles(count: int) -> list[InputArticle]:
    """`count` articles of the bundled demo corpus, repeated in turn when it has fewer."""
    from newstrace.ingest import read_inputs

    articles = [item for item in read_inputs([str(DEMO)]) if isinstance(item, InputArticle)]
    return list(itertools.islice(itertools.cycle(articles), count))


def varied_stream(articles: list[InputArticle], count: int) -> Iterator[InputArticle]:
    """`count` articles repeating `articles`, each text made unique (so ids differ)."""
    for number, article in zip(range(count), itertools.cycle(articles), strict=False):
        yield InputArticle(
            source=f"{article.source}#{number}", text=f"Copy {number}.\n{article.text}"
        )
