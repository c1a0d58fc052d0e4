"""Pipelines for worker processes under test: module-level so `spawn` can unpickle them."""

from __future__ import annotations

import os
from pathlib import Path

from newstrace.nlp.pipeline import load_pipeline

# An article whose text holds this kills the worker process that parses it.
POISON = "POISON-PILL-ARTICLE"


class _KillingPipeline:
    """The real pipeline, except that a poisoned text kills its process (like a segfault).

    With a `flag` path, only the first worker to meet the poison dies (it leaves the
    flag behind); without one, every worker that meets it dies.
    """

    def __init__(self, flag: str | None) -> None:
        self._nlp = load_pipeline()
        self._flag = flag

    def __getattr__(self, name: str):
        return getattr(self._nlp, name)

    def pipe(self, stream, **kwargs):
        def watched():
            for text, context in stream:
                if POISON in text and not (self._flag and Path(self._flag).exists()):
                    if self._flag:
                        Path(self._flag).touch()
                    os._exit(9)
                yield text, context

        return self._nlp.pipe(watched(), **kwargs)


def load_killing_pipeline(flag: str | None = None) -> _KillingPipeline:
    return _KillingPipeline(flag)
