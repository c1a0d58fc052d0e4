"""Keep one article's component failure from ending a whole run.

spaCy drops a doc whose component raised inside `nlp.pipe` (after calling an error
handler), which would silently lose the article. Our components instead note the
failure on the doc and hand it on; the extract job turns the note into an error record
that names the component and the input.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from spacy.tokens import Doc

COMPONENT_ERRORS = "newstrace_component_errors"

Component = TypeVar("Component")


def guarded(
    name: str,
) -> Callable[[Callable[[Component, Doc], Doc]], Callable[[Component, Doc], Doc]]:
    """Decorate a component's `__call__` so an exception is recorded on the doc, not raised."""

    def wrap(call: Callable[[Component, Doc], Doc]) -> Callable[[Component, Doc], Doc]:
        @functools.wraps(call)
        def run(self: Component, doc: Doc) -> Doc:
            try:
                return call(self, doc)
            except Exception as error:  # noqa: BLE001 - reported on the doc, see module doc
                failures = doc.user_data.setdefault(COMPONENT_ERRORS, [])
                failures.append(f"{name} failed ({type(error).__name__}: {error})")
                return doc

        return run

    return wrap


def component_errors(doc: Doc) -> list[str]:
    """The failures noted on `doc` by guarded components."""
    return list(doc.user_data.get(COMPONENT_ERRORS, ()))
