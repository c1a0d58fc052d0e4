"""Read the Article records an export writes from: the JSONL of `newstrace extract`.

Readers are kept apart from the writers so any source of `Article` records (this file
reader, or a store) can feed every writer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import ExportError
from ..records import Article


def read_articles(path: Path, on_skip: Callable[[str], None] | None = None) -> Iterator[Article]:
    """Yield the articles of an extract JSONL file, in file order.

    Lines that record an input error (`{"source", "error"}`, written by `newstrace
    extract` for inputs it could not read) hold no article: they are skipped and passed
    to `on_skip` as a message.

    Args:
        path: A file written by `newstrace extract --output`.
        on_skip: Called with a message for each line that holds no article.

    Raises:
        ExportError: the file is missing, or a line is not an article record.
    """
    if not path.is_file():
        raise ExportError(
            f"{path} does not exist or is not a file; write one with "
            f"`newstrace extract INPUT --output {path}`"
        )
    return _articles(path, on_skip)


def _articles(path: Path, on_skip: Callable[[str], None] | None) -> Iterator[Article]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                if "error" in data and "text" not in data:
                    if on_skip:
                        on_skip(f"{path}:{number}: input error record: {data['error']}")
                    continue
                yield Article.from_dict(data)
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
                raise ExportError(
                    f"{path}:{number} is not an article record of `newstrace extract` "
                    f"({type(error).__name__}: {error}); export reads the JSONL that "
                    "`newstrace extract --output FILE` writes"
                ) from error
