"""Docs with hand-set entities, for the place and gazetteer tests (no pipeline)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

_VOCAB = spacy.blank("en").vocab


def doc_with_ents(text: str | list[str], ents: list[tuple], **kwargs) -> Doc:
    """A doc of `text`'s words (split on spaces, or given) with entities
    `(start token, end token, label[, span id])`; `kwargs` go to `Doc` (`spaces=`)."""
    words = text.split() if isinstance(text, str) else text
    doc = Doc(_VOCAB, words=words, **kwargs)
    doc.ents = [Span(doc, e[0], e[1], label=e[2], span_id=e[3] if len(e) > 3 else 0) for e in ents]
    return doc
