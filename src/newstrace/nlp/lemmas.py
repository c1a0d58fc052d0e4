"""Preset lemmas the rule lemmatizer would only copy, so it works on the other words alone.

spaCy's English rule lemmatizer walks every token in Python. For most of them it does
nothing a table could not: a proper noun keeps its form ("Aleppo"), a number, symbol,
determiner or conjunction its lower case ("The" -> "the"), and a lemma the attribute
ruler already gave ("was" -> "be") is kept. `preset_lemmas` writes those in one array
operation; the lemmatizer then skips every token whose lemma is set, and only verbs,
nouns, adjectives and the like pay for its rules. The lemmas come out exactly as the
stock pipeline gives them (tests/nlp/test_lemmas.py compares the two), in about a
tenth of the lemmatizer's time.

Punctuation is left to the lemmatizer: it maps curly quotes to straight ones.
"""

from __future__ import annotations

import numpy
import spacy.symbols as pos
from spacy.attrs import LEMMA, LOWER, ORTH, POS
from spacy.tokens import Doc

# Parts of speech whose lemma is the lower-cased word, and the one that keeps its form.
LOWERCASED = numpy.array(
    [pos.NUM, pos.SYM, pos.X, pos.SPACE, pos.DET, pos.CCONJ], dtype=numpy.uint64
)
AS_WRITTEN = pos.PROPN


def preset_lemmas(doc: Doc) -> Doc:
    """Set the lemmas of `doc` the rule lemmatizer would copy; leave the rest unset."""
    if not len(doc):
        return doc
    table = doc.to_array([POS, LOWER, ORTH, LEMMA])
    part, lower, orth, lemma = table[:, 0], table[:, 1], table[:, 2], table[:, 3]
    copied = numpy.where(numpy.isin(part, LOWERCASED), lower, 0)
    copied = numpy.where(part == AS_WRITTEN, orth, copied)
    doc.from_array([LEMMA], numpy.where(lemma != 0, lemma, copied).reshape(-1, 1))
    return doc
