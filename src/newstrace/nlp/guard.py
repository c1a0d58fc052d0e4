"""Keep one article's component failure from ending a whole run.

spaCy drops a doc whose component raised inside `nlp.pipe` (after calling an error
handler), which would silently lose the article. Our components instead note the
failure on the doc and hand it on; the extract job turns the note into an error record
that names the component and the input.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from spacy.tokens import Doc

COMPONENT_ERRORS = "newstrace_component_errors"


def guarded(name: str) -> Callable[[Callable[..., Doc]], Callable[..., Doc]]:
    """Decorate a component method taking a doc first: an exception is noted on the doc."""

    def wrap(call: Callable[..., Doc]) -> Callable[..., Doc]:
        @functools.wraps(call)
        def run(self: object, doc: Doc, *args: object, **kwargs: object) -> Doc:
            try:
                return call(self, doc, *args, **kwargs)
            except Exception as error:  # noqa: BLE001 - reported on the doc, see module doc
                failures = doc.user_data.setdefault(COMPONENT_ERRORS, [])
                failures.append(f"{name} failed ({type(error).__name__}: {error})")
                return doc

        return run

    return wrap


def component_errors(doc: Doc) -> list[str]:
    """The failures noted on `doc` by guarded components."""
    return list(doc.user_data.get(COMPONENT_ERRORS, ()))
