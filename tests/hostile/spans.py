"""Walk every record of an article and check every offset-bearing one against the text."""

from __future__ import annotations

import json
from dataclasses import fields

from newstrace.records import Article, Record


def offset_records(record: Record) -> list[Record]:
    """Every record under `record` that carries `start`/`end`/`text`, at any depth.

    Walks the dataclass fields themselves rather than `Article.iter_spans()`, so a
    record type or a nested span added later is checked without anyone listing it.
    """
    found: list[Record] = []
    stack: list[object] = [record]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple | list):
            stack.extend(item)
        elif isinstance(item, Record):
            names = {f.name for f in fields(item)}  # type: ignore[arg-type]
            if {"start", "end", "text"} <= names and not isinstance(item, Article):
                found.append(item)
            stack.extend(getattr(item, name) for name in names)
    return found


def span_problems(article: Article) -> list[str]:
    """What is wrong with the article's offsets and serialisation; empty when all hold."""
    text = article.text
    problems = []
    for span in offset_records(article):
        start, end = span.start, span.end  # type: ignore[attr-defined]
        if not (0 <= start <= end <= len(text)) or text[start:end] != span.text:  # type: ignore[attr-defined]
            problems.append(f"{type(span).__name__} {start}:{end} {span.text!r}")  # type: ignore[attr-defined]
    try:
        json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError) as error:
        problems.append(f"the article does not serialise as UTF-8 JSON ({error})")
    return problems
