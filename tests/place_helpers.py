"""Hand-made GeoNames candidates and docs with hand-set entities, for the place and
gazetteer tests (no pipeline, no index build)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from newstrace.nlp.gazetteer import Candidate

_VOCAB = spacy.blank("en").vocab


def doc_with_ents(text: str | list[str], ents: list[tuple], **kwargs) -> Doc:
    """A doc of `text`'s words (split on spaces, or given) with entities
    `(start token, end token, label[, span id])`; `kwargs` go to `Doc` (`spaces=`)."""
    words = text.split() if isinstance(text, str) else text
    doc = Doc(_VOCAB, words=words, **kwargs)
    doc.ents = [Span(doc, e[0], e[1], label=e[2], span_id=e[3] if len(e) > 3 else 0) for e in ents]
    return doc


def place(name: str, kind: str, country: str, admin1: str | None, population: int) -> Candidate:
    """A candidate at (1, 1) whose id is stable within a run and differs per place."""
    geonameid = abs(hash((name, kind, country, admin1))) % 10**7
    return Candidate(geonameid, name, kind, country, admin1, 1.0, 1.0, population)


def country(name: str, iso3: str, population: int) -> Candidate:
    """A country candidate at (0, 0), GeoNames id 1."""
    return Candidate(1, name, "country", iso3, None, 0.0, 0.0, population)
