"""Readers for every input kind (placeholder: plain text only, replaced by the ingest work)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..records import InputArticle, InputError


def read_inputs(
    paths: Iterable[str], *, published: str | None = None
) -> Iterator[InputArticle | InputError]:
    """Yield one `InputArticle` per article found under `paths`, or an `InputError`."""
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            yield InputError(source=path, error=str(error))
            continue
        yield InputArticle(
            source=path,
            text=text,
            published=published,
            published_source="given" if published else "none",
        )
